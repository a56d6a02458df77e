/**
 * What every layer kind of the fast step provides: how to recognise it ({@link LayerKind.parse}), its
 * variables, its forward pass and its backward pass. `kinds/` holds one file per kind; `index.ts` runs
 * them in order.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LossName } from '../loss';
import type { LayerDesc } from './adapter';
import type { NoiseSource } from './noise-source';

/** What {@link LayerKind.parse} knows besides the layer itself. */
export interface ParseContext {
  /** The layer is the network's output layer. */
  last: boolean;
  loss: LossName;
  /** The op parsed just before (batch normalisation follows a dense layer). */
  previous: { kind: string } | undefined;
}

/** Shared by the forward and backward passes of one batch. */
export interface PassContext {
  /** Batch size. */
  B: number;
  /** A [1, B] row of ones: column sums as one matMul (a column reduction is ~6x slower on wasm). */
  ones: tf.Tensor2D;
  /** Our wasm kernels are registered (the wasm backend). */
  wasm: boolean;
  /** The seeded source of dropout masks and noise. */
  masks?: NoiseSource;
}

/** The forward pass of one op: its output, and what its backward pass needs from this batch. */
export interface Forward {
  out: tf.Tensor;
  saved?: unknown;
}

/** What the backward pass of one op sees. */
export interface BackwardContext extends PassContext {
  /** The op's input and output in the forward pass. */
  input: tf.Tensor;
  output: tf.Tensor;
  /** What its forward pass saved. */
  saved: unknown;
  /** `d` is already the gradient before this op's activation (the loss, or a pooling with the relu folded in). */
  pre: boolean;
  /** The op is the first layer: no gradient with respect to its input is needed. */
  first: boolean;
  /** The op below (the pooling gradient folds a relu below it into one kernel). */
  below: { kind: string; activation?: string } | undefined;
}

/** The backward pass of one op: the gradient for the op below, and this op's variable gradients. */
export interface Backward {
  d: tf.Tensor;
  pre: boolean;
  /** In {@link LayerKind.variables} order. */
  grads?: tf.Tensor[];
}

/** One layer kind of the fast step. */
export interface LayerKind<Op extends { kind: string }> {
  /** tfjs-layers' class name. */
  className: string;
  /** The op for `layer`, or `null` when the fast step cannot train it (then the tape path is used). */
  parse(layer: LayerDesc, ctx: ParseContext): Op | null;
  /** The op's trainable variables. */
  variables(op: Op): tf.Variable[];
  forward(op: Op, h: tf.Tensor, ctx: PassContext & { last: boolean }): Forward;
  backward(op: Op, d: tf.Tensor, ctx: BackwardContext): Backward;
}
