/**
 * `gradeSubmissions`: the grader as one pipeline. Check the instructor's inputs (challenge, hidden labels,
 * options, output folder, manifest: each problem stops here with one line), take the lock on the output
 * folder, scan the submissions, grade every file on its own (validated with the students' own validator,
 * scored on the public and private parts), refuse duplicate identities, apply the per-group limit, rank,
 * optionally rerun the notebooks (`reproduce`), and publish the leaderboard (md, html, csv, json) and the
 * feedback as one version of the output folder. A bad submission is recorded with its reasons and never
 * stops or changes the others. Deterministic: outputs depend only on the files (names, bytes, recorded
 * times), the labels and the options.
 */
import { createHash } from 'node:crypto';
import { HepmlError } from '../lib/errors';
import type { Engine } from '../harness/engine';
import { checkOutputFolder, lockFolder, type AfterWrite } from './atomic';
import { loadChallenge, type Challenge } from './challenge';
import { loadHidden } from './hidden';
import { refuseDuplicates } from './identity';
import { applyGroupLimit, describeLimit, type KeepRule } from './limit';
import { loadManifest } from './manifest';
import { METRICS } from './metrics';
import { gradeFile } from './outcome';
import { writeOutputs } from './outputs';
import type { ReproduceOptions } from './reproduce';
import { isScored, type GradeResult, type RankedOutcome, type ScoredOutcome } from './result';
import type { GradeContext } from './context';
import { makeScorer, metricLabels } from './score';
import { scanSubmissions } from './scan';

export type { GradeContext } from './context';
export type { GradeResult, OutcomeStatus, Reproduction, SubmissionOutcome } from './result';

export interface GradeOptions {
  /** Challenge id or definition file (or a loaded Challenge). */
  challenge: string | Challenge;
  /** Hidden labels file (hidden/labels.npy). */
  labels: string;
  /** Folder of `<group>__<model>.npy|csv` files. */
  submissions: string;
  /** Output folder (created; holds `current` -> `runs/<id>/` and links to its files). */
  out: string;
  /** In [0, 1): 0 ranks on every row (no public part). Default: the challenge's publicFraction. */
  publicFraction?: number;
  /** Default: the challenge's maxPerGroup. */
  maxPerGroup?: number;
  /** Default: the challenge's keep rule ('best'). */
  keep?: KeepRule;
  /** Which part ranks the leaderboard. Default 'private' (final standings). */
  rankBy?: 'public' | 'private';
  /** Collection manifest (`hepml challenge collect`): submission times. Required when the challenge has a deadline. */
  manifest?: string;
  /** Test hook: called after each output file is written (relative name) and before the switch (`'switch'`). */
  afterWrite?: AfterWrite;
}

/** Checks every instructor input and the output folder, then takes the lock (one line on any problem). */
function prepare(options: GradeOptions): { ctx: GradeContext; release: () => void } {
  const c = typeof options.challenge === 'string' ? loadChallenge(options.challenge) : options.challenge;
  const fraction = options.publicFraction ?? c.publicFraction;
  if (!(fraction >= 0 && fraction < 1)) throw new HepmlError(`--public-fraction: expected a number in [0, 1) (0: no public part), found ${fraction}.`, { where: '--public-fraction' });
  const maxPerGroup = options.maxPerGroup ?? c.maxPerGroup;
  if (!Number.isInteger(maxPerGroup) || maxPerGroup < 1) throw new HepmlError(`--max-per-group: expected a positive integer, found ${maxPerGroup}.`, { where: '--max-per-group' });
  if (fraction === 0 && options.rankBy === 'public') throw new HepmlError('--rank-by public: expected a public part to rank by, found --public-fraction 0 (every row is private).', { where: '--rank-by' });
  checkOutputFolder(options.out, '--out', { path: options.submissions, flag: '--submissions' });
  const hidden = loadHidden(options.labels, c);
  const scorer = makeScorer(c, hidden, fraction);
  if (c.deadline && !options.manifest) {
    throw new HepmlError(`--manifest: expected the submission times recorded at collection (hepml challenge collect --submissions DIR --manifest FILE), found none, and ${c.id} has a deadline (${c.deadline}). File times can be set by anyone.`, { where: '--manifest' });
  }
  const manifest = options.manifest ? { path: options.manifest, data: loadManifest(options.manifest) } : undefined;
  const metrics = metricLabels(c);
  const primaryIndex = c.metrics.findIndex((m) => m.name === c.primary || m.label === c.primary);
  const files = scanSubmissions(options.submissions);
  const release = lockFolder(options.out);
  const ctx: GradeContext = {
    challenge: c, hidden, scorer, fraction, metrics, manifest, files,
    primary: metrics[primaryIndex],
    higherIsBetter: METRICS[c.metrics[primaryIndex].name].higherIsBetter,
    deadline: c.deadline ? Date.parse(c.deadline) : Infinity,
  };
  return { ctx, release };
}

/** Grades every scanned file, refuses duplicates, applies the group limit and ranks. */
function gradeAll(ctx: GradeContext, options: GradeOptions): GradeResult {
  const c = ctx.challenge;
  const pool = { buf: Buffer.alloc(0) };
  const outcomes = ctx.files.map((f) => gradeFile(f, ctx, pool));
  refuseDuplicates(outcomes);
  const maxPerGroup = options.maxPerGroup ?? c.maxPerGroup;
  const keep = options.keep ?? c.keep;
  const rankBy = options.rankBy ?? 'private';
  const noPublic = ctx.fraction === 0;
  const valid = outcomes.filter(isScored).filter((o) => o.status === 'ranked');
  const candidates = valid.map((o) => ({
    group: o.group.toLowerCase(), model: o.model.toLowerCase(), o,
    publicScore: (noPublic ? o.private : o.public ?? o.private)[ctx.primary], mtimeMs: Date.parse(o.submitted),
  }));
  const kept = applyGroupLimit(candidates, maxPerGroup, keep, ctx.higherIsBetter);
  const limitRule = describeLimit(maxPerGroup, keep, ctx.higherIsBetter, noPublic);
  for (const cand of candidates) {
    if (!kept.has(cand)) {
      cand.o.status = 'not-ranked';
      cand.o.note = `valid, but over the per-group limit: ${limitRule}`;
    }
  }
  const leaderboard = rankOutcomes(valid.filter((o) => o.status === 'ranked'), rankBy, ctx.primary, ctx.higherIsBetter);
  const result: GradeResult = {
    run: '', challenge: { id: c.id, title: c.title }, primary: ctx.primary, higherIsBetter: ctx.higherIsBetter, rankBy, metrics: ctx.metrics,
    rows: { total: ctx.hidden.labels.length, ...ctx.scorer.rows }, publicFraction: ctx.fraction, splitSeed: c.splitSeed, limitRule,
    times: ctx.manifest ? 'manifest' : 'file times', outcomes, leaderboard,
  };
  return result;
}

/** Names the run by a digest of everything it shows (same inputs, same digest). */
function stampRun(r: GradeResult): void {
  r.run = '';
  r.run = createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16);
}

/**
 * Grades every submission in a folder and publishes the leaderboard.
 * @throws HepmlError (one line) for instructor errors, or when another run holds the output folder
 * @example
 * const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels: 'ch/hidden/labels.npy', submissions: 'subs', out: 'board' });
 */
export function gradeSubmissions(options: GradeOptions): GradeResult {
  const { ctx, release } = prepare(options);
  try {
    const r = gradeAll(ctx, options);
    stampRun(r);
    writeOutputs(r, options.out, options.afterWrite);
    return r;
  } finally {
    release();
  }
}

/** {@link GradeOptions} plus `reproduce`: rerun each submission's notebook (needs a kernel, hence async). */
export interface GradeAsyncOptions extends GradeOptions {
  reproduce?: Omit<ReproduceOptions, 'engine'> & { engine: Engine };
}

/**
 * {@link gradeSubmissions}, and with `reproduce`, each prediction file that has its notebook beside it
 * (`<group>__<model>.ipynb`) is rerun in a fresh folder through the harness runner and marked
 * "reproduced" (every score equal within 1e-6) or "not reproducible" (with the reason).
 * @example
 * await gradeSubmissionsAsync({ ...options, reproduce: { engine: new KernelEngine(), student: 'ch/student' } });
 */
export async function gradeSubmissionsAsync(options: GradeAsyncOptions): Promise<GradeResult> {
  const { ctx, release } = prepare(options);
  try {
    const r = gradeAll(ctx, options);
    if (options.reproduce) {
      // loaded only here: the runner (and the TypeScript compiler it types parameters with) is heavy
      const { reproduceOutcomes } = require('./reproduce') as typeof import('./reproduce');
      await reproduceOutcomes(r, ctx, { ...options.reproduce, labels: options.labels });
    }
    stampRun(r);
    writeOutputs(r, options.out, options.afterWrite);
    return r;
  } finally {
    release();
  }
}

/** Sorts by the primary metric on `rankBy` (NaN last; ties by group, model) and assigns competition ranks (1, 2, 2, 4). */
export function rankOutcomes(list: ScoredOutcome[], rankBy: 'public' | 'private', primary: string, higherIsBetter: boolean): RankedOutcome[] {
  // rankBy 'public' is refused without a public part (prepare), so `public` exists whenever it is asked for.
  const key = (o: ScoredOutcome): number => {
    const v = (rankBy === 'public' ? o.public ?? o.private : o.private)[primary];
    return Number.isNaN(v) ? Infinity : higherIsBetter ? -v : v;
  };
  const byName = (a: ScoredOutcome, b: ScoredOutcome): number => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0);
  const sorted = [...list].sort((a, b) => key(a) - key(b) || byName(a, b));
  const ranked: RankedOutcome[] = [];
  sorted.forEach((o, i) => {
    ranked.push(Object.assign(o, { status: 'ranked' as const, rank: i > 0 && key(sorted[i - 1]) === key(o) ? ranked[i - 1].rank : i + 1 }));
  });
  return ranked;
}
