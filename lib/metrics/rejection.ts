/**
 * Background rejection 1/ε_B at a fixed signal efficiency ε_S: the figure of merit of jet tagging
 * papers (e.g. "rejection at 30% signal efficiency"). Taught in 06-top-tagging-dnn (also 05, 07) and used by
 * the grading challenges (`rejection@0.3`).
 */
import { check, warn } from '../errors';
import { checkBinaryInput, NO_NEGATIVE, NO_POSITIVE } from './roc';
import { binaryClfCurve, type ClfCurve } from './curve';
import type { Numbers } from './check';

/** Options of {@link backgroundRejection}. */
export interface BackgroundRejectionOptions {
  /** Target signal efficiency ε_S in (0, 1]; default 0.3. */
  signalEfficiency?: number;
  /** Per-sample weights; default: all 1. */
  weights?: Numbers;
}

const DEFAULTS = { signalEfficiency: 0.3 };

/**
 * 1/ε_B where the ROC curve reaches signal efficiency ε_S (higher is better).
 *
 * How: the full ROC curve (every distinct threshold, no points dropped) is read as the piecewise-linear
 * curve between its points (a random mix of two neighbouring thresholds realises any point on a
 * segment). ε_B is interpolated linearly in ε_S on the first segment whose end reaches the target:
 * with i the first point with tpr[i] >= ε_S, ε_B = fpr[i-1] + (ε_S - tpr[i-1]) (fpr[i] - fpr[i-1]) /
 * (tpr[i] - tpr[i-1]). This equals `numpy.interp(eps_s, tpr, fpr)` wherever tpr is strictly increasing
 * around ε_S, and takes the lowest ε_B where the curve is vertical there.
 *
 * @param yTrue labels, 1 = signal
 * @param yScore scores, higher = more signal-like
 * @param options `signalEfficiency` (default 0.3), `weights` (default none)
 * @returns 1/ε_B; `Infinity` (with a warning) when no background passes at that efficiency
 * @example
 * backgroundRejection(yTest, yScore, { signalEfficiency: 0.3 }); // e.g. 950 for a good top tagger
 */
export function backgroundRejection(yTrue: Numbers, yScore: Numbers, options: BackgroundRejectionOptions = {}): number {
  const eff = options.signalEfficiency ?? DEFAULTS.signalEfficiency;
  check(Number.isFinite(eff) && eff > 0 && eff <= 1, 'backgroundRejection signalEfficiency', 'a number in (0, 1]', eff, 'Use e.g. 0.3.');
  checkBinaryInput('backgroundRejection', yTrue, yScore, options.weights);
  return rejectionFromCurve(binaryClfCurve(yTrue, yScore, options.weights), eff);
}

/**
 * {@link backgroundRejection} on a precomputed cumulative curve: the same warnings and the same
 * arithmetic as interpolating the full ROC curve (fpr[i] = fps[i-1] / fTot, tpr likewise), without
 * building it.
 * Used by backgroundRejection and the grader (one curve per leaderboard part).
 * @param curve from {@link binaryClfCurve}
 * @param eff signal efficiency in (0, 1]
 * @returns 1/ε_B at that signal efficiency
 * @example
 * rejectionFromCurve(binaryClfCurve(yTrue, yScore), 0.3);
 */
export function rejectionFromCurve(curve: ClfCurve, eff: number): number {
  const { fps, tps } = curve;
  const fTot = fps[fps.length - 1];
  const tTot = tps[tps.length - 1];
  if (!(fTot > 0)) warn(NO_NEGATIVE);
  if (!(tTot > 0)) warn(NO_POSITIVE);
  if (!(fTot > 0) || !(tTot > 0)) return NaN; // the ROC curve is NaN on that axis: no rejection
  let epsB = NaN;
  let fPrev = 0;
  let tPrev = 0;
  for (let i = 0; i < fps.length; i++) {
    const f = fps[i] / fTot;
    const t = tps[i] / tTot;
    if (t >= eff) {
      const dt = t - tPrev;
      epsB = dt <= 0 ? fPrev : fPrev + ((eff - tPrev) * (f - fPrev)) / dt;
      break;
    }
    fPrev = f;
    tPrev = t;
  }
  if (Number.isNaN(epsB)) return NaN;
  if (epsB <= 0) {
    warn(`backgroundRejection: no background passes the selection at signal efficiency ${eff}; the rejection is infinite.`);
    return Infinity;
  }
  return 1 / epsB;
}

/** Options of {@link rejectionWithUncertainty}. */
export interface RejectionUncertaintyOptions {
  /** Target signal efficiency ε_S in (0, 1]; default 0.3. */
  signalEfficiency?: number;
  /** Per-sample weights; default: all 1. */
  weights?: Numbers;
}

/** 1/ε_B with its statistical uncertainty (see {@link rejectionWithUncertainty}). */
export interface RejectionWithUncertainty {
  /** 1/ε_B at the target signal efficiency (`Infinity` when no background passes). */
  rejection: number;
  /** Binomial standard error of 1/ε_B; NaN when no background passes (use `lowerLimit`). */
  uncertainty: number;
  /** ε_B at the target signal efficiency. */
  backgroundEfficiency: number;
  /** Background events that pass (ε_B · N_B, effective count when weighted): the statistics behind the figure. */
  backgroundPassing: number;
  /** Background events in the sample (effective count (Σw)² / Σw² when weighted). */
  background: number;
  /** One-sided 68 % CL lower limit on 1/ε_B (Clopper-Pearson on the passing count). */
  lowerLimit: number;
}

/**
 * Background rejection 1/ε_B at a signal efficiency, with its statistical uncertainty: a rejection of
 * 333 read off 3 background jets is 333 ± 192, not 333.
 *
 * ε_B is estimated from N_B background events (k = ε_B · N_B of them pass), a binomial proportion with
 * σ(ε_B) = √(ε_B (1 − ε_B) / N_B); propagated, σ(1/ε_B) = σ(ε_B) / ε_B². With weights N_B is the effective
 * count (Σw)² / Σw². The one-sided 68 % lower limit solves P(≤ k pass | ε) = 0.32 for ε (Clopper-Pearson,
 * k rounded down), so it stays finite when no background passes (then 1/ε_B is `Infinity`).
 * Taught in 06-top-tagging-dnn and 07-top-tagging-cnn.
 *
 * @param yTrue labels, 1 = signal
 * @param yScore scores, higher = more signal-like
 * @param options `signalEfficiency` (default 0.3), `weights` (default none)
 * @returns `{ rejection, uncertainty, backgroundEfficiency, backgroundPassing, background, lowerLimit }`
 * @example
 * const r = rejectionWithUncertainty(yTest, score, { signalEfficiency: 0.3 });
 * `${r.rejection.toFixed(0)} ± ${r.uncertainty.toFixed(0)}`; // e.g. "250 ± 40"
 */
export function rejectionWithUncertainty(yTrue: Numbers, yScore: Numbers, options: RejectionUncertaintyOptions = {}): RejectionWithUncertainty {
  const eff = options.signalEfficiency ?? DEFAULTS.signalEfficiency;
  check(Number.isFinite(eff) && eff > 0 && eff <= 1, 'rejectionWithUncertainty signalEfficiency', 'a number in (0, 1]', eff, 'Use e.g. 0.3.');
  checkBinaryInput('rejectionWithUncertainty', yTrue, yScore, options.weights);
  const rejection = rejectionFromCurve(binaryClfCurve(yTrue, yScore, options.weights), eff);
  let sw = 0;
  let sw2 = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1) continue;
    const w = options.weights ? options.weights[i] : 1;
    sw += w;
    sw2 += w * w;
  }
  const n = sw2 > 0 ? (sw * sw) / sw2 : 0;
  const epsB = Number.isFinite(rejection) ? 1 / rejection : rejection === Infinity ? 0 : NaN;
  const k = epsB * n;
  const uncertainty = epsB > 0 ? Math.sqrt((epsB * (1 - epsB)) / n) / (epsB * epsB) : NaN;
  return { rejection, uncertainty, backgroundEfficiency: epsB, backgroundPassing: k, background: n, lowerLimit: Number.isNaN(epsB) ? NaN : 1 / clopperPearsonUpper(Math.floor(k + 1e-9), n, 0.32) };
}

/** Upper ε with P(X ≤ k | n, ε) = alpha for a binomial X (bisection; n may be fractional). */
function clopperPearsonUpper(k: number, n: number, alpha: number): number {
  if (k >= n) return 1;
  let lo = k / n;
  let hi = 1;
  for (let it = 0; it < 80; it++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(k, n, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space (n may be fractional: Γ-function coefficients). */
function binomialCdf(k: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return k >= n ? 1 : 0;
  let sum = 0;
  for (let j = 0; j <= k; j++) sum += Math.exp(logGamma(n + 1) - logGamma(j + 1) - logGamma(n - j + 1) + j * Math.log(p) + (n - j) * Math.log1p(-p));
  return Math.min(1, sum);
}

/** ln Γ(x), Lanczos approximation (g = 7, 9 terms; relative error < 1e-13 for x > 0). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
