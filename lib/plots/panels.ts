/**
 * Several figures side by side in one: e.g. E, px, py, pz of one constituent, or one variable per
 * constituent index. Each panel keeps its own axes; series with the same names share one colour legend.
 * Taught in 06-top-tagging-dnn (task 1.3).
 */
import { check } from '../errors';
import { Figure } from './figure';

/** Options of {@link plotPanels}. */
export interface PanelsOptions {
  /** Panels per row. Default: all in one row up to 4. */
  columns?: number;
  /** Overall title. */
  title?: string;
}

/**
 * Combines figures into one grid of panels.
 * @param figures the panels (any figures of lib/plots with a single view or layers)
 * @param options columns (min(4, n)), title
 * @example
 * show(plotPanels(['E', 'px', 'py', 'pz'].map((c) => plotClassHistograms({ values: f[c], labels: y, xLabel: `${c} [GeV]` })), { columns: 4 }));
 */
export function plotPanels(figures: readonly Figure[], options: PanelsOptions = {}): Figure {
  check(Array.isArray(figures) && figures.length > 0 && figures.every((f) => f instanceof Figure), 'plotPanels figures', 'a non-empty array of figures', figures);
  const columns = options.columns ?? Math.min(4, figures.length);
  check(Number.isInteger(columns) && columns > 0, 'plotPanels columns', 'a positive integer', columns);
  const panels = figures.map((f) => {
    const { $schema: _s, config: _c, ...rest } = f.spec as Record<string, unknown>;
    return rest;
  });
  return new Figure({
    ...(options.title ? { title: options.title } : {}),
    columns,
    concat: panels,
    resolve: { scale: { x: 'independent', y: 'independent' }, axis: { x: 'independent', y: 'independent' } },
    config: (figures[0].spec as Record<string, unknown>).config as Record<string, unknown>,
  });
}
