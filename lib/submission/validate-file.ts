/**
 * Validates the bytes of one submission file (.npy or .csv) against a challenge's rules: the one
 * entry point both the grader and `writeSubmission` call. Nothing here touches the file system.
 */
import { HepmlError } from '../errors';
import { parseNpyHeader, fromNpy, type NpyData } from '../data/npy';
import { parseScoreCsv } from './csv';
import { EXCERPT_CHARS, quote } from '../errors';
import { SUBMISSION_PROBLEMS, type SubmissionProblem } from './problems';
import { SUBMISSION_RULE_DEFAULTS, submissionColumns, type SubmissionRules } from './rules';
import { checkSubmissionHeader, checkSubmissionValues, type SubmissionValidation } from './validate';

/** Room for an NPY header on top of the data limit (headers are at most 64 KiB in practice). */
export const SUBMISSION_HEADER_SLACK = 65536 + 16;

export interface SubmissionFileOptions {
  /** Required number of rows N. */
  rows?: number;
  /** Row ids in grading order (needed for .csv files; default 0..N-1). */
  ids?: ArrayLike<number>;
  /** Name used in messages. Default `'submission'`. */
  name?: string;
}

/** The largest file (bytes) the rules accept: the data limit plus room for a header. */
export function maxSubmissionFileBytes(rules: SubmissionRules): number {
  return (rules.maxBytes ?? SUBMISSION_RULE_DEFAULTS.maxBytes) + SUBMISSION_HEADER_SLACK;
}

/**
 * Validates a submission held in memory.
 * @param bytes the file's content
 * @param ext `.npy` or `.csv`
 * @param rules the challenge's submission rules
 * @param options rows (N), ids (for CSV), name
 * @returns problems (empty when valid) and, when valid, the scores as float64 row-major
 * @example
 * const r = validateSubmissionBytes(readFileSync('team1__dnn.npy'), '.npy', rules, { rows: 40000 });
 * if (!r.ok) console.log(formatSubmissionProblems(r.problems));
 */
export function validateSubmissionBytes(bytes: Uint8Array, ext: '.npy' | '.csv', rules: SubmissionRules, options: SubmissionFileOptions = {}): SubmissionValidation {
  const cols = submissionColumns(rules);
  const fail = (problems: SubmissionProblem[], rows = 0): SubmissionValidation => ({ ok: false, problems, rows, cols });
  if (bytes.length > maxSubmissionFileBytes(rules)) return fail([SUBMISSION_PROBLEMS.size(bytes.length, maxSubmissionFileBytes(rules))]);
  let values: Float64Array;
  let rows: number;
  if (ext === '.csv') {
    const ids = options.ids ?? Int32Array.from({ length: options.rows ?? 0 }, (_, i) => i);
    const parsed = parseScoreCsv(new TextDecoder().decode(bytes), ids, rules);
    if (!parsed.values) return fail(parsed.problems);
    values = parsed.values;
    rows = ids.length;
  } else {
    const name = options.name ?? 'submission';
    let header;
    try {
      header = parseNpyHeader(bytes.subarray(0, Math.min(bytes.length, SUBMISSION_HEADER_SLACK)), name);
    } catch (e) {
      if (!(e instanceof HepmlError)) throw e;
      const msg = shortQuotes(e.message.replace(`${name}: `, ''));
      return fail([/numeric dtype/.test(msg) ? SUBMISSION_PROBLEMS.notNumeric(msg) : SUBMISSION_PROBLEMS.header(msg)]);
    }
    const headerProblems = checkSubmissionHeader(header, rules, { rows: options.rows, byteLength: bytes.length });
    if (headerProblems.length > 0) return fail(headerProblems, header.shape[0]);
    const arr = fromNpy(bytes, { maxBytes: rules.maxBytes ?? SUBMISSION_RULE_DEFAULTS.maxBytes, name });
    values = toFloat64(arr.data);
    rows = header.shape[0];
  }
  const problems = checkSubmissionValues(values, rows, cols, rules);
  if (problems.length > 0) return fail(problems, rows);
  return { ok: true, problems, scores: values, rows, cols };
}

/** The message with every quoted value longer than an excerpt cut to one (header text is submitted content). */
function shortQuotes(message: string): string {
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => {
    if (inner.length <= EXCERPT_CHARS || (inner.endsWith('…') && inner.length <= EXCERPT_CHARS + 1)) return whole; // short, or already an excerpt
    try {
      return quote(JSON.parse(whole) as string, EXCERPT_CHARS);
    } catch {
      return quote(inner, EXCERPT_CHARS);
    }
  });
}

/** Any NPY numeric array as float64 (int64 through Number). */
function toFloat64(data: NpyData): Float64Array {
  if (data instanceof Float64Array) return data;
  const out = new Float64Array(data.length);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  } else {
    out.set(data);
  }
  return out;
}
