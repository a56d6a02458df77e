/**
 * What networks train on: a feature {@link Matrix} or an image stack, plus labels and optional weights,
 * checked once where they enter and uploaded to the device once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { HepmlError, check } from '../errors';
import type { Matrix, NdArray } from '../data/matrix';


/** Features (matrix or images), labels (0/1 or class indices), optional per-sample weights. */
export interface TrainData {
  x: Matrix | NdArray;
  /** Labels: 0/1 for a sigmoid output, class index 0..k−1 for a softmax output. */
  y: ArrayLike<number>;
  /** Per-sample weights (≥ 0). Default: all 1. */
  weights?: ArrayLike<number>;
}

/** Number of samples and per-sample shape of `x`. */
export function describeX(x: Matrix | NdArray, where: string): { n: number; sampleShape: number[]; data: Float32Array } {
  if ('shape' in x) {
    check(Array.isArray(x.shape) && x.shape.length === 4, `${where}.x.shape`, '[N, H, W, C]', x.shape);
    check(x.data.length === x.shape.reduce((a, b) => a * b, 1), `${where}.x.data`, `length N*H*W*C = ${x.shape.join('*')}`, x.data.length);
    return { n: x.shape[0], sampleShape: x.shape.slice(1), data: x.data };
  }
  check(x.data instanceof Float32Array && x.data.length === x.rows * x.cols, `${where}.x`, 'a Matrix (Float32Array rows*cols)', x);
  return { n: x.rows, sampleShape: [x.cols], data: x.data };
}

/** Rows [start, end) of x as plain values (for validation splits without copying). */
export function sliceX(x: Matrix | NdArray, start: number, end: number): Matrix | NdArray {
  const { sampleShape } = describeX(x, 'data');
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const data = x.data.subarray(start * size, end * size);
  if ('shape' in x) return { data, shape: [end - start, x.shape[1], x.shape[2], x.shape[3]] };
  return { data, rows: end - start, cols: x.cols, names: x.names };
}

/** Tensors of one data set on the device: x, targets (N×1 or one-hot N×k), weights N×1. */
export interface DeviceData {
  n: number;
  x: tf.Tensor;
  y: tf.Tensor2D;
  w: tf.Tensor2D;
  /** Sum of the weights (for weighted means). */
  weightSum: number;
}

/** Checked data on the host: features, targets (N×k, one-hot for k ≥ 2), weights. */
export interface HostData {
  n: number;
  sampleShape: number[];
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  /** Width of the targets (the output layer's units). */
  outputs: number;
  weightSum: number;
}

/**
 * Checks the data (finite features, labels in range, weights ≥ 0) and builds the targets.
 * `outputs` is the width of the network's output layer; `classWeights[k]` multiplies the weight of class k.
 */
export function prepare(data: TrainData, outputs: number, where: string, classWeights?: ArrayLike<number>): HostData {
  const { n, sampleShape, data: values } = describeX(data.x, where);
  check(n > 0, `${where}.x`, 'at least one sample', 0);
  check(data.y.length === n, `${where}.y`, `${n} labels (one per sample)`, data.y.length);
  const classes = Math.max(outputs, 2);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new HepmlError(`${where}.x: expected finite values, found ${values[i]} at flat index ${i}. Impute or drop NaN/Inf first.`);
  }
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = data.y[i];
    if (!(Number.isInteger(v) && v >= 0 && v < classes)) {
      throw new HepmlError(`${where}.y: expected class labels 0..${classes - 1} (output layer has ${outputs} unit${outputs > 1 ? 's' : ''}), found ${v} at index ${i}.`);
    }
    labels[i] = v;
  }
  if (data.weights) check(data.weights.length === n, `${where}.weights`, `${n} weights`, data.weights.length);
  const weights = new Float32Array(n);
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    let w = data.weights ? data.weights[i] : 1;
    if (classWeights) w *= classWeights[labels[i]] ?? 1;
    if (!(Number.isFinite(w) && w >= 0)) throw new HepmlError(`${where}.weights: expected finite weights >= 0, found ${w} at index ${i}.`);
    weights[i] = w;
    weightSum += w;
  }
  check(weightSum > 0, `${where}.weights`, 'a positive total weight', weightSum);
  const y = new Float32Array(n * outputs);
  for (let i = 0; i < n; i++) {
    if (outputs === 1) y[i] = labels[i];
    else y[i * outputs + labels[i]] = 1;
  }
  return { n, sampleShape, x: values, y, w: weights, outputs, weightSum };
}

/** Uploads checked data to the device once. */
export function toDevice(h: HostData): DeviceData {
  const [x, y, w] = tf.tidy(() => [tf.tensor(h.x, [h.n, ...h.sampleShape], 'float32'), tf.tensor2d(h.y, [h.n, h.outputs]), tf.tensor2d(h.w, [h.n, 1])]);
  return { n: h.n, x, y: y as tf.Tensor2D, w: w as tf.Tensor2D, weightSum: h.weightSum };
}

/** {@link prepare} then {@link toDevice}. */
export function upload(data: TrainData, outputs: number, where: string, classWeights?: ArrayLike<number>): DeviceData {
  return toDevice(prepare(data, outputs, where, classWeights));
}
