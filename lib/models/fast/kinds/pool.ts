/** MaxPooling2D (channels last); on wasm a relu right below is folded into the pooling gradient (one kernel). */
import * as tf from '@tensorflow/tfjs-core';
import { MAX_POOL_GRAD_RELU } from '../../../backend/wasm-kernels';
import { pair, type Pair } from '../activations';
import type { LayerKind } from '../kind';

export interface PoolOp { kind: 'pool'; size: Pair; strides: Pair; pad: 'same' | 'valid' }

export const pool: LayerKind<PoolOp> = {
  className: 'MaxPooling2D',
  parse(layer) {
    if (layer.dataFormat !== 'channelsLast' || (layer.padding !== 'same' && layer.padding !== 'valid')) return null;
    const size = pair(layer.poolSize, 2);
    return { kind: 'pool', size, strides: pair(layer.strides ?? size, 1), pad: layer.padding };
  },
  variables: () => [],
  forward: (op, h) => ({ out: tf.maxPool(h as tf.Tensor4D, op.size, op.strides, op.pad) }),
  backward(op, d, { input, output, first, wasm, below }) {
    if (first) return { d, pre: false };
    const attrs = { filterSize: op.size, strides: op.strides, pad: op.pad, dimRoundingMode: undefined };
    const fold = wasm && (below?.kind === 'conv' || below?.kind === 'dense') && below.activation === 'relu';
    return { d: tf.engine().runKernel(fold ? MAX_POOL_GRAD_RELU : 'MaxPoolGrad', { dy: d, input, output }, attrs as never) as tf.Tensor, pre: fold };
  },
};
