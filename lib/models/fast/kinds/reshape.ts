/** The layers without variables that only reshape, mask, add noise or apply an activation. */
import * as tf from '@tensorflow/tfjs-core';
import { HIDDEN, activate, throughActivation, type Activation } from '../activations';
import type { LayerKind } from '../kind';

export interface FlattenOp { kind: 'flatten' }
export interface DropoutOp { kind: 'dropout'; rate: number }
export interface NoiseOp { kind: 'noise'; stddev: number }
export interface ActivationOp { kind: 'act'; activation: Activation }

/** Flatten (channels last): a reshape both ways. */
export const flatten: LayerKind<FlattenOp> = {
  className: 'Flatten',
  parse: (layer) => (layer.dataFormat !== undefined && layer.dataFormat !== 'channelsLast' ? null : { kind: 'flatten' }),
  variables: () => [],
  forward: (_op, h) => ({ out: tf.reshape(h, [h.shape[0], -1]) }),
  backward: (_op, d, { input, pre }) => ({ d: tf.reshape(d, input.shape), pre }),
};

/** Dropout with a seeded mask (kept units scaled by 1/keep); the gradient goes through the same mask. */
export const dropout: LayerKind<DropoutOp> = {
  className: 'Dropout',
  parse: (layer) => (layer.noiseShape ? null : { kind: 'dropout', rate: layer.rate ?? 0 }),
  variables: () => [],
  forward(op, h, { masks }) {
    if (!(op.rate > 0)) return { out: h };
    if (!masks) throw new Error('fastGradients: dropout layers need masks.');
    const m = masks.mask(h.shape, op.rate);
    return { out: tf.mul(h, m), saved: m };
  },
  backward: (_op, d, { saved, pre }) => ({ d: saved ? tf.mul(d, saved as tf.Tensor) : d, pre }),
};

/** GaussianNoise: seeded noise added in training; the gradient passes unchanged. */
export const noise: LayerKind<NoiseOp> = {
  className: 'GaussianNoise',
  parse: (layer) => ({ kind: 'noise', stddev: layer.stddev ?? 0 }),
  variables: () => [],
  forward(op, h, { masks }) {
    if (!(op.stddev > 0)) return { out: h };
    if (!masks) throw new Error('fastGradients: noise layers need a generator.');
    return { out: tf.add(h, masks.normal(h.shape, op.stddev)) };
  },
  backward: (_op, d, { pre }) => ({ d, pre }),
};

/** Activation layer (a hidden activation on its own). */
export const activation: LayerKind<ActivationOp> = {
  className: 'Activation',
  parse: (layer) => (HIDDEN.includes(layer.activation ?? '') ? { kind: 'act', activation: layer.activation as Activation } : null),
  variables: () => [],
  forward: (op, h) => ({ out: activate(h, op.activation) }),
  backward: (op, d, { output, pre }) => ({ d: throughActivation(d, output, op.activation), pre }),
};
