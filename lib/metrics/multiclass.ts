/**
 * One-vs-rest multiclass ROC AUC, as scikit-learn's `roc_auc_score(multi_class='ovr')` with
 * `average='macro'` or `'weighted'` (sklearn/metrics/_ranking.py, _base.py). Taught in 09-vh-multiclass.
 */
import { check, HepmlError } from '../errors';
import { checkClassLabels, checkScoreMatrix, checkWeights, type Numbers } from './check';
import type { Matrix } from '../data/matrix';
import { rocAucScore } from './roc';

/** Options of {@link multiclassRocAuc}. */
export interface MulticlassRocAucOptions {
  /** 'macro': plain mean of the per-class AUCs; 'weighted': weighted by class prevalence; default 'macro'. */
  average?: 'macro' | 'weighted';
  /** Per-sample weights; default: all 1. */
  weights?: Numbers;
}

/**
 * Mean of the C one-vs-rest AUCs (class c against all others, scored by column c); higher is better.
 *
 * @param yTrue integer labels in [0, C); every class must appear
 * @param yScore [N, C] class probabilities; each row must sum to 1 (as sklearn demands)
 * @param options `average` (default 'macro'), `weights`
 * @returns the averaged AUC (per-class values: {@link oneVsRestRocAuc})
 * @example
 * multiclassRocAuc(yTest, probs, { average: 'weighted' });
 */
export function multiclassRocAuc(yTrue: Numbers, yScore: Matrix<Numbers>, options: MulticlassRocAucOptions = {}): number {
  const average = options.average ?? 'macro';
  check(average === 'macro' || average === 'weighted', 'multiclassRocAuc average', "'macro' or 'weighted'", average);
  check(yTrue && yTrue.length > 0, 'multiclassRocAuc yTrue', 'at least one label', yTrue);
  const n = yTrue.length;
  checkScoreMatrix('multiclassRocAuc yScore', yScore, n);
  const k = yScore.cols;
  checkClassLabels('multiclassRocAuc yTrue', yTrue, k);
  const w = options.weights;
  checkWeights('multiclassRocAuc weights', w, n);
  const d = yScore.data;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += d[i * k + j];
    if (Math.abs(s - 1) > 1e-8 + 1e-5) {
      throw new HepmlError(`multiclassRocAuc yScore: expected probabilities summing to 1 over classes in every row, found ${s} in row ${i}. Apply a softmax first.`, { where: 'multiclassRocAuc yScore' });
    }
  }
  const counts = new Float64Array(k);
  const seen = new Uint8Array(k);
  for (let i = 0; i < n; i++) {
    counts[yTrue[i]] += w ? w[i] : 1;
    seen[yTrue[i]] = 1;
  }
  for (let c = 0; c < k; c++) {
    if (!seen[c]) throw new HepmlError(`multiclassRocAuc yTrue: expected every one of the ${k} classes to appear, found none of class ${c}. The one-vs-rest AUC of a missing class is undefined.`, { where: 'multiclassRocAuc yTrue' });
  }
  const perClass = perClassAuc(yTrue, yScore, w);
  let num = 0;
  let den = 0;
  for (let c = 0; c < k; c++) {
    const a = average === 'macro' ? 1 : counts[c];
    num += a * perClass[c];
    den += a;
  }
  return num / den;
}

/**
 * The C one-vs-rest AUCs (class c against the rest, scored by column c), as sklearn's
 * `roc_auc_score(multi_class='ovr', average=None)`. Same checks as {@link multiclassRocAuc}.
 *
 * @example
 * oneVsRestRocAuc(yTest, probs); // Float64Array [auc_0, auc_1, ...]
 */
export function oneVsRestRocAuc(yTrue: Numbers, yScore: Matrix<Numbers>, options: { weights?: Numbers } = {}): Float64Array {
  multiclassRocAuc(yTrue, yScore, options); // runs every entry check
  return perClassAuc(yTrue, yScore, options.weights);
}

function perClassAuc(yTrue: Numbers, yScore: Matrix<Numbers>, w: Numbers | undefined): Float64Array {
  const n = yTrue.length;
  const k = yScore.cols;
  const d = yScore.data;
  const perClass = new Float64Array(k);
  const yc = new Uint8Array(n);
  const sc = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      yc[i] = yTrue[i] === c ? 1 : 0;
      sc[i] = d[i * k + c];
    }
    perClass[c] = rocAucScore(yc, sc, { weights: w });
  }
  return perClass;
}
