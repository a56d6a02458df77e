/**
 * Image-stack shapes for networks (samples are taken with `takeRows` from lib/data).
 */
import { check } from '../errors';
import type { NdArray } from '../data/matrix';

/** Adds a channel axis: [N, H, W] → [N, H, W, 1] (no copy). */
export function withChannel(stack: { data: Float32Array; shape: readonly number[] }): NdArray {
  check(stack.shape.length === 3, 'withChannel shape', '[N, H, W]', `[${stack.shape.join(', ')}]`);
  return { data: stack.data, shape: [stack.shape[0], stack.shape[1], stack.shape[2], 1] };
}
