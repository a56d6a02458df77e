/**
 * The course's figure theme: one font, readable sizes, a framed plot area as in HEP papers, signal blue
 * and background red, and Paul Tol's colour-blind-safe "bright" palette for more classes.
 * Reference: P. Tol, "Colour Schemes", SRON/EPS/TN/09-002 (2021).
 */

/** Signal colour (Tol bright blue). */
export const SIGNAL_COLOR = '#4477AA';
/** Background colour (Tol bright red). */
export const BACKGROUND_COLOR = '#EE6677';
/** Colour-blind-safe categorical palette (Tol bright, then Tol muted extras). Signal and background first. */
export const PALETTE: readonly string[] = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB', '#332288', '#882255', '#117733'];

/** Fonts, first found wins; Liberation Sans is metric-compatible with Arial and ships with most Linuxes. */
export const FONT = 'Liberation Sans, Arial, Helvetica, DejaVu Sans, sans-serif';

/** Default size of one panel, in pixels (the plotting area, without axes and legend). */
export const PANEL = { width: 420, height: 300 } as const;

/** The Vega-Lite `config` every figure carries. */
export function themeConfig(): Record<string, unknown> {
  const ink = '#222222';
  return {
    font: FONT,
    background: 'white',
    padding: 8,
    view: { stroke: ink, strokeWidth: 1 },
    axis: {
      labelFontSize: 12,
      titleFontSize: 14,
      titleFontWeight: 'normal',
      labelColor: ink,
      titleColor: ink,
      domainColor: ink,
      tickColor: ink,
      tickSize: 5,
      grid: true,
      gridColor: '#e8e8e8',
      labelFlush: true,
      labelOverlap: true,
    },
    legend: {
      labelFontSize: 12,
      titleFontSize: 12,
      titleFontWeight: 'normal',
      labelLimit: 260,
      symbolStrokeWidth: 2,
    },
    header: { labelFontSize: 13, titleFontSize: 13 },
    title: { fontSize: 15, fontWeight: 'normal', anchor: 'start', color: ink, offset: 8 },
    range: { category: [...PALETTE] },
    line: { strokeWidth: 2 },
    point: { size: 30, filled: true },
  };
}

/** Picks `n` colours: the given ones, else the palette in order (signal blue, background red, ...). */
export function seriesColors(n: number, given?: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(given?.[i] ?? PALETTE[i % PALETTE.length]);
  return out;
}

/** The course colours, for notebooks that draw their own specs: signal, background, categorical palette. */
export const PLOT_COLORS = { signal: SIGNAL_COLOR, background: BACKGROUND_COLOR, palette: PALETTE } as const;
