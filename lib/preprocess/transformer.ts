/**
 * The transformer contract shared by StandardScaler, RobustScaler, PCA and Pipeline (scikit-learn's:
 * doc/developers/develop.rst): the constructor only stores options; `fit` validates, replaces any
 * earlier fit and returns `this`; learned attributes end in `_` and exist only after `fit`;
 * `transform` refuses to run unfitted. Fit on training data only: fitting on test data leaks it.
 */
import { check, HepmlError } from '../errors';
import type { Matrix } from '../data/matrix';

/** Anything with sklearn's fit/transform shape. */
export interface Transformer {
  fit(x: Matrix): this;
  transform(x: Matrix): Matrix;
  fitTransform(x: Matrix): Matrix;
}

/** Checks a feature matrix at entry: shape, finite values, optional column count. */
export function checkMatrix(where: string, x: Matrix, cols?: number, allowNaN = false): void {
  check(x && x.data instanceof Float32Array && Number.isInteger(x.rows) && Number.isInteger(x.cols) && x.data.length === x.rows * x.cols, where, 'a Matrix {data: Float32Array, rows, cols}', x, 'Build one with matrix(data, rows, cols) or dataset.matrix(names).');
  if (cols !== undefined && x.cols !== cols) {
    throw new HepmlError(`${where}: expected ${cols} columns (as in fit), found ${x.cols}. Transform data with the same features as the training data.`, { where });
  }
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0 && !(allowNaN && v !== v)) {
      throw new HepmlError(`${where}: expected finite values, found ${v} at row ${Math.floor(i / x.cols)}, column ${x.names?.[i % x.cols] ?? i % x.cols}. Replace sentinel/missing values first (replaceSentinel).`, { where });
    }
  }
}

/** Throws sklearn's helpful not-fitted error unless `fitted`. */
export function checkFitted(name: string, fitted: boolean): void {
  if (!fitted) {
    throw new HepmlError(`${name}: this instance is not fitted yet. Call fit(xTrain) with the training data before transform(x).`, { where: name });
  }
}
