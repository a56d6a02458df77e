/**
 * RobustScaler: (x − median) / IQR per feature, as sklearn.preprocessing.RobustScaler. Robust to the
 * long tails of physics variables (pT, MET). NaN values are ignored when fitting (numpy nanpercentile)
 * and stay NaN. Taught in 09-vh-multiclass.
 */
import { check } from '../errors';
import { matrix, type Matrix } from '../data/matrix';
import { checkFitted, checkMatrix } from '../data/checks';
import type { Transformer } from './transformer';

/** Options of {@link RobustScaler}. */
export interface RobustScalerOptions {
  /** Subtract the median; default true. */
  withCentering?: boolean;
  /** Divide by the inter-quantile range; default true. */
  withScaling?: boolean;
  /** Quantiles in percent defining the range; default [25, 75]. */
  quantileRange?: [number, number];
}

/** NaN policy: NaN means missing, ignored when fitting (numpy nanpercentile) and kept by transform. */
const NAN = 'missing';

/**
 * Centres on the median and scales by the inter-quartile range (zero range → scale 1).
 * Fit on the training data only.
 *
 * @example
 * const xs = new RobustScaler({ quantileRange: [10, 90] }).fit(xTrain).transform(xTest);
 */
export class RobustScaler implements Transformer {
  readonly options: Readonly<RobustScalerOptions>;
  /** Per-feature median (after fit). */
  center_?: Float64Array;
  /** Per-feature inter-quantile range, 1 where it is 0 (after fit). */
  scale_?: Float64Array;

  constructor(options: RobustScalerOptions = {}) {
    this.options = options;
  }

  /** Learns median and IQR from `x` (replacing any earlier fit). Returns this. */
  fit(x: Matrix): this {
    const [qlo, qhi] = this.options.quantileRange ?? [25, 75];
    check(Number.isFinite(qlo) && Number.isFinite(qhi) && 0 <= qlo && qlo <= qhi && qhi <= 100, 'RobustScaler quantileRange', '[lo, hi] with 0 <= lo <= hi <= 100', this.options.quantileRange);
    checkMatrix('RobustScaler.fit x', x, { nan: NAN });
    check(x.rows > 0, 'RobustScaler.fit x', 'at least one row', 0);
    const { rows, cols, data } = x;
    const center = new Float64Array(cols);
    const scale = new Float64Array(cols);
    const col = new Float64Array(rows);
    for (let c = 0; c < cols; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) {
        const v = data[r * cols + c];
        if (v === v) col[m++] = v;
      }
      const sorted = col.subarray(0, m).sort();
      center[c] = m ? percentile(sorted, 50) : NaN;
      const iqr = m ? percentile(sorted, qhi) - percentile(sorted, qlo) : 0;
      scale[c] = iqr > 0 ? iqr : 1;
    }
    this.center_ = center;
    this.scale_ = scale;
    return this;
  }

  /** (x − center_) / scale_, as a new float32 matrix. */
  transform(x: Matrix): Matrix {
    checkFitted('RobustScaler.transform', this.center_ !== undefined, 'fit(xTrain)');
    checkMatrix('RobustScaler.transform x', x, { nan: NAN, cols: this.center_!.length });
    const c0 = this.options.withCentering ?? true;
    const s0 = this.options.withScaling ?? true;
    const out = new Float32Array(x.data.length);
    for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) {
      const i = r * x.cols + c;
      out[i] = (x.data[i] - (c0 ? this.center_![c] : 0)) / (s0 ? this.scale_![c] : 1);
    }
    return matrix(out, x.rows, x.cols, x.names);
  }

  /** fit(x) then transform(x). */
  fitTransform(x: Matrix): Matrix {
    return this.fit(x).transform(x);
  }
}

/** numpy's default ('linear') percentile of sorted values, q in [0, 100]. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const pos = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const f = pos - lo;
  const d = sorted[hi] - sorted[lo];
  return f >= 0.5 ? sorted[hi] - d * (1 - f) : sorted[lo] + d * f; // numpy's _lerp
}
