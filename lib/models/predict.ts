/**
 * Batched inference to a Float32Array (tfjs's `predict` defaults to batches of 32, ~15× slower).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { check } from '../errors';
import type { Matrix } from '../data/matrix';
import { describeX } from './data';
import type { NdArray } from '../data/matrix';

/** Options of {@link predict}. */
export interface PredictOptions {
  /** Samples per forward pass. Default `4096`. */
  batchSize?: number;
}

/**
 * Network outputs for every sample, row-major: N values for a sigmoid output, N×k for softmax.
 *
 * @param model - a trained model
 * @param x - features (Matrix) or images `{ data, shape: [N,H,W,C] }`
 * @param options.batchSize - default `4096`
 * @returns a Float32Array of length N × outputs
 * @example
 * const scores = predict(model, Xtest);   // Float32Array, one probability per event
 */
export function predict(model: tfl.LayersModel, x: Matrix | NdArray, options: PredictOptions = {}): Float32Array {
  const batchSize = options.batchSize ?? 4096;
  check(Number.isInteger(batchSize) && batchSize > 0, 'predict: batchSize', 'a positive integer', batchSize);
  const { n, sampleShape, data } = describeX(x, 'predict');
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const outputs = model.outputs[0].shape[model.outputs[0].shape.length - 1] as number;
  const out = new Float32Array(n * outputs);
  for (let start = 0; start < n; start += batchSize) {
    const m = Math.min(batchSize, n - start);
    const values = tf.tidy(() => {
      const input = tf.tensor(data.subarray(start * size, (start + m) * size), [m, ...sampleShape], 'float32');
      return (model.apply(input, { training: false }) as tf.Tensor).dataSync();
    });
    out.set(values, start * outputs);
  }
  return out;
}
