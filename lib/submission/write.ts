/**
 * `writeSubmission`: the students' side of a challenge. Saves scores as
 * `<dir>/<group>__<model>.npy` (float32) after checking them with the grader's own validator, so
 * every problem shows up in the notebook, before anything is sent. Taught in 06-top-tagging-dnn and 07-top-tagging-cnn.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomic-write';
import { HepmlError } from '../errors';
import { toNpy } from '../data/npy-write';
import type { Matrix } from '../data/matrix';
import { resolveStudentChallenge, type StudentChallengeRef } from './challenge-ref';
import { parseSubmissionName, submissionFileName, submissionIdentity } from './names';
import { formatSubmissionProblems } from './problems';
import { submissionColumns } from './rules';
import { validateSubmissionBytes } from './validate-file';

/** Scores: a flat array (N, or N×C row-major for multiclass) or a `{ data, rows, cols }` matrix. */
export type SubmissionScores = ArrayLike<number> | Matrix<ArrayLike<number>>;

export interface WriteSubmissionOptions {
  /** Challenge id (`'top-tagging-dnn'`), the student folder from `hepml challenge make`, or inline rules. */
  challenge: StudentChallengeRef;
  /** Your group's name: letters, digits, `_`, `-`. */
  group: string;
  /** The model's name: letters, digits, `_`, `-`. */
  model: string;
  /** Output folder. Default `'submission_predictions'`. */
  dir?: string;
}

export interface WrittenSubmission {
  path: string;
  rows: number;
  cols: number;
  challenge: string;
}

const DEFAULTS = { dir: 'submission_predictions' };

/**
 * Validates scores with the grader's rules and writes them as a submission file.
 * @param scores one score per test row (or N×C class probabilities), in the order of the test ids
 * @param options.challenge challenge id, student folder, or rules
 * @param options.group group name; options.model model name
 * @param options.dir output folder. Default `'submission_predictions'`.
 * @returns where it was written and its shape
 * @throws HepmlError listing every problem (nothing is written then)
 * @example
 * writeSubmission(yScore, { challenge: 'top-tagging-dnn', group: 'team_03', model: 'dnn' });
 */
export function writeSubmission(scores: SubmissionScores, options: WriteSubmissionOptions): WrittenSubmission {
  const challenge = resolveStudentChallenge(options.challenge);
  const rules = challenge.submission;
  const fileName = submissionFileName(options.group, options.model);
  const flat = 'data' in scores && !ArrayBuffer.isView(scores) ? scores.data : (scores as ArrayLike<number>);
  const cols = submissionColumns(rules);
  if ('cols' in scores && typeof scores.cols === 'number' && scores.cols !== cols) {
    throw new HepmlError(`${fileName}: expected ${cols} score columns (${challenge.id}), found ${scores.cols}.`, { where: fileName });
  }
  const rows = Math.floor(flat.length / Math.max(cols, 1));
  const shape = cols === 1 ? [rows] : [rows, cols];
  if (rows * cols !== flat.length) {
    throw new HepmlError(`${fileName}: expected ${cols} scores per row (${challenge.id}), found ${flat.length} values, not a multiple of ${cols}.`, { where: fileName });
  }
  const bytes = toNpy(Float32Array.from(flat), { shape });
  const result = validateSubmissionBytes(bytes, '.npy', rules, { rows: challenge.rows, name: fileName });
  if (!result.ok) {
    throw new HepmlError(`${fileName} (${challenge.id}): the grader would refuse this submission:\n${formatSubmissionProblems(result.problems)}`, { where: fileName });
  }
  const dir = options.dir ?? DEFAULTS.dir;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName);
  const identity = submissionIdentity(options);
  const twin = readdirSync(dir).find((f) => {
    const p = parseSubmissionName(f);
    return f !== fileName && !('problem' in p) && submissionIdentity(p) === identity;
  });
  if (twin) {
    throw new HepmlError(`${path}: expected one file per group and model, found ${twin} already in ${dir} (the grader compares names without case and would refuse both). Remove it, or choose another model name.`, { where: path });
  }
  try {
    writeFileAtomic(path, bytes); // its temporary file is a dot file: never graded
  } catch (e) {
    throw new HepmlError(`${path}: expected a writable submission folder, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: path, cause: e });
  }
  return { path, rows, cols, challenge: challenge.id };
}
