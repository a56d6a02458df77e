/** What a grading run produces: one outcome per file, the ranked board, and the run's settings. */
import type { SubmissionProblem } from '../lib/submission';
import type { PartScores } from './score';

export type OutcomeStatus = 'ranked' | 'not-ranked' | 'rejected' | 'ignored';

/** `--reproduce`: what rerunning the submission's notebook gave. */
export interface Reproduction {
  status: 'reproduced' | 'not reproducible';
  /** Why not, or what matched. */
  note: string;
}

export interface SubmissionOutcome {
  /** The file name, display-safe (control and bidi characters escaped). */
  file: string;
  /** Its feedback file inside feedback/ (bounded, collision-free). */
  feedback: string;
  group?: string;
  model?: string;
  /** `group__model` case-folded: the one identity the limit and the duplicate check use. */
  identity?: string;
  status: OutcomeStatus;
  /** Reasons for every rejection (codes and sentences); empty when valid. */
  problems: SubmissionProblem[];
  /** Why ignored or not ranked. */
  note?: string;
  /** Scores on the public part (absent when the public fraction is 0). */
  public?: PartScores;
  private?: PartScores;
  /** Submission time (ISO, UTC): recorded in the manifest, else the file time. */
  submitted: string;
  bytes: number;
  sha256?: string;
  rank?: number;
  notes: string[];
  reproduction?: Reproduction;
}

/**
 * A valid, scored submission (ranked, or over the per-group limit): its name parts, identity, digest
 * and private scores are known (the public ones too when the challenge has a public part).
 */
export type ScoredOutcome = SubmissionOutcome & { status: 'ranked' | 'not-ranked'; group: string; model: string; identity: string; sha256: string; private: PartScores };

/** A submission on the leaderboard: scored, with its rank. */
export type RankedOutcome = ScoredOutcome & { status: 'ranked'; rank: number };

/** True for a valid, scored outcome (so its name parts and private scores can be read without `!`). */
export function isScored(o: SubmissionOutcome): o is ScoredOutcome {
  return (o.status === 'ranked' || o.status === 'not-ranked') && o.private !== undefined && o.group !== undefined && o.model !== undefined && o.identity !== undefined && o.sha256 !== undefined;
}

export interface GradeResult {
  /** A digest of the inputs and results: every board of one run names it (same inputs, same digest). */
  run: string;
  challenge: { id: string; title: string };
  primary: string;
  higherIsBetter: boolean;
  rankBy: 'public' | 'private';
  metrics: string[];
  rows: { total: number; public: number; private: number };
  publicFraction: number;
  splitSeed: number;
  limitRule: string;
  /** Where the submission times come from. */
  times: 'manifest' | 'file times';
  /** Every file, in name order. */
  outcomes: SubmissionOutcome[];
  /** Ranked submissions, best first. */
  leaderboard: RankedOutcome[];
}
