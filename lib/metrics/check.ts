/**
 * Input checks shared by the metrics: run once where data enters a public function, never in hot loops.
 * Every failure is a {@link HepmlError} naming the function and argument, with the messages of
 * lib/errors `ENTRY_MESSAGES` (shared with the preprocessors and the trees).
 */
import { check, ENTRY_MESSAGES, HepmlError, describe } from '../errors';
import type { Matrix } from '../data/matrix';

/** Numbers in a 1-D array (plain array or any typed array). */
export type Numbers = ArrayLike<number>;


/** Throws unless every value is finite; names the first bad index. */
export function checkFinite(where: string, values: Numbers): void {
  check(values !== null && values !== undefined && typeof values.length === 'number', where, 'an array of numbers', values);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new HepmlError(`${where}: expected finite numbers, found ${describe(v)} at index ${i}. Remove or replace NaN/Inf values (see replaceSentinel) before computing metrics.`, { where });
    }
  }
}

/** Throws unless `values` has length `n`. */
export function checkLength(where: string, values: Numbers, n: number, other: string): void {
  if (values.length !== n) {
    throw new HepmlError(ENTRY_MESSAGES.length(where, n, other, values.length), { where });
  }
}

/** Throws unless every label is 0 or 1. */
export function checkBinaryLabels(where: string, y: Numbers): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) {
      throw new HepmlError(ENTRY_MESSAGES.binaryLabel(where, describe(v), i), { where });
    }
  }
}

/** Throws unless every label is an integer in [0, k). */
export function checkClassLabels(where: string, y: Numbers, k: number): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw new HepmlError(ENTRY_MESSAGES.classLabel(where, describe(v), i, k), { where });
    }
  }
}

/** Checks optional sample weights: right length, finite, and (unless `allowNegative`) non-negative. */
export function checkWeights(where: string, w: Numbers | undefined, n: number, allowNegative = true): void {
  if (w === undefined) return;
  checkLength(where, w, n, 'yTrue');
  checkFinite(where, w);
  if (!allowNegative) {
    for (let i = 0; i < w.length; i++) {
      if (w[i] < 0) throw new HepmlError(ENTRY_MESSAGES.negativeWeight(where, w[i], i), { where });
    }
  }
}

/** Checks a score matrix's shape against its data and the number of samples. */
export function checkScoreMatrix(where: string, m: Matrix<Numbers>, n: number): void {
  check(m && typeof m.rows === 'number' && typeof m.cols === 'number' && m.data, where, 'a score matrix {data, rows, cols}', m);
  check(m.data.length === m.rows * m.cols, where, `data of length rows*cols = ${m.rows * m.cols}`, m.data.length);
  check(m.rows === n, where, `${n} rows (one per label)`, m.rows);
  checkFinite(where, m.data);
}
