/**
 * A dense row-major matrix of float32 values: the feature format every estimator and network takes.
 * `data[r * cols + c]` is row r, column c. No arrays of objects on hot paths.
 */
import { HepmlError } from '../errors';

export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
  /** Column names, when known (feature importances and plots use them). */
  readonly names?: readonly string[];
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

/** Copies the rows at `indices` into a new matrix. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i] * m.cols;
    out.set(m.data.subarray(src, src + m.cols), i * m.cols);
  }
  return matrix(out, indices.length, m.cols, m.names);
}

