/**
 * Sentinel values: HiggsML marks undefined variables with −999, the SHiP data with −7 (and some use
 * −999 too). Replace them before scaling or training, and optionally keep the "was missing"
 * information as indicator columns. Taught in 04-higgsml-dnn.
 */
import { check } from '../errors';
import { matrix, type Matrix } from '../data/matrix';

/** Options of {@link replaceSentinel}. */
export interface ReplaceSentinelOptions {
  /** The value marking "undefined"; default −999. */
  sentinel?: number;
  /** Replacement: a number, NaN (default), 'mean' (mean of the column's defined values), or per-column values. */
  with?: number | 'mean' | ArrayLike<number>;
}

/**
 * A copy of `x` with every sentinel replaced. With 'mean', the means come from `x` itself: compute
 * them on the training data and pass them (`with: means`) for the test data to avoid leakage.
 *
 * @example
 * const xClean = replaceSentinel(x, { sentinel: -999, with: 0 });
 */
export function replaceSentinel(x: Matrix, options: ReplaceSentinelOptions = {}): Matrix {
  const sentinel = options.sentinel ?? -999;
  const how = options.with ?? NaN;
  check(x && x.data instanceof Float32Array, 'replaceSentinel x', 'a Matrix', x);
  const s32 = Math.fround(sentinel);
  const { rows, cols, data } = x;
  let fill: ArrayLike<number>;
  if (how === 'mean') fill = sentinelFreeMeans(x, s32);
  else if (typeof how === 'number') fill = new Float64Array(cols).fill(how);
  else {
    check(how.length === cols, 'replaceSentinel with', `${cols} per-column values`, how.length);
    fill = how;
  }
  const out = new Float32Array(data);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (out[r * cols + c] === s32) out[r * cols + c] = fill[c];
  return matrix(out, rows, cols, x.names);
}

/** Per-column mean of the values that are not the sentinel (NaN for an all-sentinel column). */
export function sentinelFreeMeans(x: Matrix, sentinel = -999): Float64Array {
  const s32 = Math.fround(sentinel);
  const sum = new Float64Array(x.cols);
  const cnt = new Float64Array(x.cols);
  for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) {
    const v = x.data[r * x.cols + c];
    if (v !== s32 && v === v) {
      sum[c] += v;
      cnt[c]++;
    }
  }
  return sum.map((s, c) => (cnt[c] ? s / cnt[c] : NaN));
}

/**
 * 0/1 indicator columns "value was the sentinel", one per column that holds it (named `<name>_missing`).
 *
 * @example
 * const miss = sentinelIndicator(x); // miss.names = ['DER_mass_MMC_missing', ...]
 */
export function sentinelIndicator(x: Matrix, options: { sentinel?: number } = {}): Matrix {
  const s32 = Math.fround(options.sentinel ?? -999);
  const { rows, cols, data } = x;
  const used: number[] = [];
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) if (data[r * cols + c] === s32) { used.push(c); break; }
  }
  const out = new Float32Array(rows * used.length);
  for (let r = 0; r < rows; r++) used.forEach((c, k) => (out[r * used.length + k] = data[r * cols + c] === s32 ? 1 : 0));
  return matrix(out, rows, used.length, used.map((c) => `${x.names?.[c] ?? `x${c}`}_missing`));
}
