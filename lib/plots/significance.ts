/**
 * Significance versus binning (the VH binning optimisation): Z0 after each accepted split, and the bin
 * edges of each step below it, so one sees where the cuts land and how much each one adds.
 */
import { check } from '../errors';
import { Figure } from './figure';
import { type FigureOptions, finiteArray, round, size } from './inputs';
import { PALETTE } from './theme';

/** Options of {@link plotSignificance}. */
export interface SignificanceOptions extends FigureOptions {
  /** Total significance after each step (Z0 summed in quadrature over bins). */
  z0: ArrayLike<number>;
  /** Bin edges after each step (same length as z0); adds a panel with the edges per step. */
  edges?: ArrayLike<number>[];
  /** x title of the Z0 panel. Default `'number of bins'` when edges are given, else `'step'`. */
  xLabel?: string;
  /** x title of the edges panel. Default `'classifier score'`. */
  edgeLabel?: string;
}

/**
 * Plots Z0 against the binning steps.
 * @param options - z0, edges, xLabel, edgeLabel, title, width, height
 * @example
 * const result = optimiseBinning(scoreSig, scoreBkg, { weights });
 * show(plotSignificance({ z0: result.steps.map((s) => s.z0), edges: result.steps.map((s) => s.edges) }));
 */
export function plotSignificance(options: SignificanceOptions): Figure {
  const z0 = finiteArray(options?.z0, 'plotSignificance.z0');
  const edges = options.edges;
  if (edges) check(Array.isArray(edges) && edges.length === z0.length, 'plotSignificance.edges', `one array of edges per step (${z0.length})`, edges);
  const width = size(options.width, 'plotSignificance.width', 380);
  const height = size(options.height, 'plotSignificance.height', 260);
  const rows: Record<string, number>[] = [];
  for (let i = 0; i < z0.length; i++) rows.push({ step: i, bins: edges ? edges[i].length - 1 : i, z0: round(z0[i]) });
  const xField = edges ? 'bins' : 'step';
  const main = {
    width,
    height,
    data: { values: rows },
    mark: { type: 'line', point: { size: 40 }, color: PALETTE[0] },
    encoding: {
      x: { field: xField, type: 'quantitative', title: options.xLabel ?? (edges ? 'number of bins' : 'step'), scale: { zero: false, padding: 14 }, axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'z0', type: 'quantitative', title: 'Asimov significance Z0', scale: { zero: false, padding: 14 } },
    },
  };
  if (!edges) return new Figure({ ...(options.title ? { title: options.title } : {}), ...main });
  const ticks: Record<string, number>[] = [];
  edges.forEach((e, i) => {
    const a = finiteArray(e, `plotSignificance.edges[${i}]`);
    for (let k = 0; k < a.length; k++) ticks.push({ step: i, edge: round(a[k]), bins: a.length - 1 });
  });
  const bands = {
    width,
    height,
    data: { values: ticks },
    mark: { type: 'tick', thickness: 2, color: PALETTE[1] },
    encoding: {
      x: { field: 'edge', type: 'quantitative', title: options.edgeLabel ?? 'classifier score', scale: { zero: false, padding: 8 } },
      y: { field: 'bins', type: 'ordinal', title: 'number of bins', sort: 'descending' },
    },
  };
  return new Figure({ ...(options.title ? { title: options.title } : {}), hconcat: [main, bands] });
}
