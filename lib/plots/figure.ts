/**
 * `Figure`: a plain Vega-Lite spec that renders itself to SVG or PNG, saves itself and shows inline.
 */
import type { Displayable, MimeBundle } from '../display';
import { renderSvg, renderSvgAsync, type VegaLiteSpec } from './render';
import { svgToPng, type PngOptions } from './png';
import { saveFigure } from './save';
import { svgSubscripts } from './subscripts';
import { themeConfig } from './theme';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** FNV-1a hash of a string, as 8 hex digits (deterministic SVG id prefixes). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Makes the element ids of an SVG deterministic and unique to its content: vega numbers gradients with a
 * global counter (`gradient_4`), so ids are renumbered in order of appearance and prefixed with a hash of
 * the rest of the document (`h1f3a9c2e-2`). Figures inlined in one HTML page (nbconvert, JupyterLab) then
 * never borrow each other's clip paths or gradients, and the same figure always gives the same text.
 */
export function scopeSvgIds(svg: string): string {
  const ids: string[] = [];
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.includes(m[1])) ids.push(m[1]);
  if (ids.length === 0) return svg;
  const index = new Map(ids.map((id, k) => [id, k]));
  const pattern = /(\sid="|url\(#|href="#)([^")]+)/g;
  const rename = (prefix: string) => (all: string, head: string, id: string) => (index.has(id) ? `${head}${prefix}${index.get(id)}` : all);
  const prefix = `h${hash(svg.replace(pattern, rename('')))}-`;
  return svg.replace(pattern, rename(prefix));
}

/**
 * A figure: a Vega-Lite spec (`fig.spec`, plain JSON you may edit) rendered only when asked.
 *
 * Rendering is synchronous (vega's UMD builds are loaded on first use), so `show(fig)` works as a cell's
 * last statement in tslab.
 * @example
 * const fig = plotRoc({ curves: [{ label: 'BDT', fpr, tpr }] });
 * show(fig);             // inline in a notebook
 * fig.save('roc.png');   // or .svg
 */
export class Figure implements Displayable {
  /** The complete Vega-Lite spec, theme included. */
  readonly spec: VegaLiteSpec;

  /** Wraps a Vega-Lite spec; the course theme fills in whatever `config` the spec does not set (merged per group). */
  constructor(spec: VegaLiteSpec) {
    const config: Record<string, unknown> = themeConfig();
    for (const [key, value] of Object.entries((spec.config as Record<string, unknown> | undefined) ?? {})) {
      const base = config[key];
      const both = typeof base === 'object' && base !== null && !Array.isArray(base) && typeof value === 'object' && value !== null && !Array.isArray(value);
      config[key] = both ? { ...base, ...value } : value;
    }
    this.spec = { $schema: SCHEMA, ...spec, config };
  }

  /** The figure's title as plain text (the `text/plain` fallback). */
  get title(): string {
    const t = this.spec.title as string | string[] | { text?: string | string[] } | undefined;
    const text = typeof t === 'object' && t !== null && !Array.isArray(t) ? t.text : t;
    const joined = Array.isArray(text) ? text.join(' ') : text;
    return joined ? `<Figure: ${joined}>` : '<Figure>';
  }

  /** Renders the SVG document (synchronous). Text written as `ε_S` or `p_T` gets real subscripts (see `subscripts.ts`). */
  toSVG(): string {
    return scopeSvgIds(svgSubscripts(renderSvg(this.spec)));
  }

  /** Same SVG through vega's asynchronous `view.toSVG()`; for checks, not needed in notebooks. */
  async render(): Promise<string> {
    return scopeSvgIds(svgSubscripts(await renderSvgAsync(this.spec)));
  }

  /**
   * Renders a PNG image.
   * @param options - `scale` (pixel density, default 2)
   */
  toPNG(options: PngOptions = {}): Uint8Array {
    return svgToPng(this.toSVG(), options);
  }

  /**
   * Saves to `path`; `.svg` or `.png` by extension. Returns the path.
   * @param options - `scale` for PNG (default 2)
   */
  save(path: string, options: PngOptions = {}): string {
    return saveFigure(this, path, options);
  }

  /** The MIME bundle `show` sends: SVG plus the title as text. */
  toMimeBundle(): MimeBundle {
    return { 'image/svg+xml': this.toSVG(), 'text/plain': this.title };
  }

  /** The spec, so `JSON.stringify(fig)` gives a spec any Vega-Lite tool can open. */
  toJSON(): VegaLiteSpec {
    return this.spec;
  }
}
