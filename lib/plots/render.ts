/**
 * Vega-Lite spec -> SVG string, synchronously.
 *
 * The pipeline is vega's own headless one (`view.toSVG()`), minus its awaits: compile the Vega-Lite
 * spec, build a View with no renderer, run the dataflow (inline data only, so nothing is pending), then
 * give the scenegraph to vega's headless SVG string renderer with the same size and origin that
 * `renderHeadless` would use. Tests check the output equals `await view.toSVG()`.
 */
import { HepmlError, warn } from '../errors';
import { vegaRuntime, type VegaView } from './runtime';

/** A Vega-Lite spec as a plain JSON object. */
export type VegaLiteSpec = Record<string, unknown>;

const logger = {
  _level: 2,
  level(this: { _level: number }, l?: number) {
    if (l === undefined) return this._level;
    this._level = l;
    return this;
  },
  error(...args: unknown[]) {
    throw new HepmlError(`plots: vega-lite could not compile the figure: ${args.map(String).join(' ')}`);
  },
  warn(...args: unknown[]) {
    warn(`plots (vega-lite): ${args.map(String).join(' ')}`);
    return logger;
  },
  info() {
    return logger;
  },
  debug() {
    return logger;
  },
};

/** Compiles a Vega-Lite spec into a Vega View whose dataflow has run. */
export function buildView(spec: VegaLiteSpec): VegaView {
  const { vega, vegaLite } = vegaRuntime();
  const compiled = vegaLite.compile(spec, { logger } as object).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  view.run();
  return view;
}

/**
 * Renders a Vega-Lite spec to an SVG document, synchronously.
 * @param spec - a Vega-Lite spec with inline data (`data.values`)
 * @returns the SVG text
 */
export function renderSvg(spec: VegaLiteSpec): string {
  const { vega } = vegaRuntime();
  const view = buildView(spec);
  try {
    const pad = view.padding();
    const origin = view._origin;
    const Renderer = vega.renderModule('svg').headless;
    const renderer = new Renderer(view.loader())
      .initialize(
        null,
        Math.max(0, view._viewWidth + pad.left + pad.right),
        Math.max(0, view._viewHeight + pad.top + pad.bottom),
        [pad.left + origin[0], pad.top + origin[1]],
        1,
      )
      .background(view.background());
    renderer.render(view._scenegraph.root);
    return renderer.svg();
  } finally {
    view.finalize();
  }
}

/** Renders through vega's own asynchronous `view.toSVG()` (the reference the sync path must equal). */
export async function renderSvgAsync(spec: VegaLiteSpec): Promise<string> {
  const view = buildView(spec);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
