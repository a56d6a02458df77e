/**
 * A hand-derived training step for plain dense networks (Dense layers only, no regularisers or
 * constraints, hidden activations relu/linear/tanh/sigmoid, sigmoid or softmax output): fused
 * matMul+bias+activation forward, the output activation merged into the cross-entropy (gradient
 * `(softmax|sigmoid(z) − y)·w/B`, stable and one kernel long), and the backward pass written out — about
 * 20 kernels per batch instead of the ~150 of tape-based gradients through tfjs-layers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LossName } from './loss';

type Hidden = 'relu' | 'linear' | 'tanh' | 'sigmoid';
interface DenseLayer {
  kernel: tf.Variable;
  bias: tf.Variable | null;
  activation: Hidden;
}

/** The dense layers of `model` when the fast step applies to it (else `null`). */
export function denseLayers(model: tfl.LayersModel, loss: LossName): DenseLayer[] | null {
  const layers: DenseLayer[] = [];
  const all = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (all.length === 0 || model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  for (const [i, l] of all.entries()) {
    const d = l as unknown as {
      kernel?: { val: tf.Variable; constraint?: unknown }; bias?: { val: tf.Variable; constraint?: unknown } | null;
      activation?: { getClassName(): string }; kernelRegularizer?: unknown; biasRegularizer?: unknown; activityRegularizer?: unknown;
    };
    if (l.getClassName() !== 'Dense' || !d.kernel || !d.activation || d.kernelRegularizer || d.biasRegularizer || d.activityRegularizer) return null;
    if (d.kernel.constraint || d.bias?.constraint || !l.trainable) return null;
    const act = d.activation.getClassName();
    const last = i === all.length - 1;
    if (last ? act !== (loss === 'binaryCrossentropy' ? 'sigmoid' : 'softmax') : !['relu', 'linear', 'tanh', 'sigmoid'].includes(act)) return null;
    layers.push({ kernel: d.kernel.val, bias: d.bias ? d.bias.val : null, activation: act as Hidden });
  }
  const vars = new Set(model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
  const ours = layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
  if (ours.length !== vars.size || !ours.every((v) => vars.has(v))) return null;
  return layers;
}

/** The variables of `layers` in the order {@link denseGradients} returns their gradients. */
export function denseVariables(layers: DenseLayer[]): tf.Variable[] {
  return layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
}

/**
 * Forward and backward pass of one batch (call inside a `tf.tidy`).
 *
 * @param layers - from {@link denseLayers}
 * @param loss - binary (sigmoid output) or categorical (softmax output) cross-entropy
 * @param x - inputs [B, F]
 * @param y - targets [B, k]
 * @param w - per-sample weights [B, 1], or `null` when all are 1
 * @param scale - the scalar 1/B
 * @param ones - a [1, B] row of ones (bias gradients as one matMul: a column sum over the batch is ~6x slower on wasm)
 * @returns the output-layer logits [B, k] and the gradients in {@link denseVariables} order, of Σ wᵢℓᵢ / B
 */
export function denseGradients(layers: DenseLayer[], loss: LossName, x: tf.Tensor2D, y: tf.Tensor2D, w: tf.Tensor2D | null, scale: tf.Scalar, ones: tf.Tensor2D) {
  const acts: tf.Tensor2D[] = [x];
  let h = x;
  layers.forEach((l, i) => {
    const last = i === layers.length - 1;
    const fused = !last && l.activation !== 'tanh';
    h = tf.fused.matMul({ a: h, b: l.kernel as tf.Tensor2D, bias: l.bias ?? undefined, activation: fused ? (l.activation as 'relu') : 'linear' }) as tf.Tensor2D;
    if (!last && !fused) h = tf.tanh(h) as tf.Tensor2D;
    acts.push(h);
  });
  const logits = h;
  const p = loss === 'binaryCrossentropy' ? tf.sigmoid(logits) : tf.softmax(logits);
  let g = tf.mul(tf.sub(p, y), w ? tf.mul(w, scale) : scale) as tf.Tensor2D;
  const grads: tf.Tensor[] = [];
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    const input = acts[i];
    if (l.bias) grads.push(tf.reshape(tf.matMul(ones, g), [-1]));
    grads.push(tf.matMul(input, g, true, false));
    if (i === 0) break;
    const dh = tf.matMul(g, l.kernel, false, true);
    const below = layers[i - 1].activation;
    if (below === 'relu') g = tf.mul(dh, tf.step(input)) as tf.Tensor2D;
    else if (below === 'tanh') g = tf.sub(dh, tf.mul(dh, tf.square(input))) as tf.Tensor2D;
    else if (below === 'sigmoid') g = tf.mul(dh, tf.mul(input, tf.sub(1, input))) as tf.Tensor2D;
    else g = dh as tf.Tensor2D;
  }
  return { logits, grads: grads.reverse() };
}
