/**
 * The AMS against the score threshold, readable: the scan (one point per distinct score, a sawtooth at
 * high thresholds) is sampled on an even grid of thresholds over the region around its maximum, and the
 * exact maximum that `amsScan` reports is drawn as a marked point, so the figure and the printed table
 * always agree. Taught in 03-higgsml-bdt and 04-higgsml-dnn.
 */
import { check } from '../errors';
import type { AmsScan } from '../metrics/significance';
import { Figure } from './figure';
import { type FigureOptions, round, size } from './inputs';
import { PANEL, seriesColors } from './theme';

/** One model's scan, as returned by `amsScan`. */
export interface AmsScanSeries {
  label: string;
  scan: AmsScan;
  color?: string;
}

/** Options of {@link plotAmsScan}. */
export interface AmsScanPlotOptions extends FigureOptions {
  scans: AmsScanSeries[];
  /** Threshold range to show. Default: where some curve is above `zoomFraction` of its maximum, padded. */
  range?: [number, number];
  /** Fraction of the maximum that sets the automatic range. Default 0.5. */
  zoomFraction?: number;
  /** Grid points across the range. Default 150. */
  points?: number;
  /** x axis title. Default `'threshold on the classifier score'`. */
  xLabel?: string;
}

/** AMS of the selection `score >= t`: the last scan index with thresholds[i] >= t (thresholds decrease). */
function amsAt(scan: AmsScan, t: number): number {
  const th = scan.thresholds;
  if (th.length === 0 || th[0] < t) return 0;
  let lo = 0;
  let hi = th.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (th[mid] >= t) lo = mid;
    else hi = mid - 1;
  }
  return scan.ams[lo];
}

function autoRange(scans: AmsScanSeries[], fraction: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { scan } of scans) {
    const cut = fraction * scan.best.ams;
    for (let i = 0; i < scan.thresholds.length; i++) {
      if (scan.ams[i] >= cut && Number.isFinite(scan.thresholds[i])) {
        lo = Math.min(lo, scan.thresholds[i]);
        hi = Math.max(hi, scan.thresholds[i]);
      }
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  // pad by 8 %, but never beyond the scores themselves (a threshold above every score selects nothing)
  let min = Infinity;
  let max = -Infinity;
  for (const { scan } of scans) {
    const th = scan.thresholds;
    if (th.length === 0) continue;
    max = Math.max(max, th[0]);
    min = Math.min(min, th[th.length - 1]);
  }
  const pad = Math.max((hi - lo) * 0.08, 1e-6);
  const a = Math.max(lo - pad, min);
  const b = Math.min(hi + pad, max);
  return b > a ? [a, b] : [lo - pad, hi + pad];
}

/**
 * Plots AMS versus threshold for one or more models, zoomed near the maxima, with each exact best point
 * marked and quoted in the legend.
 * @param options - scans, range (auto), zoomFraction (0.5), points (150), xLabel, title, width, height
 * @returns a {@link Figure}
 * @example
 * const scan = amsScan(yTest, score, wTest, { totals: classTotals(y, { weights: w }) });
 * show(plotAmsScan({ scans: [{ label: 'gradient boosting', scan }] }));
 */
export function plotAmsScan(options: AmsScanPlotOptions): Figure {
  check(Array.isArray(options?.scans) && options.scans.length > 0, 'plotAmsScan.scans', 'a non-empty array of { label, scan }', options?.scans);
  options.scans.forEach((s, i) => check(s?.scan?.thresholds instanceof Float64Array && s.scan.ams?.length === s.scan.thresholds.length, `plotAmsScan.scans[${i}].scan`, 'the result of amsScan', s?.scan));
  const points = options.points ?? 150;
  check(Number.isInteger(points) && points >= 2 && points <= 5000, 'plotAmsScan.points', 'an integer in 2..5000', points);
  const fraction = options.zoomFraction ?? 0.5;
  check(fraction >= 0 && fraction < 1, 'plotAmsScan.zoomFraction', 'a fraction in [0, 1)', fraction);
  const range = options.range ?? autoRange(options.scans, fraction);
  check(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[1] > range[0], 'plotAmsScan.range', '[lo, hi] with lo < hi', range);
  const labels = options.scans.map((s) => `${s.label} (best AMS ${s.scan.best.ams.toFixed(2)} at ${s.scan.best.threshold.toPrecision(3)})`);
  const rows: Record<string, number | string>[] = [];
  const best: Record<string, number | string>[] = [];
  options.scans.forEach((s, ci) => {
    const grid: number[] = [];
    for (let k = 0; k < points; k++) grid.push(range[0] + ((range[1] - range[0]) * k) / (points - 1));
    const bt = s.scan.best.threshold;
    if (bt >= range[0] && bt <= range[1]) grid.push(bt);
    grid.sort((a, b) => a - b);
    grid.forEach((t, k) => rows.push({ series: labels[ci], k, x: round(t), y: round(t === bt ? s.scan.best.ams : amsAt(s.scan, t)) }));
    best.push({ series: labels[ci], x: round(bt), y: round(s.scan.best.ams) });
  });
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: labels, range: seriesColors(labels.length, options.scans.map((s) => s.color as string)) },
    legend: { orient: 'top', direction: 'vertical', symbolType: 'stroke' },
  };
  const x = { field: 'x', type: 'quantitative', title: options.xLabel ?? 'threshold on the classifier score', scale: { domain: range, nice: false, zero: false } };
  const y = { field: 'y', type: 'quantitative', title: 'AMS (b_reg = 10)', scale: { zero: true, nice: true } };
  return new Figure({
    ...(options.title ? { title: options.title } : {}),
    width: size(options.width, 'plotAmsScan.width', PANEL.width),
    height: size(options.height, 'plotAmsScan.height', PANEL.height),
    layer: [
      { data: { values: rows }, mark: { type: 'line', clip: true, strokeWidth: 1.6 }, encoding: { x, y, color, order: { field: 'k' } } },
      { data: { values: best }, mark: { type: 'point', shape: 'diamond', size: 90, filled: true, stroke: '#222222', strokeWidth: 0.8 }, encoding: { x, y, color } },
    ],
  });
}
