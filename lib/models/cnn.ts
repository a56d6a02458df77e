/**
 * Convolutional networks for images (jet images, calorimeter towers), channels last [H, W, C].
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { check } from '../errors';
import { initializer } from './mlp';

/** One convolution block: conv(filters, kernel×kernel, 'same') → activation → [max pool pool×pool]. */
export interface ConvBlock {
  /** Number of filters. */
  filters: number;
  /** Square kernel size. Default `3`. */
  kernel?: number;
  /** Max-pooling size after the convolution (0/undefined = none). Default `2`. */
  pool?: number;
  /** Padding: `'same'` or `'valid'`. Default `'same'`. */
  padding?: 'same' | 'valid';
}

/** Options of {@link cnn}. */
export interface CnnOptions {
  /** Image shape `[height, width, channels]` (required). */
  inputShape: [number, number, number];
  /** Convolution blocks. Default `[{ filters: 8 }, { filters: 16 }]` (3×3, pool 2). */
  conv?: ConvBlock[];
  /** Dense widths after flattening. Default `[32]`. */
  dense?: number[];
  /** Activation of conv and dense layers. Default `'relu'`. */
  activation?: string;
  /** Dropout rate before each dense layer (0 = none). Default `0`. */
  dropout?: number;
  /** Output units: 1 = sigmoid, k ≥ 2 = softmax. Default `1`. */
  outputs?: number;
  /** Seed of the weight initialisation. Default: random. */
  seed?: number;
  /** Model name. Default `'cnn'`. */
  name?: string;
}

const DEFAULTS = { conv: [{ filters: 8 }, { filters: 16 }] as ConvBlock[], dense: [32], activation: 'relu', dropout: 0, outputs: 1, name: 'cnn' };

/**
 * Builds a CNN: (conv → activation → max pool) per block → flatten → (dropout → dense) per width → output.
 *
 * @param options.inputShape - `[h, w, c]` (required)
 * @param options.conv - blocks; default two 3×3 blocks of 8 and 16 filters with 2×2 pooling
 * @param options.dense - default `[32]`
 * @param options.activation - default `'relu'`
 * @param options.dropout - default `0`
 * @param options.outputs - default `1` (sigmoid)
 * @example
 * const model = cnn({ inputShape: [40, 40, 1], conv: [{ filters: 8 }, { filters: 16 }], dense: [32] });
 * await train(model, { x: { data: pixels, shape: [n, 40, 40, 1] }, y: labels }, { batchSize: 128 });
 */
export function cnn(options: CnnOptions): tfl.Sequential {
  const shape = options.inputShape;
  const conv = options.conv ?? DEFAULTS.conv;
  const dense = options.dense ?? DEFAULTS.dense;
  const activation = (options.activation ?? DEFAULTS.activation) as 'relu';
  const dropout = options.dropout ?? DEFAULTS.dropout;
  const outputs = options.outputs ?? DEFAULTS.outputs;
  check(Array.isArray(shape) && shape.length === 3 && shape.every((d) => Number.isInteger(d) && d > 0), 'cnn: inputShape', '[height, width, channels]', shape);
  check(dropout >= 0 && dropout < 1, 'cnn: dropout', 'a rate in [0, 1)', dropout);
  check(Number.isInteger(outputs) && outputs >= 1, 'cnn: outputs', '1 (binary) or the number of classes', outputs);
  const model = tfl.sequential({ name: options.name ?? DEFAULTS.name });
  let layer = 0;
  conv.forEach((block, i) => {
    check(Number.isInteger(block.filters) && block.filters > 0, `cnn: conv[${i}].filters`, 'a positive integer', block.filters);
    model.add(
      tfl.layers.conv2d({
        filters: block.filters,
        kernelSize: block.kernel ?? 3,
        padding: block.padding ?? 'same',
        activation,
        kernelInitializer: initializer(options.seed, layer++),
        ...(i === 0 ? { inputShape: shape } : {}),
      }),
    );
    const pool = block.pool ?? 2;
    if (pool > 1) model.add(tfl.layers.maxPooling2d({ poolSize: pool }));
  });
  model.add(tfl.layers.flatten(conv.length === 0 ? { inputShape: shape } : {}));
  for (const units of dense) {
    if (dropout > 0) model.add(tfl.layers.dropout({ rate: dropout }));
    model.add(tfl.layers.dense({ units, activation, kernelInitializer: initializer(options.seed, layer++) }));
  }
  model.add(tfl.layers.dense({ units: outputs, activation: outputs === 1 ? 'sigmoid' : 'softmax', kernelInitializer: initializer(options.seed, layer++) }));
  return model;
}
