/** Dropout masks and Gaussian noise for the fast step, from a seeded generator (a seeded run repeats). */
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../physics/random';

/** Where the fast step's dropout layers get their masks and noise layers their noise. */
export interface NoiseSource {
  /** A mask of `shape` for dropout `rate` (kept units scaled by 1/keep). */
  mask(shape: number[], rate: number): tf.Tensor;
  /** Gaussian noise of `shape` with standard deviation `stddev`. */
  normal(shape: number[], stddev: number): tf.Tensor;
}

const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Dropout masks (kept units scaled by 1/keep) and Gaussian noise from a seeded generator. */
export class SeededNoise implements NoiseSource {
  private readonly rng: Random;
  constructor(seed: number) {
    this.rng = new Random(seed);
  }
  /** `n` mask values for dropout `rate`, in the generator's order. */
  maskData(n: number, rate: number): Float32Array {
    const keep = 1 - rate;
    const m = new Float32Array(n);
    for (let i = 0; i < m.length; i++) m[i] = this.rng.uniform() < keep ? 1 / keep : 0;
    return m;
  }
  /** `n` Gaussian values with standard deviation `stddev`, in the generator's order. */
  normalData(n: number, stddev: number): Float32Array {
    const m = new Float32Array(n);
    for (let i = 0; i < m.length; i++) m[i] = this.rng.normal(0, stddev);
    return m;
  }
  mask(shape: number[], rate: number): tf.Tensor {
    return tf.tensor(this.maskData(count(shape), rate), shape, 'float32');
  }
  normal(shape: number[], stddev: number): tf.Tensor {
    return tf.tensor(this.normalData(count(shape), stddev), shape, 'float32');
  }
}

/**
 * Masks and noise drawn beforehand, handed out in order (the two-thread step: each half of a batch gets the
 * rows the full batch would have had). Throws when asked for a shape that does not match the next one.
 */
export class FixedNoise implements NoiseSource {
  private next = 0;
  constructor(private readonly values: Float32Array[]) {}
  private take(shape: number[]): tf.Tensor {
    const v = this.values[this.next++];
    if (!v || v.length !== count(shape)) throw new Error(`fastGradients: pre-drawn mask ${this.next - 1} has ${v?.length ?? 0} values, the layer needs ${count(shape)}.`);
    return tf.tensor(v, shape, 'float32');
  }
  mask(shape: number[]): tf.Tensor {
    return this.take(shape);
  }
  normal(shape: number[]): tf.Tensor {
    return this.take(shape);
  }
}
