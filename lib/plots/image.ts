/**
 * Jet images (calorimeter images in the (Δη, Δφ) plane): one image, or a grid of images (classes,
 * averages, channels), with a log colour scale by default. Drawn as one rect per non-empty pixel.
 */
import { check } from '../errors';
import { Figure } from './figure';
import { type FigureOptions, finiteArray, round } from './inputs';
import { logAxis } from './axes';

/** Options of {@link plotImage}. */
export interface ImageOptions extends FigureOptions {
  /** Pixel values, row-major: `image[row * width + col]`. */
  image: ArrayLike<number>;
  /** Pixels per row (columns). Default 40. */
  imageWidth?: number;
  /** Rows. Default 40. */
  imageHeight?: number;
  /** Log colour scale (pixels <= 0 are left blank). Default true. */
  log?: boolean;
  /** `[xmin, xmax, ymin, ymax]` of the image in axis units. Default: centred on 0 when `pixelSize` is set, else pixel indices. */
  extent?: [number, number, number, number];
  /**
   * Pixel size in Δη and Δφ (e.g. 0.02 for 40 pixels over 2R = 0.8): the axes then show Δη and Δφ
   * centred on the jet axis, and the size is stated in the axis titles. Default: none (pixel indices).
   */
  pixelSize?: number;
  /** Row 0 at the bottom (`'lower'`, default) or at the top (`'upper'`, like a matrix). */
  origin?: 'lower' | 'upper';
  /** Colour scheme. Default `'viridis'`. */
  scheme?: string;
  /** Axis titles. Default `'Δη'`, `'Δφ'`. */
  xLabel?: string;
  yLabel?: string;
  /** Colour legend title. Default `'pixel pT [GeV]'` (say `'pT fraction'` for normalised images). */
  colorLabel?: string;
}

/** The colour bar of an image panel: log ticks labelled in one style, or plain numbers. */
function colorLegend(domain: number[], log: boolean, height: number): Record<string, unknown> {
  return { ...(log ? logAxis(domain[0], domain[1]) : { format: '.2~g' }), gradientLength: Math.min(160, Math.max(60, height - 20)), titleOrient: 'left', titleFontSize: 11, labelFontSize: 10 };
}

/** Vega-Lite unit spec of one image (shared with {@link plotImageGrid}). */
export function imagePanel(options: ImageOptions, where: string): Record<string, unknown> {
  const w = options.imageWidth ?? 40;
  const h = options.imageHeight ?? 40;
  check(Number.isInteger(w) && w > 0 && Number.isInteger(h) && h > 0, `${where}.imageWidth/imageHeight`, 'positive integers', `${w}x${h}`);
  const img = finiteArray(options.image, `${where}.image`);
  check(img.length === w * h, `${where}.image`, `${w * h} pixels (${w} x ${h})`, img, 'Set imageWidth and imageHeight to the image shape.');
  const log = options.log ?? true;
  const ps = options.pixelSize;
  if (ps !== undefined) check(Number.isFinite(ps) && ps > 0, `${where}.pixelSize`, 'a positive pixel size in Δη and Δφ', ps, 'Use e.g. 0.02.');
  const [x0, x1, y0, y1] = options.extent ?? (ps ? [(-w * ps) / 2, (w * ps) / 2, (-h * ps) / 2, (h * ps) / 2] : [0, w, 0, h]);
  const unit = ps ? ` (pixel ${round(ps, 3)})` : options.extent ? '' : ' [pixel]';
  const dx = (x1 - x0) / w;
  const dy = (y1 - y0) / h;
  const upper = (options.origin ?? 'lower') === 'upper';
  const rows: Record<string, number>[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < h; r++) {
    const yr = upper ? h - 1 - r : r;
    for (let c = 0; c < w; c++) {
      const v = img[r * w + c];
      if (log ? v <= 0 : v === 0) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      rows.push({ x: round(x0 + c * dx), x2: round(x0 + (c + 1) * dx), y: round(y0 + yr * dy), y2: round(y0 + (yr + 1) * dy), v: round(v, 5) });
    }
  }
  if (rows.length === 0) {
    lo = log ? 1e-3 : 0;
    hi = 1;
  }
  const domain = [lo, hi > lo ? hi : lo * 10 || 1];
  const side = Math.max(w, h);
  const px = Math.max(3, Math.floor(300 / side));
  return {
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? px * w,
    height: options.height ?? px * h,
    data: { values: rows },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xLabel ?? `Δη${unit}`, scale: { domain: [x0, x1], nice: false, zero: false }, axis: { grid: false } },
      x2: { field: 'x2' },
      y: { field: 'y', type: 'quantitative', title: options.yLabel ?? `Δφ${unit}`, scale: { domain: [y0, y1], nice: false, zero: false }, axis: { grid: false } },
      y2: { field: 'y2' },
      color: {
        field: 'v',
        type: 'quantitative',
        title: options.colorLabel ?? 'pixel pT [GeV]',
        scale: { type: log ? 'log' : 'linear', scheme: options.scheme ?? 'viridis', domain },
        legend: colorLegend(domain, log, options.height ?? px * h),
      },
    },
  };
}

/**
 * Plots one jet image.
 * @param options - image, imageWidth (40), imageHeight (40), log (true), extent, origin ('lower'), scheme, labels
 * @example
 * show(plotImage({ image: meanSignalImage, title: 'top jets, average', log: true }));
 */
export function plotImage(options: ImageOptions): Figure {
  return new Figure(imagePanel(options, 'plotImage'));
}

/** Options of {@link plotImageGrid}. */
export interface ImageGridOptions extends Omit<ImageOptions, 'image' | 'title'> {
  /** The images, each with its own title. */
  images: { image: ArrayLike<number>; title?: string }[];
  /** Images per row. Default: all in one row up to 4. */
  columns?: number;
  /** Share one colour scale across images. Default false (each image its own scale). */
  sharedScale?: boolean;
  /** Overall title. */
  title?: string;
}

/**
 * Plots several jet images in a grid (signal vs background averages, channels of one jet).
 * @param options - images, columns (min(4, n)), sharedScale (false), and the {@link plotImage} options
 * @example
 * show(plotImageGrid({ images: [{ image: meanTop, title: 'top' }, { image: meanQcd, title: 'QCD' }] }));
 */
export function plotImageGrid(options: ImageGridOptions): Figure {
  check(Array.isArray(options?.images) && options.images.length > 0, 'plotImageGrid.images', 'a non-empty array of { image, title }', options?.images);
  const { images, columns, sharedScale, title, ...rest } = options;
  const side = Math.max(rest.imageWidth ?? 40, rest.imageHeight ?? 40);
  const px = Math.max(2, Math.floor(220 / side));
  const panels = images.map((im, i) =>
    imagePanel({ width: px * (rest.imageWidth ?? 40), height: px * (rest.imageHeight ?? 40), ...rest, image: im.image, title: im.title }, `plotImageGrid.images[${i}]`),
  );
  if (sharedScale) {
    // One domain over all images.
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of panels) {
      const d = ((p.encoding as Record<string, { scale: { domain: number[] } }>).color.scale.domain);
      lo = Math.min(lo, d[0]);
      hi = Math.max(hi, d[1]);
    }
    // One colour bar, drawn once: every panel gets the same domain and the same legend (Vega-Lite merges
    // the legends of a shared scale and warns when their properties differ).
    for (const p of panels) {
      const color = (p.encoding as Record<string, { scale: { domain: number[]; type: string }; legend: unknown }>).color;
      color.scale.domain = [lo, hi];
      color.legend = colorLegend([lo, hi], color.scale.type === 'log', (p.height as number) ?? 200);
    }
  }
  return new Figure({
    ...(title ? { title } : {}),
    columns: columns ?? Math.min(4, panels.length),
    concat: panels,
    resolve: { scale: { color: sharedScale ? 'shared' : 'independent' } },
  });
}
