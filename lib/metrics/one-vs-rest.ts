/**
 * Multiclass outputs read class by class: the predicted class (argmax) and the one-vs-rest ROC curves
 * (class c as signal against all other classes, scored by output c). Taught in 09-vh-multiclass.
 */
import { check } from '../errors';
import type { Numbers } from './check';
import type { Matrix } from '../data/matrix';
import { rocAucScore, rocCurve } from './roc';

/**
 * The index of the largest entry of every row (the predicted class of a softmax output).
 *
 * @param scores row-major `{ data, rows, cols }` (e.g. network probabilities)
 * @example
 * const predicted = argmax({ data: probs, rows: n, cols: 6 }); // Int32Array of class indices
 */
export function argmax(scores: Matrix<Numbers>): Int32Array {
  const { data, cols } = scores;
  check(Number.isInteger(cols) && cols >= 1 && data.length % cols === 0, 'argmax scores', `rows × cols values (cols = ${cols})`, data.length);
  const rows = data.length / cols;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < cols; k++) if (data[r * cols + k] > data[r * cols + best]) best = k;
    out[r] = best;
  }
  return out;
}

/** One one-vs-rest curve, ready for `plotRoc`. */
export interface OneVsRestCurve {
  label: string;
  fpr: Float64Array;
  tpr: Float64Array;
  auc: number;
}

/** Options of {@link oneVsRestRoc}. */
export interface OneVsRestOptions {
  /** Per-event weights; default none. */
  weights?: Numbers;
  /** Only these class indices; default all. */
  only?: readonly number[];
}

/**
 * For every class c: the ROC curve of output c with class c as signal and all others as background.
 *
 * @param yTrue class indices 0..C−1
 * @param scores row-major probabilities, C columns
 * @param classes class names (length C), used as curve labels
 * @param options `weights` (none), `only` (all classes)
 * @example
 * show(plotRoc({ curves: oneVsRestRoc(yTest, { data: probs, rows: n, cols: 6 }, classes), kind: 'rejection' }));
 */
export function oneVsRestRoc(yTrue: Numbers, scores: Matrix<Numbers>, classes: readonly string[], options: OneVsRestOptions = {}): OneVsRestCurve[] {
  const { data, cols } = scores;
  check(classes.length === cols, 'oneVsRestRoc classes', `${cols} names (one per column)`, classes.length);
  check(data.length === yTrue.length * cols, 'oneVsRestRoc scores', `${yTrue.length} rows × ${cols} columns`, data.length);
  const n = yTrue.length;
  const which = options.only ?? classes.map((_, c) => c);
  const yc = new Uint8Array(n);
  const sc = new Float64Array(n);
  return which.map((c) => {
    check(Number.isInteger(c) && c >= 0 && c < cols, 'oneVsRestRoc only', `class indices in [0, ${cols - 1}]`, c);
    for (let i = 0; i < n; i++) {
      yc[i] = yTrue[i] === c ? 1 : 0;
      sc[i] = data[i * cols + c];
    }
    const r = rocCurve(yc, sc, { weights: options.weights });
    return { label: classes[c], fpr: Float64Array.from(r.fpr), tpr: Float64Array.from(r.tpr), auc: rocAucScore(yc, sc, { weights: options.weights }) };
  });
}

/**
 * Column `c` of a row-major score matrix (e.g. the VH output of a six-class network: the VH discriminant).
 *
 * @example
 * const vhScore = scoreColumn({ data: probs, rows: n, cols: 6 }, 0);
 */
export function scoreColumn(scores: Matrix<Numbers>, c: number): Float32Array {
  const { data, cols } = scores;
  check(Number.isInteger(c) && c >= 0 && c < cols, 'scoreColumn c', `a column index in [0, ${cols - 1}]`, c);
  const rows = data.length / cols;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = data[r * cols + c];
  return out;
}
