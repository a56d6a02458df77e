/**
 * BatchNormalization over a dense layer's features [B, F]: the batch's mean and (biased) variance, the
 * moving statistics updated as tfjs-layers does (moving ← moving − (moving − batch)·(1 − momentum)).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM, BATCH_NORM_GRAD } from '../../../backend/wasm-kernels';
import type { LayerKind } from '../kind';

export interface BatchNormOp {
  kind: 'bn';
  gamma: tf.Variable | null;
  beta: tf.Variable | null;
  movingMean: tf.Variable;
  movingVariance: tf.Variable;
  momentum: number;
  epsilon: number;
}

export const batchNorm: LayerKind<BatchNormOp> = {
  className: 'BatchNormalization',
  parse(layer, { previous }) {
    if (previous?.kind !== 'dense' || (layer.axis !== undefined && layer.axis !== -1 && layer.axis !== 1)) return null;
    if (layer.constrained || !layer.trainable || !layer.movingMean || !layer.movingVariance) return null;
    return {
      kind: 'bn', gamma: layer.gamma ?? null, beta: layer.beta ?? null, movingMean: layer.movingMean, movingVariance: layer.movingVariance,
      momentum: layer.momentum ?? 0.99, epsilon: layer.epsilon ?? 1e-3,
    };
  },
  variables: (op) => [...(op.gamma ? [op.gamma] : []), ...(op.beta ? [op.beta] : [])],
  forward(op, h, { ones, B, wasm }) {
    const z = h as tf.Tensor2D;
    const decay = 1 - op.momentum;
    if (wasm) {
      // One kernel of ours (backend/wasm-kernels BATCH_NORM) for the statistics, x̂ and γ·x̂ + β.
      const inputs: Record<string, tf.Tensor> = { x: z };
      if (op.gamma) inputs.gamma = op.gamma;
      if (op.beta) inputs.beta = op.beta;
      const [out, xhat, mean, variance, invStd] = tf.engine().runKernel(BATCH_NORM, inputs as never, { epsilon: op.epsilon } as never) as unknown as tf.Tensor[];
      op.movingMean.assign(tf.sub(op.movingMean, tf.mul(tf.sub(op.movingMean, mean), decay)));
      op.movingVariance.assign(tf.sub(op.movingVariance, tf.mul(tf.sub(op.movingVariance, variance), decay)));
      return { out, saved: { xhat, invStd } };
    }
    // Batch statistics as column sums (one matMul each: a column reduction is slower than a matMul on cpu).
    const mean = tf.mul(tf.matMul(ones, z), 1 / B) as tf.Tensor2D;
    const centred = tf.sub(z, mean) as tf.Tensor2D;
    const variance = tf.mul(tf.matMul(ones, tf.square(centred) as tf.Tensor2D), 1 / B) as tf.Tensor2D;
    const invStd = tf.rsqrt(tf.add(variance, op.epsilon)) as tf.Tensor2D;
    const xhat = tf.mul(centred, invStd) as tf.Tensor2D;
    let out: tf.Tensor = xhat;
    if (op.gamma) out = tf.mul(out, op.gamma);
    if (op.beta) out = tf.add(out, op.beta);
    op.movingMean.assign(tf.sub(op.movingMean, tf.mul(tf.sub(op.movingMean, tf.reshape(mean, [-1])), decay)));
    op.movingVariance.assign(tf.sub(op.movingVariance, tf.mul(tf.sub(op.movingVariance, tf.reshape(variance, [-1])), decay)));
    return { out, saved: { xhat, invStd } };
  },
  backward(op, d, { saved, ones, B, pre, wasm }) {
    // y = γ·x̂ + β: dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/σ · (dy − dβ/B − x̂·dγ/B)
    const { xhat, invStd } = saved as { xhat: tf.Tensor2D; invStd: tf.Tensor2D };
    const g = d as tf.Tensor2D;
    if (wasm) {
      const inputs: Record<string, tf.Tensor> = { dy: g, xhat, invStd };
      if (op.gamma) inputs.gamma = op.gamma;
      const [dGamma, dBeta, dx] = tf.engine().runKernel(BATCH_NORM_GRAD, inputs as never, {}) as unknown as tf.Tensor[];
      return { d: dx, pre, grads: [...(op.gamma ? [dGamma] : []), ...(op.beta ? [dBeta] : [])] };
    }
    const dBeta = tf.matMul(ones, g);
    const dGamma = tf.matMul(ones, tf.mul(g, xhat) as tf.Tensor2D);
    const grads = [...(op.gamma ? [tf.reshape(dGamma, [-1])] : []), ...(op.beta ? [tf.reshape(dBeta, [-1])] : [])];
    const scaleRow = op.gamma ? tf.mul(invStd, op.gamma) : invStd;
    return { d: tf.mul(scaleRow, tf.sub(g, tf.mul(tf.add(dBeta, tf.mul(xhat, dGamma)), 1 / B))), pre, grads };
  },
};
