/**
 * Every reason a submission can be refused, with its message builder in one place (the grader's
 * feedback files and the students' local check print the same sentences; tests compare against them).
 */

import { PROBABILITY_SUM_TOLERANCE } from './rules';

/** Machine-readable reason codes, one per rejection rule. */
export type SubmissionProblemCode =
  | 'name' // file name not <group>__<model>.npy|csv with safe characters
  | 'size' // file larger than the challenge's limit
  | 'header' // NPY magic/header unreadable
  | 'dtype' // not a numeric dtype (object/pickled, string, void) or not an accepted one
  | 'shape' // not [N], [N,1] or [N,C]
  | 'rows' // N differs from the number of test rows
  | 'truncated' // fewer data bytes than the header promises
  | 'nonfinite' // NaN or ±Infinity
  | 'range' // outside [0, 1] where probabilities are required
  | 'rowsum' // multiclass probabilities not summing to 1
  | 'csv' // CSV structure: header, ids, duplicate/missing rows
  | 'late' // recorded submission time after the challenge deadline
  | 'unrecorded' // not in the collection manifest, or changed after it was recorded
  | 'duplicate' // another file names the same group and model (compared without case)
  | 'read'; // the file could not be read

export interface SubmissionProblem {
  code: SubmissionProblemCode;
  message: string;
}

const p = (code: SubmissionProblemCode, message: string): SubmissionProblem => ({ code, message });

/** Message builders (each returns a {@link SubmissionProblem}). */
export const SUBMISSION_PROBLEMS = {
  name: (detail: string) => p('name', detail),
  size: (bytes: number, max: number) => p('size', `expected a file of at most ${max} bytes, found ${bytes} bytes. Save float32 scores of shape [N] (4 bytes per row).`),
  header: (detail: string) => p('header', `unreadable NPY header: ${detail}`),
  notNumeric: (detail: string) => p('dtype', detail),
  objectDType: (dtype: string) => p('dtype', `expected a numeric array, found dtype ${JSON.stringify(dtype)} (object/pickled arrays are refused and never unpickled). Convert to float32 first.`),
  dtype: (dtype: string, allowed: readonly string[]) => p('dtype', `expected dtype ${allowed.join(' or ')}, found ${JSON.stringify(dtype)}. Convert the scores with Float32Array.from(...) or .astype(np.float32).`),
  shape: (shape: readonly number[], wanted: string) => p('shape', `expected shape ${wanted}, found [${shape.join(', ')}].`),
  rows: (found: number, rows: number) => p('rows', `expected ${rows} rows (one per test event, in the order of ids.npy), found ${found}.`),
  tooLarge: (shape: readonly number[], bytes: number, max: number) => p('size', `expected at most ${max} bytes of data, found a header claiming shape [${shape.join(', ')}] (${bytes} bytes); refused before reading.`),
  truncated: (need: number, have: number) => p('truncated', `expected ${need} data bytes after the header, found ${have}. The file is cut short.`),
  nonfinite: (count: number, first: number) => p('nonfinite', `expected finite scores, found ${count} NaN/Infinity value(s), the first at row ${first}.`),
  range: (count: number, first: number, value: number) => p('range', `expected probabilities in [0, 1], found ${count} value(s) outside, the first ${value} at row ${first}. Apply a sigmoid/softmax to the outputs.`),
  rowsum: (count: number, first: number, sum: number) => p('rowsum', `expected each row of class probabilities to sum to 1 (within ${PROBABILITY_SUM_TOLERANCE}), found ${count} row(s) that do not, the first at row ${first} (sum ${sum}). Apply a softmax.`),
  csv: (detail: string) => p('csv', detail),
  late: (submitted: string, deadline: string) => p('late', `expected a submission recorded before the deadline ${deadline}, found one recorded at ${submitted}.`),
  notRecorded: (manifest: string) => p('unrecorded', `expected a file recorded at collection, found one that is not in the collection manifest (${manifest}): it arrived after the last collection, so its submission time is unknown.`),
  changedSinceRecorded: (recorded: string) => p('unrecorded', `expected the file recorded at collection on ${recorded}, found one changed after it was recorded (its sha256 differs), so its submission time is unknown. Submit again before the next collection.`),
  duplicate: (identity: string, files: readonly string[]) => p('duplicate', `expected one file per group and model (names are compared without case), found ${files.length} for ${identity}: ${files.join(', ')}. Keep one of them and remove the others.`),
  hardLink: (links: number) => p('read', `expected a regular file with one link, found a hard link (${links} links): refused without reading it. Submit a copy of the file.`),
  read: (detail: string) => p('read', `the file could not be read: ${detail}.`),
};

/** One line per problem, for feedback files and error messages. */
export function formatSubmissionProblems(problems: readonly SubmissionProblem[]): string {
  return problems.map((q) => `[${q.code}] ${q.message}`).join('\n');
}
