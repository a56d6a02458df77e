/**
 * Model checkpoint: writes the model to a folder whenever the monitored metric improves, so the best
 * epoch survives a crash or a later over-trained epoch; reload with {@link loadModel} or `restoreAtEnd`.
 */
import { BaseCallback, type Logs, type TrainContext, monitored } from './callbacks';
import { loadWeightsInto, saveModel } from './io';

/** Options of {@link modelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** Folder to write `model.json` + `weights.bin` into (required). */
  path: string;
  /** Metric to watch. Default `'val_loss'`. */
  monitor?: string;
  /** `'min'` or `'max'`. Default: `'max'` for names with "acc"/"auc", else `'min'`. */
  mode?: 'min' | 'max';
  /** Load the saved best weights back into the model when training ends. Default `false`. */
  restoreAtEnd?: boolean;
}

/** See {@link modelCheckpoint}. */
export class ModelCheckpoint extends BaseCallback {
  readonly path: string;
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly restoreAtEnd: boolean;
  /** Best value so far, its epoch (0-based), and how many times the model was written. */
  best = NaN;
  bestEpoch = -1;
  saves = 0;

  constructor(options: ModelCheckpointOptions) {
    super();
    this.path = options.path;
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = options.mode ?? (/acc|auc/i.test(this.monitor) ? 'max' : 'min');
    this.restoreAtEnd = options.restoreAtEnd ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.best = NaN;
    this.bestEpoch = -1;
  }

  override async onEpochEnd(epoch: number, logs: Logs, context: TrainContext): Promise<void> {
    const value = monitored(logs, this.monitor, 'modelCheckpoint: monitor');
    const better = this.bestEpoch < 0 || (this.mode === 'min' ? value < this.best : value > this.best);
    if (!better) return;
    this.best = value;
    this.bestEpoch = epoch;
    await saveModel(context.model, this.path);
    this.saves += 1;
  }

  override async onTrainEnd(_logs: Logs, context: TrainContext): Promise<void> {
    if (this.restoreAtEnd && this.saves > 0) loadWeightsInto(context.model, this.path);
  }
}

/**
 * Saves the model to `path` each time `monitor` improves (the best val-loss model by default).
 *
 * @param options.path - output folder (required)
 * @param options.monitor - default `'val_loss'`
 * @param options.restoreAtEnd - reload the best weights at the end; default `false`
 * @example
 * await train(model, data, { validationSplit: 0.2, callbacks: [modelCheckpoint({ path: 'out/best' })] });
 * const best = await loadModel('out/best');
 */
export function modelCheckpoint(options: ModelCheckpointOptions): ModelCheckpoint {
  return new ModelCheckpoint(options);
}
