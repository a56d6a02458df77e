/**
 * A hand-derived training step for plain sequential networks: Dense, Conv2D, MaxPooling2D, Flatten,
 * Dropout, GaussianNoise, Activation and BatchNormalization (after a dense layer) layers (no regularisers
 * or constraints; hidden activations relu/linear/elu, plus tanh/sigmoid on dense layers; a sigmoid or
 * softmax output). The forward pass uses fused kernels (matMul or conv + bias
 * + activation), the output activation is merged into the cross-entropy (gradient `(softmax|sigmoid(z) −
 * y)·w/B`, stable and one kernel long), and the backward pass is written out: about 20 kernels per batch
 * for an MLP instead of the ~150 of tape-based gradients through tfjs-layers.
 *
 * On the wasm backend two of our own kernels shorten the convolutional part: the filter and bias
 * gradients in one pass (backend/simd) and max-pool gradients with the relu below folded in. Dropout
 * masks and Gaussian noise come from a seeded generator, so a seeded run is repeatable. Batch
 * normalisation uses the batch's mean and (biased) variance and updates the moving statistics as
 * tfjs-layers does (moving ← moving − (moving − batch)·(1 − momentum)).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CONV2D_GRADS, MAX_POOL_GRAD_RELU } from '../backend/wasm-kernels';
import { Random } from '../physics/random';
import type { LossName } from './loss';

type Activation = 'relu' | 'linear' | 'tanh' | 'sigmoid' | 'elu' | 'softmax';
type Pair = [number, number];

/** One layer of a network the fast step can train. */
export type FastOp =
  | { kind: 'dense'; kernel: tf.Variable; bias: tf.Variable | null; activation: Activation }
  | { kind: 'conv'; kernel: tf.Variable; bias: tf.Variable | null; activation: Activation; strides: Pair; pad: 'same' | 'valid' }
  | { kind: 'pool'; size: Pair; strides: Pair; pad: 'same' | 'valid' }
  | { kind: 'flatten' }
  | { kind: 'dropout'; rate: number }
  | { kind: 'noise'; stddev: number }
  | { kind: 'act'; activation: Activation }
  | { kind: 'bn'; gamma: tf.Variable | null; beta: tf.Variable | null; movingMean: tf.Variable; movingVariance: tf.Variable; momentum: number; epsilon: number };

interface LayerLike {
  getClassName(): string;
  trainable: boolean;
  kernel?: { val: tf.Variable; constraint?: unknown };
  bias?: { val: tf.Variable; constraint?: unknown } | null;
  activation?: { getClassName(): string };
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  activityRegularizer?: unknown;
  dataFormat?: string;
  dilationRate?: number | number[];
  strides?: number | number[];
  padding?: string;
  poolSize?: number | number[];
  rate?: number;
  noiseShape?: unknown;
  stddev?: number;
  axis?: number;
  momentum?: number;
  epsilon?: number;
  gamma?: { val: tf.Variable; trainable?: boolean } | null;
  beta?: { val: tf.Variable; trainable?: boolean } | null;
  movingMean?: { val: tf.Variable };
  movingVariance?: { val: tf.Variable };
  gammaRegularizer?: unknown;
  betaRegularizer?: unknown;
  gammaConstraint?: unknown;
  betaConstraint?: unknown;
}

const pair = (v: number | number[] | undefined, fallback: number): Pair => (v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [v[0], v[1] ?? v[0]]);
const HIDDEN = ['relu', 'linear', 'tanh', 'sigmoid', 'elu'];

/** A weighted layer's parameters and activation, or `null` when the fast step cannot take it. */
function params(l: LayerLike, last: boolean, loss: LossName, hidden: string[]) {
  if (!l.kernel || !l.activation || l.kernelRegularizer || l.biasRegularizer || l.activityRegularizer) return null;
  if (l.kernel.constraint || l.bias?.constraint || !l.trainable) return null;
  const act = l.activation.getClassName().toLowerCase();
  if (last ? act !== (loss === 'binaryCrossentropy' ? 'sigmoid' : 'softmax') : !hidden.includes(act)) return null;
  return { kernel: l.kernel.val, bias: l.bias ? l.bias.val : null, activation: act as Activation };
}

/**
 * The layers of `model` when the fast step applies to it (else `null`). Convolution and pooling layers
 * are taken on every backend; the wasm backend runs them on our kernels.
 */
export function fastLayers(model: tfl.LayersModel, loss: LossName): FastOp[] | null {
  const ops: FastOp[] = [];
  const all = model.layers.filter((l) => l.getClassName() !== 'InputLayer') as unknown as LayerLike[];
  if (all.length === 0 || model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  for (const [i, l] of all.entries()) {
    const last = i === all.length - 1;
    const name = l.getClassName();
    if (last && name !== 'Dense') return null;
    if (name === 'Dense') {
      const p = params(l, last, loss, HIDDEN);
      if (!p) return null;
      ops.push({ kind: 'dense', ...p });
    } else if (name === 'Conv2D') {
      const p = params(l, false, loss, ['relu', 'linear', 'elu']);
      if (!p || l.dataFormat !== 'channelsLast' || pair(l.dilationRate, 1).some((d) => d !== 1)) return null;
      if (l.padding !== 'same' && l.padding !== 'valid') return null;
      ops.push({ kind: 'conv', ...p, strides: pair(l.strides, 1), pad: l.padding });
    } else if (name === 'MaxPooling2D') {
      if (l.dataFormat !== 'channelsLast' || (l.padding !== 'same' && l.padding !== 'valid')) return null;
      const size = pair(l.poolSize, 2);
      ops.push({ kind: 'pool', size, strides: pair(l.strides ?? size, 1), pad: l.padding });
    } else if (name === 'Flatten') {
      if (l.dataFormat !== undefined && l.dataFormat !== 'channelsLast') return null;
      ops.push({ kind: 'flatten' });
    } else if (name === 'Dropout') {
      if (l.noiseShape) return null;
      ops.push({ kind: 'dropout', rate: l.rate ?? 0 });
    } else if (name === 'GaussianNoise') {
      ops.push({ kind: 'noise', stddev: l.stddev ?? 0 });
    } else if (name === 'Activation') {
      const act = l.activation?.getClassName().toLowerCase() ?? '';
      if (!HIDDEN.includes(act)) return null;
      ops.push({ kind: 'act', activation: act as Activation });
    } else if (name === 'BatchNormalization') {
      // Over the features of a dense layer's output [B, F] only.
      if (ops[ops.length - 1]?.kind !== 'dense' || (l.axis !== undefined && l.axis !== -1 && l.axis !== 1)) return null;
      if (l.gammaRegularizer || l.betaRegularizer || l.gammaConstraint || l.betaConstraint || !l.trainable || !l.movingMean || !l.movingVariance) return null;
      ops.push({
        kind: 'bn', gamma: l.gamma ? l.gamma.val : null, beta: l.beta ? l.beta.val : null,
        movingMean: l.movingMean.val, movingVariance: l.movingVariance.val, momentum: l.momentum ?? 0.99, epsilon: l.epsilon ?? 1e-3,
      });
    } else return null;
  }
  const vars = new Set(model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
  const ours = fastVariables(ops);
  if (ours.length !== vars.size || !ours.every((v) => vars.has(v))) return null;
  return ops;
}

/** The variables of `ops` in the order {@link fastGradients} returns their gradients. */
export function fastVariables(ops: FastOp[]): tf.Variable[] {
  return ops.flatMap((o) => {
    if (o.kind === 'dense' || o.kind === 'conv') return o.bias ? [o.kernel, o.bias] : [o.kernel];
    if (o.kind === 'bn') return [...(o.gamma ? [o.gamma] : []), ...(o.beta ? [o.beta] : [])];
    return [];
  });
}

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

function activate(h: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'relu') return tf.relu(h);
  if (activation === 'tanh') return tf.tanh(h);
  if (activation === 'sigmoid') return tf.sigmoid(h);
  if (activation === 'elu') return tf.elu(h);
  return h;
}

/** Gradient through a hidden activation, from its output `a`. */
function throughActivation(d: tf.Tensor, a: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'relu') return tf.mul(d, tf.step(a));
  if (activation === 'tanh') return tf.sub(d, tf.mul(d, tf.square(a)));
  if (activation === 'sigmoid') return tf.mul(d, tf.mul(a, tf.sub(1, a)));
  if (activation === 'elu') return tf.mul(d, tf.where(tf.greater(a, 0), tf.onesLike(a), tf.add(a, 1)));
  return d;
}

/**
 * Forward and backward pass of one batch (call inside a `tf.tidy`).
 *
 * @param ops - from {@link fastLayers}
 * @param loss - binary (sigmoid output) or categorical (softmax output) cross-entropy
 * @param x - inputs [B, F] or [B, H, W, C]
 * @param y - targets [B, k]
 * @param w - per-sample weights [B, 1], or `null` when all are 1
 * @param scale - the scalar 1/B
 * @param ones - a [1, B] row of ones (dense bias gradients as one matMul: a column sum is ~6x slower on wasm)
 * @param masks - the seeded source of dropout masks and noise (needed when `ops` has dropout or noise layers)
 * @returns the output-layer logits [B, k] and the gradients in {@link fastVariables} order, of Σ wᵢℓᵢ / B
 */
export function fastGradients(ops: FastOp[], loss: LossName, x: tf.Tensor, y: tf.Tensor2D, w: tf.Tensor2D | null, scale: tf.Scalar, ones: tf.Tensor2D, masks?: SeededNoise) {
  const wasm = tf.getBackend() === 'wasm';
  const acts: tf.Tensor[] = [x];
  const kept: (tf.Tensor | null)[] = [];
  const normed: ({ xhat: tf.Tensor2D; invStd: tf.Tensor2D } | null)[] = [];
  const B = x.shape[0];
  let h = x;
  ops.forEach((op, i) => {
    const last = i === ops.length - 1;
    kept.push(null);
    normed.push(null);
    if (op.kind === 'dense') {
      const fused = !last && op.activation !== 'tanh' && op.activation !== 'elu';
      h = tf.fused.matMul({ a: h as tf.Tensor2D, b: op.kernel as tf.Tensor2D, bias: op.bias ?? undefined, activation: fused ? (op.activation as 'relu') : 'linear' });
      if (!last && !fused) h = activate(h, op.activation);
    } else if (op.kind === 'conv') {
      const fused = op.activation !== 'elu';
      h = tf.fused.conv2d({ x: h as tf.Tensor4D, filter: op.kernel as tf.Tensor4D, strides: op.strides, pad: op.pad, bias: op.bias ?? undefined, activation: fused ? (op.activation as 'relu') : 'linear' });
      if (!fused) h = activate(h, op.activation);
    } else if (op.kind === 'act') {
      h = activate(h, op.activation);
    } else if (op.kind === 'noise') {
      if (op.stddev > 0) {
        if (!masks) throw new Error('fastGradients: noise layers need a generator.');
        h = tf.add(h, masks.normal(h.shape, op.stddev));
      }
    } else if (op.kind === 'bn') {
      // Batch statistics as column sums (one matMul each: a column reduction is slower on wasm).
      const z = h as tf.Tensor2D;
      const mean = tf.mul(tf.matMul(ones, z), 1 / B) as tf.Tensor2D;
      const centred = tf.sub(z, mean) as tf.Tensor2D;
      const variance = tf.mul(tf.matMul(ones, tf.square(centred) as tf.Tensor2D), 1 / B) as tf.Tensor2D;
      const invStd = tf.rsqrt(tf.add(variance, op.epsilon)) as tf.Tensor2D;
      const xhat = tf.mul(centred, invStd) as tf.Tensor2D;
      normed[i] = { xhat, invStd };
      h = xhat;
      if (op.gamma) h = tf.mul(h, op.gamma);
      if (op.beta) h = tf.add(h, op.beta);
      const decay = 1 - op.momentum;
      op.movingMean.assign(tf.sub(op.movingMean, tf.mul(tf.sub(op.movingMean, tf.reshape(mean, [-1])), decay)));
      op.movingVariance.assign(tf.sub(op.movingVariance, tf.mul(tf.sub(op.movingVariance, tf.reshape(variance, [-1])), decay)));
    } else if (op.kind === 'pool') {
      h = tf.maxPool(h as tf.Tensor4D, op.size, op.strides, op.pad);
    } else if (op.kind === 'flatten') {
      h = tf.reshape(h, [h.shape[0], -1]);
    } else if (op.rate > 0) {
      if (!masks) throw new Error('fastGradients: dropout layers need masks.');
      const m = masks.mask(h.shape, op.rate);
      kept[i] = m;
      h = tf.mul(h, m);
    }
    acts.push(h);
  });
  const logits = h as tf.Tensor2D;
  const p = loss === 'binaryCrossentropy' ? tf.sigmoid(logits) : tf.softmax(logits);
  // d: gradient of the loss with respect to the current op's output; pre: it is already pre-activation.
  let d: tf.Tensor = tf.mul(tf.sub(p, y), w ? tf.mul(w, scale) : scale);
  let pre = true;
  const grads: tf.Tensor[] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    const input = acts[i];
    const below = ops[i - 1];
    if (op.kind === 'dense' || op.kind === 'conv') {
      const dz = pre ? d : throughActivation(d, acts[i + 1], op.activation);
      if (op.kind === 'dense') {
        if (op.bias) grads.push(tf.reshape(tf.matMul(ones, dz as tf.Tensor2D), [-1]));
        grads.push(tf.matMul(input as tf.Tensor2D, dz as tf.Tensor2D, true, false));
        if (i > 0) d = tf.matMul(dz as tf.Tensor2D, op.kernel as tf.Tensor2D, false, true);
      } else {
        const attrs = { strides: op.strides, pad: op.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: op.kernel.shape };
        if (wasm) {
          const [dw, db] = tf.engine().runKernel(CONV2D_GRADS, { x: input, dy: dz }, attrs as never) as unknown as tf.Tensor[];
          if (op.bias) grads.push(db);
          grads.push(dw);
        } else {
          if (op.bias) grads.push(tf.sum(dz, [0, 1, 2]));
          grads.push(tf.engine().runKernel('Conv2DBackpropFilter', { x: input, dy: dz }, attrs as never) as tf.Tensor);
        }
        if (i > 0) d = tf.engine().runKernel('Conv2DBackpropInput', { dy: dz, filter: op.kernel }, { ...attrs, inputShape: input.shape } as never) as tf.Tensor;
      }
      pre = false;
    } else if (op.kind === 'pool') {
      if (i === 0) break;
      const attrs = { filterSize: op.size, strides: op.strides, pad: op.pad, dimRoundingMode: undefined };
      const fold = wasm && (below?.kind === 'conv' || below?.kind === 'dense') && below.activation === 'relu';
      d = tf.engine().runKernel(fold ? MAX_POOL_GRAD_RELU : 'MaxPoolGrad', { dy: d, input, output: acts[i + 1] }, attrs as never) as tf.Tensor;
      pre = fold;
    } else if (op.kind === 'flatten') {
      d = tf.reshape(d, input.shape);
    } else if (op.kind === 'dropout') {
      if (kept[i]) d = tf.mul(d, kept[i]!);
    } else if (op.kind === 'act') {
      d = throughActivation(d, acts[i + 1], op.activation);
    } else if (op.kind === 'bn') {
      // y = γ·x̂ + β: dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/σ · (dy − dβ/B − x̂·dγ/B)
      const { xhat, invStd } = normed[i]!;
      const g = d as tf.Tensor2D;
      const dBeta = tf.matMul(ones, g);
      const dGamma = tf.matMul(ones, tf.mul(g, xhat) as tf.Tensor2D);
      if (op.beta) grads.push(tf.reshape(dBeta, [-1]));
      if (op.gamma) grads.push(tf.reshape(dGamma, [-1]));
      const scaleRow = op.gamma ? tf.mul(invStd, op.gamma) : invStd;
      d = tf.mul(scaleRow, tf.sub(g, tf.mul(tf.add(dBeta, tf.mul(xhat, dGamma)), 1 / B)));
    }
    // noise: the gradient passes unchanged
  }
  return { logits, grads: grads.reverse() };
}
