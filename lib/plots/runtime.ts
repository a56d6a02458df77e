/**
 * The Vega runtime, loaded synchronously.
 *
 * vega and vega-lite publish ESM as their package entry points, which a CommonJS library can only reach
 * with an asynchronous `import()`. But `show(fig)` must render synchronously (tslab does not await a
 * cell's last value). Both packages also ship complete UMD bundles (`build/vega.min.js`,
 * `build/vega-lite.min.js`, the builds served by unpkg and jsdelivr); we evaluate those once, on first
 * use, with a tiny CommonJS wrapper, so every render after that is plain synchronous code (~80 ms to
 * load, once). This module is the Node-only edge of the renderer: it reads two files. A browser build
 * would instead read `globalThis.vega` / `globalThis.vegaLite` from script tags, which we honour first.
 */
import { HepmlError } from '../errors';
import { measureTextWidth } from './text-metrics';

/** The few parts of vega's API the renderer uses (we do not expose vega's own types). */
export interface VegaModule {
  version: string;
  parse(spec: object, config?: object): object;
  View: new (runtime: object, options?: { renderer?: string }) => VegaView;
  renderModule(name: string): { headless: new (loader?: unknown) => VegaSvgRenderer };
  textMetrics: { width: (item: object, text: unknown) => number; estimateWidth: unknown };
}

/** A vega View, reduced to what we call. */
export interface VegaView {
  run(): VegaView;
  toSVG(scaleFactor?: number): Promise<string>;
  padding(): { left: number; right: number; top: number; bottom: number };
  background(): string | null;
  loader(): unknown;
  finalize(): void;
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
  _scenegraph: { root: object };
}

/** vega's headless SVG string renderer. */
export interface VegaSvgRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scaleFactor?: number): VegaSvgRenderer;
  background(color: string | null): VegaSvgRenderer;
  render(scene: object): VegaSvgRenderer;
  svg(): string;
}

/** vega-lite's compiler. */
export interface VegaLiteModule {
  version: string;
  compile(spec: object, options?: { config?: object }): { spec: object };
}

export interface VegaRuntime {
  vega: VegaModule;
  vegaLite: VegaLiteModule;
}

let cached: VegaRuntime | undefined;

function evaluateUmd(file: string, deps: Record<string, unknown>): unknown {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const fs = require('node:fs') as typeof import('node:fs');
  const source = fs.readFileSync(file, 'utf8');
  const mod = { exports: {} as Record<string, unknown> };
  const localRequire = (name: string): unknown => {
    if (name in deps) return deps[name];
    throw new HepmlError(`plots: the UMD bundle ${file} asked for "${name}", which the loader does not provide.`);
  };
  // The UMD header picks its CommonJS branch because `exports` and `module` are defined.
  const factory = new Function('exports', 'module', 'require', 'define', `${source}\n//# sourceURL=${file}`);
  factory.call(globalThis, mod.exports, mod, localRequire, undefined);
  return mod.exports;
}

function bundlePath(pkg: string, file: string): string {
  const path = require('node:path') as typeof import('node:path');
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch (cause) {
    throw new HepmlError(`plots: expected the npm package "${pkg}" to be installed, found none. Run \`npm install\` in hepml-course.`, { cause });
  }
  return path.join(path.dirname(entry), file);
}

/**
 * Returns vega and vega-lite, loading them on the first call (synchronous).
 * @returns the cached runtime
 */
export function vegaRuntime(): VegaRuntime {
  if (cached) return cached;
  const g = globalThis as { vega?: VegaModule; vegaLite?: VegaLiteModule };
  if (g.vega?.View && g.vegaLite?.compile) {
    cached = { vega: g.vega, vegaLite: g.vegaLite };
    return cached;
  }
  const vega = evaluateUmd(bundlePath('vega', 'vega.min.js'), {}) as VegaModule;
  const vegaLite = evaluateUmd(bundlePath('vega-lite', 'vega-lite.min.js'), { vega }) as VegaLiteModule;
  if (typeof vega.View !== 'function' || typeof vegaLite.compile !== 'function') {
    throw new HepmlError('plots: expected complete UMD builds of vega and vega-lite, found incomplete modules. Reinstall vega and vega-lite.');
  }
  // No canvas in Node: replace vega's 0.8-em-per-character estimate with real font metrics.
  if (vega.textMetrics.width === vega.textMetrics.estimateWidth) vega.textMetrics.width = measureTextWidth;
  cached = { vega, vegaLite };
  return cached;
}
