/**
 * Image-stack utilities for the jet-image notebooks (05-jet-images-cnn, 07-top-tagging-cnn).
 * A stack is an `NdArray` (`{ data, shape }`, event axis first, C-ordered): [N, C, H, W] (NCHW), [N, H, W]
 * or [N, H, W, C] (NHWC).
 */
import { check } from '../errors';
import type { NdArray } from '../data/matrix';


/**
 * Transposes [N, C, H, W] (channels first, as PyTorch and the photon-jet files store them) to
 * [N, H, W, C] (channels last, what TensorFlow.js convolutions take).
 */
export function nchwToNhwc(stack: NdArray): { data: Float32Array; shape: [number, number, number, number] } {
  check(stack.shape.length === 4, 'nchwToNhwc shape', '[N, C, H, W]', `[${stack.shape.join(', ')}]`);
  const [n, c, h, w] = stack.shape;
  check(stack.data.length === n * c * h * w, 'nchwToNhwc data', `${n * c * h * w} values`, stack.data.length);
  const out = new Float32Array(stack.data.length);
  const src = stack.data;
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    const base = i * c * plane;
    for (let ch = 0; ch < c; ch++) {
      const s = base + ch * plane;
      for (let p = 0; p < plane; p++) out[base + p * c + ch] = src[s + p];
    }
  }
  return { data: out, shape: [n, h, w, c] };
}

/** Options of {@link meanImage}. */
export interface MeanImageOptions {
  /** For [N, C, H, W] stacks: which channel to average. Default 0. */
  channel?: number;
}

/**
 * The pixel-wise average of the images selected by `mask` (all when omitted): an H×W Float32Array.
 * Accepts [N, H, W], [N, H, W, 1] and, with `channel`, [N, C, H, W].
 */
export function meanImage(stack: NdArray, mask?: ArrayLike<boolean | number>, options: MeanImageOptions = {}): Float32Array {
  const s = stack.shape;
  check(s.length === 3 || s.length === 4, 'meanImage shape', '[N, H, W], [N, H, W, 1] or [N, C, H, W]', `[${s.join(', ')}]`);
  const n = s[0];
  let planes: number, h: number, w: number, channel: number;
  if (s.length === 3) [planes, h, w, channel] = [1, s[1], s[2], 0];
  else if (s[3] === 1) [planes, h, w, channel] = [1, s[1], s[2], 0];
  else [planes, h, w, channel] = [s[1], s[2], s[3], options.channel ?? 0];
  check(Number.isInteger(channel) && channel >= 0 && channel < planes, 'meanImage channel', `an integer in [0, ${planes - 1}]`, channel);
  if (mask) check(mask.length === n, 'meanImage mask', `${n} entries`, mask.length);
  const size = h * w;
  const sum = new Float64Array(size);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    const o = (i * planes + channel) * size;
    for (let p = 0; p < size; p++) sum[p] += stack.data[o + p];
    count++;
  }
  const out = new Float32Array(size);
  if (count > 0) for (let p = 0; p < size; p++) out[p] = sum[p] / count;
  return out;
}

/** The i-th image (of one channel for NCHW stacks) as a view, without copying. */
export function imageAt(stack: NdArray, index: number, channel = 0): Float32Array {
  const s = stack.shape;
  const n = s[0];
  check(Number.isInteger(index) && index >= 0 && index < n, 'imageAt index', `an integer in [0, ${n - 1}]`, index);
  const nchw = s.length === 4 && s[3] !== 1;
  const size = nchw ? s[2] * s[3] : s[1] * s[2];
  const planes = nchw ? s[1] : 1;
  const o = (index * planes + channel) * size;
  return stack.data.subarray(o, o + size);
}

/** Options of {@link firstImages}. */
export interface FirstImagesOptions {
  /** The class (label value) to show. */
  label: number;
  /** How many images. Default 1. */
  count?: number;
  /** Channel of NCHW stacks. Default 0. */
  channel?: number;
}

/**
 * The first `count` images of one class, for display (`plotImageGrid`), without splitting by hand.
 * @param stack images [N, H, W], [N, H, W, 1] or [N, C, H, W]
 * @param labels one label per image
 * @param options `label`, `count` (1), `channel` (0)
 * @returns views of the images (fewer when the class has fewer)
 * @example
 * const tops = firstImages(images, y, { label: 1, count: 2 });
 */
export function firstImages(stack: NdArray, labels: ArrayLike<number>, options: FirstImagesOptions): Float32Array[] {
  check(labels && labels.length === stack.shape[0], 'firstImages labels', `${stack.shape[0]} labels, one per image`, labels?.length);
  const count = options.count ?? 1;
  check(Number.isInteger(count) && count > 0, 'firstImages count', 'a positive integer', count);
  const out: Float32Array[] = [];
  for (let i = 0; i < labels.length && out.length < count; i++) if (labels[i] === options.label) out.push(imageAt(stack, i, options.channel ?? 0));
  return out;
}

/**
 * The average image of each class, from images with labels: `{ [label]: H×W image }`.
 * @param stack images [N, H, W], [N, H, W, 1] or [N, C, H, W]
 * @param labels one integer label per image
 * @param options `channel` for NCHW stacks (default 0)
 * @example
 * const mean = meanImagesByClass(images, y); // mean[1]: top jets, mean[0]: QCD jets
 */
export function meanImagesByClass(stack: NdArray, labels: ArrayLike<number>, options: MeanImageOptions = {}): Record<number, Float32Array> {
  check(labels && labels.length === stack.shape[0], 'meanImagesByClass labels', `${stack.shape[0]} labels, one per image`, labels?.length);
  const out: Record<number, Float32Array> = {};
  for (const label of new Set(Array.from(labels))) out[label] = meanImage(stack, Array.from(labels, (l) => l === label), options);
  return out;
}
