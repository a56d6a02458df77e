/**
 * Weighted Pearson correlation matrix of the columns of a feature matrix (numpy.corrcoef when
 * unweighted). Taught in 01-ww-exploration (signal, background and difference heatmaps).
 */
import { check, HepmlError, warn } from '../errors';
import type { Matrix } from '../data/matrix';

/** A d×d correlation matrix, row-major, with the feature names. */
export interface CorrelationMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
  names: string[];
}

/**
 * corr(i, j) = cov_w(i, j) / sqrt(var_w(i) var_w(j)) with weighted means; constant columns give NaN
 * (with a warning), as numpy.
 *
 * @param x features [N, d]
 * @param options `weights` (default all 1; non-negative)
 * @example
 * const c = correlationMatrix(xSig, { weights: wSig }); // c.data[i * c.cols + j]
 */
export function correlationMatrix(x: Matrix, options: { weights?: ArrayLike<number> } = {}): CorrelationMatrix {
  check(x && x.data instanceof Float32Array && x.data.length === x.rows * x.cols, 'correlationMatrix x', 'a Matrix', x);
  check(x.rows >= 2, 'correlationMatrix x', 'at least 2 rows', x.rows);
  const w = options.weights;
  check(w === undefined || w.length === x.rows, 'correlationMatrix weights', `${x.rows} weights`, w?.length);
  const { rows: n, cols: d, data } = x;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new HepmlError(`correlationMatrix x: expected finite values, found ${data[i]} at row ${Math.floor(i / d)}, column ${x.names?.[i % d] ?? i % d}. Replace sentinels first.`);
  }
  let wsum = 0;
  if (w) for (let r = 0; r < n; r++) {
    if (!(w[r] >= 0) || !Number.isFinite(w[r])) throw new HepmlError(`correlationMatrix weights: expected finite non-negative weights, found ${w[r]} at index ${r}.`);
    wsum += w[r];
  }
  else wsum = n;
  check(wsum > 0, 'correlationMatrix weights', 'a positive total', wsum);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const wr = w ? w[r] : 1;
    for (let c = 0; c < d; c++) mean[c] += wr * data[r * d + c];
  }
  for (let c = 0; c < d; c++) mean[c] /= wsum;
  const cov = new Float64Array(d * d);
  const dev = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const wr = w ? w[r] : 1;
    for (let c = 0; c < d; c++) dev[c] = data[r * d + c] - mean[c];
    for (let i = 0; i < d; i++) {
      const wi = wr * dev[i];
      for (let j = i; j < d; j++) cov[i * d + j] += wi * dev[j];
    }
  }
  const out = new Float64Array(d * d);
  let constant = false;
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) {
    const den = Math.sqrt(cov[i * d + i] * cov[j * d + j]);
    if (den === 0) constant = true;
    const v = den > 0 ? Math.max(-1, Math.min(1, cov[i * d + j] / den)) : NaN;
    out[i * d + j] = out[j * d + i] = v;
  }
  if (constant) warn('correlationMatrix: a column is constant; its correlations are undefined (NaN).');
  const names = x.names ? [...x.names] : Array.from({ length: d }, (_, c) => `x${c}`);
  return { data: out, rows: d, cols: d, names };
}
