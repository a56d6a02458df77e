/**
 * The submission validator shared by the grader and the students' local check. Pure: it sees a
 * parsed header and then the values, never a file system. Checks run in the order a reader needs:
 * header (dtype, shape, rows, declared size) before any allocation, then values.
 */
import { submissionDType, itemSize } from './dtype';
import { SUBMISSION_PROBLEMS, type SubmissionProblem } from './problems';
import { PROBABILITY_SUM_TOLERANCE, SUBMISSION_RULE_DEFAULTS, submissionColumns, type SubmissionRules } from './rules';

/** What a parsed NPY header tells (as `parseNpyHeader` from lib/data returns it). */
export interface SubmissionHeader {
  dtype: string;
  shape: readonly number[];
  fortranOrder?: boolean;
  /** Bytes before the data (magic + version + header); with `byteLength` it bounds the data size. */
  headerLength?: number;
}

export interface SubmissionHeaderOptions {
  /** Required number of rows N (the hidden labels'); omit to accept any N. */
  rows?: number;
  /** Size of the whole file in bytes; enables the truncation check. */
  byteLength?: number;
}

/** The shape text a rule expects, for messages. */
export function submissionShapeText(rules: SubmissionRules, rows?: number): string {
  const n = rows ?? 'N';
  return rules.kind === 'multiclass' ? `[${n}, ${rules.classes}]` : `[${n}] or [${n}, 1]`;
}

/**
 * Checks a header against the rules before the data is read: a numeric, accepted dtype; shape [N],
 * [N,1] or [N,C]; N equal to `rows`; the declared data size within `maxBytes` and within the file.
 * @returns the problems found (empty when the data may be read).
 */
export function checkSubmissionHeader(header: SubmissionHeader, rules: SubmissionRules, options: SubmissionHeaderOptions = {}): SubmissionProblem[] {
  const dtype = submissionDType(header.dtype);
  if (dtype === null) return [SUBMISSION_PROBLEMS.objectDType(header.dtype)];
  const allowed = rules.dtypes ?? SUBMISSION_RULE_DEFAULTS.dtypes;
  if (!allowed.includes(dtype)) return [SUBMISSION_PROBLEMS.dtype(header.dtype, allowed)];
  const shape = header.shape;
  const cols = submissionColumns(rules);
  const shapeOk = shape.every((d) => Number.isSafeInteger(d) && d >= 0) &&
    (rules.kind === 'binary' ? shape.length === 1 || (shape.length === 2 && shape[1] === 1) : shape.length === 2 && shape[1] === cols);
  if (!shapeOk) return [SUBMISSION_PROBLEMS.shape(shape, submissionShapeText(rules, options.rows))];
  const problems: SubmissionProblem[] = [];
  if (options.rows !== undefined && shape[0] !== options.rows) problems.push(SUBMISSION_PROBLEMS.rows(shape[0], options.rows));
  const maxBytes = rules.maxBytes ?? SUBMISSION_RULE_DEFAULTS.maxBytes;
  const bytes = shape.reduce((a, b) => a * b, 1) * itemSize(dtype);
  if (bytes > maxBytes) problems.push(SUBMISSION_PROBLEMS.tooLarge(shape, bytes, maxBytes));
  else if (options.byteLength !== undefined && header.headerLength !== undefined && options.byteLength - header.headerLength < bytes) {
    problems.push(SUBMISSION_PROBLEMS.truncated(bytes, options.byteLength - header.headerLength));
  }
  return problems;
}

/**
 * Checks values (row-major, `rows`×`cols`): finite everywhere; in [0, 1] and, for multiclass, rows
 * summing to 1 where the rules ask for probabilities.
 */
export function checkSubmissionValues(values: ArrayLike<number>, rows: number, cols: number, rules: SubmissionRules): SubmissionProblem[] {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      if (bad++ === 0) first = Math.floor(i / cols);
    }
  }
  if (bad > 0) return [SUBMISSION_PROBLEMS.nonfinite(bad, first)];
  if (!rules.probabilities) return [];
  let out = 0;
  let firstOut = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v > 1) {
      if (out++ === 0) firstOut = i;
    }
  }
  if (out > 0) return [SUBMISSION_PROBLEMS.range(out, Math.floor(firstOut / cols), values[firstOut])];
  if (rules.kind !== 'multiclass') return [];
  let badRows = 0;
  let firstRow = -1;
  let firstSum = 0;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += values[r * cols + c];
    if (!(Math.abs(s - 1) <= PROBABILITY_SUM_TOLERANCE)) {
      if (badRows++ === 0) {
        firstRow = r;
        firstSum = s;
      }
    }
  }
  return badRows > 0 ? [SUBMISSION_PROBLEMS.rowsum(badRows, firstRow, firstSum)] : [];
}

/**
 * The outcome of validating one submission: either valid, with its scores, or refused, with its
 * problems (check `ok` and TypeScript knows which).
 * @example
 * const v = validateScores(yScore, [yScore.length], challenge.submission, rows);
 * if (!v.ok) console.log(formatSubmissionProblems(v.problems));
 * else score(v.scores); // scores exist only on a valid submission
 */
export type SubmissionValidation = ValidSubmission | RefusedSubmission;

/** A valid submission: its scores as float64, row-major `rows`×`cols`. */
export interface ValidSubmission {
  ok: true;
  /** Always empty. */
  problems: SubmissionProblem[];
  scores: Float64Array;
  rows: number;
  cols: number;
}

/** A refused submission: at least one problem, no scores. */
export interface RefusedSubmission {
  ok: false;
  problems: SubmissionProblem[];
  rows: number;
  cols: number;
}

/**
 * Validates in-memory scores (what `writeSubmission` is about to save): shape, rows and values.
 * @param values row-major scores
 * @param shape their shape ([N], [N,1] or [N,C])
 * @param rules the challenge's submission rules
 * @param rows required N (default: not checked)
 */
export function validateScores(values: ArrayLike<number>, shape: readonly number[], rules: SubmissionRules, rows?: number): SubmissionValidation {
  const cols = submissionColumns(rules);
  const n = shape[0] ?? 0;
  const header = { dtype: 'float64', shape };
  const problems = checkSubmissionHeader(header, { ...rules, dtypes: ['float64'], maxBytes: Number.MAX_SAFE_INTEGER }, { rows });
  if (problems.length === 0 && values.length !== shape.reduce((a, b) => a * b, 1)) {
    problems.push(SUBMISSION_PROBLEMS.shape(shape, `${values.length} values`));
  }
  if (problems.length === 0) problems.push(...checkSubmissionValues(values, n, cols, rules));
  if (problems.length > 0) return { ok: false, problems, rows: n, cols };
  return { ok: true, problems, scores: Float64Array.from(values), rows: n, cols };
}
