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
  sampleWeight?: Numbers;
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
 * @param options `signalEfficiency` (default 0.3), `sampleWeight` (default none)
 * @returns 1/ε_B; `Infinity` (with a warning) when no background passes at that efficiency
 * @example
 * backgroundRejection(yTest, yScore, { signalEfficiency: 0.3 }); // e.g. 950 for a good top tagger
 */
export function backgroundRejection(yTrue: Numbers, yScore: Numbers, options: BackgroundRejectionOptions = {}): number {
  const eff = options.signalEfficiency ?? DEFAULTS.signalEfficiency;
  check(Number.isFinite(eff) && eff > 0 && eff <= 1, 'backgroundRejection signalEfficiency', 'a number in (0, 1]', eff, 'Use e.g. 0.3.');
  checkBinaryInput('backgroundRejection', yTrue, yScore, options.sampleWeight);
  return rejectionFromCurve(binaryClfCurve(yTrue, yScore, options.sampleWeight), eff);
}

/**
 * {@link backgroundRejection} on a precomputed cumulative curve: the same warnings and the same
 * arithmetic as interpolating the full ROC curve (fpr[i] = fps[i-1] / fTot, tpr likewise), without
 * building it.
 * @internal used by backgroundRejection and the grader (one curve per leaderboard part)
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

/** ε_B at signal efficiency `eff` on a ROC curve (see {@link backgroundRejection} for the rule). */
export function interpolateFpr(fpr: ArrayLike<number>, tpr: ArrayLike<number>, eff: number): number {
  for (let i = 1; i < tpr.length; i++) {
    if (tpr[i] >= eff) {
      const dt = tpr[i] - tpr[i - 1];
      if (dt <= 0) return fpr[i - 1];
      return fpr[i - 1] + ((eff - tpr[i - 1]) * (fpr[i] - fpr[i - 1])) / dt;
    }
  }
  return NaN;
}
