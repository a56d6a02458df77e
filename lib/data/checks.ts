/**
 * The entry checks of a feature matrix and of an estimator's fitted state, shared by lib/preprocess and
 * lib/trees (the metrics check their 1-D inputs in lib/metrics/check.ts with the same messages). Run once
 * where data enters `fit`/`transform`/`predict`, never in hot loops; messages from lib/errors
 * {@link ENTRY_MESSAGES}.
 */
import { ENTRY_MESSAGES, HepmlError, type NanPolicy } from '../errors';
import type { Matrix } from './matrix';

/** Options of {@link checkMatrix}. */
export interface CheckMatrixOptions {
  /** What NaN means to the caller (see {@link NanPolicy}); ±Infinity is always refused. */
  nan: NanPolicy;
  /** The column count the data must have (the one seen in fit). Default: any. */
  cols?: number;
}

/**
 * Checks a feature matrix at entry: the Matrix shape, the column count (when given) and its values
 * under the caller's NaN policy.
 * @param where the method and argument, for the message (e.g. `'PCA.fit x'`)
 * @param x the matrix
 * @param options `nan` policy (required: each estimator states its own) and optional `cols`
 * @throws HepmlError naming the first bad value's row and column
 * @example
 * checkMatrix('StandardScaler.transform x', x, { nan: 'missing', cols: this.mean_.length });
 */
export function checkMatrix(where: string, x: Matrix, options: CheckMatrixOptions): void {
  if (!(x && x.data instanceof Float32Array && Number.isInteger(x.rows) && Number.isInteger(x.cols) && x.data.length === x.rows * x.cols)) {
    throw new HepmlError(`${ENTRY_MESSAGES.notMatrix(where)} ${ENTRY_MESSAGES.matrixFix}`, { where });
  }
  if (options.cols !== undefined && x.cols !== options.cols) throw new HepmlError(ENTRY_MESSAGES.columns(where, options.cols, x.cols), { where });
  const d = x.data;
  const allowNaN = options.nan === 'missing';
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0 && !(allowNaN && v !== v)) {
      throw new HepmlError(ENTRY_MESSAGES.nonFinite(where, v, Math.floor(i / x.cols), x.names?.[i % x.cols] ?? i % x.cols, options.nan), { where });
    }
  }
}

/**
 * Throws the one not-fitted error unless `fitted` (scikit-learn's `check_is_fitted`).
 * @param where the class and method, e.g. `'PCA.transform'`
 * @param fitted whether the learned state exists
 * @param fitCall how to fit, for the message (e.g. `'fit(xTrain)'`, `'fit(x, y)'`)
 * @example
 * checkFitted('StandardScaler.transform', this.mean_ !== undefined, 'fit(xTrain)');
 */
export function checkFitted(where: string, fitted: boolean, fitCall: string): asserts fitted {
  if (!fitted) throw notFitted(where, fitCall);
}

/** The not-fitted error itself, for callers that throw it (`throw notFitted(...)`). */
export function notFitted(where: string, fitCall: string): HepmlError {
  return new HepmlError(ENTRY_MESSAGES.notFitted(where, fitCall), { where });
}
