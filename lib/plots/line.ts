/**
 * Generic line and bar charts: AMS versus threshold, scans, feature importances, variable rankings.
 */
import { check } from '../errors';
import { logAxis } from './axes';
import { Figure } from './figure';
import { type FigureOptions, finiteArray, round, sameLength, size } from './inputs';
import { PANEL, seriesColors } from './theme';

/** Options of {@link plotLine}. */
export interface LineOptions extends FigureOptions {
  /** x values shared by all series. */
  x: ArrayLike<number>;
  /** The curves. */
  series: { label: string; y: ArrayLike<number>; color?: string }[];
  xLabel?: string;
  yLabel?: string;
  /** Log axes. Default false. */
  logX?: boolean;
  logY?: boolean;
  /** Draw points on the lines. Default: when there are at most 40 x values. */
  points?: boolean;
  /** Mark one x value with a vertical dashed line (e.g. the best threshold). */
  markX?: number;
}

/**
 * Plots one or more curves y(x).
 * @param options - x, series, xLabel, yLabel, logX, logY (false), points, markX, title, width, height
 * @example
 * show(plotLine({ x: thresholds, series: [{ label: 'AMS', y: ams }], xLabel: 'threshold', markX: best }));
 */
export function plotLine(options: LineOptions): Figure {
  const x = finiteArray(options?.x, 'plotLine.x');
  check(Array.isArray(options.series) && options.series.length > 0, 'plotLine.series', 'a non-empty array of { label, y }', options.series);
  const rows: Record<string, number | string>[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  options.series.forEach((s, i) => {
    const y = finiteArray(s.y, `plotLine.series[${i}].y`);
    sameLength(x, y, 'plotLine.x', `plotLine.series[${i}].y`);
    for (let k = 0; k < x.length; k++) {
      if (options.logY && y[k] <= 0) continue;
      lo = Math.min(lo, y[k]);
      hi = Math.max(hi, y[k]);
      rows.push({ series: String(s.label), k, x: round(x[k]), y: round(y[k]) });
    }
  });
  const labels = options.series.map((s) => String(s.label));
  const single = labels.length === 1;
  // Counts on x (epochs, number of trees): integer ticks only, never 1.2 or 1.4.
  let integerX = !options.logX;
  for (let k = 0; k < x.length && integerX; k++) integerX = Number.isInteger(x[k]);
  const color = single
    ? { value: options.series[0].color ?? seriesColors(1)[0] }
    : { field: 'series', type: 'nominal', title: null, scale: { domain: labels, range: seriesColors(labels.length, options.series.map((s) => s.color as string)) }, legend: { orient: 'top', columns: 1, symbolType: 'stroke' } };
  const yLog = options.logY && Number.isFinite(lo) ? { scale: { type: 'log' }, axis: logAxis(lo, hi) } : {};
  const layers: object[] = [
    {
      data: { values: rows },
      mark: { type: 'line', point: options.points ?? x.length <= 40 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: options.xLabel ?? 'x', scale: { zero: false, ...(options.logX ? { type: 'log' } : {}) }, ...(integerX ? { axis: { tickMinStep: 1, format: 'd' } } : {}) },
        y: { field: 'y', type: 'quantitative', title: options.yLabel ?? (single ? labels[0] : 'y'), scale: { zero: false }, ...yLog },
        color,
        order: { field: 'k' },
      },
    },
  ];
  if (options.markX !== undefined) {
    layers.push({ data: { values: [{ x: options.markX }] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#666666' }, encoding: { x: { field: 'x', type: 'quantitative' } } });
  }
  return new Figure({
    ...(options.title ? { title: options.title } : {}),
    width: size(options.width, 'plotLine.width', PANEL.width),
    height: size(options.height, 'plotLine.height', PANEL.height),
    layer: layers,
  });
}

/** Options of {@link plotBar}. */
export interface BarOptions extends FigureOptions {
  labels: string[];
  values: ArrayLike<number>;
  /** Error bars (same length), e.g. the spread of permutation importances. */
  errors?: ArrayLike<number>;
  /** Sort bars by value, largest first. Default true. */
  sort?: boolean;
  /** Horizontal bars (labels on y; best for long variable names). Default true. */
  horizontal?: boolean;
  /** Value axis title. Default `'value'`. */
  valueLabel?: string;
}

/**
 * Plots a bar chart (feature importances, rankings).
 * @param options - labels, values, errors, sort (true), horizontal (true), valueLabel, title, width, height
 * @example
 * show(plotBar({ labels: names, values: model.featureImportances, valueLabel: 'importance' }));
 */
export function plotBar(options: BarOptions): Figure {
  check(Array.isArray(options?.labels) && options.labels.length > 0, 'plotBar.labels', 'a non-empty array of names', options?.labels);
  const values = finiteArray(options.values, 'plotBar.values');
  sameLength(options.labels, values, 'plotBar.labels', 'plotBar.values');
  const errors = options.errors === undefined ? undefined : finiteArray(options.errors, 'plotBar.errors');
  if (errors) sameLength(values, errors, 'plotBar.values', 'plotBar.errors');
  const rows = options.labels.map((l, i) => ({ label: String(l), value: round(values[i]), lo: round(values[i] - (errors?.[i] ?? 0)), hi: round(values[i] + (errors?.[i] ?? 0)) }));
  const horizontal = options.horizontal ?? true;
  // The order as an explicit list (largest first), the same in the bar and the error-bar layers (sorting each
  // layer by its own x field made Vega-Lite warn about conflicting sorts).
  const sort = options.sort ?? true ? [...rows].sort((a, b) => b.value - a.value).map((r) => r.label) : null;
  const cat = { field: 'label', type: 'nominal', title: null, sort, axis: { labelLimit: 200, grid: false, ...(horizontal ? {} : { labelAngle: -45 }) } };
  // About one value label per 70 px, and overlapping ones dropped: at 360 px the default ticks every 0.02
  // of an importance axis ran into each other.
  const valueLength = horizontal ? size(options.width, 'plotBar.width', 360) : size(options.height, 'plotBar.height', 260);
  const val = { field: 'value', type: 'quantitative', title: options.valueLabel ?? 'value', axis: { labelFlush: false, tickCount: Math.max(2, Math.round(valueLength / 70)), labelOverlap: 'greedy' } };
  const n = rows.length;
  const band = Math.max(12, Math.min(28, Math.floor(360 / n)));
  const enc = horizontal ? { y: cat, x: val } : { x: cat, y: val };
  const layers: object[] = [{ mark: { type: 'bar', color: seriesColors(1)[0] }, encoding: enc }];
  if (errors) {
    const lo = { field: 'lo', type: 'quantitative' };
    layers.push({ mark: { type: 'rule', color: '#222222' }, encoding: horizontal ? { y: cat, x: lo, x2: { field: 'hi' } } : { x: cat, y: lo, y2: { field: 'hi' } } });
  }
  return new Figure({
    ...(options.title ? { title: options.title } : {}),
    width: horizontal ? size(options.width, 'plotBar.width', 360) : { step: band },
    height: horizontal ? { step: band } : size(options.height, 'plotBar.height', 260),
    data: { values: rows },
    layer: layers,
  });
}
