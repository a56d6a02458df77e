/**
 * SVG -> PNG with resvg (a native addon: this is a Node-only edge of lib/plots).
 */
import { HepmlError } from '../errors';
import { FONT } from './theme';

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Pixel density: 2 gives a sharp image on high-DPI screens and in slides. Default 2. */
  scale?: number;
}

const DEFAULTS = { scale: 2 };

interface ResvgModule {
  Resvg: new (svg: string, options: object) => { render(): { asPng(): Uint8Array; width: number; height: number } };
}
let resvg: ResvgModule | undefined;

/**
 * Rasterises an SVG document into PNG bytes.
 * @param svg - the SVG text
 * @param options - `scale` (default 2)
 * @example
 * fs.writeFileSync('roc.png', svgToPng(fig.toSVG(), { scale: 1 }));
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? DEFAULTS.scale;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 10)) {
    throw new HepmlError(`toPNG: expected a scale in (0, 10], found ${scale}. Use 1 or 2.`, { where: 'scale' });
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  resvg ??= require('@resvg/resvg-js') as ResvgModule;
  const families = FONT.split(',').map((f) => f.trim());
  const png = new resvg.Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: families[0], sansSerifFamily: families[0] },
  })
    .render()
    .asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
