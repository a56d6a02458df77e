/**
 * Scores one validated submission on the public and the private part. The parts' labels and weights
 * are gathered once per grading run; each submission only gathers its scores (into reused buffers).
 */
import { HepmlError, setWarningSink } from '../lib/errors';
import type { Challenge } from './challenge';
import type { HiddenLabels } from './hidden';
import { binaryClfCurve, Curve32Workspace, type ClfCurve } from '../lib/metrics';
import { METRICS, type PartCurves, type ScoringPart } from './metrics';
import { partIndices, publicMask } from './split';

export type PartName = 'public' | 'private';

/** Metric label -> value on one part. */
export type PartScores = Record<string, number>;

export interface Scorer {
  rows: { public: number; private: number };
  /**
   * Scores row-major `cols`-wide N-row scores on both parts (no public scores when the public fraction
   * is 0); a metric that fails gives NaN and a note.
   */
  score(scores: Float64Array, cols: number): { public?: PartScores; private: PartScores; notes: string[] };
}

/** Column titles of the metrics, in definition order. */
export function metricLabels(c: Challenge): string[] {
  return c.metrics.map((m) => m.label ?? METRICS[m.name].label);
}

/**
 * Checks that each part can be scored: rows in the public part (unless the fraction is 0) and in the
 * private one, and at least two classes in each (both classes for a binary challenge).
 * @throws HepmlError (one line) naming --public-fraction
 */
function checkParts(c: Challenge, hidden: HiddenLabels, idx: { public: Int32Array; private: Int32Array }, fraction: number): void {
  const n = hidden.labels.length;
  const fix = 'use --public-fraction 0 for no public part, or a fraction that gives both parts rows of every kind';
  if (fraction > 0 && idx.public.length === 0) throw new HepmlError(`--public-fraction: expected rows in the public part, found 0 of ${n} rows at ${fraction}; ${fix}.`, { where: '--public-fraction' });
  if (idx.private.length === 0) throw new HepmlError(`--public-fraction: expected rows in the private part, found 0 of ${n} rows at ${fraction}; ${fix}.`, { where: '--public-fraction' });
  for (const name of ['public', 'private'] as const) {
    const ix = idx[name];
    if (ix.length === 0) continue;
    const seen = new Set<number>();
    for (let i = 0; i < ix.length && seen.size < 2; i++) seen.add(hidden.labels[ix[i]]);
    if (seen.size < 2) {
      const want = c.submission.kind === 'binary' ? 'both classes' : 'at least two classes';
      throw new HepmlError(`--public-fraction: expected ${want} in the ${name} part, found only class ${[...seen][0]} (${ix.length} of ${n} rows at ${fraction}); ${fix}.`, { where: '--public-fraction' });
    }
  }
}

/**
 * Prepares the parts of a grading run.
 * @param fraction public fraction in [0, 1) (the challenge's unless overridden); 0: every row is private
 * @throws HepmlError when a part cannot be scored (no rows, one class only)
 */
export function makeScorer(c: Challenge, hidden: HiddenLabels, fraction: number): Scorer {
  const idx = partIndices(publicMask(hidden.ids, { fraction, seed: c.splitSeed }));
  checkParts(c, hidden, idx, fraction);
  let totalS = 0;
  let totalB = 0;
  if (hidden.weights) {
    for (let i = 0; i < hidden.labels.length; i++) {
      if (hidden.labels[i] === 1) totalS += hidden.weights[i];
      else totalB += hidden.weights[i];
    }
  }
  const labels = metricLabels(c);
  const maxCols = c.submission.kind === 'multiclass' ? c.submission.classes : 1;
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
      const result: { public?: PartScores; private: PartScores; notes: string[] } = { private: {}, notes };
      if (idx.public.length > 0) result.public = {};
      for (const { name, ix, part, binary, weightsOk } of parts) {
        const n = ix.length;
        if (n === 0) continue;
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
          result[name]![labels[j]] = v;
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
