/**
 * A two-thread training step for the wasm backend (data parallel, as PyTorch DDP with two replicas): the
 * tfjs wasm backend runs on one thread in Node, so a second core helps only with a second tfjs. A helper
 * worker thread (started on the first training run that qualifies, kept for the process, `unref`'d so it
 * never keeps a process alive) holds a copy of the model. Each batch is split in two fixed halves: rows
 * [0, h) on the main thread, [h, B) on the helper; both compute the gradient of Σ wᵢℓᵢ / B over their rows,
 * so the two sum to the full batch's gradient (up to float rounding), and the optimizer steps once.
 * Weights, the helper's rows, its dropout masks (the rows the full batch would have drawn, from the same
 * seeded generator) and its gradients travel through one SharedArrayBuffer, signalled with Atomics.
 *
 * Any failure (no worker_threads, the worker does not start, throws or stops answering) prints one warning
 * line and training carries on with one thread; a step the helper did not finish is computed on the main
 * thread, so the run's result is the same. Networks with batch normalisation (its statistics are per batch)
 * or outside the fast step always train on one thread.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Worker } from 'node:worker_threads';
import { warn as emitWarning } from '../../errors';
import { FixedNoise, type FastOp, type SeededNoise, fastGradients } from '../fast';
import type { LossName } from '../loss';
import { H, type Layout, type LayoutSpec, allocate, readText, views } from './layout';
import type { SessionMessage } from './worker';

interface Helper {
  worker: Worker;
  alive: boolean;
  busy: boolean;
}

let helper: Promise<Helper | null> | undefined;
let broken = false;

/** Test hooks (not part of the public API). */
export const threadTesting = {
  /** A different worker script (e.g. one that throws), `undefined` for ours. */
  script: undefined as string | undefined,
  /** How long the worker may take to start. */
  startTimeoutMs: 60_000,
  /** Make the helper throw (or, with `hang`, stop answering) in this step of the next session. */
  failAtStep: undefined as number | undefined,
  hang: false,
  /** How long the main thread waits for a step after the first (plus 50× its own half's time). */
  stepTimeoutMs: 10_000,
  /** Forget the helper (terminated) and any earlier failure. */
  async reset(): Promise<void> {
    const h = await helper;
    helper = undefined;
    broken = false;
    if (h) await h.worker.terminate();
  },
  /** Threads the last training run's steps used at its end (1 or 2): for benchmarks and tests. */
  lastRunThreads: 1 as 1 | 2,
  /** Time spent per phase of the two-thread steps since the last reset of these numbers (ms). */
  profile: { steps: 0, prepare: 0, main: 0, wait: 0, helper: 0 },
  /** Tensors the helper thread's tfjs held after the last two-thread step (0 before any). */
  helperTensors: 0,
  /** Whether a helper thread is running. */
  async running(): Promise<boolean> {
    return Boolean((await helper)?.alive);
  },
};

function warn(why: string): void {
  emitWarning(`the two-thread training step is off (${why}); training on one thread.`);
}

function launch(): Promise<Helper | null> {
  // Node only (loaded here, not imported, so the library still loads where there are no worker threads).
  let wt: typeof import('node:worker_threads');
  let script: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    wt = require('node:worker_threads');
    script = threadTesting.script ?? `${__dirname}/worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`;
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    let worker: Worker | undefined;
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      broken = true;
      warn(`helper thread: ${why}`);
      void worker?.terminate();
      resolve(null);
    };
    const timer = setTimeout(() => fail(`did not start within ${threadTesting.startTimeoutMs} ms`), threadTesting.startTimeoutMs);
    try {
      // Under tsx (tests, benchmarks) the worker loads the TypeScript source through tsx's require hook.
      worker = script.endsWith('.ts')
        ? new wt.Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(script)});`, { eval: true })
        : new wt.Worker(script);
    } catch (e) {
      fail((e as Error).message);
      return;
    }
    const h: Helper = { worker, alive: true, busy: false };
    worker.on('error', (e) => {
      h.alive = false;
      fail(e.message);
    });
    worker.on('exit', (code) => {
      h.alive = false;
      fail(`exited with code ${code}`);
    });
    worker.once('message', (m: { type: string; message?: string }) => {
      if (m?.type !== 'up') return fail(m?.message ?? 'unexpected first message');
      settled = true;
      clearTimeout(timer);
      worker!.unref();
      resolve(h);
    });
  });
}

/** Multiply-adds per sample of the forward pass (the backward pass is about twice that). */
export function macsPerSample(ops: FastOp[], outputShapes: number[][]): number {
  let macs = 0;
  ops.forEach((op, i) => {
    if (op.kind === 'dense') macs += op.kernel.size;
    else if (op.kind === 'conv') {
      const [kh, kw, cin] = op.kernel.shape;
      const out = outputShapes[i];
      macs += (out ?? []).reduce((a, b) => a * b, 1) * kh * kw * cin;
    }
  });
  return macs;
}

/** The fast step's ops with their per-sample output shapes. */
function outputShapes(model: tfl.LayersModel): number[][] {
  return model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => (l.outputShape as number[]).slice(1));
}

/**
 * Forward multiply-adds per batch from which the two-thread step is used by default. Measured on 2 cores:
 * the CNN of bench/nn.bench.ts (~80 M per batch of 128) gains ~1.4x; an MLP 20-64-64-1 at batch 256
 * (~1.4 M) loses (its step is dominated by per-kernel costs, which halving the batch does not reduce), and
 * 20-256-256-1 (~18 M) is about even.
 */
export const THREAD_WORK_THRESHOLD = 20_000_000;

/**
 * Forward multiply-adds of a whole run (≈ 0.3 s on one thread) from which the helper is started: its start
 * (~0.3 s, once per process) is then about paid back by the run itself, and every later run gains in full.
 */
export const THREAD_START_WORK = 5e8;

/** Whether the helper thread was started (or is starting) in this process. */
export function helperStarted(): boolean {
  return helper !== undefined;
}

/** One training run's use of the helper thread. */
export class TwoThreadStep {
  private readonly l: Layout;
  private readonly offsets: number[] = [];
  private readonly noisy: { kind: 'dropout' | 'noise'; amount: number; per: number }[];
  private readonly ones = new Map<number, tf.Tensor2D>();
  private seq = 0;
  private lastMainMs = 0;
  private usable = true;

  private constructor(private readonly h: Helper, private readonly spec: LayoutSpec, buffer: SharedArrayBuffer, private readonly ops: FastOp[], private readonly loss: LossName, noisy: TwoThreadStep['noisy'], private readonly vars: tf.Variable[]) {
    this.l = views(buffer, spec);
    this.noisy = noisy;
    vars.reduce((o, v) => (this.offsets.push(o), o + v.size), 0);
  }

  /**
   * Opens a session on the helper thread for `model` (whose fast step is `ops`), or returns `null` when it
   * is not available (no worker threads, a failure earlier in this process, another run using it).
   */
  static async open(model: tfl.LayersModel, ops: FastOp[], vars: tf.Variable[], loss: LossName, sampleShape: number[], outputs: number, batchSize: number): Promise<TwoThreadStep | null> {
    if (broken) return null;
    const started = await (helper ??= launch());
    if (!started || !started.alive || started.busy) return null;
    const h = started;
    const shapes = outputShapes(model);
    const noisy: TwoThreadStep['noisy'] = [];
    ops.forEach((op, i) => {
      const per = shapes[i].reduce((a, b) => a * b, 1);
      if (op.kind === 'dropout' && op.rate > 0) noisy.push({ kind: 'dropout', amount: op.rate, per });
      if (op.kind === 'noise' && op.stddev > 0) noisy.push({ kind: 'noise', amount: op.stddev, per });
    });
    const spec: LayoutSpec = {
      params: vars.reduce((a, v) => a + v.size, 0),
      row: sampleShape.reduce((a, b) => a * b, 1),
      outputs,
      rows: Math.ceil(batchSize / 2),
      noisy: noisy.map((n) => n.per),
    };
    const buffer = allocate(spec);
    const message: SessionMessage = { type: 'session', buffer, spec, topology: model.toJSON(null, false) as object, loss, sampleShape, failAtStep: threadTesting.failAtStep, hang: threadTesting.hang };
    h.busy = true;
    h.worker.ref();
    const ready = await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => done('the helper did not load the model within 60 s'), 60_000);
      const onMessage = (m: { type: string; message?: string }) => {
        if (m?.type === 'ready') done(null);
        else if (m?.type === 'error') done(m.message ?? 'error');
      };
      const onExit = () => done('the helper exited');
      function done(why: string | null) {
        clearTimeout(timer);
        h.worker.off('message', onMessage);
        h.worker.off('exit', onExit);
        resolve(why);
      }
      h.worker.on('message', onMessage);
      h.worker.on('exit', onExit);
      h.worker.postMessage(message);
    });
    h.worker.unref();
    if (ready !== null) {
      // A helper that could not take the model (or did not say so in time) is not used again in this process.
      broken = true;
      helper = undefined;
      void h.worker.terminate();
      warn(ready);
      return null;
    }
    return new TwoThreadStep(h, spec, buffer, ops, loss, noisy, vars);
  }

  /** Whether the helper still answers (else the caller trains on one thread from now on). */
  get active(): boolean {
    return this.usable && this.h.alive;
  }

  /**
   * The gradients of one batch, half on each thread (call inside a `tf.tidy`).
   *
   * @param x - the batch [B, …] on the device; `host` holds the same values on the host
   * @param scale - the scalar 1/B
   * @param masks - the run's seeded dropout/noise source (the full batch's draws are split between the halves)
   * @returns the logits [B, k], the main thread's gradients (tensors, {@link fastVariables} order), and the
   *   helper's gradients flat (add them; valid until the next step)
   */
  step(x: tf.Tensor, y: tf.Tensor2D, w: tf.Tensor2D | null, size: number, host: { x: Float32Array; y: Float32Array; w?: Float32Array }, scale: tf.Scalar, masks: SeededNoise): { logits: tf.Tensor; grads: tf.Tensor[]; extra: Float32Array } {
    const { l, spec } = this;
    const prof = threadTesting.profile;
    const tPrep = performance.now();
    const h = size >> 1;
    const n = size - h;
    this.vars.forEach((v, i) => l.params.set(v.dataSync() as Float32Array, this.offsets[i]));
    l.x.set(host.x.subarray(h * spec.row, size * spec.row));
    l.y.set(host.y.subarray(h * spec.outputs, size * spec.outputs));
    if (w) l.w.set(host.w!.subarray(h, size));
    const mine: Float32Array[] = [];
    const theirs: Float32Array[] = [];
    let at = 0;
    for (const m of this.noisy) {
      const all = m.kind === 'dropout' ? masks.maskData(size * m.per, m.amount) : masks.normalData(size * m.per, m.amount);
      mine.push(all.subarray(0, h * m.per));
      theirs.push(all.subarray(h * m.per));
      l.masks.set(all.subarray(h * m.per), at);
      at += n * m.per;
    }
    const header = l.header;
    header[H.ROWS] = n;
    header[H.FULL] = size;
    header[H.WEIGHTED] = w ? 1 : 0;
    header[H.CMD] = 1;
    const seq = ++this.seq;
    Atomics.store(header, H.SEQ, seq);
    Atomics.notify(header, H.SEQ);

    const t0 = performance.now();
    prof.prepare += t0 - tPrep;
    const rows = (t: tf.Tensor, from: number, count: number) => tf.slice(t, from, count);
    const part = (from: number, count: number, noise: Float32Array[]) => {
      let ones = this.ones.get(count);
      if (!ones) this.ones.set(count, (ones = tf.keep(tf.ones([1, count]) as tf.Tensor2D)));
      return fastGradients(this.ops, this.loss, rows(x, from, count), rows(y, from, count) as tf.Tensor2D, w ? (rows(w, from, count) as tf.Tensor2D) : null, scale, ones, new FixedNoise(noise));
    };
    const main = part(0, h, mine);
    this.lastMainMs = performance.now() - t0;

    const why = this.await(seq);
    const t1 = performance.now();
    prof.steps++;
    prof.main += this.lastMainMs;
    prof.wait += t1 - t0 - this.lastMainMs;
    prof.helper += header[H.BUSY_US] / 1000;
    threadTesting.helperTensors = header[H.TENSORS];
    if (why === null) {
      const logits = tf.concat([main.logits, tf.tensor2d(l.logits.slice(0, n * spec.outputs), [n, spec.outputs])]);
      return { logits, grads: main.grads, extra: l.grads };
    }
    // The helper failed: this batch's second half on the main thread, one thread from now on.
    this.usable = false;
    warn(why);
    const rest = part(h, n, theirs);
    const extra = new Float32Array(spec.params);
    rest.grads.forEach((g, i) => extra.set(g.dataSync() as Float32Array, this.offsets[i]));
    return { logits: tf.concat([main.logits, rest.logits]), grads: main.grads, extra };
  }

  /** Waits for the helper to finish step `seq`; `null` when it did, else why not. */
  private await(seq: number): string | null {
    const header = this.l.header;
    const limit = seq === 1 ? 60_000 : threadTesting.stepTimeoutMs + 50 * this.lastMainMs;
    const until = performance.now() + limit;
    for (;;) {
      const done = Atomics.load(header, H.DONE);
      if (done === seq) break;
      const left = until - performance.now();
      if (left <= 0 || !this.h.alive) return this.h.alive ? `the helper did not answer within ${(limit / 1000).toFixed(0)} s` : 'the helper exited';
      Atomics.wait(header, H.DONE, done, Math.min(left, 1000));
    }
    return header[H.STATUS] === 0 ? null : `the helper failed: ${readText(this.l)}`;
  }

  /** Ends the session (the helper goes back to waiting for the next one). */
  close(): void {
    tf.dispose([...this.ones.values()]);
    this.ones.clear();
    const header = this.l.header;
    header[H.CMD] = 2;
    Atomics.store(header, H.SEQ, ++this.seq);
    Atomics.notify(header, H.SEQ);
    if (this.usable) this.h.busy = false;
    else {
      // A helper that failed or hung is not trusted again in this process.
      broken = true;
      helper = undefined;
      void this.h.worker.terminate();
    }
  }
}
