/**
 * Jet-image observables and normalisation for the five-channel photon-jet images [N, C, H, W]:
 * the per-jet normalisation a network sees, and the classic single-variable taggers a CNN must beat,
 * the pT-weighted **jet width** and the **photon energy fraction**. Taught in 05-jet-images-cnn.
 */
import { check } from '../errors';
import type { NdArray } from '../data/matrix';

function nchw(stack: NdArray, where: string): [number, number, number, number] {
  check(stack.shape.length === 4, `${where} shape`, '[N, C, H, W] (channels first)', `[${stack.shape.join(', ')}]`);
  const [n, c, h, w] = stack.shape;
  check(stack.data.length === n * c * h * w, `${where} data`, `${n * c * h * w} values`, stack.data.length);
  return [n, c, h, w];
}

/** Options of {@link normalizeImages}. */
export interface NormalizeImagesOptions {
  /** The channel whose pixel sum sets each jet's scale (the jet pT for channel 0, "all"). Default 0. */
  channel?: number;
}

/**
 * Divides every channel of each jet image by that jet's total of `channel` (default 0, all particles),
 * so the "all" image sums to 1 and the other channels are fractions of the jet pT. This removes the jet
 * pT scale (100–200 GeV), which is not what tells photon jets from QCD jets, and keeps the inputs of
 * order one. Empty jets stay zero.
 * @param stack images [N, C, H, W]
 * @param options `channel` (default 0)
 * @returns a new stack of the same shape
 * @example
 * const xNorm = normalizeImages(ds.tensors.images); // each jet's "all" channel sums to 1
 */
export function normalizeImages(stack: NdArray, options: NormalizeImagesOptions = {}): { data: Float32Array; shape: [number, number, number, number] } {
  const [n, c, h, w] = nchw(stack, 'normalizeImages');
  const ch = options.channel ?? 0;
  check(Number.isInteger(ch) && ch >= 0 && ch < c, 'normalizeImages channel', `an integer in [0, ${c - 1}]`, ch);
  const plane = h * w;
  const out = new Float32Array(stack.data.length);
  for (let i = 0; i < n; i++) {
    const base = i * c * plane;
    let sum = 0;
    for (let p = 0; p < plane; p++) sum += stack.data[base + ch * plane + p];
    if (!(sum > 0)) continue;
    const inv = 1 / sum;
    for (let k = 0; k < c * plane; k++) out[base + k] = stack.data[base + k] * inv;
  }
  return { data: out, shape: [n, c, h, w] };
}

/** Options of {@link jetWidth}. */
export interface JetWidthOptions {
  /** Channel to measure. Default 0 (all particles). */
  channel?: number;
  /** Pixel size in Δη and Δφ. Default 0.02 (40 pixels over 0.8 = 2R for R = 0.4). */
  pixelSize?: number;
}

/**
 * The pT-weighted jet width (girth) w = Σ pT_i r_i / Σ pT_i, with r_i the distance of pixel i's centre
 * from the image centre (the jet axis after preprocessing), in units of Δη-Δφ distance. Photon jets
 * are narrow (w ≈ 0.01–0.03), QCD jets broad.
 * @param stack images [N, C, H, W]
 * @param options `channel` (default 0), `pixelSize` (default 0.02)
 * @returns Float32Array of N widths (0 for an empty image)
 * @example
 * const width = jetWidth(ds.tensors.images);
 */
export function jetWidth(stack: NdArray, options: JetWidthOptions = {}): Float32Array {
  const [n, c, h, w] = nchw(stack, 'jetWidth');
  const ch = options.channel ?? 0;
  const size = options.pixelSize ?? 0.02;
  check(Number.isInteger(ch) && ch >= 0 && ch < c, 'jetWidth channel', `an integer in [0, ${c - 1}]`, ch);
  check(size > 0, 'jetWidth pixelSize', 'a positive pixel size', size);
  const plane = h * w;
  const r = new Float64Array(plane);
  for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) r[row * w + col] = size * Math.hypot(col + 0.5 - w / 2, row + 0.5 - h / 2);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = (i * c + ch) * plane;
    let s = 0;
    let sr = 0;
    for (let p = 0; p < plane; p++) {
      const v = stack.data[o + p];
      s += v;
      sr += v * r[p];
    }
    out[i] = s > 0 ? sr / s : 0;
  }
  return out;
}

/**
 * The fraction of each jet's pT carried by one channel: Σ pixels of `numerator` / Σ pixels of
 * `denominator` (e.g. photons / all = the photon energy fraction; near 1 for photon jets).
 * @param stack images [N, C, H, W]
 * @param numerator channel index (photons = 1 in the photon-jet images)
 * @param denominator channel index; default 0 (all)
 * @returns Float32Array of N fractions (0 for an empty jet)
 * @example
 * const photonFraction = channelFraction(ds.tensors.images, 1);
 */
export function channelFraction(stack: NdArray, numerator: number, denominator = 0): Float32Array {
  const [n, c, h, w] = nchw(stack, 'channelFraction');
  for (const [name, ch] of [['numerator', numerator], ['denominator', denominator]] as const) {
    check(Number.isInteger(ch) && ch >= 0 && ch < c, `channelFraction ${name}`, `a channel in [0, ${c - 1}]`, ch);
  }
  const plane = h * w;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    const on = (i * c + numerator) * plane;
    const od = (i * c + denominator) * plane;
    for (let p = 0; p < plane; p++) {
      a += stack.data[on + p];
      b += stack.data[od + p];
    }
    out[i] = b > 0 ? a / b : 0;
  }
  return out;
}
