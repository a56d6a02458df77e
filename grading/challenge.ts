/**
 * Challenge definitions: `grading/challenges/<id>.json`, checked against `challenge.schema.json`
 * (ajv) and a few cross-field rules, and a registry of them. An unknown id lists the known ones.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Ajv from 'ajv';
import { HepmlError } from '../lib/errors';
import type { StudentChallenge, SubmissionRules } from '../lib/submission';
import { METRICS, type MetricName } from './metrics';

export interface MetricSpec {
  name: MetricName;
  /** Column title on the leaderboard; default the metric's own label. */
  label?: string;
  params?: { signalEfficiency?: number; bReg?: number; threshold?: number; renormalise?: boolean; totals?: { signal: number; background: number } };
}

/** A parsed, validated challenge definition (see challenge.schema.json for each field). */
export interface Challenge {
  id: string;
  title: string;
  description?: string;
  dataset: { id: string; split: string; features?: string[]; exclude?: string[]; tensor?: string; events?: number; seed?: number };
  idColumn: string;
  metrics: MetricSpec[];
  primary: string;
  classes?: string[];
  submission: SubmissionRules;
  publicFraction: number;
  splitSeed: number;
  maxPerGroup: number;
  keep: 'best' | 'latest';
  deadline?: string;
}

/** The folder of the shipped definitions. */
export const CHALLENGES_DIR = join(__dirname, 'challenges');
const SCHEMA = JSON.parse(readFileSync(join(__dirname, 'challenge.schema.json'), 'utf8')) as object;
let validator: ReturnType<Ajv['compile']> | undefined;

/** Ids of the shipped challenges, sorted. */
export function listChallenges(): string[] {
  return readdirSync(CHALLENGES_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/**
 * Loads a challenge by id (shipped) or by path to a .json file, and validates it.
 * @throws HepmlError (one line) for an unknown id, unreadable JSON, or a schema violation
 * @example
 * const c = loadChallenge('top-tagging-dnn'); // c.metrics[0].name === 'roc_auc'
 */
export function loadChallenge(ref: string): Challenge {
  const isPath = ref.endsWith('.json') || ref.includes('/');
  const file = isPath ? ref : join(CHALLENGES_DIR, `${ref}.json`);
  if (!isPath && (!/^[a-z0-9-]+$/.test(ref) || !existsSync(file))) {
    throw new HepmlError(`challenge: expected a known challenge id or a .json file, found ${JSON.stringify(ref)}. Known challenges: ${listChallenges().join(', ')}.`, { where: 'challenge' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new HepmlError(`${file}: expected a readable JSON challenge definition, found ${why}.`, { where: file });
  }
  return parseChallenge(raw, file);
}

/** Validates a definition object (schema + cross-field rules) and fills the defaults. */
export function parseChallenge(raw: unknown, where = 'challenge'): Challenge {
  validator ??= new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(SCHEMA);
  if (!validator(raw)) {
    const e = validator.errors![0];
    const at = e.instancePath || '(top level)';
    const extra = e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : '';
    throw new HepmlError(`${where}: ${at} ${e.message}${extra} (challenge.schema.json).`, { where });
  }
  const c = raw as Challenge;
  const bad = (msg: string): never => {
    throw new HepmlError(`${where}: ${msg}`, { where });
  };
  if (where.endsWith('.json') && basename(where) !== `${c.id}.json` && where.startsWith(CHALLENGES_DIR)) bad(`expected the id to equal the file name, found id ${JSON.stringify(c.id)}.`);
  const labels = c.metrics.map((m) => m.label ?? m.name);
  if (!c.metrics.some((m) => m.name === c.primary || m.label === c.primary)) bad(`expected "primary" to name one of the metrics (${labels.join(', ')}), found ${JSON.stringify(c.primary)}.`);
  for (const m of c.metrics) {
    const kind = METRICS[m.name].kind;
    if (kind !== c.submission.kind) bad(`expected ${c.submission.kind} metrics for a ${c.submission.kind} submission, found ${JSON.stringify(m.name)} (${kind}).`);
    if (METRICS[m.name].needsProbabilities && !c.submission.probabilities) bad(`metric ${JSON.stringify(m.name)} needs probabilities: set "submission.probabilities": true.`);
  }
  if (c.classes && c.submission.classes !== undefined && c.classes.length !== c.submission.classes) bad(`expected ${c.submission.classes} class names, found ${c.classes.length}.`);
  if (c.deadline !== undefined && Number.isNaN(Date.parse(c.deadline))) bad(`expected "deadline" as an ISO date-time, found ${JSON.stringify(c.deadline)}.`);
  return { ...c, idColumn: c.idColumn ?? 'id', splitSeed: c.splitSeed ?? 0, keep: c.keep ?? 'best' };
}

/** The student-facing part of a challenge (no seeds, no hidden material). */
export function studentView(c: Challenge, rows: number): StudentChallenge & Record<string, unknown> {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    rows,
    idColumn: c.idColumn,
    metrics: c.metrics.map((m) => ({ name: m.name, label: m.label ?? METRICS[m.name].label, params: m.params })),
    primary: c.primary,
    classes: c.classes,
    submission: c.submission,
    maxPerGroup: c.maxPerGroup,
    deadline: c.deadline,
  };
}
