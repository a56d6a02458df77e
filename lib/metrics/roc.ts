/**
 * Receiver operating characteristic: `rocCurve` and `rocAucScore`.
 *
 * Matches scikit-learn's `roc_curve` / `roc_auc_score` (sklearn/metrics/_ranking.py) point for point:
 * ties, sample weights (zero weights dropped), `drop_intermediate`, and NaN plus a warning when a class
 * is absent from the curve. One deliberate choice: the first threshold is `+Infinity`, as in
 * scikit-learn >= 1.3; Debian's python3-sklearn 1.2.1 puts `max(score) + 1` there instead (all other
 * points are identical). Taught in 02-ww-mlp, 03-higgsml-bdt and 04-higgsml-dnn.
 */
import { check, HepmlError, warn } from '../errors';
import { binaryClfCurve, type ClfCurve } from './curve';
import { checkBinaryLabels, checkFinite, checkLength, checkWeights, type Numbers } from './check';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** Per-sample weights (may be negative, as MC weights can be); default: all 1. */
  weights?: Numbers;
  /** Drop points that lie on a straight segment between their neighbours (sklearn's rule); default true. */
  dropIntermediate?: boolean;
}

const ROC_DEFAULTS = { dropIntermediate: true };

/** A ROC curve: `fpr[i]`, `tpr[i]` for the selection `score >= thresholds[i]`. */
export interface RocCurve {
  /** False-positive rate ε_B (background efficiency), increasing from 0. */
  fpr: Float64Array;
  /** True-positive rate ε_S (signal efficiency), increasing from 0. */
  tpr: Float64Array;
  /** Decreasing thresholds; `thresholds[0] = +Infinity` selects nothing. */
  thresholds: Float64Array;
}

/** @internal the warnings of a ROC curve with one class missing. */
export const NO_NEGATIVE = 'rocCurve: no negative (background) samples in yTrue; the false-positive rate is undefined and set to NaN.';
/** @internal */
export const NO_POSITIVE = 'rocCurve: no positive (signal) samples in yTrue; the true-positive rate is undefined and set to NaN.';

/** Checks (yTrue, yScore, weights) for a binary threshold metric. */
export function checkBinaryInput(where: string, yTrue: Numbers, yScore: Numbers, weights?: Numbers): void {
  check(yTrue && typeof yTrue.length === 'number', `${where} yTrue`, 'an array of 0/1 labels', yTrue);
  check(yTrue.length > 0, `${where} yTrue`, 'at least one sample', 'an empty array');
  checkLength(`${where} yScore`, yScore, yTrue.length, 'yTrue');
  checkBinaryLabels(`${where} yTrue`, yTrue);
  checkFinite(`${where} yScore`, yScore);
  checkWeights(`${where} weights`, weights, yTrue.length);
}

/**
 * The ROC curve of a binary classifier (signal = label 1), as scikit-learn's `roc_curve`.
 *
 * @param yTrue labels, 1 = signal, 0 = background
 * @param yScore scores, higher = more signal-like
 * @param options `weights` (default none), `dropIntermediate` (default true)
 * @returns `{ fpr, tpr, thresholds }`; with no background (or no signal) `fpr` (`tpr`) is all NaN and a warning is emitted
 * @example
 * const { fpr, tpr } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // fpr = [0, 0, 0.5, 0.5, 1], tpr = [0, 0.5, 0.5, 1, 1]
 */
export function rocCurve(yTrue: Numbers, yScore: Numbers, options: RocCurveOptions = {}): RocCurve {
  checkBinaryInput('rocCurve', yTrue, yScore, options.weights);
  return rocFromChecked(yTrue, yScore, options.weights, options.dropIntermediate ?? ROC_DEFAULTS.dropIntermediate);
}

/** @internal rocCurve without the entry checks. */
export function rocFromChecked(yTrue: Numbers, yScore: Numbers, weights: Numbers | undefined, dropIntermediate: boolean): RocCurve {
  let { fps, tps, thresholds } = binaryClfCurve(yTrue, yScore, weights);
  if (dropIntermediate && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      // numpy's diff(x, 2) is computed as (x[i+1]-x[i]) - (x[i]-x[i-1]); use the same expression order.
      if ((fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]) !== 0 || (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]) !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]);
    tps = Float64Array.from(keep, (i) => tps[i]);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thr = new Float64Array(m);
  thr[0] = Infinity;
  thr.set(thresholds, 1);
  const fTot = fps[fps.length - 1];
  const tTot = tps[tps.length - 1];
  if (!(fTot > 0)) warn(NO_NEGATIVE);
  if (!(tTot > 0)) warn(NO_POSITIVE);
  for (let i = 1; i < m; i++) {
    fpr[i] = fTot > 0 ? fps[i - 1] / fTot : NaN;
    tpr[i] = tTot > 0 ? tps[i - 1] / tTot : NaN;
  }
  if (!(fTot > 0)) fpr[0] = NaN;
  if (!(tTot > 0)) tpr[0] = NaN;
  return { fpr, tpr, thresholds: thr };
}

/** Area under a curve by the trapezoidal rule (x increasing), like sklearn's `auc`. */
export function aucTrapezoid(x: Numbers, y: Numbers): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /** Per-sample weights; default: all 1. */
  weights?: Numbers;
}

/**
 * Area under the ROC curve, as scikit-learn's binary `roc_auc_score` (higher is better; 0.5 = random).
 *
 * @param yTrue labels, 1 = signal, 0 = background
 * @param yScore scores, higher = more signal-like
 * @param options `weights` (default none)
 * @returns the AUC in [0, 1]
 * @throws HepmlError when yTrue holds one class only (the AUC is undefined), as sklearn raises
 * @example
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAucScore(yTrue: Numbers, yScore: Numbers, options: RocAucOptions = {}): number {
  checkBinaryInput('rocAucScore', yTrue, yScore, options.weights);
  return rocAucFromCurve(binaryClfCurve(yTrue, yScore, options.weights));
}

/**
 * The ROC AUC of a precomputed cumulative curve (what {@link rocAucScore} returns for its inputs).
 * Used by rocAucScore and the grader (one curve per leaderboard part).
 * @param curve from {@link binaryClfCurve}
 * @returns the area under the ROC curve; NaN (with a warning) when a class is missing
 * @example
 * rocAucFromCurve(binaryClfCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])); // 0.75
 */
export function rocAucFromCurve(curve: ClfCurve): number {
  const { fps, tps } = curve;
  const fTot = fps.length ? fps[fps.length - 1] : 0;
  const tTot = tps.length ? tps[tps.length - 1] : 0;
  if (!(fTot > 0) || !(tTot > 0)) {
    throw new HepmlError(`rocAucScore yTrue: expected both classes (0 and 1) with positive total weight, found signal weight ${tTot} and background weight ${fTot}. The ROC AUC is not defined with one class only.`, { where: 'rocAucScore yTrue' });
  }
  // Trapezoids over the full curve from (0, 0); collinear points add nothing, so this equals sklearn's
  // auc(roc_curve(drop_intermediate=True)) up to rounding.
  let area = 0;
  let f0 = 0;
  let t0 = 0;
  for (let i = 0; i < fps.length; i++) {
    area += (fps[i] - f0) * (tps[i] + t0);
    f0 = fps[i];
    t0 = tps[i];
  }
  return area / (2 * fTot * tTot);
}
