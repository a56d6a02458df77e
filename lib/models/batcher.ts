/**
 * Batches gathered on the host and uploaded one at a time. On wasm, slicing or gathering rows of a big
 * device tensor first copies the whole tensor out of the heap (`readSync`), i.e. O(N) per batch; copying
 * the batch's rows in JavaScript and uploading them is O(batch) and ~50x cheaper for 25k×20 features.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HostData } from './data';

/** One batch on the device (the caller disposes x; y and w go to {@link BatchStep.run}). */
export interface Batch {
  x: tf.Tensor;
  y: tf.Tensor2D;
  w: tf.Tensor2D | null;
  size: number;
  /** The same values on the host (valid until the next batch). */
  host: { x: Float32Array; y: Float32Array; w?: Float32Array };
}

/** Makes batches of rows `order[start … start+size)` of `data` (`weighted = false`: no weight tensor). */
export class Batcher {
  private readonly row: number;
  private readonly reuse: boolean;
  private bx?: Float32Array;
  private by?: Float32Array;
  private bw?: Float32Array;

  constructor(private readonly data: HostData, private readonly weighted: boolean) {
    this.row = data.sampleShape.reduce((a, b) => a * b, 1);
    // wasm copies uploaded values into its heap, so one buffer per field can be refilled; cpu keeps the array
    this.reuse = tf.getBackend() === 'wasm';
  }

  private buffer(kind: 'bx' | 'by' | 'bw', length: number): Float32Array {
    if (!this.reuse) return new Float32Array(length);
    const b = this[kind];
    if (b && b.length === length) return b;
    return (this[kind] = new Float32Array(length));
  }

  /** The batch of rows `order[start … start+size)`. */
  batch(order: Int32Array, start: number, size: number): Batch {
    const { x, y, w, outputs, sampleShape } = this.data;
    const row = this.row;
    const bx = this.buffer('bx', size * row);
    const by = this.buffer('by', size * outputs);
    const bw = this.weighted ? this.buffer('bw', size) : undefined;
    for (let r = 0; r < size; r++) {
      const i = order[start + r];
      if (row >= 64) bx.set(x.subarray(i * row, (i + 1) * row), r * row);
      else for (let c = 0, s = i * row, d = r * row; c < row; c++) bx[d + c] = x[s + c];
      for (let c = 0; c < outputs; c++) by[r * outputs + c] = y[i * outputs + c];
      if (bw) bw[r] = w[i];
    }
    return {
      x: tf.tensor(bx, [size, ...sampleShape], 'float32'),
      y: tf.tensor2d(by, [size, outputs]),
      w: bw ? tf.tensor2d(bw, [size, 1]) : null,
      size,
      host: { x: bx, y: by, w: bw },
    };
  }
}
