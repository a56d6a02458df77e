/**
 * Finds a challenge's public rules for the students' side: from an object, from the student folder
 * that `hepml challenge make` wrote (its `challenge.json`), or by id from the challenge definitions
 * shipped with the package (`grading/challenges/<id>.json`, read as data: lib never imports grading).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HepmlError } from '../errors';
import type { StudentChallenge } from './rules';

/** A challenge given by id (`'top-tagging-dnn'`), by student folder / challenge.json path, or inline. */
export type StudentChallengeRef = string | StudentChallenge;

/** The folder holding the shipped challenge definitions, or null when it cannot be found. */
export function challengeDefinitionsDir(from: string = __dirname): string | null {
  for (let dir = from, i = 0; i < 8; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'grading', 'challenges');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  return null;
}

/** Ids of the shipped challenges. */
export function shippedChallengeIds(): string[] {
  const dir = challengeDefinitionsDir();
  if (!dir) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('schema')).map((f) => f.slice(0, -5)).sort();
}

/** Resolves a {@link StudentChallengeRef} into its public rules. */
export function resolveStudentChallenge(ref: StudentChallengeRef): StudentChallenge {
  if (typeof ref !== 'string') return ref;
  let file: string | null = null;
  if (existsSync(ref)) file = statSync(ref).isDirectory() ? join(ref, 'challenge.json') : ref;
  else {
    const dir = challengeDefinitionsDir();
    if (dir && /^[A-Za-z0-9_-]+$/.test(ref) && existsSync(join(dir, `${ref}.json`))) file = join(dir, `${ref}.json`);
  }
  if (!file || !existsSync(file)) {
    throw new HepmlError(`challenge: expected a known challenge id or a student folder with challenge.json, found ${JSON.stringify(ref)}. Known challenges: ${shippedChallengeIds().join(', ') || '(none found)'}.`, { where: 'challenge' });
  }
  let json: StudentChallenge;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as StudentChallenge;
  } catch (e) {
    throw new HepmlError(`${file}: expected JSON, found a file that does not parse (${(e as Error).message}).`, { where: file, cause: e });
  }
  if (!json || typeof json.id !== 'string' || !json.submission || !['binary', 'multiclass'].includes(json.submission.kind)) {
    throw new HepmlError(`${file}: expected a challenge with "id" and "submission.kind", found neither. Use the challenge.json from 'hepml challenge make'.`, { where: file });
  }
  return json;
}
