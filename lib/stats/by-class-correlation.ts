/**
 * Correlations of signal and of background from one feature matrix with its labels, their difference,
 * and the pair whose correlation changes most: the TRISEP exercise 1 question ("which pair changes its
 * correlation most between signal and background?"). Taught in 01-ww-exploration.
 */
import { check, HepmlError } from '../errors';
import type { Matrix } from '../data/matrix';
import { takeRows } from '../data/matrix';
import { correlationMatrix, type CorrelationMatrix } from './correlation';

/** Options of {@link correlationByClass}. */
export interface CorrelationByClassOptions {
  /** Per-event weights (non-negative). Default: all 1. */
  weights?: ArrayLike<number>;
  /** Label value of the signal; every other label is background. Default 1. */
  signal?: number;
}

/** Result of {@link correlationByClass}. */
export interface CorrelationByClass {
  signal: CorrelationMatrix;
  background: CorrelationMatrix;
  /** signal − background, element by element. */
  difference: CorrelationMatrix;
  /** The pair (i < j) with the largest |corr_sig − corr_bkg|. */
  largestChange: { i: number; j: number; pair: string; signal: number; background: number; difference: number };
}

/**
 * Weighted correlation matrices of signal and background events and their difference.
 * @param x - features [N, d] (with names, used in `largestChange.pair` as `'a / b'`)
 * @param labels - class label per row
 * @param options - `weights`, `signal` (default 1)
 * @example
 * const c = correlationByClass(ds.matrix(vars), labelsOf(ds), { weights: ds.column('mcWeight') });
 * c.largestChange.pair; // 'lep_phi_0 / lep_phi_1'
 */
export function correlationByClass(x: Matrix, labels: ArrayLike<number> | undefined, options: CorrelationByClassOptions = {}): CorrelationByClass {
  check(x && x.data instanceof Float32Array && x.data.length === x.rows * x.cols, 'correlationByClass x', 'a Matrix', x);
  check(x.cols >= 2, 'correlationByClass x', 'at least 2 columns', x.cols);
  if (!labels) throw new HepmlError('correlationByClass labels: expected one class label per row, found none. Pass the dataset\'s labels (labelsOf(ds)).');
  check(labels.length === x.rows, 'correlationByClass labels', `${x.rows} labels (one per row)`, labels.length);
  const w = options.weights;
  check(w === undefined || w.length === x.rows, 'correlationByClass weights', `${x.rows} weights`, w?.length);
  const signal = options.signal ?? 1;
  const sigRows: number[] = [];
  const bkgRows: number[] = [];
  for (let i = 0; i < x.rows; i++) (labels[i] === signal ? sigRows : bkgRows).push(i);
  const part = (rows: number[]) => correlationMatrix(takeRows(x, rows), { weights: w ? Float64Array.from(rows, (i) => w[i]) : undefined });
  const sig = part(sigRows);
  const bkg = part(bkgRows);
  const d = x.cols;
  const diff = new Float64Array(d * d);
  for (let k = 0; k < diff.length; k++) diff[k] = sig.data[k] - bkg.data[k];
  let best = { i: 0, j: 1 };
  let bestAbs = -1;
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) {
    const a = Math.abs(diff[i * d + j]);
    if (a > bestAbs) {   // NaN (a constant column) never wins
      bestAbs = a;
      best = { i, j };
    }
  }
  const names = sig.names;
  const k = best.i * d + best.j;
  return {
    signal: sig,
    background: bkg,
    difference: { data: diff, rows: d, cols: d, names },
    largestChange: { i: best.i, j: best.j, pair: `${names[best.i]} / ${names[best.j]}`, signal: sig.data[k], background: bkg.data[k], difference: diff[k] },
  };
}
