/** Dropout masks and Gaussian noise for the fast step, from a seeded generator (a seeded run repeats). */
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../physics/random';

/** Dropout masks (kept units scaled by 1/keep) and Gaussian noise from a seeded generator. */
export class SeededNoise {
  private readonly rng: Random;
  constructor(seed: number) {
    this.rng = new Random(seed);
  }
  /** A mask of `shape` for dropout `rate`. */
  mask(shape: number[], rate: number): tf.Tensor {
    const keep = 1 - rate;
    const m = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < m.length; i++) m[i] = this.rng.uniform() < keep ? 1 / keep : 0;
    return tf.tensor(m, shape, 'float32');
  }
  /** Gaussian noise of `shape` with standard deviation `stddev`. */
  normal(shape: number[], stddev: number): tf.Tensor {
    const m = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < m.length; i++) m[i] = this.rng.normal(0, stddev);
    return tf.tensor(m, shape, 'float32');
  }
}
