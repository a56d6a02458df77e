/**
 * The helper thread of the two-thread training step (see helper.ts). It runs its own tfjs-core with the
 * wasm backend and our kernels, rebuilds each session's model from its JSON topology, then, until the
 * session ends, waits on the shared header for a step: sets its variables from the shared weights, computes
 * the gradient of its half of the batch (scaled by 1/full batch) and writes gradients and logits back.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../backend/init';
import { FixedNoise, fastGradients, fastLayers, fastVariables } from '../fast';
import type { LossName } from '../loss';
import { H, type LayoutSpec, views, writeText } from './layout';

/** The message that opens a session. */
export interface SessionMessage {
  type: 'session';
  buffer: SharedArrayBuffer;
  spec: LayoutSpec;
  topology: object;
  loss: LossName;
  sampleShape: number[];
  /** Test hook: throw (or, with `hang`, stop answering) in the step with this number (1-based). */
  failAtStep?: number;
  hang?: boolean;
}

const port = parentPort!;

async function session(m: SessionMessage): Promise<void> {
  const l = views(m.buffer, m.spec);
  const model = await tfl.models.modelFromJSON({ modelTopology: m.topology } as never);
  const ops = fastLayers(model, m.loss);
  if (!ops) throw new Error('the rebuilt model does not qualify for the fast step');
  const vars = fastVariables(ops);
  const total = vars.reduce((a, v) => a + v.size, 0);
  if (total !== m.spec.params) throw new Error(`the rebuilt model has ${total} parameters, the session ${m.spec.params}`);
  const offsets: number[] = [];
  vars.reduce((o, v) => (offsets.push(o), o + v.size), 0);
  const consts = new Map<string, tf.Tensor>();
  const cached = (key: string, make: () => tf.Tensor) => {
    let t = consts.get(key);
    if (!t) consts.set(key, (t = tf.keep(make())));
    return t;
  };
  const { header } = l;
  // Read before 'ready': the main thread may post step 1 as soon as it sees 'ready'.
  let seen = Atomics.load(header, H.SEQ);
  port.postMessage({ type: 'ready' });
  let steps = 0;
  try {
    for (;;) {
      while (Atomics.load(header, H.SEQ) === seen) Atomics.wait(header, H.SEQ, seen, 1000);
      seen = Atomics.load(header, H.SEQ);
      if (header[H.CMD] !== 1) break;
      steps++;
      try {
        if (m.failAtStep === steps && m.hang) for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
        if (m.failAtStep === steps) throw new Error(`injected failure at step ${steps}`);
        const t0 = performance.now();
        step();
        header[H.BUSY_US] = Math.round((performance.now() - t0) * 1000);
        header[H.TENSORS] = tf.memory().numTensors;
        header[H.STATUS] = 0;
      } catch (e) {
        writeText(l, (e as Error).message);
        header[H.STATUS] = 1;
      }
      Atomics.store(header, H.DONE, seen);
      Atomics.notify(header, H.DONE);
      if (header[H.STATUS] !== 0) break;
    }
  } finally {
    tf.dispose([...consts.values()]);
    model.dispose();
  }

  function step(): void {
    const n = header[H.ROWS];
    const full = header[H.FULL];
    const k = m.spec.outputs;
    // In a tidy: the uploaded tensors are the variables' values now; left outside, each step would keep its
    // weights alive (a leak of one copy of the model per step, and a slower helper as its heap grows).
    tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(l.params.slice(offsets[i], offsets[i] + v.size), v.shape, 'float32'))));
    tf.tidy(() => {
      const x = tf.tensor(l.x.slice(0, n * m.spec.row), [n, ...m.sampleShape], 'float32');
      const y = tf.tensor2d(l.y.slice(0, n * k), [n, k]);
      const w = header[H.WEIGHTED] ? tf.tensor2d(l.w.slice(0, n), [n, 1]) : null;
      const scale = cached(`s${full}`, () => tf.scalar(1 / full)) as tf.Scalar;
      const ones = cached(`o${n}`, () => tf.ones([1, n])) as tf.Tensor2D;
      const masks: Float32Array[] = [];
      let at = 0;
      for (const per of m.spec.noisy) {
        masks.push(l.masks.slice(at, at + n * per));
        at += n * per;
      }
      const { logits, grads } = fastGradients(ops!, m.loss, x, y, w, scale, ones, new FixedNoise(masks));
      grads.forEach((g, i) => l.grads.set(g.dataSync() as Float32Array, offsets[i]));
      l.logits.set(logits.dataSync() as Float32Array);
    });
  }
}

port.on('message', (m: SessionMessage) => {
  if (m?.type !== 'session') return;
  session(m).then(
    () => port.postMessage({ type: 'ended' }),
    (e) => port.postMessage({ type: 'error', message: (e as Error).message }),
  );
});

initBackend({ backend: 'wasm', quiet: true }).then(
  () => port.postMessage({ type: 'up' }),
  (e) => port.postMessage({ type: 'error', message: (e as Error).message }),
);
