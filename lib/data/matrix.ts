/**
 * A dense row-major matrix of float32 values: the feature format every estimator and network takes.
 * `data[r * cols + c]` is row r, column c. No arrays of objects on hot paths.
 */
import { HepmlError } from '../errors';

/**
 * The one 2-D type of lib/: float32 features by default; `Matrix<ArrayLike<number>>` where any numbers do
 * (scores read from a float64 `.npy`, a correlation matrix).
 */
export interface Matrix<T extends ArrayLike<number> = Float32Array> {
  readonly data: T;
  readonly rows: number;
  readonly cols: number;
  /** Column names, when known (feature importances and plots use them). */
  readonly names?: readonly string[];
}

/**
 * An n-dimensional block of numbers, C-ordered (last axis fastest), `shape[0]` the event axis: jet images
 * [N, H, W] or [N, H, W, C], constituents [N, C, 4], any tensor a file holds. The one n-d type of lib/, as
 * {@link Matrix} is the one 2-D type; float32 unless said otherwise (four-vectors may be float64).
 */
export interface NdArray<T extends Float32Array | Float64Array = Float32Array> {
  readonly data: T;
  readonly shape: readonly number[];
}

/** Wraps `data` as an n-d array of `shape`, checking that the sizes agree. */
export function ndarray<T extends Float32Array | Float64Array>(data: T, shape: readonly number[]): NdArray<T> {
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 0) || data.length !== size) {
    throw new HepmlError(`ndarray: expected data of length ${shape.join('*') || '(no shape)'} = ${size}, found length ${data.length}.`);
  }
  return { data, shape: [...shape] };
}

/** Wraps `data` as a rows×cols matrix, checking that the sizes agree. */
export function matrix(data: Float32Array, rows: number, cols: number, names?: readonly string[]): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data.length !== rows * cols) {
    throw new HepmlError(`matrix: expected data of length rows*cols = ${rows}*${cols}, found length ${data.length}.`);
  }
  if (names && names.length !== cols) {
    throw new HepmlError(`matrix: expected ${cols} column names, found ${names.length}.`);
  }
  return { data, rows, cols, names };
}

/** Builds a matrix from an array of rows (convenient in tests and small examples, not for hot paths). */
export function fromRows(rows: ArrayLike<number>[], names?: readonly string[]): Matrix {
  const r = rows.length;
  const c = r > 0 ? rows[0].length : names?.length ?? 0;
  const data = new Float32Array(r * c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new HepmlError(`fromRows: expected every row to have ${c} values, found ${rows[i].length} in row ${i}.`);
    for (let j = 0; j < c; j++) data[i * c + j] = rows[i][j];
  }
  return matrix(data, r, c, names);
}

/**
 * Copies the rows at `indices` (in that order, repeats allowed) into a new matrix or n-d array: rows of a
 * {@link Matrix}, or entries along the first (event) axis of an {@link NdArray} such as an image stack.
 * The one way to take rows in lib/ (splits, folds, bootstrap samples).
 * @example
 * const xTrain = takeRows(x, split.train);        // Matrix [nTrain, d]
 * const imagesTrain = takeRows(images, split.train); // NdArray [nTrain, 40, 40, 1]
 */
export function takeRows<T extends Matrix | NdArray>(x: T, indices: ArrayLike<number>): T {
  const nd = 'shape' in x;
  const n = nd ? (x as NdArray).shape[0] : (x as Matrix).rows;
  const size = nd ? (x as NdArray).shape.slice(1).reduce((a, b) => a * b, 1) : (x as Matrix).cols;
  if (!(x?.data instanceof Float32Array) || x.data.length !== n * size) {
    throw new HepmlError(`takeRows: expected a Matrix or an NdArray whose data holds ${n} x ${size} float32 values, found ${x?.data?.length} values.`);
  }
  const out = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new HepmlError(`takeRows indices: expected integers in [0, ${n - 1}], found ${k} at position ${i}.`);
    out.set(x.data.subarray(k * size, (k + 1) * size), i * size);
  }
  if (nd) return ndarray(out, [indices.length, ...(x as NdArray).shape.slice(1)]) as T;
  return matrix(out, indices.length, size, (x as Matrix).names) as T;
}

