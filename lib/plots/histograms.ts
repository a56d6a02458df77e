/**
 * Overlaid histograms: signal vs background shapes (normalised), weighted distributions with error bars,
 * optional log scale. Values are binned here in typed arrays; Vega only sees one row per bin edge.
 */
import { check } from '../errors';
import { fillBins, resolveEdges, checkSeries } from './bins';
import { Figure } from './figure';
import { type FigureOptions, round, size } from './inputs';
import { PANEL, seriesColors } from './theme';
import { logAxis } from './axes';

/** One distribution to overlay. */
export interface HistogramSeries {
  /** Legend label, e.g. `'signal'`. */
  label: string;
  /** Raw values (one per event). */
  values: ArrayLike<number>;
  /** Event weights (same length). Default: all 1. */
  weights?: ArrayLike<number>;
  /** Line/fill colour. Default: the palette (first blue = signal, second red = background). */
  color?: string;
}

/** Options of {@link plotHistograms}. */
export interface HistogramsOptions extends FigureOptions {
  /** The distributions to overlay. */
  series: HistogramSeries[];
  /**
   * Number of uniform bins, the bin edges, or `'integer'`: one bin per integer value (edges at k ± 0.5),
   * for counts such as the number of jets. Default 50.
   */
  bins?: number | ArrayLike<number> | 'integer';
  /** `[min, max]` for uniform bins. Default: the range of all values. */
  range?: [number, number];
  /** Normalise each series to unit area (shape comparison). Default false. */
  density?: boolean;
  /** Logarithmic y axis. Default false. */
  logY?: boolean;
  /** Draw sqrt(sum w^2) error bars. Default false. */
  errorBars?: boolean;
  /** Fill the area under each histogram (light). Default true. */
  filled?: boolean;
  /** Put values outside the range into the first/last bin instead of dropping them. Default false. */
  clip?: boolean;
  /** x axis title. Default `'x'`. */
  xLabel?: string;
  /** y axis title. Default: `'fraction / bin width'` with density, `'events / bin'` otherwise. */
  yLabel?: string;
}

/** Binned series as Vega rows: an outline polygon (step-after) and error bars. */
export interface HistogramRows {
  outline: Record<string, number | string>[];
  errors: Record<string, number | string>[];
  yMax: number;
  yMinPositive: number;
}

/**
 * Builds the rows of a step histogram. `y` per bin is sumw (or the density), `err` its error. Shared
 * with {@link plotScoreOverlay}.
 */
export function histogramRows(label: string, edges: Float64Array, y: Float64Array, err: Float64Array): HistogramRows {
  const n = y.length;
  const outline: Record<string, number | string>[] = [{ series: label, k: 0, x: round(edges[0]), y: 0, edge: 1 }];
  const errors: Record<string, number | string>[] = [];
  let yMax = 0;
  let yMinPositive = Infinity;
  for (let b = 0; b < n; b++) {
    outline.push({ series: label, k: b + 1, x: round(edges[b]), y: round(y[b]) });
    if (y[b] > yMax) yMax = y[b];
    if (y[b] > 0 && y[b] < yMinPositive) yMinPositive = y[b];
    if (y[b] !== 0 || err[b] !== 0) {
      errors.push({ series: label, x: round(0.5 * (edges[b] + edges[b + 1])), y: round(y[b]), lo: round(y[b] - err[b]), hi: round(y[b] + err[b]) });
    }
  }
  outline.push({ series: label, k: n + 1, x: round(edges[n]), y: round(y[n - 1]) });
  outline.push({ series: label, k: n + 2, x: round(edges[n]), y: 0, edge: 1 });
  return { outline, errors, yMax, yMinPositive };
}

/** Heights and errors of a binned series, optionally as a density (unit area). */
export function binHeights(edges: Float64Array, sumw: Float64Array, sumw2: Float64Array, total: number, density: boolean): { y: Float64Array; err: Float64Array } {
  const n = sumw.length;
  const y = new Float64Array(n);
  const err = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    const scale = density ? (total > 0 ? 1 / (total * (edges[b + 1] - edges[b])) : 0) : 1;
    y[b] = sumw[b] * scale;
    err[b] = Math.sqrt(sumw2[b]) * scale;
  }
  return { y, err };
}

/** The y scale and the clamp for log axes, shared by the histogram figures. */
export function yScale(logY: boolean, yMax: number, yMinPositive: number): { scale: object; axis: object; floor: number } {
  // Small densities (per MeV, say) as 1.2e-5 rather than 0.000012, so tick labels stay short.
  const labelExpr = "datum.value != 0 && abs(datum.value) < 0.001 ? format(datum.value, '.1e') : format(datum.value, '~g')";
  if (!logY) return { scale: { type: 'linear', domain: [0, yMax > 0 ? yMax * 1.3 : 1], nice: false, zero: true }, axis: { labelExpr }, floor: 0 };
  const top = yMax > 0 ? yMax : 1;
  const bottom = Number.isFinite(yMinPositive) ? yMinPositive / 2 : top / 1000;
  const floor = Math.pow(10, Math.floor(Math.log10(bottom)));
  const ceiling = Math.pow(10, Math.ceil(Math.log10(top * 20)));
  return { scale: { type: 'log', domain: [floor, ceiling], nice: false }, axis: logAxis(floor, ceiling), floor };
}

/**
 * Bin edges for the histogram builders: `'integer'` gives one bin per integer between the smallest and the
 * largest value (or `range`), edges at k − 0.5 and k + 0.5; otherwise as {@link resolveEdges}.
 */
export function histogramEdges(bins: number | ArrayLike<number> | 'integer', range: [number, number] | undefined, all: ArrayLike<number>[], where: string): Float64Array {
  if (bins !== 'integer') return resolveEdges(bins, range, all, where);
  let lo = range?.[0] ?? Infinity;
  let hi = range?.[1] ?? -Infinity;
  if (!range) for (const a of all) for (let i = 0; i < a.length; i++) {
    if (a[i] < lo) lo = a[i];
    if (a[i] > hi) hi = a[i];
  }
  check(Number.isFinite(lo) && Number.isFinite(hi), `${where}.range`, 'finite [min, max]', [lo, hi]);
  const a = Math.round(lo);
  const b = Math.round(hi);
  check(b - a <= 10000, `${where}.bins`, "'integer' bins over at most 10000 integers", `${a}..${b}`);
  return Float64Array.from({ length: b - a + 2 }, (_, k) => a + k - 0.5);
}

/**
 * Overlays histograms of several series (signal vs background, data vs simulation).
 * @param options - series, bins (default 50), range, density (false), logY (false), errorBars (false),
 *   filled (true), clip (false), xLabel, yLabel, title, width, height
 * @returns a {@link Figure}
 * @example
 * show(plotHistograms({ series: [{ label: 'signal', values: mSig }, { label: 'background', values: mBkg }],
 *   bins: 40, range: [0, 300], density: true, xLabel: 'm_jet [GeV]' }));
 */
export function plotHistograms(options: HistogramsOptions): Figure {
  check(Array.isArray(options?.series) && options.series.length > 0, 'plotHistograms.series', 'a non-empty array of { label, values }', options?.series);
  const series = options.series.map((s, i) => ({ label: String(s.label ?? `series ${i}`), ...checkSeries(s.values, s.weights, `plotHistograms.series[${i}]`) }));
  const density = options.density ?? false;
  const logY = options.logY ?? false;
  const errorBars = options.errorBars ?? false;
  const filled = options.filled ?? true;
  const weighted = series.some((s) => s.weights !== undefined);
  const edges = histogramEdges(options.bins ?? 50, options.range, series.map((s) => s.values), 'plotHistograms');
  const outline: Record<string, number | string>[] = [];
  const errors: Record<string, number | string>[] = [];
  let yMax = 0;
  let yMinPositive = Infinity;
  for (const s of series) {
    const b = fillBins(edges, s.values, s.weights, options.clip ?? false);
    const h = binHeights(edges, b.sumw, b.sumw2, b.total, density);
    const rows = histogramRows(s.label, edges, h.y, h.err);
    outline.push(...rows.outline);
    errors.push(...rows.errors);
    yMax = Math.max(yMax, errorBars ? Math.max(...rows.errors.map((r) => r.hi as number), 0) : rows.yMax);
    yMinPositive = Math.min(yMinPositive, rows.yMinPositive);
  }
  const { scale, axis, floor } = yScale(logY, yMax, yMinPositive);
  const integer = options.bins === 'integer';
  const labels = series.map((s) => s.label);
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: labels, range: seriesColors(labels.length, options.series.map((s) => s.color as string)) },
    legend: { orient: 'top', columns: labels.length > 2 ? 2 : labels.length, symbolType: 'stroke' },
  };
  const xLabel = options.xLabel ?? 'x';
  const yLabel = options.yLabel ?? (density ? 'fraction / bin width' : weighted ? 'weighted events / bin' : 'events / bin');
  const x = {
    field: 'x',
    type: 'quantitative',
    title: xLabel,
    scale: { domain: [edges[0], edges[edges.length - 1]], nice: false, zero: false },
    // Edge labels kept inside the axis (no collision with the next panel or the y axis), overlaps thinned.
    axis: integer ? { tickMinStep: 1, format: 'd', labelFlush: false } : { labelFlush: true, labelOverlap: 'greedy' },
  };
  const yClamped = { calculate: `max(datum.y, ${floor})`, as: 'yc' };
  const layers: object[] = [];
  if (filled) {
    layers.push({
      transform: [{ filter: '!datum.edge' }, yClamped, { calculate: `${floor}`, as: 'y0' }],
      mark: { type: 'area', interpolate: 'step-after', fillOpacity: 0.18, line: false },
      encoding: { x, y: { field: 'yc', type: 'quantitative', title: yLabel, scale, axis, stack: null }, y2: { field: 'y0' }, color },
    });
  }
  layers.push({
    transform: [yClamped],
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.8 },
    encoding: { x, y: { field: 'yc', type: 'quantitative', title: yLabel, scale, axis }, color, order: { field: 'k' } },
  });
  if (errorBars) {
    layers.push({
      data: { values: errors },
      transform: [{ calculate: `max(datum.lo, ${floor})`, as: 'loc' }],
      mark: { type: 'rule', strokeWidth: 1.2 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'loc', type: 'quantitative' }, y2: { field: 'hi' }, color },
    });
  }
  return new Figure({
    ...(options.title ? { title: options.title } : {}),
    width: size(options.width, 'plotHistograms.width', PANEL.width),
    height: size(options.height, 'plotHistograms.height', PANEL.height),
    data: { values: outline },
    layer: layers,
  });
}

