/**
 * StandardScaler: z = (x − mean) / std per feature, as sklearn.preprocessing.StandardScaler
 * (population variance, ddof = 0; zero-variance features get scale 1). Taught in 02-ww-mlp.
 */
import { check } from '../errors';
import { matrix, type Matrix } from '../data/matrix';
import { checkFitted, checkMatrix } from '../data/checks';
import type { Transformer } from './transformer';

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the mean; default true. */
  withMean?: boolean;
  /** Divide by the standard deviation; default true. */
  withStd?: boolean;
}

/** NaN policy: refused when fitting (a mean needs every value); passed through as NaN by (inverse) transform. */
const NAN = { fit: 'reject', transform: 'missing' } as const;

/**
 * Standardises features to zero mean and unit variance. Fit on the training data only, then
 * transform training, validation and test data with the same `mean_` and `scale_`.
 *
 * @example
 * const scaler = new StandardScaler().fit(xTrain);
 * const xTestScaled = scaler.transform(xTest);
 */
export class StandardScaler implements Transformer {
  readonly options: Readonly<StandardScalerOptions>;
  /** Per-feature mean (after fit). */
  mean_?: Float64Array;
  /** Per-feature population variance (after fit). */
  var_?: Float64Array;
  /** Per-feature scale: sqrt(var_), 1 where the variance is 0 (after fit). */
  scale_?: Float64Array;
  /** Number of rows seen by fit/partialFit. */
  nSamplesSeen_?: number;

  constructor(options: StandardScalerOptions = {}) {
    this.options = options;
  }

  /** Forgets any earlier fit, then learns mean and scale from `x`. Returns this. */
  fit(x: Matrix): this {
    this.mean_ = this.var_ = this.scale_ = this.nSamplesSeen_ = undefined;
    return this.partialFit(x);
  }

  /** Updates mean and variance with one more batch (Chan et al. parallel update, as sklearn). */
  partialFit(x: Matrix): this {
    checkMatrix('StandardScaler.partialFit x', x, { nan: NAN.fit, cols: this.mean_?.length });
    check(x.rows > 0, 'StandardScaler.partialFit x', 'at least one row', 0);
    const { rows, cols, data } = x;
    const mean = new Float64Array(cols);
    const m2 = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c];
    for (let c = 0; c < cols; c++) mean[c] /= rows;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      const d = data[r * cols + c] - mean[c];
      m2[c] += d * d;
    }
    const n0 = this.nSamplesSeen_ ?? 0;
    const n = n0 + rows;
    const oldMean = this.mean_ ?? new Float64Array(cols);
    const oldVar = this.var_ ?? new Float64Array(cols);
    const newMean = new Float64Array(cols);
    const newVar = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      const delta = mean[c] - oldMean[c];
      newMean[c] = oldMean[c] + (delta * rows) / n;
      newVar[c] = (oldVar[c] * n0 + m2[c] + (delta * delta * n0 * rows) / n) / n;
    }
    this.mean_ = newMean;
    this.var_ = newVar;
    this.scale_ = newVar.map((v) => (v > 0 ? Math.sqrt(v) : 1));
    this.nSamplesSeen_ = n;
    return this;
  }

  /** (x − mean_) / scale_, as a new float32 matrix. */
  transform(x: Matrix): Matrix {
    checkFitted('StandardScaler.transform', this.mean_ !== undefined, 'fit(xTrain)');
    checkMatrix('StandardScaler.transform x', x, { nan: NAN.transform, cols: this.mean_!.length });
    const withMean = this.options.withMean ?? true;
    const withStd = this.options.withStd ?? true;
    const { rows, cols, data } = x;
    const out = new Float32Array(data.length);
    const mean = this.mean_!;
    const scale = this.scale_!;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      out[i] = ((data[i] - (withMean ? mean[c] : 0)) / (withStd ? scale[c] : 1));
    }
    return matrix(out, rows, cols, x.names);
  }

  /** Back to the original units. */
  inverseTransform(x: Matrix): Matrix {
    checkFitted('StandardScaler.inverseTransform', this.mean_ !== undefined, 'fit(xTrain)');
    checkMatrix('StandardScaler.inverseTransform x', x, { nan: NAN.transform, cols: this.mean_!.length });
    const withMean = this.options.withMean ?? true;
    const withStd = this.options.withStd ?? true;
    const out = new Float32Array(x.data.length);
    for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) {
      const i = r * x.cols + c;
      out[i] = x.data[i] * (withStd ? this.scale_![c] : 1) + (withMean ? this.mean_![c] : 0);
    }
    return matrix(out, x.rows, x.cols, x.names);
  }

  /** fit(x) then transform(x). */
  fitTransform(x: Matrix): Matrix {
    return this.fit(x).transform(x);
  }
}
