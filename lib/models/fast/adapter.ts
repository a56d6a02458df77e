/**
 * The one place that reads tfjs-layers' internals (its layers' `kernel.val`, `activation`, regularisers,
 * moving statistics, the model's `trainableWeights[i].val`). Everything else in the fast step sees plain
 * {@link LayerDesc} records, so a tfjs-layers upgrade that renames a private field breaks here, and only here
 * (test/models/fast-step.test.ts checks every layer kind against tfjs's own gradients).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** A layer's configuration fields the fast step reads (public in tfjs-layers' configs, same names on the layer). */
interface LayerConfig {
  dataFormat?: string;
  dilationRate?: number | number[];
  strides?: number | number[];
  padding?: string;
  poolSize?: number | number[];
  rate?: number;
  noiseShape?: unknown;
  stddev?: number;
  axis?: number;
  momentum?: number;
  epsilon?: number;
}

/** A layer as the fast step sees it. */
export interface LayerDesc extends LayerConfig {
  /** tfjs-layers' class name: 'Dense', 'Conv2D', 'MaxPooling2D', ... */
  className: string;
  trainable: boolean;
  /** The layer has a regulariser or a constraint (the fast step does not apply them, so it declines). */
  constrained: boolean;
  /** Lower-case activation name ('relu', 'sigmoid', ...), when the layer has one. */
  activation?: string;
  kernel?: tf.Variable;
  bias?: tf.Variable;
  gamma?: tf.Variable;
  beta?: tf.Variable;
  movingMean?: tf.Variable;
  movingVariance?: tf.Variable;
}

/** The private fields read from a tfjs-layers layer (4.22). */
interface LayerInternals extends LayerConfig {
  getClassName(): string;
  trainable: boolean;
  kernel?: { val: tf.Variable; constraint?: unknown };
  bias?: { val: tf.Variable; constraint?: unknown } | null;
  activation?: { getClassName(): string };
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  activityRegularizer?: unknown;
  gamma?: { val: tf.Variable } | null;
  beta?: { val: tf.Variable } | null;
  movingMean?: { val: tf.Variable };
  movingVariance?: { val: tf.Variable };
  gammaRegularizer?: unknown;
  betaRegularizer?: unknown;
  gammaConstraint?: unknown;
  betaConstraint?: unknown;
}

const CONFIG_KEYS = ['dataFormat', 'dilationRate', 'strides', 'padding', 'poolSize', 'rate', 'noiseShape', 'stddev', 'axis', 'momentum', 'epsilon'] as const satisfies readonly (keyof LayerConfig)[];

/** The layers of a single-input, single-output model (input layer left out), or `null` for other models. */
export function describeLayers(model: tfl.LayersModel): LayerDesc[] | null {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer') as unknown as LayerInternals[];
  return layers.map((l) => ({
    className: l.getClassName(),
    trainable: l.trainable,
    constrained: Boolean(
      l.kernelRegularizer || l.biasRegularizer || l.activityRegularizer || l.kernel?.constraint || l.bias?.constraint ||
      l.gammaRegularizer || l.betaRegularizer || l.gammaConstraint || l.betaConstraint,
    ),
    activation: l.activation?.getClassName().toLowerCase(),
    kernel: l.kernel?.val,
    bias: l.bias?.val,
    gamma: l.gamma?.val,
    beta: l.beta?.val,
    movingMean: l.movingMean?.val,
    movingVariance: l.movingVariance?.val,
    ...Object.fromEntries(CONFIG_KEYS.map((k) => [k, l[k]])),
  }));
}

/** The variables behind `model.trainableWeights`, in that order. */
export function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}
