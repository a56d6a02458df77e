/**
 * Principal component analysis, as sklearn.decomposition.PCA(svd_solver='full'): components are the
 * eigenvectors of the covariance matrix (ddof = 1), i.e. the right singular vectors of the centred
 * data, with sklearn's sign convention (svd_flip, u-based: in each component the sample with the
 * largest |projection| projects positively). `whiten` divides projections by sqrt(explained variance).
 * Taught in 08-ship-hnl (whitening the four features).
 */
import { check } from '../errors';
import { matrix, type Matrix } from '../data/matrix';
import { checkFitted, checkMatrix } from '../data/checks';
import type { Transformer } from './transformer';
import { symmetricEigen } from './eigen';

/** Options of {@link PCA}. */
export interface PCAOptions {
  /** Components kept: an integer k, a fraction in (0, 1) of variance to explain, or all (default). */
  nComponents?: number;
  /** Scale projections to unit variance; default false. */
  whiten?: boolean;
}

/** NaN policy: refused in fit and transform (a covariance and a projection need every value). */
const NAN = 'reject';

/**
 * PCA by covariance eigen-decomposition (Jacobi; meant for <= ~100 features). Fit on training data only.
 *
 * @example
 * const pca = new PCA({ nComponents: 2 }).fit(xTrain);
 * const z = pca.transform(xTest);          // [N, 2]
 * pca.explainedVarianceRatio_;             // e.g. [0.41, 0.22]
 */
export class PCA implements Transformer {
  readonly options: Readonly<PCAOptions>;
  /** Per-feature mean (after fit). */
  mean_?: Float64Array;
  /** Principal axes, [nComponents_ × features] row-major (after fit). */
  components_?: Float64Array;
  /** Variance along each component (ddof = 1). */
  explainedVariance_?: Float64Array;
  /** Fraction of the total variance along each component. */
  explainedVarianceRatio_?: Float64Array;
  /** Singular values of the centred data. */
  singularValues_?: Float64Array;
  /** Number of components kept. */
  nComponents_?: number;
  /** Number of input features. */
  nFeatures_?: number;

  constructor(options: PCAOptions = {}) {
    this.options = options;
  }

  /** Learns the components from `x` (replacing any earlier fit). Returns this. */
  fit(x: Matrix): this {
    checkMatrix('PCA.fit x', x, { nan: NAN });
    const { rows: n, cols: d, data } = x;
    check(n >= 2, 'PCA.fit x', 'at least 2 rows', n);
    const nc = this.options.nComponents;
    check(nc === undefined || (Number.isFinite(nc) && nc > 0 && (nc < 1 || (Number.isInteger(nc) && nc <= Math.min(n, d)))), 'PCA nComponents', `an integer in [1, ${Math.min(n, d)}] or a fraction in (0, 1)`, nc);
    const mean = new Float64Array(d);
    for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) mean[c] += data[r * d + c];
    for (let c = 0; c < d; c++) mean[c] /= n;
    const cov = new Float64Array(d * d);
    const row = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < d; c++) row[c] = data[r * d + c] - mean[c];
      for (let i = 0; i < d; i++) {
        const ri = row[i];
        for (let j = i; j < d; j++) cov[i * d + j] += ri * row[j];
      }
    }
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[j * d + i] = cov[i * d + j] /= n - 1;
    const { values, vectors } = symmetricEigen(cov, d);
    const rank = Math.min(n, d);
    let total = 0;
    for (let k = 0; k < d; k++) total += Math.max(values[k], 0);
    let k = rank;
    if (nc !== undefined && nc >= 1) k = nc;
    else if (nc !== undefined) {
      // sklearn: searchsorted(cumsum(ratio), nc, side='right') + 1
      let cum = 0;
      k = 0;
      while (k < rank && cum + Math.max(values[k], 0) / total <= nc) cum += Math.max(values[k++], 0) / total;
      k = Math.min(k + 1, rank);
    }
    const comps = vectors.slice(0, k * d);
    // svd_flip (u-based): make the largest-|u| entry of each column of U positive; U ∝ centred x · v.
    for (let c = 0; c < k; c++) {
      let best = -1;
      let bestVal = 0;
      for (let r = 0; r < n; r++) {
        let p = 0;
        for (let j = 0; j < d; j++) p += (data[r * d + j] - mean[j]) * comps[c * d + j];
        if (Math.abs(p) > Math.abs(bestVal)) {
          bestVal = p;
          best = r;
        }
      }
      if (best >= 0 && bestVal < 0) for (let j = 0; j < d; j++) comps[c * d + j] = -comps[c * d + j];
    }
    const ev = Float64Array.from(values.subarray(0, k), (v) => Math.max(v, 0));
    this.mean_ = mean;
    this.components_ = comps;
    this.explainedVariance_ = ev;
    this.explainedVarianceRatio_ = ev.map((v) => v / total);
    this.singularValues_ = ev.map((v) => Math.sqrt(v * (n - 1)));
    this.nComponents_ = k;
    this.nFeatures_ = d;
    return this;
  }

  /** Projects `x` on the components: (x − mean_) · components_ᵀ (÷ sqrt(explainedVariance_) if whiten). */
  transform(x: Matrix): Matrix {
    checkFitted('PCA.transform', this.components_ !== undefined, 'fit(xTrain)');
    const d = this.nFeatures_!;
    const k = this.nComponents_!;
    checkMatrix('PCA.transform x', x, { nan: NAN, cols: d });
    const out = new Float32Array(x.rows * k);
    const comps = this.components_!;
    const mean = this.mean_!;
    const whiten = this.options.whiten ?? false;
    const centred = new Float64Array(d);
    for (let r = 0; r < x.rows; r++) {
      for (let j = 0; j < d; j++) centred[j] = x.data[r * d + j] - mean[j];
      for (let c = 0; c < k; c++) {
        let p = 0;
        for (let j = 0; j < d; j++) p += centred[j] * comps[c * d + j];
        out[r * k + c] = whiten ? p / Math.sqrt(this.explainedVariance_![c]) : p;
      }
    }
    return matrix(out, x.rows, k, Array.from({ length: k }, (_, c) => `pc${c + 1}`));
  }

  /** fit(x) then transform(x). */
  fitTransform(x: Matrix): Matrix {
    return this.fit(x).transform(x);
  }
}
