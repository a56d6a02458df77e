/**
 * Training callbacks, as in tfjs-layers: a {@link BaseCallback} class with async no-op hooks, plain objects
 * of hooks accepted too, and {@link earlyStopping}. Logs hold plain numbers (`loss`, `val_loss`,
 * `accuracy`, `val_accuracy`); batch logs hold only `batch` and `size` (the loss stays on the device).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { HepmlError, check } from '../errors';

/** Numbers logged per epoch or batch. */
export type Logs = Record<string, number>;

/** What a callback can see and do during {@link train}. */
export interface TrainContext {
  model: tfl.LayersModel;
  /** Set to true to stop after the current batch. */
  stopTraining: boolean;
  /** The clock (milliseconds), injectable for tests. */
  now: () => number;
}

/** Hooks called by {@link train}; every hook is optional and may be async. */
export interface Callback {
  onTrainBegin?(context: TrainContext): unknown;
  onEpochBegin?(epoch: number, context: TrainContext): unknown;
  onBatchEnd?(batch: number, logs: Logs, context: TrainContext): unknown;
  onEpochEnd?(epoch: number, logs: Logs, context: TrainContext): unknown;
  onTrainEnd?(logs: Logs, context: TrainContext): unknown;
}

/** A callback class with async no-op hooks; subclass it and override what you need. */
export class BaseCallback implements Callback {
  async onTrainBegin(_context: TrainContext): Promise<void> {}
  async onEpochBegin(_epoch: number, _context: TrainContext): Promise<void> {}
  async onBatchEnd(_batch: number, _logs: Logs, _context: TrainContext): Promise<void> {}
  async onEpochEnd(_epoch: number, _logs: Logs, _context: TrainContext): Promise<void> {}
  async onTrainEnd(_logs: Logs, _context: TrainContext): Promise<void> {}
}

/** Reads `logs[monitor]`, listing the available names when it is missing. */
export function monitored(logs: Logs, monitor: string, where: string): number {
  const value = logs[monitor];
  if (value === undefined) {
    throw new HepmlError(`${where}: expected a logged metric "${monitor}", found only ${Object.keys(logs).join(', ')}. Pass a validation set or monitor "loss".`);
  }
  return value;
}

/** Options of {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** Metric to watch. Default `'val_loss'`. */
  monitor?: string;
  /** `'min'` (losses) or `'max'` (accuracy, AUC). Default: `'max'` if the name contains "acc" or "auc", else `'min'`. */
  mode?: 'min' | 'max';
  /** Epochs without improvement before stopping. Default `5`. */
  patience?: number;
  /** Smallest change that counts as improvement. Default `0`. */
  minDelta?: number;
  /** Put back the weights of the best epoch when training ends. Default `true`. */
  restoreBestWeights?: boolean;
}

/** Stops training when the monitored metric stops improving; see {@link earlyStopping}. */
export class EarlyStopping extends BaseCallback {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
  /** Epoch (0-based) with the best value, and that value. */
  bestEpoch = -1;
  best = NaN;
  /** Epoch at which training was stopped, or -1. */
  stoppedEpoch = -1;
  private wait = 0;
  private bestWeights: tf.Tensor[] | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = options.mode ?? (/acc|auc/i.test(this.monitor) ? 'max' : 'min');
    this.patience = options.patience ?? 5;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.restoreBestWeights = options.restoreBestWeights ?? true;
    check(Number.isInteger(this.patience) && this.patience >= 0, 'earlyStopping: patience', 'an integer >= 0', this.patience);
  }

  override async onTrainBegin(): Promise<void> {
    this.wait = 0;
    this.bestEpoch = -1;
    this.best = NaN;
    this.stoppedEpoch = -1;
    this.dropWeights();
  }

  override async onEpochEnd(epoch: number, logs: Logs, context: TrainContext): Promise<void> {
    const value = monitored(logs, this.monitor, 'earlyStopping: monitor');
    const improved = this.bestEpoch < 0 || (this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights) {
        this.dropWeights();
        this.bestWeights = context.model.getWeights().map((w) => tf.keep(tf.clone(w)));
      }
      return;
    }
    this.wait += 1;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      context.stopTraining = true;
    }
  }

  override async onTrainEnd(_logs: Logs, context: TrainContext): Promise<void> {
    if (this.restoreBestWeights && this.bestWeights) context.model.setWeights(this.bestWeights);
    this.dropWeights();
  }

  private dropWeights(): void {
    if (this.bestWeights) tf.dispose(this.bestWeights);
    this.bestWeights = null;
  }
}

/**
 * Early stopping: stop when `monitor` has not improved for `patience` epochs, and (by default) restore
 * the best weights.
 *
 * @param options.monitor - default `'val_loss'`
 * @param options.patience - default `5`
 * @param options.minDelta - default `0`
 * @param options.restoreBestWeights - default `true`
 * @example
 * await train(model, data, { epochs: 100, validationSplit: 0.2, callbacks: [earlyStopping({ patience: 5 })] });
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  return new EarlyStopping(options);
}
