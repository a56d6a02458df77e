/**
 * Conv2D (channels last, no dilation): one fused conv + bias + activation forward; on wasm the filter and
 * bias gradients come from one pass of our SIMD kernel (backend/simd).
 */
import * as tf from '@tensorflow/tfjs-core';
import { CONV2D_GRADS } from '../../../backend/wasm-kernels';
import { activate, pair, throughActivation, weighted, type Activation, type Pair } from '../activations';
import type { LayerKind } from '../kind';

export interface ConvOp { kind: 'conv'; kernel: tf.Variable; bias: tf.Variable | null; activation: Activation; strides: Pair; pad: 'same' | 'valid' }

export const conv: LayerKind<ConvOp> = {
  className: 'Conv2D',
  parse(layer, { loss }) {
    const p = weighted(layer, false, loss, ['relu', 'linear', 'elu']);
    if (!p || layer.dataFormat !== 'channelsLast' || pair(layer.dilationRate, 1).some((d) => d !== 1)) return null;
    if (layer.padding !== 'same' && layer.padding !== 'valid') return null;
    return { kind: 'conv', ...p, strides: pair(layer.strides, 1), pad: layer.padding };
  },
  variables: (op) => (op.bias ? [op.kernel, op.bias] : [op.kernel]),
  forward(op, h) {
    const fused = op.activation !== 'elu';
    const z = tf.fused.conv2d({ x: h as tf.Tensor4D, filter: op.kernel as tf.Tensor4D, strides: op.strides, pad: op.pad, bias: op.bias ?? undefined, activation: fused ? (op.activation as 'relu') : 'linear' });
    return { out: fused ? z : activate(z, op.activation) };
  },
  backward(op, d, { input, output, pre, first, wasm }) {
    const dz = pre ? d : throughActivation(d, output, op.activation);
    const attrs = { strides: op.strides, pad: op.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: op.kernel.shape };
    let grads: tf.Tensor[];
    if (wasm) {
      const [dw, db] = tf.engine().runKernel(CONV2D_GRADS, { x: input, dy: dz }, attrs as never) as unknown as tf.Tensor[];
      grads = op.bias ? [dw, db] : [dw];
    } else {
      const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: input, dy: dz }, attrs as never) as tf.Tensor;
      grads = op.bias ? [dw, tf.sum(dz, [0, 1, 2])] : [dw];
    }
    const dInput = first ? d : (tf.engine().runKernel('Conv2DBackpropInput', { dy: dz, filter: op.kernel }, { ...attrs, inputShape: input.shape } as never) as tf.Tensor);
    return { d: dInput, pre: false, grads };
  },
};
