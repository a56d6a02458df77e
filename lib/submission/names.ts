/**
 * Submission file names: `<group>__<model>.npy` (or `.csv`), both parts from a safe character set
 * so that a name can never climb out of a directory or inject markup into the leaderboard.
 */
import { HepmlError, expected } from '../errors';

/** Group and model names: letters, digits, `_` and `-`, 1 to 64 characters, not starting with `-`. */
export const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;

/** The accepted submission file extensions. */
export const SUBMISSION_EXTENSIONS = ['.npy', '.csv'] as const;
export type SubmissionExtension = (typeof SUBMISSION_EXTENSIONS)[number];

export interface SubmissionName {
  group: string;
  model: string;
  ext: SubmissionExtension;
}

/** Splits `group__model.npy`; returns a reason string when the name is not acceptable. */
export function parseSubmissionName(fileName: string): SubmissionName | { problem: string } {
  const dot = fileName.lastIndexOf('.');
  const ext = (dot >= 0 ? fileName.slice(dot).toLowerCase() : '') as SubmissionExtension;
  if (!SUBMISSION_EXTENSIONS.includes(ext)) {
    return { problem: `file name ${JSON.stringify(fileName)}: expected the extension .npy or .csv, found ${JSON.stringify(ext || '(none)')}.` };
  }
  const stem = fileName.slice(0, dot);
  const parts = stem.split('__');
  if (parts.length !== 2) {
    return { problem: `file name ${JSON.stringify(fileName)}: expected <group>__<model>${ext} with exactly one "__", found ${parts.length - 1}.` };
  }
  const [group, model] = parts;
  for (const [what, value] of [['group', group], ['model', model]] as const) {
    if (!SAFE_NAME.test(value)) {
      return { problem: `file name ${JSON.stringify(fileName)}: expected the ${what} name to use only letters, digits, "_" and "-" (1-64 characters, not starting with "-"), found ${JSON.stringify(value)}.` };
    }
  }
  return { group, model, ext };
}

/**
 * The one identity of a submission: group and model compared without case, whatever the extension
 * (`x__m.npy`, `x__m.NPY` and `X__M.csv` are one submission; the grader refuses such duplicates).
 * @example
 * submissionIdentity({ group: 'Team', model: 'DNN', ext: '.npy' }); // 'team__dnn'
 */
export function submissionIdentity(name: Pick<SubmissionName, 'group' | 'model'>): string {
  return `${name.group.toLowerCase()}__${name.model.toLowerCase()}`;
}

/** The file name for a submission; throws a HepmlError when a name is unsafe. */
export function submissionFileName(group: string, model: string, ext: SubmissionExtension = '.npy'): string {
  for (const [what, value] of [['group', group], ['model', model]] as const) {
    if (!SAFE_NAME.test(value) || value.includes('__')) {
      throw new HepmlError(expected(what, 'letters, digits, "_" and "-" only (1-64 characters, no "__", not starting with "-")', value, 'e.g. "team_03" or "dnn-v2".'), { where: what });
    }
  }
  return `${group}__${model}${ext}`;
}
