/**
 * A run log beside a checkpoint: `<dir>/run-log.json`, rewritten after every epoch, with what a later
 * session needs to trust and reuse the saved model: the notes you give (features, preprocessing, data
 * source, seed), every epoch's metrics, and the best epoch of the monitored metric (the one
 * {@link modelCheckpoint} saved). Taught in 08-ship-hnl.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomic-write';
import { HepmlError } from '../errors';
import { BaseCallback, type Logs, type TrainContext, monitored } from './callbacks';

/** Options of {@link runLog}. */
export interface RunLogOptions {
  /** Folder of the log (the checkpoint's folder); required. */
  path: string;
  /** Metric whose best epoch is recorded. Default `'val_loss'`. */
  monitor?: string;
  /** `'min'` or `'max'`. Default: `'max'` for names with "acc"/"auc", else `'min'`. */
  mode?: 'min' | 'max';
  /** Anything worth keeping with the model (JSON-serialisable): features, preprocessing, source, seed. */
  notes?: Record<string, unknown>;
}

/** The content of `run-log.json`. */
export interface RunLogFile {
  started: string;
  finished: string | null;
  notes: Record<string, unknown>;
  monitor: string;
  /** 1-based epoch with the best monitored value, and that value. */
  best: { epoch: number; value: number } | null;
  epochs: ({ epoch: number } & Logs)[];
}

export const RUN_LOG_FILE = 'run-log.json';

/** See {@link runLog}. */
export class RunLog extends BaseCallback {
  readonly file: string;
  private log: RunLogFile;
  private readonly mode: 'min' | 'max';

  constructor(readonly options: RunLogOptions) {
    super();
    if (!options?.path) throw new HepmlError('runLog: expected a path (the checkpoint folder), found none.', { where: 'runLog.path' });
    this.file = join(options.path, RUN_LOG_FILE);
    const monitor = options.monitor ?? 'val_loss';
    this.mode = options.mode ?? (/acc|auc/i.test(monitor) ? 'max' : 'min');
    this.log = { started: '', finished: null, notes: options.notes ?? {}, monitor, best: null, epochs: [] };
  }

  override async onTrainBegin(_context?: TrainContext): Promise<void> {
    this.log = { ...this.log, started: new Date().toISOString(), finished: null, best: null, epochs: [] };
    this.write();
  }

  override async onEpochEnd(epoch: number, logs: Logs, _context?: TrainContext): Promise<void> {
    const value = monitored(logs, this.log.monitor, 'runLog: monitor');
    this.log.epochs.push({ epoch: epoch + 1, ...logs });
    const b = this.log.best;
    if (!b || (this.mode === 'min' ? value < b.value : value > b.value)) this.log.best = { epoch: epoch + 1, value };
    this.write();
  }

  override async onTrainEnd(_logs?: Logs, _context?: TrainContext): Promise<void> {
    this.log.finished = new Date().toISOString();
    this.write();
  }

  private write(): void {
    mkdirSync(this.options.path, { recursive: true });
    writeFileAtomic(this.file, JSON.stringify(this.log, null, 1));
  }
}

/**
 * A callback that keeps `run-log.json` in `path` (put it beside the checkpoint).
 * @param options path (required), monitor (`'val_loss'`), mode, notes
 * @example
 * const callbacks = [modelCheckpoint({ path: 'checkpoints/hnl' }), runLog({ path: 'checkpoints/hnl', notes: { features } })];
 */
export function runLog(options: RunLogOptions): RunLog {
  return new RunLog(options);
}

/**
 * Reads a run log written by {@link runLog} (in a fresh session, before reloading the model).
 * @param path the folder holding `run-log.json`
 * @example
 * const log = readRunLog('checkpoints/hnl'); log.best.epoch;
 */
export function readRunLog(path: string): RunLogFile {
  const file = join(path, RUN_LOG_FILE);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunLogFile;
  } catch (e) {
    throw new HepmlError(`${file}: expected a run log written by runLog, found ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { where: file, cause: e });
  }
}
