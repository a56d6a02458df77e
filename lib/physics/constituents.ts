/**
 * Constituent-level features for networks and plots (notebook 06-top-tagging-dnn).
 *
 * Works on a batch [N, C, 4] of (E, px, py, pz) as in the top-tagging reference dataset: either the
 * five quantities (E, px, py, pz, pT) of one constituent index for every jet (task 2 of the notebook),
 * or the flattened four-momenta of the leading constituents as a network input (task 3).
 */
import { check } from '../errors';
import { batchDims, type ConstituentBatch } from './jets';

/** The five quantities of constituent `index` in every jet (zeros where the jet has fewer constituents). */
export interface ConstituentColumns {
  E: Float32Array;
  px: Float32Array;
  py: Float32Array;
  pz: Float32Array;
  pt: Float32Array;
}

/**
 * E, px, py, pz and pT of constituent number `index` (0 = the hardest) of every jet.
 * @example
 * const c10 = constituentAt(ds.tensors.constituents, 10); // c10.pt: Float32Array of N values
 */
export function constituentAt(batch: ConstituentBatch, index: number): ConstituentColumns {
  const { n, c } = batchDims(batch);
  check(Number.isInteger(index) && index >= 0 && index < c, 'constituentAt index', `an integer in [0, ${c - 1}]`, index);
  const out = { E: new Float32Array(n), px: new Float32Array(n), py: new Float32Array(n), pz: new Float32Array(n), pt: new Float32Array(n) };
  const d = batch.data;
  for (let j = 0; j < n; j++) {
    const o = (j * c + index) * 4;
    out.E[j] = d[o];
    out.px[j] = d[o + 1];
    out.py[j] = d[o + 2];
    out.pz[j] = d[o + 3];
    out.pt[j] = Math.hypot(d[o + 1], d[o + 2]);
  }
  return out;
}

/** Options of {@link constituentMatrix}. */
export interface ConstituentMatrixOptions {
  /** Number of leading constituents kept. Default 30. */
  first?: number;
  /** Factor applied to every value (e.g. 1/100 to express GeV in units of 100 GeV). Default 1. */
  scale?: number;
}

/**
 * The leading constituents' four-momenta as a row-major N × 4·first matrix
 * (E_0, px_0, py_0, pz_0, E_1, …), the DNN input of notebook 06.
 * @returns `{ data, rows, cols, names }`, usable wherever a Matrix is expected
 */
export function constituentMatrix(batch: ConstituentBatch, options: ConstituentMatrixOptions = {}): { data: Float32Array; rows: number; cols: number; names: string[] } {
  const { n, c } = batchDims(batch);
  const first = options.first ?? 30;
  const scale = options.scale ?? 1;
  check(Number.isInteger(first) && first > 0 && first <= c, 'constituentMatrix first', `an integer in [1, ${c}]`, first);
  check(Number.isFinite(scale), 'constituentMatrix scale', 'a finite number', scale);
  const cols = 4 * first;
  const data = new Float32Array(n * cols);
  const d = batch.data;
  for (let j = 0; j < n; j++) {
    const src = j * c * 4;
    const dst = j * cols;
    for (let k = 0; k < cols; k++) data[dst + k] = d[src + k] * scale;
  }
  const names: string[] = [];
  for (let k = 0; k < first; k++) names.push(`E_${k}`, `PX_${k}`, `PY_${k}`, `PZ_${k}`);
  return { data, rows: n, cols, names };
}
