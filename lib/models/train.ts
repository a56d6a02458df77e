/**
 * A lean training loop for tfjs-layers models. It does what `model.fit` does (shuffling, batches,
 * weights, validation, callbacks, history) without its per-batch overhead: data are checked once, each
 * batch is copied from the host in shuffled order and uploaded (no O(N) device slices), one gradient step
 * runs per batch (a hand-derived step for plain dense and convolutional networks, see fast/index.ts; Adam
 * on the host for wasm/cpu), and nothing is read back until the epoch's loss/accuracy are computed at its end.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { HepmlError, check } from '../errors';
import { progress as progressBar } from '../display/progress';
import type { Callback, Logs, TrainContext } from './callbacks';
import { Batcher } from './batcher';
import { type DeviceData, type TrainData, describeX, prepare, sliceX, upload } from './data';
import { BatchStep, type OptimizerChoice } from './batch-step';
import { evaluateDevice, lossFor, type LossName } from './loss';
import { shuffledIndices } from './shuffle';

/** Options of {@link train}. */
export interface TrainOptions {
  /** Passes over the training data. Default `10`. */
  epochs?: number;
  /** Samples per gradient step. Default `256`. */
  batchSize?: number;
  /** Step size of the optimizer. Default `1e-3`. */
  learningRate?: number;
  /** `'adam'`, `'sgd'`, `'rmsprop'` or a `tf.train` optimizer (then `learningRate` is ignored). Default `'adam'`. */
  optimizer?: OptimizerChoice;
  /** Loss. Default: from the output layer (1 unit → binary, k units → categorical cross-entropy). */
  loss?: LossName;
  /** Seed of the per-epoch shuffling (same seed, same batches). Default `0`. */
  seed?: number;
  /** Shuffle every epoch. Default `true`. */
  shuffle?: boolean;
  /** Weight multiplier per class index, e.g. `[1, 3.2]`. Default: none. */
  classWeights?: ArrayLike<number>;
  /** Fraction of the samples (the last ones, before shuffling, as in Keras) held out for validation. Default `0`. */
  validationSplit?: number;
  /** Explicit validation set (takes precedence over `validationSplit`). Default: none. */
  validationData?: TrainData;
  /** Callbacks ({@link BaseCallback} subclasses or plain objects of hooks). Default `[]`. */
  callbacks?: Callback[];
  /** Show a progress bar with ETA. Default `true`. */
  verbose?: boolean;
  /**
   * Threads for the gradient steps: `1`, or `2` to split each batch between this thread and a helper
   * thread (wasm backend, networks on the hand-written step without batch normalisation; same result up to
   * float rounding; a seeded run repeats exactly with the same thread count). Default: the environment
   * variable `HEPML_NN_THREADS`, else `2` when a second core exists, a step is large enough to gain from it
   * (about 20 M multiply-adds, e.g. the course's CNNs) and the run long enough to pay the helper's start.
   */
  threads?: number;
  /** Clock in milliseconds, injectable for tests. Default `Date.now`. */
  now?: () => number;
}

/** Per-epoch numbers, as tfjs's History: `history.loss[e]`, `history.val_loss[e]`, … */
export interface History {
  epoch: number[];
  history: Record<string, number[]>;
}

const DEFAULTS = { epochs: 10, batchSize: 256, learningRate: 1e-3, optimizer: 'adam' as const, seed: 0, shuffle: true, validationSplit: 0, verbose: true };
const training = new WeakSet<object>();

/** `threads` (or `HEPML_NN_THREADS`) checked: 1, 2, or `undefined` for automatic. */
function threadsFor(threads: number | undefined): 1 | 2 | undefined {
  const env = typeof process !== 'undefined' ? process.env.HEPML_NN_THREADS : undefined;
  if (threads === undefined && env) {
    check(env === '1' || env === '2', 'HEPML_NN_THREADS', '1 or 2', env);
    return +env as 1 | 2;
  }
  if (threads === undefined) return undefined;
  check(threads === 1 || threads === 2, 'train: threads', '1 or 2', threads);
  return threads as 1 | 2;
}

/**
 * Trains `model` on `data` and returns the per-epoch history.
 *
 * @param model - a tfjs-layers model (e.g. from {@link mlp} or {@link cnn}); need not be compiled
 * @param data - `{ x: Matrix | Images, y, weights? }`
 * @param options - see {@link TrainOptions} (epochs 10, batchSize 256, learningRate 1e-3, adam, seed 0)
 * @returns `{ epoch, history: { loss, accuracy, val_loss?, val_accuracy? } }` with plain numbers
 * @example
 * const model = mlp({ inputs: 20 });
 * const h = await train(model, { x: X, y }, { epochs: 20, validationSplit: 0.2, callbacks: [earlyStopping()] });
 * h.history.val_loss;   // [0.52, 0.47, …]
 */
export async function train(model: tfl.LayersModel, data: TrainData, options: TrainOptions = {}): Promise<History> {
  const epochs = options.epochs ?? DEFAULTS.epochs;
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const lr = options.learningRate ?? DEFAULTS.learningRate;
  const split = options.validationSplit ?? DEFAULTS.validationSplit;
  const callbacks = options.callbacks ?? [];
  const now = options.now ?? Date.now;
  check(Number.isInteger(epochs) && epochs >= 1, 'train: epochs', 'a positive integer', epochs);
  check(Number.isInteger(batchSize) && batchSize >= 1, 'train: batchSize', 'a positive integer', batchSize);
  check(lr > 0, 'train: learningRate', 'a positive number', lr);
  check(split >= 0 && split < 1, 'train: validationSplit', 'a fraction in [0, 1)', split);
  if (training.has(model)) throw new HepmlError('train: expected one training run per model at a time, found a second call while the first is running. Await the first train().');
  const outputs = model.outputs[0].shape[model.outputs[0].shape.length - 1] as number;
  const loss = lossFor(options.loss, outputs);

  let trainPart: TrainData = data;
  let valPart = options.validationData;
  if (!valPart && split > 0) {
    const n = describeX(data.x, 'train: data').n;
    const cut = n - Math.floor(n * split);
    check(cut > 0 && cut < n, 'train: validationSplit', `a split leaving samples on both sides of ${n}`, split);
    const sub = (a: ArrayLike<number> | undefined, s: number, e: number) => (a ? Array.prototype.slice.call(a, s, e) as number[] : undefined);
    trainPart = { x: sliceX(data.x, 0, cut), y: sub(data.y, 0, cut)!, weights: sub(data.weights, 0, cut) };
    valPart = { x: sliceX(data.x, cut, n), y: sub(data.y, cut, n)!, weights: sub(data.weights, cut, n) };
  }

  training.add(model);
  const owned: tf.TensorContainer[] = [];
  const context: TrainContext = { model, stopTraining: false, now };
  const history: History = { epoch: [], history: {} };
  const bar = (options.verbose ?? DEFAULTS.verbose) ? undefined : 'silent';
  let step: BatchStep | undefined;
  try {
    const train = prepare(trainPart, outputs, 'train: data', options.classWeights);
    const weighted = trainPart.weights !== undefined || options.classWeights !== undefined;
    let val: DeviceData | undefined;
    if (valPart) {
      val = upload(valPart, outputs, 'train: validation data');
      owned.push(val as unknown as tf.TensorContainer);
    }
    step = new BatchStep(model, loss, options.optimizer ?? DEFAULTS.optimizer, lr, options.seed ?? DEFAULTS.seed);
    await step.startThreads(threadsFor(options.threads), train.sampleShape, outputs, batchSize, train.n * epochs);
    const batcher = new Batcher(train, weighted);
    const identity = Int32Array.from({ length: train.n }, (_, i) => i);
    const batches = Math.ceil(train.n / batchSize);
    const shuffle = options.shuffle ?? DEFAULTS.shuffle;
    const order = shuffledIndices(train.n, options.seed ?? DEFAULTS.seed);
    const pb = progressBar({ total: epochs * batches, label: model.name, now, ...(bar ? { mode: bar } : {}) });
    const every = Math.max(1, Math.floor(batches / 20));
    const batchHooks = callbacks.filter((cb) => cb.onBatchEnd);
    for (const cb of callbacks) await cb.onTrainBegin?.(context);
    let last: Logs = {};
    for (let epoch = 0; epoch < epochs && !context.stopTraining; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, context);
      const idx = shuffle ? order.next() : identity;
      step.beginEpoch();
      for (let b = 0; b < batches; b++) {
        const start = b * batchSize;
        const batch = batcher.batch(idx, start, Math.min(batchSize, train.n - start));
        step.run(batch.x, batch.y, batch.w, batch.size, batch.host);
        batch.x.dispose();
        for (const cb of batchHooks) await cb.onBatchEnd!(b, { batch: b, size: batch.size }, context);
        if (b % every === every - 1) pb.update(epoch * batches + b + 1);
        if (context.stopTraining) break;
      }
      const logs: Logs = await step.endEpoch();
      if (val) Object.assign(logs, evaluateDevice(loss, model, val));
      for (const [k, v] of Object.entries(logs)) (history.history[k] ??= []).push(v);
      history.epoch.push(epoch);
      last = logs;
      for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs, context);
      const msg = Object.entries(logs).map(([k, v]) => `${k}=${v.toFixed(4)}`).join(' ');
      pb.update((epoch + 1) * batches, msg);
    }
    for (const cb of callbacks) await cb.onTrainEnd?.(last, context);
    pb.finish(Object.entries(last).map(([k, v]) => `${k}=${v.toFixed(4)}`).join(' '));
    return history;
  } finally {
    tf.dispose(owned);
    step?.dispose();
    training.delete(model);
  }
}
