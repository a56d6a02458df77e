/**
 * ROC curves, two ways: TPR vs FPR (with the random-guess diagonal), and the HEP form, background
 * rejection 1/eps_B (log) vs signal efficiency eps_S. Long curves are thinned to ~600 points per curve
 * in the plotted coordinates, so a 100k-event ROC stays a small table.
 */
import { check } from '../errors';
import { logAxis } from './axes';
import { Figure } from './figure';
import { type FigureOptions, finiteArray, round, sameLength, size } from './inputs';
import { PANEL, seriesColors } from './theme';

/** One ROC curve, as returned by `rocCurve` (fpr and tpr increasing). */
export interface RocSeries {
  label: string;
  fpr: ArrayLike<number>;
  tpr: ArrayLike<number>;
  /** Shown in the legend as `label (AUC = 0.912)`. */
  auc?: number;
  color?: string;
}

/** Options of {@link plotRoc}. */
export interface RocOptions extends FigureOptions {
  curves: RocSeries[];
  /** `'tpr-fpr'` (default) or `'rejection'` (1/eps_B on a log axis vs eps_S). */
  kind?: 'tpr-fpr' | 'rejection';
  /** Axis ranges to zoom into, e.g. `{ x: [0, 0.2] }`. Default: the full range. */
  zoom?: { x?: [number, number]; y?: [number, number] };
  /** Draw the random-classifier reference (diagonal, or 1/eps_S for rejection). Default true. */
  reference?: boolean;
  /** Maximum points kept per curve. Default 600. */
  maxPoints?: number;
}

/** Keeps points that move at least `step` (L1, in plotted coordinates) from the last kept one. */
function thin(x: Float64Array, y: Float64Array, maxPoints: number): number[] {
  const n = x.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  let path = 0;
  for (let i = 1; i < n; i++) path += Math.abs(x[i] - x[i - 1]) + Math.abs(y[i] - y[i - 1]);
  const step = path / maxPoints;
  const keep = [0];
  let lx = x[0];
  let ly = y[0];
  for (let i = 1; i < n - 1; i++) {
    if (Math.abs(x[i] - lx) + Math.abs(y[i] - ly) >= step) {
      keep.push(i);
      lx = x[i];
      ly = y[i];
    }
  }
  keep.push(n - 1);
  return keep;
}

/**
 * Plots ROC curves.
 * @param options - curves, kind ('tpr-fpr'), zoom, reference (true), maxPoints (600), title, width, height
 * @example
 * const { fpr, tpr } = rocCurve(yTest, yScore);
 * show(plotRoc({ curves: [{ label: 'BDT', fpr, tpr, auc: rocAucScore(yTest, yScore) }], kind: 'rejection' }));
 */
export function plotRoc(options: RocOptions): Figure {
  check(Array.isArray(options?.curves) && options.curves.length > 0, 'plotRoc.curves', 'a non-empty array of { label, fpr, tpr }', options?.curves);
  const kind = options.kind ?? 'tpr-fpr';
  check(kind === 'tpr-fpr' || kind === 'rejection', 'plotRoc.kind', "'tpr-fpr' or 'rejection'", kind);
  const rejection = kind === 'rejection';
  const maxPoints = options.maxPoints ?? 600;
  const rows: Record<string, number | string>[] = [];
  const labels: string[] = [];
  let yMax = 1;
  options.curves.forEach((c, ci) => {
    const where = `plotRoc.curves[${ci}]`;
    const fpr = finiteArray(c.fpr, `${where}.fpr`);
    const tpr = finiteArray(c.tpr, `${where}.tpr`);
    sameLength(fpr, tpr, `${where}.fpr`, `${where}.tpr`);
    const label = c.auc !== undefined ? `${c.label} (AUC = ${c.auc.toFixed(3)})` : String(c.label);
    labels.push(label);
    // Plotted coordinates (rejection: x = eps_S, y = log10(1/eps_B); points with eps_B = 0 are dropped).
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < fpr.length; i++) {
      if (rejection) {
        if (fpr[i] <= 0 || tpr[i] <= 0) continue;
        xs.push(tpr[i]);
        ys.push(Math.log10(1 / fpr[i]));
      } else {
        xs.push(fpr[i]);
        ys.push(tpr[i]);
      }
    }
    const x = Float64Array.from(xs);
    const y = Float64Array.from(ys);
    for (const i of thin(x, y, maxPoints)) {
      const yv = rejection ? Math.pow(10, y[i]) : y[i];
      if (yv > yMax) yMax = yv;
      rows.push({ series: label, k: i, x: round(x[i]), y: round(yv) });
    }
  });
  const zoom = options.zoom ?? {};
  const xDomain = zoom.x ?? [0, 1];
  const yDomain = zoom.y ?? (rejection ? [1, Math.pow(10, Math.ceil(Math.log10(yMax * 1.01)))] : [0, 1]);
  const xTitle = rejection ? 'signal efficiency ε_S' : 'false positive rate (background efficiency ε_B)';
  const yTitle = rejection ? 'background rejection 1/ε_B' : 'true positive rate (signal efficiency ε_S)';
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: labels, range: seriesColors(labels.length, options.curves.map((c) => c.color as string)) },
    legend: { orient: 'top', columns: 1, symbolType: 'stroke' },
  };
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: { domain: xDomain, nice: false, zero: false } };
  const y = {
    field: 'y',
    type: 'quantitative',
    title: yTitle,
    scale: rejection ? { type: 'log', domain: yDomain, nice: false } : { domain: yDomain, nice: false, zero: false },
    ...(rejection ? { axis: logAxis(yDomain[0], yDomain[1]) } : {}),
  };
  const layers: object[] = [];
  if (options.reference ?? true) {
    const ref: Record<string, number>[] = [];
    for (let i = 0; i <= 50; i++) {
      const t = Math.pow(10, -4 + (4 * i) / 50);
      ref.push(rejection ? { x: round(t), y: round(1 / t) } : { x: i / 50, y: i / 50 });
    }
    layers.push({
      data: { values: ref },
      mark: { type: 'line', color: '#888888', strokeDash: [5, 4], strokeWidth: 1.2, clip: true },
      encoding: { x: { ...x }, y: { ...y } },
    });
  }
  layers.push({ data: { values: rows }, mark: { type: 'line', clip: true }, encoding: { x, y, color, order: { field: 'k' } } });
  return new Figure({
    ...(options.title ? { title: options.title } : {}),
    width: size(options.width, 'plotRoc.width', rejection ? PANEL.width : PANEL.height + 40),
    height: size(options.height, 'plotRoc.height', rejection ? PANEL.height : PANEL.height + 40),
    layer: layers,
  });
}
