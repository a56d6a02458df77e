/**
 * The students' side of a challenge folder (KIT exercise 3.1): read the unlabelled test set that
 * `hepml challenge make` wrote, count a group's submissions against the challenge's limit, and, when no
 * instructor folder is at hand, make a practice folder with the same command. Taught in
 * 06-top-tagging-dnn and 07-top-tagging-cnn.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { HepmlError } from '../errors';
import { loadNpy } from '../data/npy';
import type { NdArray } from '../data/matrix';
import { challengeDefinitionsDir, resolveStudentChallenge } from './challenge-ref';
import { parseSubmissionName, SAFE_NAME } from './names';
import type { StudentChallenge } from './rules';

/** The unlabelled test set of a challenge's student folder. */
export interface ChallengeTestSet {
  /** The public rules (`challenge.json`). */
  challenge: StudentChallenge & { maxPerGroup?: number };
  /** The student folder. */
  dir: string;
  /** `test_features.npy` as float32, with its shape (event axis first). */
  features: NdArray;
  /** Row ids, in the order every submission must follow. */
  ids: Int32Array;
  /** Number of test rows. */
  rows: number;
}

/**
 * Reads a challenge's student folder (`test_features.npy`, `ids.npy`, `challenge.json`).
 * @param dir the `student/` folder from `hepml challenge make ID --out DIR` (or DIR itself)
 * @returns the features, ids and rules
 * @example
 * const test = loadChallengeTestSet('challenge-dnn/student');
 * test.features.shape; // [10000, 200, 4]
 */
export function loadChallengeTestSet(dir: string): ChallengeTestSet {
  const folder = !existsSync(join(dir, 'challenge.json')) && existsSync(join(dir, 'student', 'challenge.json')) ? join(dir, 'student') : dir;
  for (const f of ['challenge.json', 'test_features.npy', 'ids.npy']) {
    if (!existsSync(join(folder, f))) {
      throw new HepmlError(`${folder}: expected the student folder of 'hepml challenge make' with ${f}, found no such file.`, { where: folder });
    }
  }
  const challenge = resolveStudentChallenge(folder) as ChallengeTestSet['challenge'];
  const x = loadNpy(join(folder, 'test_features.npy'), { maxBytes: 2 ** 31 });
  const ids = loadNpy(join(folder, 'ids.npy'));
  const rows = x.shape[0];
  if (ids.shape[0] !== rows || (challenge.rows !== undefined && challenge.rows !== rows)) {
    throw new HepmlError(`${folder}: expected ${challenge.rows ?? rows} rows in test_features.npy and ids.npy, found ${rows} and ${ids.shape[0]}.`, { where: folder });
  }
  const data = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data as ArrayLike<number>);
  return { challenge, dir: folder, features: { data, shape: [...x.shape] }, ids: Int32Array.from(ids.data as ArrayLike<number>, Number), rows };
}

/** A group's submissions in a folder, against the challenge's limit. */
export interface GroupSubmissions {
  /** The group's submission files (`<group>__<model>.npy|.csv`), sorted. */
  files: string[];
  /** The most a group may hand in (`maxPerGroup`; Infinity when the challenge sets none). */
  max: number;
  /** Submissions still allowed. */
  left: number;
}

/**
 * Lists a group's submissions in `dir` and how many more the challenge allows ("at most five models per
 * group"). Writing a model name again replaces its file and does not count twice.
 * @param group the group name
 * @param options.dir submission folder (default `'submission_predictions'`); options.maxPerGroup (default 5, or the challenge's)
 * @example
 * groupSubmissions('team_03', { maxPerGroup: test.challenge.maxPerGroup }).left; // 4
 */
export function groupSubmissions(group: string, options: { dir?: string; maxPerGroup?: number } = {}): GroupSubmissions {
  if (!SAFE_NAME.test(group)) throw new HepmlError(`group: expected letters, digits, "_" and "-" (1-64 characters), found ${JSON.stringify(group)}.`, { where: 'group' });
  const dir = options.dir ?? 'submission_predictions';
  const files = existsSync(dir)
    ? readdirSync(dir).filter((f) => { const p = parseSubmissionName(f); return !('problem' in p) && p.group === group; }).sort()
    : [];
  const max = options.maxPerGroup ?? 5;
  return { files, max, left: Math.max(0, max - files.length) };
}

/**
 * Refuses a submission that would exceed the group's limit: a new model name when the group has handed
 * in `maxPerGroup` files already (a model name it used before only replaces its file).
 * @param group the group name; @param model the model name
 * @param options.dir submission folder (default `'submission_predictions'`); options.maxPerGroup (default 5)
 * @returns the group's submissions before this one
 * @throws HepmlError naming the files already handed in
 * @example
 * checkSubmissionQuota('team_03', 'cnn_v2', { maxPerGroup: test.challenge.maxPerGroup });
 */
export function checkSubmissionQuota(group: string, model: string, options: { dir?: string; maxPerGroup?: number } = {}): GroupSubmissions {
  const g = groupSubmissions(group, options);
  const again = g.files.some((f) => f.replace(/\.(npy|csv)$/i, '') === `${group}__${model}`);
  if (g.left === 0 && !again) {
    throw new HepmlError(`${group}__${model}: expected at most ${g.max} models per group, found ${g.files.length} already (${g.files.join(', ')}). Reuse one of those model names to replace it.`, { where: 'maxPerGroup' });
  }
  return g;
}

/**
 * Makes a practice challenge folder with `hepml challenge make ID --out OUT --events N --seed S` and
 * returns its `student/` folder: the same files the instructor hands out, from another seed than the
 * real challenge, so a notebook can run the whole challenge without the instructor's folder.
 * @param id challenge id (`'top-tagging-dnn'`, `'top-tagging-cnn'`)
 * @param options.events test rows (default 2000); options.seed (default 1); options.out (default `challenge-practice/<id>`,
 *   reused when it already holds a practice set of that size and seed)
 * @example
 * const dir = makePracticeChallenge('top-tagging-dnn', { events: 1000 });
 */
export function makePracticeChallenge(id: string, options: { events?: number; seed?: number; out?: string } = {}): string {
  const events = options.events ?? 2000;
  const seed = options.seed ?? 1;
  const out = options.out ?? join('challenge-practice', id);
  // Made before with the same size and seed: reuse it (same seed, same bytes).
  try {
    const made = JSON.parse(readFileSync(join(out, 'student', 'challenge.json'), 'utf8')) as { id?: string; rows?: number; source?: string };
    if (made.id === id && made.rows === events && typeof made.source === 'string' && made.source.endsWith(`@${seed}`)) return join(out, 'student');
  } catch { /* not made yet */ }
  const defs = challengeDefinitionsDir();
  const bin = defs ? join(dirname(dirname(defs)), 'bin', 'hepml.js') : null;
  if (!bin || !existsSync(bin)) throw new HepmlError(`makePracticeChallenge: expected the hepml command (bin/hepml.js) beside the challenge definitions, found none. Run 'hepml challenge make ${id} --out DIR' yourself.`);
  const args = [bin, 'challenge', 'make', id, '--out', out, '--events', String(events), '--seed', String(seed)];
  try {
    execFileSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n').pop();
    throw new HepmlError(`hepml challenge make ${id}: ${err}`, { cause: e });
  }
  return join(out, 'student');
}
