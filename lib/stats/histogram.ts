/**
 * Weighted histograms with per-bin errors sqrt(Σ w²), as numpy.histogram (equal-width bins over
 * `range`, the last bin closed on the right, values outside ignored) plus ROOT's Sumw2 errors.
 * Taught in 01-ww-exploration; the notebooks draw histograms with plotHistograms and plotClassHistograms.
 */
import { check, HepmlError } from '../errors';

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /**
   * Number of equal-width bins (default 50), the bin edges (increasing), or `'integer'`: one bin per
   * integer value, edges at k ± 0.5 (for counts such as the number of jets).
   */
  bins?: number | ArrayLike<number> | 'integer';
  /** [lo, hi]; default: min..max of the values (±0.5 when they are all equal, as numpy). */
  range?: [number, number];
  /** Per-value weights (may be negative); default: all 1. */
  weights?: ArrayLike<number>;
  /** Divide by total weight × bin width so the histogram integrates to 1; default false. */
  density?: boolean;
}

/** A filled histogram. */
export interface Histogram {
  /** Bin edges, length bins + 1. */
  edges: Float64Array;
  /** Sum of weights per bin (divided by total·width when density). */
  counts: Float64Array;
  /** sqrt(Σ w²) per bin (scaled like counts). */
  errors: Float64Array;
}

/**
 * Fills a weighted histogram.
 *
 * @param values the values
 * @param options `bins` (default 50), `range` (default data min..max), `weights`, `density` (default false)
 * @example
 * const h = histogram(mjj, { bins: 40, range: [0, 400], weights: w });
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  check(values && typeof values.length === 'number', 'histogram values', 'an array of numbers', values);
  const w = options.weights;
  check(w === undefined || w.length === values.length, 'histogram weights', `${values.length} weights`, w?.length);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]) || (w && !Number.isFinite(w[i]))) {
      throw new HepmlError(`histogram values: expected finite values and weights, found value ${values[i]}${w ? `, weight ${w[i]}` : ''} at index ${i}. Remove NaN/sentinels first.`);
    }
  }
  let bins = options.bins ?? 50;
  if (bins === 'integer') {
    let lo = options.range?.[0] ?? Infinity;
    let hi = options.range?.[1] ?? -Infinity;
    if (!options.range) for (let i = 0; i < values.length; i++) {
      if (values[i] < lo) lo = values[i];
      if (values[i] > hi) hi = values[i];
    }
    if (values.length === 0 && !options.range) [lo, hi] = [0, 0];
    const a = Math.round(lo);
    const b = Math.round(hi);
    check(b - a <= 100000, 'histogram bins', "'integer' bins over at most 100000 integers", `${a}..${b}`);
    bins = Float64Array.from({ length: b - a + 2 }, (_, k) => a + k - 0.5);
  }
  let edges: Float64Array;
  if (typeof bins === 'number') {
    check(Number.isInteger(bins) && bins > 0, 'histogram bins', 'a positive integer or an array of edges', bins);
    let lo: number, hi: number;
    if (options.range) {
      [lo, hi] = options.range;
      check(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, 'histogram range', '[lo, hi] with lo < hi', options.range);
    } else {
      lo = Infinity;
      hi = -Infinity;
      for (let i = 0; i < values.length; i++) {
        if (values[i] < lo) lo = values[i];
        if (values[i] > hi) hi = values[i];
      }
      if (values.length === 0) [lo, hi] = [0, 1];
      if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
    }
    const n = bins;
    edges = Float64Array.from({ length: n + 1 }, (_, k) => lo + ((hi - lo) * k) / n);
  } else {
    edges = Float64Array.from(bins);
    check(edges.length >= 2, 'histogram bins', 'at least 2 edges', edges.length);
    for (let k = 1; k < edges.length; k++) check(edges[k] > edges[k - 1], 'histogram bins', 'strictly increasing edges', edges);
  }
  const nb = edges.length - 1;
  const counts = new Float64Array(nb);
  const sumw2 = new Float64Array(nb);
  const lo = edges[0];
  const hi = edges[nb];
  const uniform = typeof bins === 'number';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo || v > hi) continue;
    let k: number;
    if (uniform) {
      k = v === hi ? nb - 1 : Math.floor(((v - lo) / (hi - lo)) * nb);
      // guard against rounding at the edges
      if (k > 0 && v < edges[k]) k--;
      else if (k < nb - 1 && v >= edges[k + 1]) k++;
    } else k = v === hi ? nb - 1 : upperBound(edges, v) - 1;
    const wi = w ? w[i] : 1;
    counts[k] += wi;
    sumw2[k] += wi * wi;
  }
  const errors = sumw2.map(Math.sqrt);
  if (options.density) {
    let total = 0;
    for (let k = 0; k < nb; k++) total += counts[k];
    for (let k = 0; k < nb; k++) {
      const f = 1 / (total * (edges[k + 1] - edges[k]));
      counts[k] *= f;
      errors[k] *= Math.abs(f);
    }
  }
  return { edges, counts, errors };
}

/** First index with a[i] > v (a sorted). */
function upperBound(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
