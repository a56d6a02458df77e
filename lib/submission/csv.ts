/**
 * CSV submissions: a header `id,score` (binary) or `id,<one column per class>` (multiclass), then one
 * line per test row in any order. Rows are put back into the order of the challenge's ids.
 */
import { EXCERPT_CHARS, quote } from '../errors';
import { SUBMISSION_PROBLEMS, type SubmissionProblem } from './problems';
import { submissionColumns, type SubmissionRules } from './rules';

export interface CsvSubmission {
  problems: SubmissionProblem[];
  /** Row-major scores in the order of `ids` (only when there are no problems). */
  values?: Float64Array;
}

/**
 * Parses a CSV submission against the challenge's row ids.
 * @param text the file's text
 * @param ids the row ids of the test set (ids.npy), in grading order
 * @param rules the challenge's submission rules (for the number of columns)
 */
export function parseScoreCsv(text: string, ids: ArrayLike<number>, rules: SubmissionRules): CsvSubmission {
  const cols = submissionColumns(rules);
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const head = (lines[0] ?? '').split(',').map((s) => s.trim().toLowerCase());
  const wantHead = rules.kind === 'binary' ? 'id,score' : `id and ${cols} class columns`;
  if (head[0] !== 'id' || head.length !== cols + 1 || (rules.kind === 'binary' && head[1] !== 'score')) {
    return { problems: [SUBMISSION_PROBLEMS.csv(`line 1: expected the header ${wantHead}, found ${quote(lines[0] ?? '', EXCERPT_CHARS)}.`)] };
  }
  const rowOf = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) rowOf.set(ids[i], i);
  const values = new Float64Array(ids.length * cols);
  const seen = new Uint8Array(ids.length);
  for (let l = 1; l < lines.length; l++) {
    const fields = lines[l].split(',');
    const where = `line ${l + 1}`;
    if (fields.length !== cols + 1) return { problems: [SUBMISSION_PROBLEMS.csv(`${where}: expected ${cols + 1} comma-separated fields, found ${fields.length}.`)] };
    const idText = fields[0].trim();
    const id = Number(idText);
    const row = idText === '' ? undefined : rowOf.get(id);
    if (row === undefined) return { problems: [SUBMISSION_PROBLEMS.csv(`${where}: expected an id from ids.npy, found ${quote(idText, EXCERPT_CHARS)}.`)] };
    if (seen[row]) return { problems: [SUBMISSION_PROBLEMS.csv(`${where}: expected each id once, found id ${ids[row]} again.`)] };
    seen[row] = 1;
    for (let c = 0; c < cols; c++) {
      const t = fields[c + 1].trim();
      const v = t === '' ? NaN : Number(t);
      if (Number.isNaN(v) && !/^nan$/i.test(t)) return { problems: [SUBMISSION_PROBLEMS.csv(`${where}: expected a number in column ${c + 2}, found ${quote(t, EXCERPT_CHARS)}.`)] };
      values[row * cols + c] = v;
    }
  }
  const found = lines.length - 1;
  if (found !== ids.length) return { problems: [SUBMISSION_PROBLEMS.rows(found, ids.length)] };
  return { problems: [], values };
}

/** Writes scores (row-major, one or C columns) as CSV text with the given ids. */
export function formatScoreCsv(ids: ArrayLike<number>, values: ArrayLike<number>, cols: number, classNames?: readonly string[]): string {
  const names = cols === 1 ? ['score'] : classNames ?? Array.from({ length: cols }, (_, c) => `class_${c}`);
  const out: string[] = [`id,${names.join(',')}`];
  for (let i = 0; i < ids.length; i++) {
    const row: string[] = [String(ids[i])];
    for (let c = 0; c < cols; c++) row.push(String(values[i * cols + c]));
    out.push(row.join(','));
  }
  return out.join('\n') + '\n';
}
