/**
 * Cross-entropy losses on probabilities (Keras conventions: clipped to [1e-7, 1 − 1e-7]; the weighted
 * loss of a batch is Σ wᵢ·ℓᵢ / B), plus the model's regularisation penalties.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { HepmlError } from '../errors';
import type { DeviceData } from './data';

/** Loss names accepted by {@link train}. */
export type LossName = 'binaryCrossentropy' | 'categoricalCrossentropy';

const EPS = 1e-7;

/** The loss for an output layer of `outputs` units unless one is requested. */
export function lossFor(requested: LossName | undefined, outputs: number): LossName {
  const natural: LossName = outputs === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy';
  if (requested === undefined) return natural;
  if (requested !== natural) {
    throw new HepmlError(`train: loss: expected ${natural} for an output layer of ${outputs} unit(s), found ${requested}. Change the output layer or the loss.`);
  }
  return requested;
}

/** Per-sample loss [B] of probabilities `p` against targets `y` ([B,1] 0/1 or [B,k] one-hot). */
function perSample(loss: LossName, y: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor1D {
  const q = tf.clipByValue(p, EPS, 1 - EPS);
  if (loss === 'binaryCrossentropy') {
    const l = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
    return tf.reshape(l, [-1]) as tf.Tensor1D;
  }
  return tf.neg(tf.sum(tf.mul(y, tf.log(q)), -1)) as tf.Tensor1D;
}

/** Number of correct predictions (threshold 0.5, or arg max). */
function correct(loss: LossName, y: tf.Tensor2D, p: tf.Tensor2D): tf.Scalar {
  if (loss === 'binaryCrossentropy') return tf.sum(tf.cast(tf.equal(tf.greater(p, 0.5), tf.greater(y, 0.5)), 'float32'));
  return tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(y, -1)), 'float32'));
}

/** Sum of the model's regularisation penalties (0 when there are none). */
function penalty(model: tfl.LayersModel): tf.Scalar | null {
  const extra = model.calculateLosses();
  return extra.length ? (tf.addN(extra) as tf.Scalar) : null;
}

/** Loss of one batch (what the optimizer minimises): Σ wᵢℓᵢ / B (w = `null`: all 1) plus the penalties. */
export function batchLoss(loss: LossName, model: tfl.LayersModel, y: tf.Tensor2D, p: tf.Tensor2D, w: tf.Tensor2D | null, size: number): tf.Scalar {
  const l = perSample(loss, y, p);
  const total = tf.div(tf.sum(w ? tf.mul(l, tf.reshape(w, [-1])) : l), size) as tf.Scalar;
  const reg = penalty(model);
  return reg ? (tf.add(total, reg) as tf.Scalar) : total;
}

/** `[Σ wᵢℓᵢ, Σ correct]` of probabilities `p` against `y` (w = `null`: all 1), as one tensor of 2. */
export function lossAndCorrect(loss: LossName, y: tf.Tensor2D, p: tf.Tensor2D, w: tf.Tensor2D | null): tf.Tensor1D {
  const l = perSample(loss, y, p);
  return tf.stack([tf.sum(w ? tf.mul(l, tf.reshape(w, [-1])) : l), correct(loss, y, p)]) as tf.Tensor1D;
}

/** Validation loss and accuracy (inference mode, chunks of 4096), as `val_loss` and `val_accuracy`. */
export function evaluateDevice(loss: LossName, model: tfl.LayersModel, data: DeviceData, chunk = 4096): { val_loss: number; val_accuracy: number } {
  const totals = tf.tidy(() => {
    let acc: tf.Tensor = tf.zeros([2]);
    for (let start = 0; start < data.n; start += chunk) {
      const size = Math.min(chunk, data.n - start);
      const rows = (t: tf.Tensor) => tf.slice(t, t.shape.map((_, i) => (i === 0 ? start : 0)), t.shape.map((d, i) => (i === 0 ? size : d)));
      const y = rows(data.y) as tf.Tensor2D;
      const p = model.apply(rows(data.x), { training: false }) as tf.Tensor2D;
      acc = tf.add(acc, lossAndCorrect(loss, y, p, rows(data.w) as tf.Tensor2D));
    }
    const reg = penalty(model);
    return tf.add(tf.div(acc, data.n), reg ? tf.stack([reg, tf.scalar(0)]) : 0);
  });
  const [l, a] = Array.from(totals.dataSync());
  totals.dispose();
  return { val_loss: l, val_accuracy: a };
}
