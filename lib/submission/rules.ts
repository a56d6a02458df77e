/**
 * What a challenge accepts as a submission. The grader (grading/) and the students' local check
 * (lib/submission) read the same rules and run the same validator, so a file that passes locally
 * passes on the instructor's side too.
 */

/** The numeric NPY dtypes a submission may use (object, string and void arrays are never accepted). */
export const SUBMISSION_DTYPES = ['float16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'bool'] as const;
export type SubmissionDType = (typeof SUBMISSION_DTYPES)[number];

/**
 * Shape, dtype and range rules of one challenge's submissions: `binary` (one score per row, shape [N]
 * or [N,1]) or `multiclass` (one column per class, shape [N,C], C = `classes`). Check `kind` and
 * TypeScript knows whether `classes` exists (the challenge schema requires it for multiclass).
 * @example
 * const cols = rules.kind === 'multiclass' ? rules.classes : 1;
 */
export type SubmissionRules = BinaryRules | MulticlassRules;

/** Rules of a binary challenge: one score per row. */
export interface BinaryRules extends CommonRules {
  kind: 'binary';
  classes?: undefined;
}

/** Rules of a multiclass challenge: one column per class. */
export interface MulticlassRules extends CommonRules {
  kind: 'multiclass';
  /** Number of classes C. */
  classes: number;
}

/** What binary and multiclass rules share. */
export interface CommonRules {
  /** Values must lie in [0, 1] (and, for multiclass, each row must sum to 1 within {@link PROBABILITY_SUM_TOLERANCE}). */
  probabilities: boolean;
  /** Accepted NPY dtypes. Default: float32, float64. */
  dtypes?: SubmissionDType[];
  /** Largest accepted file, in bytes. Default 64 MiB. */
  maxBytes?: number;
}

/** The public part of a challenge: what a student sees (written to the student folder as challenge.json). */
export interface StudentChallenge {
  id: string;
  title?: string;
  /** Number of test rows N every submission must have. */
  rows?: number;
  submission: SubmissionRules;
}

/**
 * How far a row of class probabilities may stray from summing to 1 and still be accepted. The one
 * tolerance of the grader: the validator accepts rows within it, and every metric (log-loss, one-vs-rest
 * AUC) is then computed on them (renormalised where a metric demands exact sums).
 */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

/** Defaults shared by the validator and the schema. */
export const SUBMISSION_RULE_DEFAULTS = {
  dtypes: ['float32', 'float64'] as SubmissionDType[],
  maxBytes: 64 * 1024 * 1024,
};

/** Expected number of score columns: 1 for binary, C for multiclass. */
export function submissionColumns(rules: SubmissionRules): number {
  return rules.kind === 'multiclass' ? rules.classes : 1;
}
