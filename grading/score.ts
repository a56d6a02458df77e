/**
 * Scores one validated submission on the public and the private part. The parts' labels and weights
 * are gathered once per grading run; each submission only gathers its scores (into reused buffers).
 */
import { setWarningSink } from '../lib/errors';
import type { Challenge } from './challenge';
import type { HiddenLabels } from './hidden';
import { binaryClfCurve, type ClfCurve } from '../lib/metrics/curve';
import { Curve32Workspace } from '../lib/metrics/curve32';
import { METRICS, type PartCurves, type ScoringPart } from './metrics';
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
    return { name, ix, part, binary: isBinary(part.labels), weightsOk: part.weights !== undefined && nonNegativeFinite(part.weights) };
  });
  const useCurves = maxCols === 1 && c.metrics.some((m) => METRICS[m.name].fromCurve);
  const plainWs = useCurves ? new Curve32Workspace(Math.max(idx.public.length, idx.private.length)) : undefined;
  let weightedWs: Curve32Workspace | undefined;
  return {
    rows: { public: idx.public.length, private: idx.private.length },
    score(scores, cols) {
      const notes: string[] = [];
      const result = { public: {} as PartScores, private: {} as PartScores, notes };
      for (const { name, ix, part, binary, weightsOk } of parts) {
        const n = ix.length;
        const buf = part.scores.subarray(0, n * cols);
        let gathered = false;
        const gather = (): void => {
          if (gathered) return;
          for (let r = 0; r < n; r++) {
            const src = ix[r] * cols;
            for (let k = 0; k < cols; k++) buf[r * cols + k] = scores[src + k];
          }
          gathered = true;
        };
        // Scores as float32 in the workspace (exact for float32 submissions); else the float64 curve.
        let exact32 = false;
        let finite = false;
        if (plainWs && cols === 1 && binary && n > 0) {
          const s32 = plainWs.scores;
          exact32 = true;
          finite = true;
          for (let r = 0; r < n; r++) {
            const v = scores[ix[r]];
            s32[r] = v;
            if (s32[r] !== v || v - v !== 0) {
              if (v - v !== 0) finite = false;
              else exact32 = false;
            }
          }
        }
        let plain: ClfCurve | undefined;
        let weighted: ClfCurve | undefined;
        const curves: PartCurves = {
          plain() {
            if (!plain) {
              if (exact32) plain = plainWs!.curve(part.labels, n);
              else {
                gather();
                plain = binaryClfCurve(part.labels, buf);
              }
            }
            return plain;
          },
          weighted() {
            if (!weightsOk) return undefined;
            if (!weighted) {
              if (exact32) {
                weightedWs ??= new Curve32Workspace(plainWs!.capacity);
                weightedWs.scores.set(plainWs!.scores.subarray(0, n));
                weighted = weightedWs.curve(part.labels, n, part.weights);
              } else {
                gather();
                weighted = binaryClfCurve(part.labels, buf, part.weights);
              }
            }
            return weighted;
          },
        };
        const view: ScoringPart = { ...part, scores: buf, cols };
        c.metrics.forEach((m, j) => {
          let v: number;
          const def = METRICS[m.name];
          const previous = setWarningSink((w) => notes.push(`${labels[j]} on the ${name} part: ${w}`));
          try {
            if (def.fromCurve && finite) v = def.fromCurve(curves, view, m.params ?? {});
            else {
              gather();
              v = def.compute(view, m.params ?? {});
            }
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

/** All labels 0 or 1 (the binary metrics' label check, made once per part). */
function isBinary(y: Int32Array): boolean {
  for (let i = 0; i < y.length; i++) if (y[i] !== 0 && y[i] !== 1) return false;
  return true;
}

/** All weights finite and >= 0 (amsScan's weight checks, made once per part). */
function nonNegativeFinite(w: Float64Array): boolean {
  for (let i = 0; i < w.length; i++) if (!(w[i] >= 0 && w[i] < Infinity)) return false;
  return true;
}
