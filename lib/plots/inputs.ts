/**
 * Input checks shared by the plot builders (private to lib/plots). Each builder checks its arrays once,
 * where they enter, and names the option in the error.
 */
import { HepmlError, check, describe } from '../errors';

/** Options every builder accepts. */
export interface FigureOptions {
  /** Figure title. Default: none (or a builder-specific one). */
  title?: string;
  /** Width of one panel's plotting area in pixels. Default 420. */
  width?: number;
  /** Height of one panel's plotting area in pixels. Default 300. */
  height?: number;
}

/** Checks `x` is a non-empty array-like of finite numbers and returns it. */
export function finiteArray(x: unknown, where: string, allowEmpty = false): ArrayLike<number> {
  const ok = (Array.isArray(x) || ArrayBuffer.isView(x)) && !(x instanceof DataView);
  check(ok, where, 'an array or typed array of numbers', x);
  const a = x as ArrayLike<number>;
  if (!allowEmpty) check(a.length > 0, where, 'at least one value', x, 'Pass a non-empty array.');
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new HepmlError(`${where}: expected finite numbers, found ${describe(v)} at index ${i}. Remove or replace NaN/Infinity values first.`, { where });
    }
  }
  return a;
}

/** Checks two arrays have the same length. */
export function sameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, whereA: string, whereB: string): void {
  if (a.length !== b.length) {
    throw new HepmlError(`${whereB}: expected the same length as ${whereA} (${a.length}), found ${b.length}.`, { where: whereB });
  }
}

/** A positive pixel size, or the default. */
export function size(value: number | undefined, where: string, fallback: number): number {
  const v = value ?? fallback;
  check(Number.isFinite(v) && v >= 20 && v <= 4000, where, 'a size in pixels between 20 and 4000', v);
  return v;
}

/** Rounds for the data table Vega sees (keeps SVGs small and deterministic). */
export function round(v: number, digits = 6): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

/**
 * Reads a square matrix given as rows (`number[][]`), a flat row-major array of n*n values, or an object
 * `{ data, rows, cols }` (a `Matrix`). Returns the flat values and n.
 */
export function squareMatrix(m: unknown, where: string, n?: number): { values: Float64Array; n: number } {
  let rows: number;
  let flat: ArrayLike<number>;
  if (Array.isArray(m) && m.length > 0 && (Array.isArray(m[0]) || ArrayBuffer.isView(m[0]))) {
    rows = m.length;
    const out = new Float64Array(rows * rows);
    m.forEach((row: ArrayLike<number>, i: number) => {
      check(row.length === rows, `${where}[${i}]`, `${rows} values (a square matrix)`, row);
      for (let j = 0; j < rows; j++) out[i * rows + j] = row[j];
    });
    flat = out;
  } else if (typeof m === 'object' && m !== null && 'data' in m && 'rows' in m && 'cols' in m) {
    const mm = m as { data: ArrayLike<number>; rows: number; cols: number };
    check(mm.rows === mm.cols, where, 'a square matrix', `${mm.rows}x${mm.cols}`);
    rows = mm.rows;
    flat = mm.data;
  } else {
    const a = finiteArray(m, where);
    rows = Math.round(Math.sqrt(a.length));
    check(rows * rows === a.length, where, 'n*n values (a flat square matrix)', a);
    flat = a;
  }
  const values = Float64Array.from(finiteArray(flat, where));
  if (n !== undefined) check(rows === n, where, `a ${n}x${n} matrix (one row per name)`, `${rows}x${rows}`);
  return { values, n: rows };
}
