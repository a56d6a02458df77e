/**
 * One gradient step per batch, with nothing read back: the step keeps each batch's outputs (probabilities,
 * or logits on the fast path) and, on the generic path, the batch cost; the epoch's loss and
 * accuracy are computed from them once, at the end of the epoch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { HepmlError } from '../errors';
import { SeededNoise, fastGradients, fastLayers, fastVariables, trainableVariables } from './fast';
import { FlatAdam, HostAdam } from './flat-adam';
import { batchLoss, lossAndCorrect, type LossName } from './loss';
import { THREAD_START_WORK, THREAD_WORK_THRESHOLD, TwoThreadStep, helperStarted, macsPerSample, threadTesting } from './parallel/helper';

/** Optimizer choice of {@link train}. */
export type OptimizerChoice = 'adam' | 'sgd' | 'rmsprop' | tf.Optimizer;

function makeOptimizer(choice: OptimizerChoice, lr: number): { optimizer: tf.Optimizer; owned: boolean } {
  if (choice instanceof tf.Optimizer) return { optimizer: choice, owned: false };
  if (choice === 'sgd') return { optimizer: tf.train.sgd(lr), owned: true };
  if (choice === 'rmsprop') return { optimizer: tf.train.rmsprop(lr), owned: true };
  throw new HepmlError(`train: optimizer: expected 'adam', 'sgd', 'rmsprop' or a tf.train optimizer, found ${String(choice)}.`);
}

/** The per-batch step of a training run and the per-epoch bookkeeping. */
export class BatchStep {
  private readonly fast: ReturnType<typeof fastLayers>;
  private readonly masks: SeededNoise;
  private readonly vars: tf.Variable[];
  private readonly adam?: FlatAdam | HostAdam;
  private readonly optimizer?: { optimizer: tf.Optimizer; owned: boolean };
  private outs: tf.Tensor2D[] = [];
  private costs: tf.Scalar[] = [];
  private ys: tf.Tensor2D[] = [];
  private ws: tf.Tensor2D[] = [];
  private sizes: number[] = [];
  private consts = new Map<number, [tf.Scalar, tf.Tensor2D]>();
  private threads?: TwoThreadStep;

  /** `seed` seeds the dropout masks and Gaussian noise of the hand-written step. */
  constructor(private readonly model: tfl.LayersModel, private readonly loss: LossName, choice: OptimizerChoice, lr: number, seed = 0) {
    this.fast = fastLayers(model, loss);
    this.masks = new SeededNoise(seed);
    this.vars = this.fast ? fastVariables(this.fast) : trainableVariables(model);
    if (choice === 'adam') this.adam = ['wasm', 'cpu'].includes(tf.getBackend()) ? new HostAdam(this.vars, lr) : new FlatAdam(this.vars, lr);
    else this.optimizer = makeOptimizer(choice, lr);
  }

  /**
   * Starts the two-thread step when it applies (see parallel/helper.ts): `threads` 2, or `undefined` and a
   * step large enough, a second core, the wasm backend, the hand-written step without batch normalisation.
   * `samples`: samples the run will see (epochs × rows), to skip starting the helper for a short run.
   */
  async startThreads(threads: 1 | 2 | undefined, sampleShape: number[], outputs: number, batchSize: number, samples = Infinity): Promise<void> {
    if (threads === 1 || !this.fast || batchSize < 2 || tf.getBackend() !== 'wasm' || this.fast.some((op) => op.kind === 'bn')) return;
    if (threads === undefined) {
      const os = await import('node:os').catch(() => null);
      const cores = os ? (os.availableParallelism?.() ?? os.cpus().length) : 1;
      const shapes = this.model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => (l.outputShape as number[]).slice(1));
      const macs = macsPerSample(this.fast, shapes);
      if (cores < 2 || macs * batchSize < THREAD_WORK_THRESHOLD) return;
      // Starting the helper costs ~0.3 s once per process: not for a run much shorter than that.
      if (!helperStarted() && macs * samples < THREAD_START_WORK) return;
    }
    this.threads = (await TwoThreadStep.open(this.model, this.fast, this.vars, this.loss, sampleShape, outputs, batchSize)) ?? undefined;
  }

  /** Call at the start of each epoch (re-reads weights that callbacks may have changed). */
  beginEpoch(): void {
    this.adam?.sync();
  }

  /** One gradient step on a batch (w = `null`: unweighted). Takes ownership of `y` and `w` (kept for the epoch's metrics). */
  run(x: tf.Tensor, y: tf.Tensor2D, w: tf.Tensor2D | null, size: number, host?: { x: Float32Array; y: Float32Array; w?: Float32Array }): void {
    this.ys.push(y);
    if (w) this.ws.push(w);
    tf.tidy(() => {
      if (this.fast) {
        let c = this.consts.get(size);
        if (!c) this.consts.set(size, (c = [tf.keep(tf.scalar(1 / size)), tf.keep(tf.ones([1, size]))]));
        if (this.threads?.active && host && size >= 2) {
          const { logits, grads, extra } = this.threads.step(x, y, w, size, host, c[0], this.masks);
          this.apply(grads, extra);
          this.outs.push(tf.keep(logits as tf.Tensor2D));
        } else {
          const { logits, grads } = fastGradients(this.fast, this.loss, x, y, w, c[0], c[1], this.masks);
          this.apply(grads);
          this.outs.push(tf.keep(logits));
        }
      } else {
        let p: tf.Tensor2D | undefined;
        const { value, grads } = tf.variableGrads(() => {
          p = tf.keep(this.model.apply(x, { training: true }) as tf.Tensor2D);
          return batchLoss(this.loss, this.model, y, p, w, size);
        }, this.vars);
        this.apply(this.vars.map((v) => grads[v.name]));
        this.outs.push(p!);
        this.costs.push(tf.keep(value));
      }
      this.sizes.push(size);
    });
  }

  /** Applies `grads` (plus `extra`, the helper thread's gradients flat in the same order). */
  private apply(grads: tf.Tensor[], extra?: Float32Array): void {
    if (extra && !(this.adam instanceof HostAdam)) {
      let at = 0;
      const more = extra;
      grads = grads.map((g) => tf.add(g, tf.tensor(more.slice(at, (at += g.size)), g.shape, 'float32')));
      extra = undefined;
    }
    if (this.adam instanceof HostAdam) this.adam.step(grads, extra);
    else if (this.adam) this.adam.step(grads);
    else this.optimizer!.optimizer.applyGradients(Object.fromEntries(this.vars.map((v, i) => [v.name, grads[i]])));
  }

  /** Mean loss and accuracy of the epoch's batches (from the outputs kept by {@link run}). */
  async endEpoch(): Promise<{ loss: number; accuracy: number }> {
    const seen = this.sizes.reduce((a, b) => a + b, 0);
    const sums = tf.tidy(() => {
      const cat = (ts: tf.Tensor2D[]) => (ts.length === 1 ? ts[0] : (tf.concat(ts) as tf.Tensor2D));
      const out = cat(this.outs);
      const p = this.fast ? (this.loss === 'binaryCrossentropy' ? tf.sigmoid(out) : tf.softmax(out)) : out;
      return lossAndCorrect(this.loss, cat(this.ys), p as tf.Tensor2D, this.ws.length ? cat(this.ws) : null);
    });
    const costs = this.costs.length ? tf.stack(this.costs) : null;
    const [lossSum, correct] = Array.from(await sums.data());
    let loss = lossSum / seen;
    if (costs) {
      const c = await costs.data();
      loss = 0;
      for (let b = 0; b < c.length; b++) loss += c[b] * this.sizes[b];
      loss /= seen;
    }
    tf.dispose([sums, ...(costs ? [costs] : []), ...this.outs, ...this.costs, ...this.ys, ...this.ws]);
    this.ys = [];
    this.ws = [];
    this.outs = [];
    this.costs = [];
    this.sizes = [];
    return { loss, accuracy: correct / seen };
  }

  /** Frees the optimizer state (a caller's own tf.Optimizer is left alone). */
  dispose(): void {
    tf.dispose([...this.outs, ...this.costs, ...this.ys, ...this.ws, ...[...this.consts.values()].flat()]);
    threadTesting.lastRunThreads = this.threads?.active ? 2 : 1;
    this.threads?.close();
    this.threads = undefined;
    this.adam?.dispose();
    if (this.optimizer?.owned) this.optimizer.optimizer.dispose();
  }
}
