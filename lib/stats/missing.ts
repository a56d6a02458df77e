/**
 * How often each feature is undefined: the fraction of events holding a sentinel value (HiggsML −999,
 * an absent jet's −7), optionally per class. Taught in 03-higgsml-bdt.
 */
import { check } from '../errors';
import type { Matrix } from '../data/matrix';

/** Options of {@link sentinelFractions}. */
export interface SentinelFractionsOptions {
  /** The value meaning "undefined". Default −999 (HiggsML). */
  sentinel?: number;
  /** Per-event weights: the weighted fraction. Default: all 1. */
  weights?: ArrayLike<number>;
}

/**
 * The fraction of rows whose value is the sentinel, per column.
 * @param x - features [N, d]
 * @param options - `sentinel` (−999), `weights`
 * @returns one fraction in [0, 1] per column
 * @example
 * const f = sentinelFractions(ds.matrix(features));   // f[j]: share of events with −999 in feature j
 */
export function sentinelFractions(x: Matrix, options: SentinelFractionsOptions = {}): Float64Array {
  check(x && x.data instanceof Float32Array && x.data.length === x.rows * x.cols, 'sentinelFractions x', 'a Matrix', x);
  check(x.rows > 0, 'sentinelFractions x', 'at least one row', x.rows);
  const sentinel = options.sentinel ?? -999;
  check(Number.isFinite(sentinel), 'sentinelFractions sentinel', 'a finite number', sentinel);
  const w = options.weights;
  check(w === undefined || w.length === x.rows, 'sentinelFractions weights', `${x.rows} weights (one per row)`, w?.length);
  const d = x.cols;
  const hits = new Float64Array(d);
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    const wi = w ? w[i] : 1;
    total += wi;
    for (let j = 0; j < d; j++) if (x.data[i * d + j] === sentinel) hits[j] += wi;
  }
  check(total > 0, 'sentinelFractions weights', 'a positive total weight', total);
  for (let j = 0; j < d; j++) hits[j] /= total;
  return hits;
}
