/**
 * Scores one validated submission on the public and the private part. The parts' labels and weights
 * are gathered once per grading run; each submission only gathers its scores (into reused buffers).
 */
import { setWarningSink } from '../lib/errors';
import type { Challenge } from './challenge';
import type { HiddenLabels } from './hidden';
import { METRICS, type ScoringPart } from './metrics';
import { partIndices, publicMask } from './split';

export type PartName = 'public' | 'private';

/** Metric label -> value on one part. */
export type PartScores = Record<string, number>;

export interface Scorer {
  rows: { public: number; private: number };
  /** Scores row-major `cols`-wide N-row scores on both parts; a metric that fails gives NaN and a note. */
  score(scores: Float64Array, cols: number): { public: PartScores; private: PartScores; notes: string[] };
}

/** Column titles of the metrics, in definition order. */
export function metricLabels(c: Challenge): string[] {
  return c.metrics.map((m) => m.label ?? METRICS[m.name].label);
}

/**
 * Prepares the parts of a grading run.
 * @param fraction public fraction (the challenge's unless overridden)
 */
export function makeScorer(c: Challenge, hidden: HiddenLabels, fraction: number): Scorer {
  const idx = partIndices(publicMask(hidden.ids, { fraction, seed: c.splitSeed }));
  let totalS = 0;
  let totalB = 0;
  if (hidden.weights) {
    for (let i = 0; i < hidden.labels.length; i++) {
      if (hidden.labels[i] === 1) totalS += hidden.weights[i];
      else totalB += hidden.weights[i];
    }
  }
  const labels = metricLabels(c);
  const maxCols = c.submission.kind === 'multiclass' ? c.submission.classes! : 1;
  const parts = (['public', 'private'] as const).map((name) => {
    const ix = idx[name];
    const part: ScoringPart = {
      labels: Int32Array.from(ix, (i) => hidden.labels[i]),
      scores: new Float64Array(ix.length * maxCols),
      cols: 1,
      weights: hidden.weights ? Float64Array.from(ix, (i) => hidden.weights![i]) : undefined,
      totalSignalWeight: totalS,
      totalBackgroundWeight: totalB,
    };
    return { name, ix, part };
  });
  return {
    rows: { public: idx.public.length, private: idx.private.length },
    score(scores, cols) {
      const notes: string[] = [];
      const result = { public: {} as PartScores, private: {} as PartScores, notes };
      for (const { name, ix, part } of parts) {
        const buf = part.scores.subarray(0, ix.length * cols);
        for (let r = 0; r < ix.length; r++) {
          const src = ix[r] * cols;
          for (let k = 0; k < cols; k++) buf[r * cols + k] = scores[src + k];
        }
        const view: ScoringPart = { ...part, scores: buf, cols };
        c.metrics.forEach((m, j) => {
          let v: number;
          const previous = setWarningSink((w) => notes.push(`${labels[j]} on the ${name} part: ${w}`));
          try {
            v = METRICS[m.name].compute(view, m.params ?? {});
          } catch (e) {
            v = NaN;
            notes.push(`${labels[j]} on the ${name} part could not be computed: ${(e as Error).message}`);
          } finally {
            setWarningSink(previous);
          }
          result[name][labels[j]] = v;
        });
      }
      return result;
    },
  };
}
