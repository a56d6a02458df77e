/**
 * Selecting samples by index from features or images (train/validation/test splits of notebooks).
 */
import type { Matrix } from '../data/matrix';
import { check } from '../errors';
import { describeX } from './data';
import type { NdArray } from '../data/matrix';

/**
 * Copies the samples at `indices` (in that order) out of a matrix or an image stack.
 * @example
 * const xTrain = takeSamples(images, split.train); // { data, shape: [nTrain, 40, 40, 1] }
 */
export function takeSamples<T extends Matrix | NdArray>(x: T, indices: ArrayLike<number>): T {
  const { n, sampleShape, data } = describeX(x, 'takeSamples');
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    check(Number.isInteger(k) && k >= 0 && k < n, 'takeSamples indices', `integers in [0, ${n - 1}]`, k);
    out.set(data.subarray(k * size, (k + 1) * size), i * size);
  }
  if ('shape' in x) return { data: out, shape: [indices.length, ...x.shape.slice(1)] } as NdArray as T;
  const m = x as Matrix;
  return { data: out, rows: indices.length, cols: m.cols, names: m.names } as T;
}

/** Adds a channel axis: [N, H, W] → [N, H, W, 1] (no copy). */
export function withChannel(stack: { data: Float32Array; shape: readonly number[] }): NdArray {
  check(stack.shape.length === 3, 'withChannel shape', '[N, H, W]', `[${stack.shape.join(', ')}]`);
  return { data: stack.data, shape: [stack.shape[0], stack.shape[1], stack.shape[2], 1] };
}
