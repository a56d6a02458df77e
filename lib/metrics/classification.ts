/**
 * Label metrics: `accuracyScore`, `confusionMatrix`, `logLoss` (binary and multiclass), matching
 * scikit-learn's accuracy_score, confusion_matrix and log_loss (sklearn/metrics/_classification.py).
 * Taught in 09-vh-multiclass (the confusion matrix of the six classes).
 */
import { check, HepmlError } from '../errors';
import { checkClassLabels, checkFinite, checkLength, checkScoreMatrix, checkWeights, type Numbers } from './check';
import type { Matrix } from '../data/matrix';

function isMatrix(x: unknown): x is Matrix<Numbers> {
  return typeof x === 'object' && x !== null && 'data' in x && 'rows' in x && 'cols' in x;
}

/** Predicted labels: given directly, or the arg-max of each row of a score matrix. */
function predictedLabels(where: string, yPred: Numbers | Matrix<Numbers>, n: number): Numbers {
  if (!isMatrix(yPred)) {
    checkLength(where, yPred, n, 'yTrue');
    checkFinite(where, yPred);
    return yPred;
  }
  checkScoreMatrix(where, yPred, n);
  const out = new Int32Array(n);
  const { data, cols } = yPred;
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (data[r * cols + c] > data[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Options of {@link accuracyScore}. */
export interface AccuracyOptions {
  /** Per-sample weights; default: all 1. */
  weights?: Numbers;
}

/**
 * Fraction of correct predictions (weighted), as sklearn's `accuracy_score` (higher is better).
 *
 * @param yTrue integer class labels
 * @param yPred predicted labels, or a [N, C] score matrix whose row arg-max is the prediction
 * @param options `weights` (default none)
 * @example
 * accuracyScore([0, 1, 2, 1], [0, 1, 1, 1]); // 0.75
 */
export function accuracyScore(yTrue: Numbers, yPred: Numbers | Matrix<Numbers>, options: AccuracyOptions = {}): number {
  check(yTrue && yTrue.length > 0, 'accuracyScore yTrue', 'at least one label', yTrue);
  checkFinite('accuracyScore yTrue', yTrue);
  const pred = predictedLabels('accuracyScore yPred', yPred, yTrue.length);
  const w = options.weights;
  checkWeights('accuracyScore weights', w, yTrue.length);
  let good = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const wi = w ? w[i] : 1;
    if (yTrue[i] === pred[i]) good += wi;
    total += wi;
  }
  return good / total;
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Number of classes k; default: 1 + the largest label seen. */
  nClasses?: number;
  /** Per-sample weights; default: all 1. */
  weights?: Numbers;
  /** Normalise over true rows ('true'), predicted columns ('pred'), everything ('all'); default none. */
  normalize?: 'true' | 'pred' | 'all';
}

/** A k×k confusion matrix: `data[t * k + p]` counts true class t predicted as p. */
export interface ConfusionMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/**
 * Weighted confusion matrix (rows: true class, columns: predicted), as sklearn's `confusion_matrix`.
 *
 * @param yTrue integer labels in [0, k)
 * @param yPred predicted labels, or a [N, k] score matrix (row arg-max)
 * @param options `nClasses` (default max label + 1), `weights`, `normalize` (default none)
 * @example
 * confusionMatrix([0, 1, 1], [0, 1, 0]).data; // [1, 0, 1, 1]
 */
export function confusionMatrix(yTrue: Numbers, yPred: Numbers | Matrix<Numbers>, options: ConfusionMatrixOptions = {}): ConfusionMatrix {
  check(yTrue && yTrue.length > 0, 'confusionMatrix yTrue', 'at least one label', yTrue);
  const pred = predictedLabels('confusionMatrix yPred', yPred, yTrue.length);
  let maxLabel = isMatrix(yPred) ? yPred.cols - 1 : 0;
  for (let i = 0; i < yTrue.length; i++) maxLabel = Math.max(maxLabel, yTrue[i], pred[i]);
  const k = options.nClasses ?? maxLabel + 1;
  check(Number.isInteger(k) && k >= 1, 'confusionMatrix nClasses', 'a positive integer', k);
  checkClassLabels('confusionMatrix yTrue', yTrue, k);
  checkClassLabels('confusionMatrix yPred', pred, k);
  const w = options.weights;
  checkWeights('confusionMatrix weights', w, yTrue.length);
  const data = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) data[yTrue[i] * k + pred[i]] += w ? w[i] : 1;
  const norm = options.normalize;
  if (norm !== undefined) {
    check(norm === 'true' || norm === 'pred' || norm === 'all', 'confusionMatrix normalize', "'true', 'pred' or 'all'", norm);
    const sums = new Float64Array(k);
    let all = 0;
    for (let t = 0; t < k; t++) for (let p = 0; p < k; p++) {
      const v = data[t * k + p];
      all += v;
      if (norm === 'true') sums[t] += v;
      else if (norm === 'pred') sums[p] += v;
    }
    for (let t = 0; t < k; t++) for (let p = 0; p < k; p++) {
      const s = norm === 'all' ? all : norm === 'true' ? sums[t] : sums[p];
      data[t * k + p] = s === 0 ? 0 : data[t * k + p] / s; // sklearn: nan_to_num(0/0) = 0
    }
  }
  return { data, rows: k, cols: k };
}

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** Per-sample weights; default: all 1. */
  weights?: Numbers;
  /** Probabilities are clipped to [eps, 1 - eps]; default 2.220446049250313e-16 (float64 machine eps, sklearn's 'auto'). */
  eps?: number;
  /** Mean over samples (true) or sum (false); default true. */
  normalize?: boolean;
}

const FLOAT64_EPS = 2.220446049250313e-16;

/**
 * Cross-entropy of predicted probabilities (lower is better), as sklearn's `log_loss`.
 *
 * Binary: `yPred` is P(class 1) per sample. Multiclass: a [N, C] matrix of class probabilities with
 * labels in [0, C). As in sklearn, probabilities are clipped to [eps, 1-eps] and each row is then
 * renormalised to sum to 1. Classes are 0..C-1, so a batch missing a class is fine (sklearn's `labels=`).
 *
 * @param yTrue integer labels (0/1 for binary)
 * @param yPred probabilities: length-N array (binary) or [N, C] score matrix
 * @param options `weights`, `eps` (default float64 eps), `normalize` (default true)
 * @example
 * logLoss([0, 1], [0.1, 0.8]); // (−ln 0.9 − ln 0.8) / 2 ≈ 0.164
 */
export function logLoss(yTrue: Numbers, yPred: Numbers | Matrix<Numbers>, options: LogLossOptions = {}): number {
  const eps = options.eps ?? FLOAT64_EPS;
  check(Number.isFinite(eps) && eps >= 0 && eps < 0.5, 'logLoss eps', 'a number in [0, 0.5)', eps);
  check(yTrue && yTrue.length > 0, 'logLoss yTrue', 'at least one label', yTrue);
  const n = yTrue.length;
  const w = options.weights;
  checkWeights('logLoss weights', w, n);
  let total = 0;
  let wsum = 0;
  if (!isMatrix(yPred)) {
    checkClassLabels('logLoss yTrue', yTrue, 2);
    checkLength('logLoss yPred', yPred, n, 'yTrue');
    checkFinite('logLoss yPred', yPred);
    checkProbabilities('logLoss yPred', yPred);
    for (let i = 0; i < n; i++) {
      const p1 = Math.min(Math.max(yPred[i], eps), 1 - eps);
      const p0 = 1 - p1;
      const s = p0 + p1;
      const loss = -Math.log((yTrue[i] === 1 ? p1 : p0) / s);
      const wi = w ? w[i] : 1;
      total += wi * loss;
      wsum += wi;
    }
  } else {
    checkScoreMatrix('logLoss yPred', yPred, n);
    const c = yPred.cols;
    if (c < 2) throw new HepmlError(`logLoss yPred: expected at least 2 probability columns, found ${c}. Pass a 1-D array for binary problems.`);
    checkClassLabels('logLoss yTrue', yTrue, c);
    checkProbabilities('logLoss yPred', yPred.data);
    const d = yPred.data;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < c; j++) s += Math.min(Math.max(d[i * c + j], eps), 1 - eps);
      const pt = Math.min(Math.max(d[i * c + yTrue[i]], eps), 1 - eps) / s;
      const wi = w ? w[i] : 1;
      total += wi * -Math.log(pt);
      wsum += wi;
    }
  }
  return options.normalize ?? true ? total / wsum : total;
}

function checkProbabilities(where: string, p: Numbers): void {
  for (let i = 0; i < p.length; i++) {
    if (p[i] < 0 || p[i] > 1) throw new HepmlError(`${where}: expected probabilities in [0, 1], found ${p[i]} at index ${i}. Apply a sigmoid/softmax to raw network outputs first.`, { where });
  }
}
