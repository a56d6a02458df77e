/**
 * `gradeSubmissions`: the grader as one pipeline. Load the challenge and hidden labels (instructor
 * errors stop here, with one line), scan the folder, validate every file with the students' own
 * validator, score the valid ones on the public and private parts, apply the per-group limit, rank,
 * and write the leaderboard (md, html, csv, json) and one feedback file per submission, atomically.
 * A bad submission is recorded with its reasons and never stops the others. Deterministic: the
 * outputs depend only on the files (names, bytes, times), the labels and the options.
 */
import { mkdirSync, openSync, readSync, closeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { SUBMISSION_PROBLEMS, maxSubmissionFileBytes, validateSubmissionBytes, type SubmissionProblem } from '../lib/submission';
import type { BeforeRename } from './atomic';
import { loadChallenge, type Challenge } from './challenge';
import { loadHidden } from './hidden';
import { applyGroupLimit, describeLimit, type KeepRule } from './limit';
import { METRICS } from './metrics';
import { makeScorer, metricLabels, type PartScores } from './score';
import { scanSubmissions } from './scan';
import { writeOutputs } from './outputs';
import { HepmlError } from '../lib/errors';

export interface GradeOptions {
  /** Challenge id or definition file (or a loaded Challenge). */
  challenge: string | Challenge;
  /** Hidden labels file (hidden/labels.npy). */
  labels: string;
  /** Folder of `<group>__<model>.npy|csv` files. */
  submissions: string;
  /** Output folder (created). */
  out: string;
  /** Default: the challenge's publicFraction. */
  publicFraction?: number;
  /** Default: the challenge's maxPerGroup. */
  maxPerGroup?: number;
  /** Default: the challenge's keep rule ('best'). */
  keep?: KeepRule;
  /** Which part ranks the leaderboard. Default 'private' (final standings). */
  rankBy?: 'public' | 'private';
  /** Test hook for atomic writes. */
  beforeRename?: BeforeRename;
}

export type OutcomeStatus = 'ranked' | 'not-ranked' | 'rejected' | 'ignored';

export interface SubmissionOutcome {
  file: string;
  group?: string;
  model?: string;
  status: OutcomeStatus;
  /** Reasons for every rejection (codes and sentences); empty when valid. */
  problems: SubmissionProblem[];
  /** Why ignored or not ranked. */
  note?: string;
  public?: PartScores;
  private?: PartScores;
  /** File modification time (ISO, UTC). */
  submitted: string;
  bytes: number;
  sha256?: string;
  rank?: number;
  notes: string[];
}

export interface GradeResult {
  challenge: { id: string; title: string };
  primary: string;
  higherIsBetter: boolean;
  rankBy: 'public' | 'private';
  metrics: string[];
  rows: { total: number; public: number; private: number };
  publicFraction: number;
  splitSeed: number;
  limitRule: string;
  /** Every file, in name order. */
  outcomes: SubmissionOutcome[];
  /** Ranked submissions, best first. */
  leaderboard: SubmissionOutcome[];
}

/** Reads a whole file into `pool` (grown as needed, reused across submissions: the validator copies). */
function readWhole(path: string, size: number, pool: { buf: Buffer }): Uint8Array {
  if (pool.buf.length < size) pool.buf = Buffer.allocUnsafeSlow(size);
  const buf = pool.buf;
  const fd = openSync(path, 'r');
  try {
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Grades every submission in a folder and writes the leaderboard.
 * @example
 * const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels: 'ch/hidden/labels.npy', submissions: 'subs', out: 'board' });
 */
export function gradeSubmissions(options: GradeOptions): GradeResult {
  const c = typeof options.challenge === 'string' ? loadChallenge(options.challenge) : options.challenge;
  const fraction = options.publicFraction ?? c.publicFraction;
  if (!(fraction > 0 && fraction < 1)) throw new HepmlError(`--public-fraction: expected a number in (0, 1), found ${fraction}.`, { where: '--public-fraction' });
  const maxPerGroup = options.maxPerGroup ?? c.maxPerGroup;
  if (!Number.isInteger(maxPerGroup) || maxPerGroup < 1) throw new HepmlError(`--max-per-group: expected a positive integer, found ${maxPerGroup}.`, { where: '--max-per-group' });
  const keep = options.keep ?? c.keep;
  const rankBy = options.rankBy ?? 'private';
  const hidden = loadHidden(options.labels, c);
  const files = scanSubmissions(options.submissions);
  const scorer = makeScorer(c, hidden, fraction);
  const labels = metricLabels(c);
  const primaryIndex = c.metrics.findIndex((m) => m.name === c.primary || m.label === c.primary);
  const primary = labels[primaryIndex];
  const higherIsBetter = METRICS[c.metrics[primaryIndex].name].higherIsBetter;
  const deadline = c.deadline ? Date.parse(c.deadline) : Infinity;
  const rows = hidden.labels.length;
  const pool = { buf: Buffer.alloc(0) };

  const outcomes: SubmissionOutcome[] = files.map((f) => {
    const o: SubmissionOutcome = { file: f.file, group: f.name?.group, model: f.name?.model, status: 'rejected', problems: [], submitted: new Date(f.mtimeMs).toISOString(), bytes: f.size, notes: [] };
    if (f.ignored) return { ...o, status: 'ignored', note: f.ignored };
    if (f.nameProblem) return { ...o, problems: [SUBMISSION_PROBLEMS.name(f.nameProblem)] };
    if (f.mtimeMs > deadline) return { ...o, problems: [SUBMISSION_PROBLEMS.late(o.submitted, c.deadline!)] };
    if (f.size > maxSubmissionFileBytes(c.submission)) return { ...o, problems: [SUBMISSION_PROBLEMS.size(f.size, maxSubmissionFileBytes(c.submission))] };
    try {
      const bytes = readWhole(f.path, f.size, pool);
      o.sha256 = createHash('sha256').update(bytes).digest('hex');
      const v = validateSubmissionBytes(bytes, f.name!.ext, c.submission, { rows, ids: hidden.ids, name: f.file });
      if (!v.ok) return { ...o, problems: v.problems };
      const s = scorer.score(v.scores!, v.cols);
      return { ...o, status: 'ranked', public: s.public, private: s.private, notes: s.notes };
    } catch (e) {
      return { ...o, problems: [SUBMISSION_PROBLEMS.read((e as Error).message)] };
    }
  });

  const valid = outcomes.filter((o) => o.status === 'ranked');
  const candidates = valid.map((o) => ({ group: o.group!, model: o.model!, publicScore: o.public![primary], mtimeMs: Date.parse(o.submitted), o }));
  const kept = applyGroupLimit(candidates, maxPerGroup, keep, higherIsBetter);
  const limitRule = describeLimit(maxPerGroup, keep, higherIsBetter);
  for (const cand of candidates) {
    if (!kept.has(cand)) {
      cand.o.status = 'not-ranked';
      cand.o.note = `valid, but over the per-group limit: ${limitRule}`;
    }
  }
  const leaderboard = rankOutcomes(outcomes.filter((o) => o.status === 'ranked'), rankBy, primary, higherIsBetter);
  const result: GradeResult = {
    challenge: { id: c.id, title: c.title }, primary, higherIsBetter, rankBy, metrics: labels,
    rows: { total: rows, ...scorer.rows }, publicFraction: fraction, splitSeed: c.splitSeed, limitRule, outcomes, leaderboard,
  };
  mkdirSync(options.out, { recursive: true });
  writeOutputs(result, options.out, options.beforeRename);
  return result;
}

/** Sorts by the primary metric on `rankBy` (NaN last; ties by group, model) and assigns competition ranks (1, 2, 2, 4). */
export function rankOutcomes(list: SubmissionOutcome[], rankBy: 'public' | 'private', primary: string, higherIsBetter: boolean): SubmissionOutcome[] {
  const key = (o: SubmissionOutcome): number => {
    const v = o[rankBy]![primary];
    return Number.isNaN(v) ? Infinity : higherIsBetter ? -v : v;
  };
  const sorted = [...list].sort((a, b) => key(a) - key(b) || (a.group! < b.group! ? -1 : a.group! > b.group! ? 1 : a.model! < b.model! ? -1 : a.model! > b.model! ? 1 : 0));
  sorted.forEach((o, i) => {
    o.rank = i > 0 && key(sorted[i - 1]) === key(o) ? sorted[i - 1].rank : i + 1;
  });
  return sorted;
}
