/**
 * Class-weight normalisation of the VH notebook: rescale event weights so that each class sums to 1,
 * so that a classifier sees signal and background with equal total weight whatever their cross
 * sections. Taught in 09-vh-multiclass.
 */
import { check, HepmlError } from '../errors';

/**
 * Weights with sum 1 in every class (w_i / Σ_{j in class(i)} w_j).
 *
 * @param labels integer class labels
 * @param weights event weights (default all 1); may be negative (MC) if each class sum is positive
 * @example
 * const wTrain = normalizeClassWeights(yTrain, weightsTrain);
 */
export function normalizeClassWeights(labels: ArrayLike<number>, weights?: ArrayLike<number>): Float64Array {
  const n = labels.length;
  check(weights === undefined || weights.length === n, 'normalizeClassWeights weights', `${n} weights (one per label)`, weights?.length);
  const sums = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    const w = weights ? weights[i] : 1;
    if (!Number.isFinite(c) || !Number.isFinite(w)) throw new HepmlError(`normalizeClassWeights: expected finite labels and weights, found label ${c}, weight ${w} at index ${i}.`);
    sums.set(c, (sums.get(c) ?? 0) + w);
  }
  for (const [c, s] of sums) {
    if (!(s > 0)) throw new HepmlError(`normalizeClassWeights weights: expected a positive total weight in every class, found ${s} in class ${c}.`);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (weights ? weights[i] : 1) / sums.get(labels[i])!;
  return out;
}
