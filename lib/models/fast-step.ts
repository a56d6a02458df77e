/**
 * A hand-derived training step for plain sequential networks: Dense, Conv2D, MaxPooling2D, Flatten and
 * Dropout layers (no regularisers or constraints; hidden activations relu/linear, plus tanh/sigmoid on
 * dense layers; a sigmoid or softmax output). The forward pass uses fused kernels (matMul or conv + bias
 * + activation), the output activation is merged into the cross-entropy (gradient `(softmax|sigmoid(z) −
 * y)·w/B`, stable and one kernel long), and the backward pass is written out: about 20 kernels per batch
 * for an MLP instead of the ~150 of tape-based gradients through tfjs-layers.
 *
 * On the wasm backend two of our own kernels shorten the convolutional part: the filter and bias
 * gradients in one pass (backend/simd) and max-pool gradients with the relu below folded in. Dropout
 * masks come from a seeded generator, so a seeded run is repeatable.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CONV2D_GRADS, MAX_POOL_GRAD_RELU } from '../backend/wasm-kernels';
import { Random } from '../physics/random';
import type { LossName } from './loss';

type Activation = 'relu' | 'linear' | 'tanh' | 'sigmoid' | 'softmax';
type Pair = [number, number];

/** One layer of a network the fast step can train. */
export type FastOp =
  | { kind: 'dense'; kernel: tf.Variable; bias: tf.Variable | null; activation: Activation }
  | { kind: 'conv'; kernel: tf.Variable; bias: tf.Variable | null; activation: Activation; strides: Pair; pad: 'same' | 'valid' }
  | { kind: 'pool'; size: Pair; strides: Pair; pad: 'same' | 'valid' }
  | { kind: 'flatten' }
  | { kind: 'dropout'; rate: number };

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
}

const pair = (v: number | number[] | undefined, fallback: number): Pair => (v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [v[0], v[1] ?? v[0]]);
const HIDDEN = ['relu', 'linear', 'tanh', 'sigmoid'];

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
      const p = params(l, false, loss, ['relu', 'linear']);
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
    } else return null;
  }
  const vars = new Set(model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
  const ours = fastVariables(ops);
  if (ours.length !== vars.size || !ours.every((v) => vars.has(v))) return null;
  return ops;
}

/** The variables of `ops` in the order {@link fastGradients} returns their gradients. */
export function fastVariables(ops: FastOp[]): tf.Variable[] {
  return ops.flatMap((o) => (o.kind === 'dense' || o.kind === 'conv' ? (o.bias ? [o.kernel, o.bias] : [o.kernel]) : []));
}

/** Dropout masks (kept units scaled by 1/keep) from a seeded generator. */
export class DropoutMasks {
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
}

/** Gradient through a hidden activation, from its output `a`. */
function throughActivation(d: tf.Tensor, a: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'relu') return tf.mul(d, tf.step(a));
  if (activation === 'tanh') return tf.sub(d, tf.mul(d, tf.square(a)));
  if (activation === 'sigmoid') return tf.mul(d, tf.mul(a, tf.sub(1, a)));
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
 * @param masks - dropout masks (needed when `ops` has dropout layers)
 * @returns the output-layer logits [B, k] and the gradients in {@link fastVariables} order, of Σ wᵢℓᵢ / B
 */
export function fastGradients(ops: FastOp[], loss: LossName, x: tf.Tensor, y: tf.Tensor2D, w: tf.Tensor2D | null, scale: tf.Scalar, ones: tf.Tensor2D, masks?: DropoutMasks) {
  const wasm = tf.getBackend() === 'wasm';
  const acts: tf.Tensor[] = [x];
  const kept: (tf.Tensor | null)[] = [];
  let h = x;
  ops.forEach((op, i) => {
    const last = i === ops.length - 1;
    kept.push(null);
    if (op.kind === 'dense') {
      const fused = !last && op.activation !== 'tanh';
      h = tf.fused.matMul({ a: h as tf.Tensor2D, b: op.kernel as tf.Tensor2D, bias: op.bias ?? undefined, activation: fused ? (op.activation as 'relu') : 'linear' });
      if (!last && !fused) h = tf.tanh(h);
    } else if (op.kind === 'conv') {
      h = tf.fused.conv2d({ x: h as tf.Tensor4D, filter: op.kernel as tf.Tensor4D, strides: op.strides, pad: op.pad, bias: op.bias ?? undefined, activation: op.activation as 'relu' });
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
    } else if (kept[i]) {
      d = tf.mul(d, kept[i]!);
    }
  }
  return { logits, grads: grads.reverse() };
}
