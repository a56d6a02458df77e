/**
 * A small private binning helper, so plots take raw values without waiting for lib/stats. Weighted
 * counts and the sum of squared weights (error = sqrt(sum w^2)) per bin, one pass over typed arrays.
 */
import { check } from '../errors';
import { finiteArray, sameLength } from './inputs';

/** Bin contents of one series. */
export interface Binned {
  /** Sum of weights per bin. */
  sumw: Float64Array;
  /** Sum of squared weights per bin. */
  sumw2: Float64Array;
  /** Sum of weights inside the range. */
  total: number;
  /** Sum of weights below / above the range (dropped unless clipped). */
  underflow: number;
  overflow: number;
}

/**
 * Bin edges: `bins` edges given explicitly (increasing), or a count of uniform bins over `range`
 * (default: the min and max of all values).
 */
export function resolveEdges(bins: number | ArrayLike<number>, range: [number, number] | undefined, all: ArrayLike<number>[], where: string): Float64Array {
  if (typeof bins !== 'number') {
    const e = Float64Array.from(finiteArray(bins, `${where}.bins`));
    check(e.length >= 2, `${where}.bins`, 'at least two edges', bins);
    for (let i = 1; i < e.length; i++) check(e[i] > e[i - 1], `${where}.bins`, 'strictly increasing edges', `${e[i - 1]} then ${e[i]}`);
    return e;
  }
  check(Number.isInteger(bins) && bins >= 1 && bins <= 10000, `${where}.bins`, 'an integer number of bins in 1..10000 or an array of edges', bins);
  let lo = range?.[0] ?? Infinity;
  let hi = range?.[1] ?? -Infinity;
  if (!range) {
    for (const a of all) for (let i = 0; i < a.length; i++) {
      if (a[i] < lo) lo = a[i];
      if (a[i] > hi) hi = a[i];
    }
  }
  check(Number.isFinite(lo) && Number.isFinite(hi), `${where}.range`, 'finite [min, max]', range ?? [lo, hi]);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  check(hi > lo, `${where}.range`, '[min, max] with min < max', range);
  const e = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) e[i] = lo + ((hi - lo) * i) / bins;
  return e;
}

/** Index of the bin holding v for increasing `edges`, -1 below, n above; the last edge belongs to the last bin. */
function findBin(edges: Float64Array, v: number, uniform: boolean): number {
  const n = edges.length - 1;
  if (v < edges[0]) return -1;
  if (v > edges[n]) return n;
  if (v === edges[n]) return n - 1;
  if (uniform) return Math.min(n - 1, Math.floor(((v - edges[0]) / (edges[n] - edges[0])) * n));
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

function isUniform(edges: Float64Array): boolean {
  const n = edges.length - 1;
  const w = (edges[n] - edges[0]) / n;
  for (let i = 1; i <= n; i++) if (Math.abs(edges[i] - edges[i - 1] - w) > 1e-9 * Math.abs(w)) return false;
  return true;
}

/**
 * Fills a weighted histogram. With `clip`, values outside the range go to the first/last bin.
 * Values and weights must already be checked finite.
 */
export function fillBins(edges: Float64Array, values: ArrayLike<number>, weights: ArrayLike<number> | undefined, clip: boolean): Binned {
  const n = edges.length - 1;
  const sumw = new Float64Array(n);
  const sumw2 = new Float64Array(n);
  const uniform = isUniform(edges);
  let under = 0;
  let over = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights ? weights[i] : 1;
    let b = findBin(edges, values[i], uniform);
    if (b < 0) {
      if (!clip) { under += w; continue; }
      b = 0;
    } else if (b >= n) {
      if (!clip) { over += w; continue; }
      b = n - 1;
    }
    sumw[b] += w;
    sumw2[b] += w * w;
  }
  let total = 0;
  for (let b = 0; b < n; b++) total += sumw[b];
  return { sumw, sumw2, total, underflow: under, overflow: over };
}

/** Checks a series' values and optional weights. */
export function checkSeries(values: unknown, weights: unknown, where: string): { values: ArrayLike<number>; weights?: ArrayLike<number> } {
  const v = finiteArray(values, `${where}.values`);
  if (weights === undefined) return { values: v };
  const w = finiteArray(weights, `${where}.weights`);
  sameLength(v, w, `${where}.values`, `${where}.weights`);
  return { values: v, weights: w };
}
