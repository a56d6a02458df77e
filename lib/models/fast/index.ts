/**
 * A hand-derived training step for plain sequential networks: Dense, Conv2D, MaxPooling2D, Flatten,
 * Dropout, GaussianNoise, Activation and BatchNormalization (after a dense layer) layers (no regularisers
 * or constraints; hidden activations relu/linear/elu, plus tanh/sigmoid on dense layers; a sigmoid or
 * softmax output). The forward pass uses fused kernels (matMul or conv + bias + activation), the output
 * activation is merged into the cross-entropy (gradient `(softmax|sigmoid(z) − y)·w/B`, stable and one
 * kernel long), and the backward pass is written out: about 20 kernels per batch for an MLP instead of
 * the ~150 of tape-based gradients through tfjs-layers (on wasm 7 for a 2-hidden-layer MLP: 3 fused matMuls,
 * the loss gradient, one dense-gradient kernel per layer).
 *
 * Layout: `adapter.ts` is the only code that reads tfjs-layers' internals; `kinds/` has one file per layer
 * kind (parse, variables, forward, backward); this file runs them in order. On the wasm backend two of our
 * own kernels shorten the convolutional part (backend/wasm-kernels). Dropout masks and Gaussian noise come
 * from a seeded generator, so a seeded run is repeatable.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LOSS_GRAD } from '../../backend/wasm-kernels';
import type { LossName } from '../loss';
import { describeLayers, trainableVariables } from './adapter';
import type { Backward, LayerKind } from './kind';
import { batchNorm, type BatchNormOp } from './kinds/batch-norm';
import { conv, type ConvOp } from './kinds/conv';
import { dense, type DenseOp } from './kinds/dense';
import { pool, type PoolOp } from './kinds/pool';
import { activation, dropout, flatten, noise, type ActivationOp, type DropoutOp, type FlattenOp, type NoiseOp } from './kinds/reshape';
import type { NoiseSource } from './noise-source';

export { FixedNoise, SeededNoise, type NoiseSource } from './noise-source';
export { trainableVariables } from './adapter';

/** One layer of a network the fast step can train. */
export type FastOp = DenseOp | ConvOp | PoolOp | FlattenOp | DropoutOp | NoiseOp | ActivationOp | BatchNormOp;

const KINDS: Record<FastOp['kind'], LayerKind<FastOp>> = {
  dense, conv, pool, flatten, dropout, noise, act: activation, bn: batchNorm,
} as unknown as Record<FastOp['kind'], LayerKind<FastOp>>;
const BY_CLASS = new Map(Object.values(KINDS).map((k) => [k.className, k]));
const kindOf = (op: FastOp): LayerKind<FastOp> => KINDS[op.kind];

/**
 * The layers of `model` when the fast step applies to it (else `null`, and training uses tfjs's tape).
 * Convolution and pooling layers are taken on every backend; the wasm backend runs them on our kernels.
 */
export function fastLayers(model: tfl.LayersModel, loss: LossName): FastOp[] | null {
  const layers = describeLayers(model);
  if (!layers || layers.length === 0 || layers[layers.length - 1].className !== 'Dense') return null;
  const ops: FastOp[] = [];
  for (const [i, layer] of layers.entries()) {
    const op = BY_CLASS.get(layer.className)?.parse(layer, { last: i === layers.length - 1, loss, previous: ops[ops.length - 1] });
    if (!op) return null;
    ops.push(op);
  }
  // Every trainable variable of the model must be one the step updates (nothing trained is left out).
  const vars = new Set(trainableVariables(model));
  const ours = fastVariables(ops);
  if (ours.length !== vars.size || !ours.every((v) => vars.has(v))) return null;
  return ops;
}

/** The variables of `ops` in the order {@link fastGradients} returns their gradients. */
export function fastVariables(ops: FastOp[]): tf.Variable[] {
  return ops.flatMap((op) => kindOf(op).variables(op));
}

/** (sigmoid|softmax(logits) − y)·w·scale on our wasm kernel (backend/wasm-kernels LOSS_GRAD). */
function lossGrad(logits: tf.Tensor2D, y: tf.Tensor2D, w: tf.Tensor2D | null, scale: tf.Scalar): tf.Tensor {
  return tf.engine().runKernel(LOSS_GRAD, (w ? { logits, y, scale, w } : { logits, y, scale }) as never, {}) as tf.Tensor;
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
export function fastGradients(ops: FastOp[], loss: LossName, x: tf.Tensor, y: tf.Tensor2D, w: tf.Tensor2D | null, scale: tf.Scalar, ones: tf.Tensor2D, masks?: NoiseSource) {
  const pass = { B: x.shape[0], ones, wasm: tf.getBackend() === 'wasm', masks };
  const acts: tf.Tensor[] = [x];
  const saved: unknown[] = [];
  ops.forEach((op, i) => {
    const f = kindOf(op).forward(op, acts[i], { ...pass, last: i === ops.length - 1 });
    acts.push(f.out);
    saved.push(f.saved);
  });
  const logits = acts[ops.length] as tf.Tensor2D;
  // The gradient with respect to the logits, i.e. before the output activation (pre = true); one kernel on wasm.
  let back: Backward = { d: pass.wasm ? lossGrad(logits, y, w, scale) : tf.mul(tf.sub(loss === 'binaryCrossentropy' ? tf.sigmoid(logits) : tf.softmax(logits), y), w ? tf.mul(w, scale) : scale), pre: true };
  const grads: tf.Tensor[][] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    const below = ops[i - 1] as { kind: string; activation?: string } | undefined;
    back = kindOf(op).backward(op, back.d, { ...pass, input: acts[i], output: acts[i + 1], saved: saved[i], pre: back.pre, first: i === 0, below });
    grads[i] = back.grads ?? [];
  }
  return { logits, grads: grads.flat() };
}
