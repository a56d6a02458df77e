/**
 * The transformer contract shared by StandardScaler, RobustScaler, PCA and Pipeline (scikit-learn's:
 * doc/developers/develop.rst): the constructor only stores options; `fit` validates, replaces any
 * earlier fit and returns `this`; learned attributes end in `_` and exist only after `fit`;
 * `transform` refuses to run unfitted. Fit on training data only: fitting on test data leaks it.
 * The entry checks (`checkMatrix` with each transformer's NaN policy, `checkFitted`) are lib/data/checks.ts.
 */
import type { Matrix } from '../data/matrix';

/** Anything with sklearn's fit/transform shape. */
export interface Transformer {
  fit(x: Matrix): this;
  transform(x: Matrix): Matrix;
  fitTransform(x: Matrix): Matrix;
}
