/** Hidden activations of the fast step: forward, and the gradient through them from their output. */
import * as tf from '@tensorflow/tfjs-core';
import type { LossName } from '../loss';
import type { LayerDesc } from './adapter';

export type Activation = 'relu' | 'linear' | 'tanh' | 'sigmoid' | 'elu' | 'softmax';
export type Pair = [number, number];

/** Hidden activations a dense layer (or an Activation layer) may have. */
export const HIDDEN = ['relu', 'linear', 'tanh', 'sigmoid', 'elu'];

export const pair = (v: number | number[] | undefined, fallback: number): Pair => (v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [v[0], v[1] ?? v[0]]);

export function activate(h: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'relu') return tf.relu(h);
  if (activation === 'tanh') return tf.tanh(h);
  if (activation === 'sigmoid') return tf.sigmoid(h);
  if (activation === 'elu') return tf.elu(h);
  return h;
}

/** Gradient through a hidden activation, from its output `a`. */
export function throughActivation(d: tf.Tensor, a: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'relu') return tf.mul(d, tf.step(a));
  if (activation === 'tanh') return tf.sub(d, tf.mul(d, tf.square(a)));
  if (activation === 'sigmoid') return tf.mul(d, tf.mul(a, tf.sub(1, a)));
  if (activation === 'elu') return tf.mul(d, tf.where(tf.greater(a, 0), tf.onesLike(a), tf.add(a, 1)));
  return d;
}

/**
 * A weighted layer's parameters and activation, or `null` when the fast step cannot take it: regularised
 * or constrained, frozen, or an activation it does not differentiate (the output layer must be the
 * sigmoid or softmax its loss is merged with).
 */
export function weighted(l: LayerDesc, last: boolean, loss: LossName, hidden: string[]): { kernel: tf.Variable; bias: tf.Variable | null; activation: Activation } | null {
  if (!l.kernel || !l.activation || l.constrained || !l.trainable) return null;
  const act = l.activation;
  if (last ? act !== (loss === 'binaryCrossentropy' ? 'sigmoid' : 'softmax') : !hidden.includes(act)) return null;
  return { kernel: l.kernel, bias: l.bias ?? null, activation: act as Activation };
}
