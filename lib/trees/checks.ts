/**
 * Input checks of the tree estimators, done once where data enters `fit`/`predict` (never in hot loops).
 * Messages follow lib/errors: "<where>: expected X, found Y. <fix>".
 */
import { ENTRY_MESSAGES, HepmlError, check, describe } from '../errors';
import type { Matrix } from '../data/matrix';
import { checkMatrix as checkFeatures, notFitted as notFittedError } from '../data/checks';

/** Labels as 0/1 bytes and weights as float64, checked. */
export interface CheckedTarget {
  labels: Uint8Array;
  weights: Float64Array;
}

/** Checks x (no ±Infinity), y (0/1, both present) and per-sample weights (finite, >= 0, not all 0). */
export function checkFitInput(where: string, x: Matrix, y: ArrayLike<number>, given?: ArrayLike<number>): CheckedTarget {
  checkMatrix(`${where}.fit x`, x);
  check(y && typeof y.length === 'number', `${where}.fit y`, 'an array of 0/1 labels', y);
  check(y.length === x.rows, `${where}.fit y`, `${x.rows} labels (one per row of x)`, `${y.length} labels`, 'Pass labels and features of the same events.');
  const labels = new Uint8Array(y.length);
  let n1 = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) {
      throw new HepmlError(ENTRY_MESSAGES.binaryLabel(`${where}.fit y`, describe(v), i), { where: `${where}.fit y` });
    }
    labels[i] = v;
    n1 += v;
  }
  check(n1 > 0 && n1 < y.length, `${where}.fit y`, 'both classes 0 and 1', `only class ${n1 > 0 ? 1 : 0} in ${y.length} labels`, 'A classifier needs signal and background examples.');
  const weights = new Float64Array(y.length);
  if (given === undefined) weights.fill(1);
  else {
    check(given.length === x.rows, `${where}.fit weights`, `${x.rows} weights (one per row of x)`, `${given.length} weights`);
    let sum = 0;
    for (let i = 0; i < given.length; i++) {
      const w = given[i];
      if (!(w >= 0) || w === Infinity) {
        throw new HepmlError(`${where}.fit weights: expected finite weights >= 0, found ${w} at index ${i}. Negative MC weights must be removed or set to 0 for tree training.`, { where: `${where}.fit weights` });
      }
      weights[i] = w;
      sum += w;
    }
    check(sum > 0, `${where}.fit weights`, 'a positive total weight', sum);
  }
  return { labels, weights };
}

/**
 * NaN policy of every tree estimator, stated once: NaN means missing (each split sends it down the side
 * learned in fit, as LightGBM and sklearn's HistGradientBoosting do); ±Infinity is refused.
 */
const NAN = 'missing';

/** Checks a feature matrix at entry with the trees' NaN policy (lib/data/checks.ts `checkMatrix`). */
export function checkMatrix(where: string, x: Matrix, cols?: number): void {
  checkFeatures(where, x, { nan: NAN, cols });
}

/** The one not-fitted error (lib/data/checks.ts), with the trees' fit call. */
export function notFitted(where: string): HepmlError {
  return notFittedError(where, 'fit(x, y)');
}
