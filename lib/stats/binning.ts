/**
 * The VH binning optimisation (the Basso talk; taught in 09-vh-multiclass): split the discriminant range
 * [0.2, 1] greedily into bins so that the combined Asimov significance rises.
 *
 * Start with one bin. At each step, for every existing bin try split points at 5%, 10%, …, 95% of its
 * width; a candidate is allowed only if both new bins hold more than 3 signal and more than 3
 * background events — raw MC events by default (regularisation against fluctuations), or expected
 * (weighted) events with `minCountOf: 'expected'`, as the talk counts them. Keep the candidate that gives
 * the highest total Z0 = sqrt(Σ_bins Z0_i²), Z0_i the Asimov significance with a 10% background
 * uncertainty, but only if that total rises; otherwise stop. There is no cap on the number of bins: the
 * stopping rule and the minimal counts decide it. Z0_i is the talk's Gaussian-constrained form
 * (`asimovZ0Gaussian`) by default, Cowan's Poisson-auxiliary form with `significance: 'cowan'`.
 * `binnedZ0` evaluates fixed edges on another sample (the held-out test set), `cutBasedZ0` gives the
 * single-cut significance for the comparison.
 */
import { check, HepmlError } from '../errors';
import { asimovGaussianUnchecked, asimovUnchecked } from '../metrics/significance';

/** Form of the per-bin significance: the talk's Gaussian constraint, or Cowan's Poisson auxiliary measurement. */
export type SignificanceForm = 'gaussian' | 'cowan';

/** Options of {@link optimizeBinning}. */
export interface BinningOptions {
  /** Discriminant range that is binned; default [0.2, 1]. */
  range?: [number, number];
  /** Relative background uncertainty (σ_b = bkgUncertainty · b); default 0.1. */
  bkgUncertainty?: number;
  /** A bin needs more than this many signal events (raw MC or expected, see `minCountOf`); default 3. */
  minSig?: number;
  /** A bin needs more than this many background events (raw MC or expected, see `minCountOf`); default 3. */
  minBkg?: number;
  /**
   * What `minSig`/`minBkg` count: `'raw'` MC events (default; regularises MC fluctuations) or `'expected'`
   * events, the weighted yields (the talk's N_VH > 3, N_bkg > 3 at 139 fb⁻¹). With `'expected'` a bin also
   * needs at least one raw MC event of each.
   */
  minCountOf?: 'raw' | 'expected';
  /** Split points as fractions of a bin's width; default 0.05, 0.10, …, 0.95. */
  splitFractions?: ArrayLike<number>;
  /** Stop at this many bins; default no limit (the stopping rule decides). */
  maxBins?: number;
  /** Per-bin Z0: `'gaussian'` (default, the talk's Gaussian-constrained background) or `'cowan'`. */
  significance?: SignificanceForm;
}

const FRACTIONS = Float64Array.from({ length: 19 }, (_, k) => (k + 1) / 20);

/** Result of {@link optimizeBinning}. */
export interface Binning {
  /** Bin edges, increasing, from range[0] to range[1]. */
  edges: Float64Array;
  /** Weighted signal and background per bin. */
  s: Float64Array;
  b: Float64Array;
  /** Raw MC event counts per bin. */
  nSig: Int32Array;
  nBkg: Int32Array;
  /** Asimov Z0 per bin (with the background uncertainty). */
  z0: Float64Array;
  /** sqrt(Σ z0²). */
  totalZ0: number;
  /** Total Z0 after each step: history[0] is the single bin, history[k] after the k-th split. */
  history: number[];
}

/** Sorted scores with prefix sums of weights, for O(log n) bin contents. */
class Sorted {
  readonly x: Float64Array;
  readonly cw: Float64Array;
  constructor(where: string, scores: ArrayLike<number>, weights: ArrayLike<number>) {
    check(scores && weights && scores.length === weights.length, `${where} weights`, `${scores?.length} weights (one per score)`, weights?.length);
    const idx = Array.from({ length: scores.length }, (_, i) => i);
    for (let i = 0; i < scores.length; i++) {
      if (!Number.isFinite(scores[i]) || !Number.isFinite(weights[i])) throw new HepmlError(`${where}: expected finite scores and weights, found score ${scores[i]}, weight ${weights[i]} at index ${i}.`);
    }
    idx.sort((a, b) => scores[a] - scores[b]);
    this.x = Float64Array.from(idx, (i) => scores[i]);
    this.cw = new Float64Array(idx.length + 1);
    for (let k = 0; k < idx.length; k++) this.cw[k + 1] = this.cw[k] + weights[idx[k]];
  }
  /** First index with x >= v (strict = false) or x > v (strict = true). */
  bound(v: number, strict: boolean): number {
    let lo = 0, hi = this.x.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.x[mid] < v || (strict && this.x[mid] === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** [raw count, weight sum] in [lo, hi) or [lo, hi] when `closed`. */
  content(lo: number, hi: number, closed: boolean): [number, number] {
    const a = this.bound(lo, false);
    const b = this.bound(hi, closed);
    return [b - a, this.cw[b] - this.cw[a]];
  }
}

interface Bin {
  lo: number;
  hi: number;
  s: number;
  b: number;
  ns: number;
  nb: number;
  z: number;
}

/**
 * Greedy significance-driven binning of a discriminant (see the module comment for the rule).
 *
 * @param scoresSig discriminant of signal MC events; @param weightsSig their weights
 * @param scoresBkg discriminant of background MC events; @param weightsBkg their weights
 * @param options `range` ([0.2, 1]), `bkgUncertainty` (0.1), `minSig`/`minBkg` (3), `splitFractions` (5%…95%),
 *   `maxBins` (no limit), `significance` ('gaussian'), `minCountOf` ('raw')
 * @example
 * const bins = optimizeBinning(dSig, wSig, dBkg, wBkg);
 * bins.edges; bins.totalZ0; bins.history; // significance vs number of bins
 */
export function optimizeBinning(scoresSig: ArrayLike<number>, weightsSig: ArrayLike<number>, scoresBkg: ArrayLike<number>, weightsBkg: ArrayLike<number>, options: BinningOptions = {}): Binning {
  const [lo, hi] = options.range ?? [0.2, 1];
  check(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, 'optimizeBinning range', '[lo, hi] with lo < hi', options.range);
  const unc = options.bkgUncertainty ?? 0.1;
  check(Number.isFinite(unc) && unc >= 0, 'optimizeBinning bkgUncertainty', 'a number >= 0', unc);
  const minSig = options.minSig ?? 3;
  const minBkg = options.minBkg ?? 3;
  const fractions = options.splitFractions ?? FRACTIONS;
  for (let k = 0; k < fractions.length; k++) check(fractions[k] > 0 && fractions[k] < 1, 'optimizeBinning splitFractions', 'fractions in (0, 1)', fractions[k]);
  const maxBins = options.maxBins ?? Infinity;
  check((Number.isInteger(maxBins) && maxBins >= 1) || maxBins === Infinity, 'optimizeBinning maxBins', 'a positive integer or Infinity', maxBins);
  const form = significanceForm('optimizeBinning', options.significance);
  const countOf = options.minCountOf ?? 'raw';
  check(countOf === 'raw' || countOf === 'expected', 'optimizeBinning minCountOf', "'raw' or 'expected'", countOf);
  const tooSmall = (bin: Bin) => (countOf === 'raw' ? bin.ns <= minSig || bin.nb <= minBkg : bin.s <= minSig || bin.b <= minBkg || bin.ns < 1 || bin.nb < 1);
  const sig = new Sorted('optimizeBinning scoresSig', scoresSig, weightsSig);
  const bkg = new Sorted('optimizeBinning scoresBkg', scoresBkg, weightsBkg);
  const make = (a: number, b: number, closed: boolean): Bin => {
    const [ns, s] = sig.content(a, b, closed);
    const [nb, bw] = bkg.content(a, b, closed);
    return { lo: a, hi: b, s, b: bw, ns, nb, z: zOf(s, bw, unc, form) };
  };
  const first = make(lo, hi, true);
  if (!(first.b > 0)) throw new HepmlError(`optimizeBinning scoresBkg: expected background in the range [${lo}, ${hi}], found total weight ${first.b}.`);
  const bins: Bin[] = [first];
  let z2 = first.z * first.z;
  const history = [Math.sqrt(z2)];
  while (bins.length < maxBins) {
    let best: { i: number; left: Bin; right: Bin; z2: number } | null = null;
    for (let i = 0; i < bins.length; i++) {
      const bin = bins[i];
      const closed = i === bins.length - 1;
      for (let k = 0; k < fractions.length; k++) {
        const t = bin.lo + fractions[k] * (bin.hi - bin.lo);
        const left = make(bin.lo, t, false);
        const right = make(t, bin.hi, closed);
        if (tooSmall(left) || tooSmall(right)) continue;
        if (!(left.b > 0) || !(right.b > 0)) continue;
        const cand = z2 - bin.z * bin.z + left.z * left.z + right.z * right.z;
        if (!best || cand > best.z2) best = { i, left, right, z2: cand };
      }
    }
    if (!best || !(best.z2 > z2 * (1 + 1e-12))) break;
    bins.splice(best.i, 1, best.left, best.right);
    z2 = best.z2;
    history.push(Math.sqrt(z2));
  }
  return {
    edges: Float64Array.from([...bins.map((b) => b.lo), hi]),
    s: Float64Array.from(bins, (b) => b.s),
    b: Float64Array.from(bins, (b) => b.b),
    nSig: Int32Array.from(bins, (b) => b.ns),
    nBkg: Int32Array.from(bins, (b) => b.nb),
    z0: Float64Array.from(bins, (b) => b.z),
    totalZ0: Math.sqrt(z2),
    history,
  };
}

function zOf(s: number, b: number, unc: number, form: SignificanceForm): number {
  if (!(b > 0) || !(s > 0)) return 0;
  return form === 'gaussian' ? asimovGaussianUnchecked(s, b, unc * b) : asimovUnchecked(s, b, unc * b);
}

function significanceForm(where: string, v: SignificanceForm | undefined): SignificanceForm {
  const form = v ?? 'gaussian';
  check(form === 'gaussian' || form === 'cowan', `${where} significance`, "'gaussian' or 'cowan'", v);
  return form;
}

/** Options of {@link binnedZ0}. */
export interface BinnedZ0Options {
  /** Relative background uncertainty; default 0.1. */
  bkgUncertainty?: number;
  /** Per-bin Z0 form; default 'gaussian'. */
  significance?: SignificanceForm;
}

/** Result of {@link binnedZ0}: per-bin contents and the combined significance. */
export interface BinnedZ0 {
  edges: Float64Array;
  s: Float64Array;
  b: Float64Array;
  nSig: Int32Array;
  nBkg: Int32Array;
  z0: Float64Array;
  totalZ0: number;
}

/**
 * Combined Z0 = sqrt(Σ Z0_i²) of fixed bin edges (the last bin closed) on a sample, e.g. the edges that
 * {@link optimizeBinning} found on the training scores, evaluated on held-out test scores. A bin without
 * background contributes 0 (its Z0 is undefined).
 *
 * @param edges increasing bin edges
 * @param options `bkgUncertainty` (0.1), `significance` ('gaussian')
 * @example
 * const test = binnedZ0(bins.edges, dSigTest, wSigTest, dBkgTest, wBkgTest); // test.totalZ0
 */
export function binnedZ0(edges: ArrayLike<number>, scoresSig: ArrayLike<number>, weightsSig: ArrayLike<number>, scoresBkg: ArrayLike<number>, weightsBkg: ArrayLike<number>, options: BinnedZ0Options = {}): BinnedZ0 {
  check(edges && edges.length >= 2, 'binnedZ0 edges', 'at least two edges', edges?.length);
  for (let k = 1; k < edges.length; k++) check(edges[k] > edges[k - 1], 'binnedZ0 edges', 'increasing edges', `${edges[k - 1]} then ${edges[k]}`);
  const unc = options.bkgUncertainty ?? 0.1;
  check(Number.isFinite(unc) && unc >= 0, 'binnedZ0 bkgUncertainty', 'a number >= 0', unc);
  const form = significanceForm('binnedZ0', options.significance);
  const sig = new Sorted('binnedZ0 scoresSig', scoresSig, weightsSig);
  const bkg = new Sorted('binnedZ0 scoresBkg', scoresBkg, weightsBkg);
  const m = edges.length - 1;
  const out: BinnedZ0 = { edges: Float64Array.from(edges), s: new Float64Array(m), b: new Float64Array(m), nSig: new Int32Array(m), nBkg: new Int32Array(m), z0: new Float64Array(m), totalZ0: 0 };
  let z2 = 0;
  for (let k = 0; k < m; k++) {
    const closed = k === m - 1;
    [out.nSig[k], out.s[k]] = sig.content(edges[k], edges[k + 1], closed);
    [out.nBkg[k], out.b[k]] = bkg.content(edges[k], edges[k + 1], closed);
    out.z0[k] = zOf(out.s[k], out.b[k], unc, form);
    z2 += out.z0[k] * out.z0[k];
  }
  out.totalZ0 = Math.sqrt(z2);
  return out;
}

/** Options of {@link cutBasedZ0}. */
export interface CutBasedOptions {
  /** Range of the scanned thresholds; default [0.2, 1]. */
  range?: [number, number];
  /** Number of thresholds scanned (equally spaced, from range[0]); default 100. */
  steps?: number;
  /** Relative background uncertainty; default 0.1. */
  bkgUncertainty?: number;
  /** Minimal counts (strictly more) above the cut; default 3. */
  minSig?: number;
  minBkg?: number;
  /** What the minimal counts count: 'raw' MC events (default) or 'expected' (weighted) events. */
  minCountOf?: 'raw' | 'expected';
  /** Z0 form; default 'gaussian'. */
  significance?: SignificanceForm;
}

/**
 * The best single cut `score >= threshold`: Asimov Z0 (with the background uncertainty) of the
 * selected events, scanned over thresholds. The baseline the binned result is compared with.
 *
 * @example
 * const cut = cutBasedZ0(dSig, wSig, dBkg, wBkg); // cut.threshold, cut.z0
 */
export function cutBasedZ0(scoresSig: ArrayLike<number>, weightsSig: ArrayLike<number>, scoresBkg: ArrayLike<number>, weightsBkg: ArrayLike<number>, options: CutBasedOptions = {}): { threshold: number; z0: number; s: number; b: number; thresholds: Float64Array; z0s: Float64Array } {
  const [lo, hi] = options.range ?? [0.2, 1];
  check(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, 'cutBasedZ0 range', '[lo, hi] with lo < hi', options.range);
  const steps = options.steps ?? 100;
  check(Number.isInteger(steps) && steps >= 1, 'cutBasedZ0 steps', 'a positive integer', steps);
  const unc = options.bkgUncertainty ?? 0.1;
  const minSig = options.minSig ?? 3;
  const minBkg = options.minBkg ?? 3;
  const form = significanceForm('cutBasedZ0', options.significance);
  const sig = new Sorted('cutBasedZ0 scoresSig', scoresSig, weightsSig);
  const bkg = new Sorted('cutBasedZ0 scoresBkg', scoresBkg, weightsBkg);
  const thresholds = Float64Array.from({ length: steps }, (_, k) => lo + ((hi - lo) * k) / steps);
  const z0s = new Float64Array(steps);
  let best = { threshold: NaN, z0: 0, s: 0, b: 0 };
  for (let k = 0; k < steps; k++) {
    const [ns, s] = sig.content(thresholds[k], Infinity, true);
    const [nb, b] = bkg.content(thresholds[k], Infinity, true);
    const enough = (options.minCountOf ?? 'raw') === 'raw' ? ns > minSig && nb > minBkg : s > minSig && b > minBkg && ns > 0 && nb > 0;
    z0s[k] = enough ? zOf(s, b, unc, form) : 0;
    if (z0s[k] > best.z0) best = { threshold: thresholds[k], z0: z0s[k], s, b };
  }
  return { ...best, thresholds, z0s };
}
