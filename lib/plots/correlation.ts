/**
 * Correlation matrices as heatmaps on a diverging -1..1 scale with the values written in the cells, and
 * the signal / background / difference panels side by side.
 */
import { check } from '../errors';
import type { Matrix } from '../data/matrix';
import { Figure } from './figure';
import { type FigureOptions, round, squareMatrix } from './inputs';
import { textWidthEm } from './text-metrics';

/** A square matrix: rows (`number[][]`), flat row-major n*n values, or a `Matrix`. */
export type SquareMatrixLike = ArrayLike<number> | ArrayLike<number>[] | Matrix<ArrayLike<number>>;

/** Options of {@link plotCorrelation}. */
export interface CorrelationOptions extends FigureOptions {
  /** The correlation matrix (n x n). */
  matrix: SquareMatrixLike;
  /** Variable names (n). */
  names: string[];
  /** Write the values into the cells. Default: when n <= 15. */
  annotate?: boolean;
  /** Colour domain. Default [-1, 1]. */
  domain?: [number, number];
}

function heatmapPanel(values: Float64Array, names: string[], title: string | undefined, domain: [number, number], annotate: boolean, cell: number): object {
  const n = names.length;
  const rows: Record<string, number | string>[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rows.push({ row: names[i], col: names[j], value: round(values[i * n + j], 4) });
  const sort = names;
  const labelFontSize = cell < 22 ? 10 : 12;
  // Room for the longest name in full (HiggsML's DER_mass_transverse_met_lep), never an ellipsis.
  const labelLimit = Math.ceil(Math.max(...names.map((name) => textWidthEm(String(name)))) * labelFontSize * 1.1) + 4;
  const x = { field: 'col', type: 'ordinal', sort, title: null, axis: { labelAngle: -60, labelLimit, labelOverlap: false, labelFlush: false, labelFontSize } };
  const y = { field: 'row', type: 'ordinal', sort, title: null, axis: { labelLimit, labelOverlap: false, labelFlush: false, labelFontSize } };
  const layers: object[] = [
    {
      mark: { type: 'rect' },
      encoding: { x, y, color: { field: 'value', type: 'quantitative', title: null, scale: { scheme: 'redblue', reverse: true, domain, clamp: true }, legend: { gradientLength: Math.max(120, cell * n * 0.8) } } },
    },
  ];
  if (annotate) {
    const fontSize = Math.max(7, Math.min(12, cell / 3.2));
    layers.push({
      mark: { type: 'text', fontSize },
      encoding: {
        x,
        y,
        text: { field: 'value', type: 'quantitative', format: '.2f' },
        color: { condition: { test: `abs(datum.value) > ${0.6 * Math.max(Math.abs(domain[0]), Math.abs(domain[1]))}`, value: 'white' }, value: '#222222' },
      },
    });
  }
  return { ...(title ? { title } : {}), width: cell * n, height: cell * n, data: { values: rows }, layer: layers, config: { axis: { grid: false } } };
}

function cellSize(n: number, width: number | undefined): number {
  return Math.max(12, Math.min(44, Math.floor((width ?? 420) / n)));
}

/**
 * Plots one correlation matrix.
 * @param options - matrix, names, annotate (n <= 15), domain ([-1, 1]), title, width (420)
 * @example
 * show(plotCorrelation({ matrix: correlationMatrix(x), names: x.names, title: 'signal' }));
 */
export function plotCorrelation(options: CorrelationOptions): Figure {
  check(Array.isArray(options?.names) && options.names.length > 0, 'plotCorrelation.names', 'an array of variable names', options?.names);
  const { values, n } = squareMatrix(options.matrix, 'plotCorrelation.matrix', options.names.length);
  const panel = heatmapPanel(values, options.names, options.title, options.domain ?? [-1, 1], options.annotate ?? n <= 15, cellSize(n, options.width)) as Record<string, unknown>;
  const { config, ...spec } = panel;
  return new Figure({ ...spec, config: config as object });
}

/** Options of {@link plotCorrelationPanels}. */
export interface CorrelationPanelsOptions extends FigureOptions {
  signal: SquareMatrixLike;
  background: SquareMatrixLike;
  names: string[];
  /** Also draw signal minus background. Default true. */
  difference?: boolean;
  annotate?: boolean;
}

/**
 * Signal, background and (signal - background) correlation matrices side by side.
 * @param options - signal, background, names, difference (true), annotate (n <= 10), width per panel
 * @example
 * show(plotCorrelationPanels({ signal: corrSig, background: corrBkg, names }));
 */
export function plotCorrelationPanels(options: CorrelationPanelsOptions): Figure {
  check(Array.isArray(options?.names) && options.names.length > 0, 'plotCorrelationPanels.names', 'an array of variable names', options?.names);
  const names = options.names;
  const sig = squareMatrix(options.signal, 'plotCorrelationPanels.signal', names.length).values;
  const bkg = squareMatrix(options.background, 'plotCorrelationPanels.background', names.length).values;
  const annotate = options.annotate ?? names.length <= 10;
  const cell = cellSize(names.length, options.width ?? 300);
  const panels = [heatmapPanel(sig, names, 'signal', [-1, 1], annotate, cell), heatmapPanel(bkg, names, 'background', [-1, 1], annotate, cell)];
  if (options.difference ?? true) {
    const diff = new Float64Array(sig.length);
    for (let i = 0; i < sig.length; i++) diff[i] = sig[i] - bkg[i];
    panels.push(heatmapPanel(diff, names, 'signal − background', [-1, 1], annotate, cell));
  }
  const strip = panels.map((p) => {
    const { config: _c, ...rest } = p as Record<string, unknown>;
    return rest;
  });
  return new Figure({
    ...(options.title ? { title: options.title } : {}),
    hconcat: strip,
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
    config: { axis: { grid: false } },
  });
}
