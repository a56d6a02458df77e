/**
 * Fully connected networks (MLP/DNN) for tabular features, built with tfjs-layers.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { check } from '../errors';

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Number of input features (required). */
  inputs: number;
  /** Widths of the hidden layers. Default `[64, 64]`. */
  hidden?: number[];
  /** Hidden activation: `'relu'`, `'elu'`, `'tanh'`, `'selu'`, `'sigmoid'`, … Default `'relu'`. */
  activation?: string;
  /** Dropout rate after each hidden layer (0 = none). Default `0`. */
  dropout?: number;
  /** Batch normalisation after each hidden dense layer (before the activation). Default `false`. */
  batchNorm?: boolean;
  /** Standard deviation of Gaussian noise added to the inputs during training (0 = none). Default `0`. */
  gaussianNoise?: number;
  /** Standard deviation of Gaussian noise added after each hidden layer during training (0 = none). Default `0`. */
  hiddenNoise?: number;
  /** Output units: 1 = sigmoid (binary), k ≥ 2 = softmax over k classes. Default `1`. */
  outputs?: number;
  /** L2 penalty on the dense kernels (0 = none). Default `0`. */
  l2?: number;
  /** Seed of the weight initialisation (same seed, same network). Default: random. */
  seed?: number;
  /** Model name. Default `'mlp'`. */
  name?: string;
}

const DEFAULTS = { hidden: [64, 64], activation: 'relu', dropout: 0, batchNorm: false, gaussianNoise: 0, hiddenNoise: 0, outputs: 1, l2: 0, name: 'mlp' };

/** Kernel initialiser with an optional seed (each layer gets seed, seed+1, …). */
export function initializer(seed: number | undefined, layer: number) {
  return tfl.initializers.glorotUniform({ seed: seed === undefined ? undefined : seed + layer });
}

/**
 * Builds a multilayer perceptron: [Gaussian noise] → (dense → [batch norm] → activation → [dropout] → [Gaussian noise]) × hidden → output.
 *
 * @param options.inputs - number of input features (required)
 * @param options.hidden - hidden widths; default `[64, 64]`
 * @param options.activation - default `'relu'`
 * @param options.dropout - default `0`
 * @param options.batchNorm - default `false`
 * @param options.gaussianNoise - input noise σ; default `0`
 * @param options.hiddenNoise - noise σ after each hidden layer; default `0`
 * @param options.outputs - 1 (sigmoid) or k (softmax); default `1`
 * @param options.l2 - kernel L2 penalty; default `0`
 * @param options.seed - initialisation seed; default random
 * @returns an uncompiled `tf.Sequential`; train it with {@link train}
 * @example
 * const model = mlp({ inputs: 20, hidden: [64, 64], dropout: 0.1 });
 * const history = await train(model, { x: X, y }, { epochs: 20 });
 */
export function mlp(options: MlpOptions): tfl.Sequential {
  const hidden = options.hidden ?? DEFAULTS.hidden;
  const activation = options.activation ?? DEFAULTS.activation;
  const dropout = options.dropout ?? DEFAULTS.dropout;
  const batchNorm = options.batchNorm ?? DEFAULTS.batchNorm;
  const noise = options.gaussianNoise ?? DEFAULTS.gaussianNoise;
  const hiddenNoise = options.hiddenNoise ?? DEFAULTS.hiddenNoise;
  const outputs = options.outputs ?? DEFAULTS.outputs;
  const l2 = options.l2 ?? DEFAULTS.l2;
  check(Number.isInteger(options.inputs) && options.inputs > 0, 'mlp: inputs', 'a positive integer (number of features)', options.inputs);
  check(hidden.every((h) => Number.isInteger(h) && h > 0), 'mlp: hidden', 'positive integer widths', hidden.join(','));
  check(dropout >= 0 && dropout < 1, 'mlp: dropout', 'a rate in [0, 1)', dropout);
  check(noise >= 0, 'mlp: gaussianNoise', 'a standard deviation >= 0', noise);
  check(hiddenNoise >= 0, 'mlp: hiddenNoise', 'a standard deviation >= 0', hiddenNoise);
  check(Number.isInteger(outputs) && outputs >= 1, 'mlp: outputs', '1 (binary) or the number of classes', outputs);
  check(l2 >= 0, 'mlp: l2', 'a penalty >= 0', l2);
  const regularizer = l2 > 0 ? tfl.regularizers.l2({ l2 }) : undefined;
  const model = tfl.sequential({ name: options.name ?? DEFAULTS.name });
  const inputShape = [options.inputs];
  if (noise > 0) model.add(tfl.layers.gaussianNoise({ stddev: noise, inputShape }));
  hidden.forEach((units, i) => {
    const first = i === 0 && noise === 0 ? { inputShape } : {};
    model.add(
      tfl.layers.dense({
        units,
        ...first,
        activation: batchNorm ? 'linear' : (activation as 'relu'),
        useBias: !batchNorm,
        kernelInitializer: initializer(options.seed, i),
        kernelRegularizer: regularizer,
      }),
    );
    if (batchNorm) {
      model.add(tfl.layers.batchNormalization());
      model.add(tfl.layers.activation({ activation: activation as 'relu' }));
    }
    if (dropout > 0) model.add(tfl.layers.dropout({ rate: dropout }));
    if (hiddenNoise > 0) model.add(tfl.layers.gaussianNoise({ stddev: hiddenNoise }));
  });
  model.add(
    tfl.layers.dense({
      units: outputs,
      ...(hidden.length === 0 && noise === 0 ? { inputShape } : {}),
      activation: outputs === 1 ? 'sigmoid' : 'softmax',
      kernelInitializer: initializer(options.seed, hidden.length),
      kernelRegularizer: regularizer,
    }),
  );
  return model;
}

