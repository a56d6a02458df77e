/**
 * The input features at a glance: one small normalised histogram per feature, signal vs background, in a
 * grid with one shared legend, as the HiggsML and TRISEP tutorials draw them. Values come as a feature
 * matrix with the class labels (and weights); sentinel values (−999) can be left out.
 * Taught in 03-higgsml-bdt and 04-higgsml-dnn.
 */
import { check } from '../errors';
import type { Matrix } from '../data/matrix';
import { splitByLabel } from '../metrics/by-class';
import { plotHistograms } from './histograms';
import { Figure } from './figure';
import { size } from './inputs';

/** Options of {@link plotFeatureGrid}. */
export interface FeatureGridOptions {
  /** Features [N, d]; its `names` title the panels unless `names` is given. */
  x: Matrix;
  /** Class label per event (row). */
  labels: ArrayLike<number> | undefined;
  /** Per-event weights. Default: all 1. */
  weights?: ArrayLike<number>;
  /** Label value of the signal. Default 1. */
  signal?: number;
  /** Panel x titles, one per column (e.g. with units from `axisLabel`). Default: `x.names`. */
  names?: readonly string[];
  /** Leave out values equal to this sentinel (e.g. −999). Default: keep all. */
  exclude?: number;
  /** Bins per panel. Default 30, or one bin per integer for a column of small integers (a count such as the number of jets). */
  bins?: number;
  /**
   * x range of each panel. `'central'` (default): the central 99 % of the events (a side that holds the
   * data's own edge, such as a pT threshold, keeps it), with the events beyond counted in the edge bins,
   * so a long tail does not squeeze the peak into one bin and no event is dropped. `'full'`: min to max.
   */
  range?: 'central' | 'full';
  /** Panels per row. Default 4. */
  columns?: number;
  /** Legend names of signal and background. Default `['signal', 'background']`. */
  classNames?: [string, string];
  /** Size of one panel's plotting area. Default 170 × 110. */
  width?: number;
  height?: number;
  title?: string;
}

/**
 * Plots every feature's signal and background shapes (unit area) in a grid.
 * @param options - x, labels, weights, signal (1), names, exclude, bins (30), columns (4), classNames, width (170), height (110), title
 * @returns a {@link Figure}
 * @example
 * show(plotFeatureGrid({ x: ds.matrix(features), labels: labelsOf(ds), weights: weightsOf(ds), exclude: -999 }));
 */
export function plotFeatureGrid(options: FeatureGridOptions): Figure {
  const x = options?.x;
  check(x && x.data instanceof Float32Array && x.data.length === x.rows * x.cols && x.cols > 0, 'plotFeatureGrid.x', 'a Matrix with at least one column', x);
  const names = options.names ?? x.names ?? Array.from({ length: x.cols }, (_, j) => `feature ${j}`);
  check(names.length === x.cols, 'plotFeatureGrid.names', `${x.cols} names (one per column)`, names.length);
  const columns = options.columns ?? 4;
  check(Number.isInteger(columns) && columns >= 1, 'plotFeatureGrid.columns', 'a positive integer', columns);
  const width = size(options.width, 'plotFeatureGrid.width', 170);
  const height = size(options.height, 'plotFeatureGrid.height', 110);
  const [sigName, bkgName] = options.classNames ?? ['signal', 'background'];
  const rangeMode = options.range ?? 'central';
  check(rangeMode === 'central' || rangeMode === 'full', 'plotFeatureGrid.range', "'central' or 'full'", rangeMode);
  const panels: object[] = [];
  let flowed = false;
  const column = new Float32Array(x.rows);
  for (let j = 0; j < x.cols; j++) {
    for (let i = 0; i < x.rows; i++) column[i] = x.data[i * x.cols + j];
    const c = splitByLabel('plotFeatureGrid', column, options.labels, { weights: options.weights, signal: options.signal, exclude: options.exclude });
    const series = [
      { label: sigName, values: c.sig, weights: c.wSig },
      { label: bkgName, values: c.bkg, weights: c.wBkg },
    ].filter((s) => s.values.length > 0);
    if (series.length === 0) continue;
    const integer = options.bins === undefined && isSmallInteger(c.sig) && isSmallInteger(c.bkg);   // counts: one bin per integer
    const range = integer || rangeMode === 'full' ? undefined : centralRange(c.sig, c.bkg);
    if (range) flowed ||= range.flow;
    const fig = plotHistograms({ series, bins: integer ? 'integer' : options.bins ?? 30, ...(range ? { range: range.range, clip: true } : {}),
      density: true, xLabel: String(names[j]), yLabel: 'fraction / bin width', width, height });
    const { $schema: _s, config: _c, ...panel } = fig.spec as Record<string, unknown>;
    panels.push(panel);
  }
  const note = flowed ? 'Edge bins include the events beyond the central 99 % (under- and overflow).' : undefined;
  const title = options.title
    ? (note ? { text: options.title, subtitle: note, anchor: 'start' } : options.title)
    : (note ? { text: note, fontSize: 11, color: '#555555', anchor: 'start' } : undefined);
  return new Figure({
    ...(title ? { title } : {}),
    concat: panels,
    columns,
    resolve: { scale: { x: 'independent', y: 'independent', color: 'shared' }, legend: { color: 'shared' } },
    config: { legend: { orient: 'top' }, axis: { labelFontSize: 10, titleFontSize: 11 } },
  });
}

/**
 * The central 99 % of the values of both classes ([0.5 %, 99.5 %] quantiles), widened to the data's own
 * minimum or maximum when that edge is close (a threshold such as pT > 20 GeV, a bounded variable).
 * `flow` says whether any value falls outside (so the edge bins hold under- or overflow).
 */
function centralRange(a: Float64Array, b: Float64Array): { range: [number, number]; flow: boolean } | undefined {
  const total = a.length + b.length;
  if (total < 2) return undefined;
  // Quantiles from at most ~50k values (every k-th), the extremes from all of them.
  const step = Math.max(1, Math.floor(total / 50000));
  let min = Infinity;
  let max = -Infinity;
  const picked: number[] = [];
  for (const v of [a, b]) for (let i = 0; i < v.length; i++) {
    if (v[i] < min) min = v[i];
    if (v[i] > max) max = v[i];
    if (i % step === 0) picked.push(v[i]);
  }
  const all = Float64Array.from(picked).sort();
  const n = all.length;
  const at = (q: number) => all[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))];
  let lo = at(0.005);
  let hi = at(0.995);
  if (!(hi > lo)) return undefined;
  const span = hi - lo;
  if (lo - min < 0.1 * span) lo = min;
  if (max - hi < 0.1 * span) hi = max;
  return { range: [lo, hi], flow: lo > min || hi < max };
}

/** True when every value is an integer and they span at most 30 integers. */
function isSmallInteger(v: Float64Array): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isInteger(v[i])) return false;
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  return v.length === 0 || hi - lo <= 30;
}
