/**
 * Input checks of the tree estimators, done once where data enters `fit`/`predict` (never in hot loops).
 * Messages follow lib/errors: "<where>: expected X, found Y. <fix>".
 */
import { HepmlError, check } from '../errors';
import type { Matrix } from '../data/matrix';

/** Labels as 0/1 bytes and weights as float64, checked. */
export interface CheckedTarget {
  labels: Uint8Array;
  weights: Float64Array;
}

/** Checks x (no ±Infinity), y (0/1, both present) and sample weights (finite, >= 0, not all 0). */
export function checkFitInput(where: string, x: Matrix, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): CheckedTarget {
  checkMatrix(`${where}.fit x`, x);
  check(y && typeof y.length === 'number', `${where}.fit y`, 'an array of 0/1 labels', y);
  check(y.length === x.rows, `${where}.fit y`, `${x.rows} labels (one per row of x)`, `${y.length} labels`, 'Pass labels and features of the same events.');
  const labels = new Uint8Array(y.length);
  let n1 = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) {
      throw new HepmlError(`${where}.fit y: expected labels 0 (background) or 1 (signal), found ${Number.isNaN(v) ? 'NaN' : v} at index ${i}. Map your classes to 0 and 1 first.`, { where: `${where}.fit y` });
    }
    labels[i] = v;
    n1 += v;
  }
  check(n1 > 0 && n1 < y.length, `${where}.fit y`, 'both classes 0 and 1', `only class ${n1 > 0 ? 1 : 0} in ${y.length} labels`, 'A classifier needs signal and background examples.');
  const weights = new Float64Array(y.length);
  if (sampleWeight === undefined) weights.fill(1);
  else {
    check(sampleWeight.length === x.rows, `${where}.fit sampleWeight`, `${x.rows} weights (one per row of x)`, `${sampleWeight.length} weights`);
    let sum = 0;
    for (let i = 0; i < sampleWeight.length; i++) {
      const w = sampleWeight[i];
      if (!(w >= 0) || w === Infinity) {
        throw new HepmlError(`${where}.fit sampleWeight: expected finite weights >= 0, found ${w} at index ${i}. Negative MC weights must be removed or set to 0 for tree training.`, { where: `${where}.fit sampleWeight` });
      }
      weights[i] = w;
      sum += w;
    }
    check(sum > 0, `${where}.fit sampleWeight`, 'a positive total weight', sum);
  }
  return { labels, weights };
}

/** Checks a feature matrix: the Matrix shape and no ±Infinity (NaN is allowed: it means missing). */
export function checkMatrix(where: string, x: Matrix, cols?: number): void {
  check(x && x.data instanceof Float32Array, where, 'a Matrix (see matrix() in lib/data)', x);
  check(x.data.length === x.rows * x.cols, where, `data of length rows*cols = ${x.rows * x.cols}`, x.data.length);
  if (cols !== undefined) check(x.cols === cols, where, `${cols} columns (as in fit)`, `${x.cols} columns`);
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v === Infinity || v === -Infinity) {
      throw new HepmlError(`${where}: expected finite features (NaN means missing), found ${v} at row ${Math.floor(i / x.cols)}, column ${i % x.cols}. Replace infinities, e.g. by NaN.`, { where });
    }
  }
}

/** The "call fit first" error. */
export function notFitted(where: string): HepmlError {
  return new HepmlError(`${where}: this model is not fitted yet. Call fit(x, y) before predicting or reading learned attributes.`, { where });
}
