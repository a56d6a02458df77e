/**
 * Discovery significances: the HiggsML approximate median significance (AMS) with its threshold scan,
 * and the Asimov significance Z0 with and without a background uncertainty. Taught in
 * 03-higgsml-bdt and 04-higgsml-dnn (AMS) and 09-vh-multiclass (Z0); the grading challenges use `ams` with b_reg = 10.
 */
import { check, HepmlError, warn } from '../errors';
import { binaryClfCurve, type ClfCurve } from './curve';
import { checkBinaryInput } from './roc';
import type { Numbers } from './check';

/** Options of {@link ams}. */
export interface AmsOptions {
  /** Regularisation term b_reg added to the background; default 10 (the HiggsML challenge value). */
  bReg?: number;
}

/**
 * Approximate median significance of the HiggsML challenge (higher is better):
 *
 *   AMS = sqrt( 2 ( (s + b + b_reg) ln(1 + s / (b + b_reg)) − s ) ),
 *
 * equation (7) of C. Adam-Bourdarios et al., "The Higgs boson machine learning challenge",
 * JMLR W&CP 42 (2015) 19 (also the challenge documentation, 2014), with b_reg = 10.
 *
 * @param s weighted signal count selected (>= 0)
 * @param b weighted background count selected (>= 0)
 * @param options `bReg` (default 10)
 * @example
 * ams(100, 1000); // ≈ 3.10
 */
export function ams(s: number, b: number, options: AmsOptions = {}): number {
  const bReg = options.bReg ?? 10;
  check(Number.isFinite(s) && s >= 0, 'ams s', 'a finite number >= 0', s);
  check(Number.isFinite(b) && b >= 0, 'ams b', 'a finite number >= 0', b);
  check(Number.isFinite(bReg) && bReg >= 0, 'ams bReg', 'a finite number >= 0', bReg);
  if (b + bReg === 0) {
    warn('ams: b + bReg = 0, the significance is undefined; returning NaN. Use bReg > 0.');
    return NaN;
  }
  return amsUnchecked(s, b, bReg);
}

function amsUnchecked(s: number, b: number, bReg: number): number {
  const bb = b + bReg;
  const radicand = 2 * ((s + bb) * Math.log1p(s / bb) - s);
  return Math.sqrt(Math.max(radicand, 0));
}

/** Options of {@link amsScan}. */
export interface AmsScanOptions {
  /** Regularisation b_reg; default 10. */
  bReg?: number;
  /**
   * Kaggle's renormalisation: rescale the signal and background weights so that they sum to these
   * totals (the full-dataset sums), as done when the AMS is computed on a subset (public/private
   * leaderboard, a test split). Default: weights used as given.
   */
  totals?: { signal: number; background: number };
}

/** Result of {@link amsScan}. */
export interface AmsScan {
  /** Decreasing selection thresholds (select score >= threshold). */
  thresholds: Float64Array;
  /** AMS at each threshold. */
  ams: Float64Array;
  /** Selected weighted signal and background at each threshold. */
  s: Float64Array;
  b: Float64Array;
  /** The threshold with the highest AMS. */
  best: { threshold: number; ams: number; s: number; b: number };
}

/**
 * AMS for every selection `score >= threshold` (one per distinct score), and the best one.
 *
 * @param yTrue 1 = signal, 0 = background
 * @param yScore classifier scores
 * @param weights event weights (the HiggsML `Weight` column), >= 0
 * @param options `bReg` (default 10), `totals` (default none: no renormalisation)
 * @example
 * const { best } = amsScan(yTest, yScore, wTest, { totals: { signal: 691.99, background: 410999.8 } });
 */
export function amsScan(yTrue: Numbers, yScore: Numbers, weights: Numbers, options: AmsScanOptions = {}): AmsScan {
  const bReg = options.bReg ?? 10;
  check(Number.isFinite(bReg) && bReg > 0, 'amsScan bReg', 'a finite number > 0', bReg);
  check(weights !== undefined, 'amsScan weights', 'an array of event weights', weights, 'Pass ones for unweighted events.');
  checkBinaryInput('amsScan', yTrue, yScore, weights);
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] < 0) throw new HepmlError(`amsScan weights: expected non-negative weights, found ${weights[i]} at index ${i}.`, { where: 'amsScan weights' });
  }
  return amsScanFromCurve(binaryClfCurve(yTrue, yScore, weights), bReg, options.totals);
}

/**
 * {@link amsScan} on a precomputed weighted cumulative curve (bReg already checked).
 * Used by amsScan and the grader (one curve per leaderboard part).
 * @param curve from {@link binaryClfCurve}, weighted
 * @param bReg the AMS regularisation term (10 in the HiggsML challenge)
 * @param totals optional total signal and background weights (when the curve covers a subset)
 * @example
 * const scan = amsScanFromCurve(binaryClfCurve(yTrue, yScore, weights), 10);
 */
export function amsScanFromCurve(curve: ClfCurve, bReg: number, totals?: { signal: number; background: number }): AmsScan {
  const { fps, tps, thresholds } = curve;
  let sScale = 1;
  let bScale = 1;
  if (totals) {
    const { signal, background } = totals;
    check(Number.isFinite(signal) && signal > 0, 'amsScan totals.signal', 'a positive number', signal);
    check(Number.isFinite(background) && background > 0, 'amsScan totals.background', 'a positive number', background);
    const sTot = tps.length ? tps[tps.length - 1] : 0;
    const bTot = fps.length ? fps[fps.length - 1] : 0;
    if (!(sTot > 0) || !(bTot > 0)) throw new HepmlError(`amsScan totals: expected signal and background events to renormalise, found total weights ${sTot} and ${bTot}.`);
    sScale = signal / sTot;
    bScale = background / bTot;
  }
  const m = thresholds.length;
  const out = new Float64Array(m);
  const s = new Float64Array(m);
  const b = new Float64Array(m);
  let bestI = 0;
  for (let i = 0; i < m; i++) {
    s[i] = tps[i] * sScale;
    b[i] = fps[i] * bScale;
    out[i] = amsUnchecked(s[i], b[i], bReg);
    if (out[i] > out[bestI]) bestI = i;
  }
  return { thresholds, ams: out, s, b, best: { threshold: thresholds[bestI], ams: out[bestI], s: s[bestI], b: b[bestI] } };
}

/** How the background uncertainty enters {@link asimovZ0}. */
export type BackgroundConstraint = 'gaussian' | 'poisson';

/** Options of {@link asimovZ0}. */
export interface AsimovOptions {
  /** Absolute uncertainty σ_b on the background expectation b; default 0 (none). */
  sigmaB?: number;
  /**
   * How σ_b constrains b: `'poisson'` (default) is Cowan's Poisson auxiliary measurement (closed form,
   * eq. 20 of his 2012 note); `'gaussian'` a Gaussian constraint term N(b₀ | b, σ_b), profiled (the
   * VH talk's choice, see {@link asimovZ0Gaussian}). Equal when σ_b = 0.
   */
  constraint?: BackgroundConstraint;
}

/**
 * Median discovery significance for s signal over b background events with the Asimov data set.
 *
 * Without uncertainty, eq. (97) of G. Cowan, K. Cranmer, E. Gross, O. Vitells, "Asymptotic formulae
 * for likelihood-based tests of new physics", Eur. Phys. J. C 71 (2011) 1554:
 *   Z0 = sqrt( 2 ( (s + b) ln(1 + s/b) − s ) ).
 * With an absolute background uncertainty σ_b (profiled; Cowan's "Discovery sensitivity for a
 * counting experiment with background uncertainty", 2012, eq. 20, a Poisson auxiliary measurement):
 *   Z0 = sqrt( 2 ( (s+b) ln[ (s+b)(b+σ²) / (b² + (s+b)σ²) ] − (b²/σ²) ln[ 1 + σ² s / (b (b+σ²)) ] ) ).
 * With `constraint: 'gaussian'` the Gaussian-constrained form of {@link asimovZ0Gaussian}.
 *
 * @param s expected signal (>= 0)
 * @param b expected background (> 0; b = 0 warns and gives NaN)
 * @param options `sigmaB` absolute background uncertainty (default 0), e.g. 0.1 * b for 10%;
 *   `constraint` ('poisson', Cowan's form, by default; or 'gaussian')
 * @example
 * asimovZ0(10, 100);                  // ≈ 0.98
 * asimovZ0(10, 100, { sigmaB: 10 });  // ≈ 0.69
 */
export function asimovZ0(s: number, b: number, options: AsimovOptions = {}): number {
  const sigma = options.sigmaB ?? 0;
  const constraint = options.constraint ?? 'poisson';
  check(Number.isFinite(s) && s >= 0, 'asimovZ0 s', 'a finite number >= 0', s);
  check(Number.isFinite(b) && b >= 0, 'asimovZ0 b', 'a finite number >= 0', b);
  check(Number.isFinite(sigma) && sigma >= 0, 'asimovZ0 sigmaB', 'a finite number >= 0', sigma);
  check(constraint === 'poisson' || constraint === 'gaussian', 'asimovZ0 constraint', "'poisson' or 'gaussian'", constraint);
  if (b === 0) {
    warn('asimovZ0: b = 0, the significance is undefined (infinite); returning NaN. Merge bins or add background.');
    return NaN;
  }
  return constraint === 'gaussian' ? asimovGaussianUnchecked(s, b, sigma) : asimovUnchecked(s, b, sigma);
}

/**
 * Asimov discovery significance with a Gaussian-constrained background, the form of the VH talk.
 *
 * Likelihood L(μ, β) = Pois(n | μs + β) · N(b | β, σ_b). On the Asimov data set n = s + b the
 * background-only fit (μ = 0) profiles β: n/β − 1 = (β − b)/σ², i.e.
 *   β̂ = [ (b − σ²) + sqrt( (b − σ²)² + 4 n σ² ) ] / 2,
 * and q0 = 2 [ n ln(n/β̂) − (n − β̂) ] + (β̂ − b)²/σ², Z0 = √q0 (Cowan et al., EPJC 71 (2011) 1554,
 * eqs. 12 and 24 with a Gaussian auxiliary term). For σ_b → 0 it is eq. (97); it differs from Cowan's
 * Poisson-auxiliary form only at second order in σ_b/b.
 *
 * @param s expected signal (>= 0)
 * @param b expected background (> 0; b = 0 warns and gives NaN)
 * @param sigmaB absolute background uncertainty (>= 0), e.g. 0.1 * b
 * @example
 * asimovZ0Gaussian(10, 100, 10); // ≈ 0.70
 */
export function asimovZ0Gaussian(s: number, b: number, sigmaB: number): number {
  return asimovZ0(s, b, { sigmaB, constraint: 'gaussian' });
}

/** @internal asimovZ0 (Poisson auxiliary) without checks, for hot loops (binning optimisation). */
export function asimovUnchecked(s: number, b: number, sigma: number): number {
  if (s === 0) return 0;
  let q: number;
  if (sigma === 0) {
    q = 2 * ((s + b) * Math.log1p(s / b) - s);
  } else {
    const s2 = sigma * sigma;
    const n = s + b;
    q = 2 * (n * Math.log((n * (b + s2)) / (b * b + n * s2)) - ((b * b) / s2) * Math.log1p((s2 * s) / (b * (b + s2))));
  }
  return Math.sqrt(Math.max(q, 0));
}

/** @internal asimovZ0Gaussian without checks, for hot loops. */
export function asimovGaussianUnchecked(s: number, b: number, sigma: number): number {
  if (s === 0) return 0;
  if (sigma === 0) return asimovUnchecked(s, b, 0);
  const s2 = sigma * sigma;
  const n = s + b;
  const d = b - s2;
  const beta = 0.5 * (d + Math.sqrt(d * d + 4 * n * s2));
  const q = 2 * (n * Math.log(n / beta) - (n - beta)) + ((beta - b) * (beta - b)) / s2;
  return Math.sqrt(Math.max(q, 0));
}
