/**
 * Precision-recall curve, as scikit-learn 1.2's `precision_recall_curve` (sklearn/metrics/_ranking.py),
 * on the shared cumulative pass of {@link binaryClfCurve}. Not yet used by a notebook (the grader and tests use it).
 */
import { warn } from '../errors';
import { binaryClfCurve } from './curve';
import { checkBinaryInput } from './roc';
import type { Numbers } from './check';

/** Options of {@link precisionRecallCurve}. */
export interface PrecisionRecallOptions {
  /** Per-sample weights; default: all 1. */
  weights?: Numbers;
}

/** Precision and recall per threshold; the last point is (recall 0, precision 1) with no threshold. */
export interface PrecisionRecallCurve {
  /** Precision, length thresholds.length + 1, ending with 1. */
  precision: Float64Array;
  /** Recall (= signal efficiency), decreasing, ending with 0. */
  recall: Float64Array;
  /** Increasing thresholds. */
  thresholds: Float64Array;
}

/**
 * Precision tp/(tp+fp) and recall tp/P for every distinct threshold, lowest threshold first.
 *
 * @param yTrue labels, 1 = signal
 * @param yScore scores, higher = more signal-like
 * @param options `weights` (default none)
 * @example
 * const { precision, recall } = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision = [0.5, 0.667, 0.5, 1, 1], recall = [1, 1, 0.5, 0.5, 0]
 */
export function precisionRecallCurve(yTrue: Numbers, yScore: Numbers, options: PrecisionRecallOptions = {}): PrecisionRecallCurve {
  checkBinaryInput('precisionRecallCurve', yTrue, yScore, options.weights);
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, yScore, options.weights);
  const n = tps.length;
  const tTot = tps[n - 1];
  if (tTot === 0) warn('precisionRecallCurve: no positive class found in yTrue; recall is set to one for all thresholds.');
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  const thr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = n - 1 - i; // reversed: increasing thresholds
    const ps = tps[j] + fps[j];
    precision[i] = ps !== 0 ? tps[j] / ps : 0;
    recall[i] = tTot === 0 ? 1 : tps[j] / tTot;
    thr[i] = thresholds[j];
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: thr };
}
