/**
 * Dense: `activation(x·W + b)` as one fused matMul; the output layer's activation is merged into the loss.
 * On wasm the backward pass (relu gradient, dW, db, dX) is one kernel of ours (backend/wasm-kernels).
 */
import * as tf from '@tensorflow/tfjs-core';
import { DENSE_GRADS } from '../../../backend/wasm-kernels';
import { HIDDEN, activate, throughActivation, weighted, type Activation } from '../activations';
import type { LayerKind } from '../kind';

export interface DenseOp { kind: 'dense'; kernel: tf.Variable; bias: tf.Variable | null; activation: Activation }

export const dense: LayerKind<DenseOp> = {
  className: 'Dense',
  parse(layer, { last, loss }) {
    const p = weighted(layer, last, loss, HIDDEN);
    return p ? { kind: 'dense', ...p } : null;
  },
  variables: (op) => (op.bias ? [op.kernel, op.bias] : [op.kernel]),
  forward(op, h, { last }) {
    // relu/linear fuse into the matMul; tanh and elu (and the output layer, whose activation is in the loss) do not.
    const fused = !last && op.activation !== 'tanh' && op.activation !== 'elu';
    const z = tf.fused.matMul({ a: h as tf.Tensor2D, b: op.kernel as tf.Tensor2D, bias: op.bias ?? undefined, activation: fused ? (op.activation as 'relu') : 'linear' });
    return { out: !last && !fused ? activate(z, op.activation) : z };
  },
  backward(op, d, { input, output, pre, first, ones, wasm }) {
    if (wasm && input.rank === 2) {
      // one kernel for dW, db and dX (and the relu gradient before them): backend/wasm-kernels DENSE_GRADS
      const relu = !pre && op.activation === 'relu';
      const dz = pre || relu ? d : throughActivation(d, output, op.activation);
      const inputs: Record<string, tf.Tensor> = { x: input, dy: dz };
      if (relu) inputs.output = output;
      if (!first) inputs.kernel = op.kernel;
      const [dKernel, dBias, dInput] = tf.engine().runKernel(DENSE_GRADS, inputs as never, {}) as unknown as tf.Tensor[];
      return { d: first ? d : dInput, pre: false, grads: op.bias ? [dKernel, dBias] : [dKernel] };
    }
    const dz = (pre ? d : throughActivation(d, output, op.activation)) as tf.Tensor2D;
    const dKernel = tf.matMul(input as tf.Tensor2D, dz, true, false);
    const grads = op.bias ? [dKernel, tf.reshape(tf.matMul(ones, dz), [-1])] : [dKernel];
    return { d: first ? d : tf.matMul(dz, op.kernel as tf.Tensor2D, false, true), pre: false, grads };
  },
};
