import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, initBackend } from '../../lib/backend';
import { matrix } from '../../lib/data/matrix';
import { HepmlError, setWarningSink } from '../../lib/errors';
import { cnn, mlp, train, type TrainData, type TrainOptions } from '../../lib/models';
import { threadTesting } from '../../lib/models/parallel/helper';
import type * as tfl from '@tensorflow/tfjs-layers';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function tabular(n: number, f: number, seed = 1): TrainData {
  const r = rng(seed);
  const data = Float32Array.from({ length: n * f }, () => r() - 0.5);
  const y = Array.from({ length: n }, (_, i) => +(data[i * f] + 0.5 * data[i * f + 1] > 0));
  return { x: matrix(data, n, f), y, weights: Array.from({ length: n }, (_, i) => 0.5 + (i % 3)) };
}

function images(n: number, seed = 2): TrainData {
  const r = rng(seed);
  const data = Float32Array.from({ length: n * 12 * 12 }, () => r());
  return { x: { data, shape: [n, 12, 12, 1] }, y: Array.from({ length: n }, (_, i) => i % 2) };
}

const weightsOf = (m: tfl.LayersModel) => m.getWeights().map((w) => Float32Array.from(w.dataSync()));

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let d = 0;
  a.forEach((x, i) => x.forEach((v, j) => (d = Math.max(d, Math.abs(v - b[i][j])))));
  return d;
}

/** Trains a fresh model from `make` and returns its weights and the thread count the run used. */
async function run(make: () => tfl.LayersModel, data: TrainData, options: TrainOptions) {
  const model = make();
  const h = await train(model, data, { verbose: false, epochs: 2, ...options });
  const out = { weights: weightsOf(model), threads: threadTesting.lastRunThreads, loss: h.history.loss };
  model.dispose();
  return out;
}

function captureWarnings(): { seen: string[]; restore: () => void } {
  const seen: string[] = [];
  const prev = setWarningSink((m) => seen.push(m));
  return { seen, restore: () => setWarningSink(prev) };
}

describe('models/two-thread step', function () {
  this.timeout(180_000);
  let dir: string;
  before(async function () {
    await initBackend({ backend: 'wasm', quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'hepml-two-thread-'));
  });
  after(async function () {
    rmSync(dir, { recursive: true, force: true });
    threadTesting.script = undefined;
    threadTesting.failAtStep = undefined;
    threadTesting.startTimeoutMs = 60_000;
    await threadTesting.reset();
  });

  const mlpMake = () => mlp({ inputs: 6, hidden: [16, 8], seed: 3 });
  const dropMake = () => mlp({ inputs: 6, hidden: [16, 8], dropout: 0.3, gaussianNoise: 0.1, seed: 3 });
  const cnnMake = () => cnn({ inputShape: [12, 12, 1], conv: [{ filters: 4 }, { filters: 8 }], dense: [8], seed: 4 });

  const cases: [string, () => tfl.LayersModel, () => TrainData, TrainOptions][] = [
    ['an MLP with sample weights', mlpMake, () => tabular(300, 6), { batchSize: 64 }],
    ['an MLP with class weights and an odd last batch', mlpMake, () => ({ ...tabular(301, 6), weights: undefined }), { batchSize: 50, classWeights: [1, 2.5] }],
    ['an MLP with dropout and Gaussian noise', dropMake, () => tabular(300, 6), { batchSize: 64 }],
    ['a CNN', cnnMake, () => images(96), { batchSize: 32 }],
    ['an MLP with sgd', mlpMake, () => tabular(300, 6), { batchSize: 64, optimizer: 'sgd', learningRate: 0.05 }],
  ];
  for (const [what, make, data, options] of cases) {
    it(`2 threads train ${what} to the weights of 1 thread (float rounding apart)`, async function () {
      const d = data();
      const one = await run(make, d, { ...options, threads: 1 });
      const two = await run(make, d, { ...options, threads: 2 });
      assert.equal(one.threads, 1);
      assert.equal(two.threads, 2, 'the run used the helper thread');
      const diff = maxDiff(one.weights, two.weights);
      assert.ok(diff < 2e-5, `max weight difference ${diff}`);
      one.loss.forEach((l, i) => assert.ok(Math.abs(l - two.loss[i]) < 1e-5, `loss ${l} vs ${two.loss[i]}`));
    });
  }

  it('the same seed gives bit-identical weights on two 2-thread runs (with dropout)', async function () {
    const d = tabular(300, 6);
    const a = await run(dropMake, d, { batchSize: 64, threads: 2, seed: 7 });
    const b = await run(dropMake, d, { batchSize: 64, threads: 2, seed: 7 });
    assert.equal(a.threads, 2);
    assert.equal(maxDiff(a.weights, b.weights), 0);
  });

  it('a network with batch normalisation stays on one thread', async function () {
    const r = await run(() => mlp({ inputs: 6, hidden: [16], batchNorm: true, seed: 1 }), tabular(200, 6), { batchSize: 64, threads: 2 });
    assert.equal(r.threads, 1);
  });

  it('the default (no threads option) keeps a small MLP on one thread; HEPML_NN_THREADS chooses and is checked', async function () {
    const d = tabular(200, 6);
    assert.equal((await run(mlpMake, d, { batchSize: 64 })).threads, 1);
    const before = process.env.HEPML_NN_THREADS;
    try {
      process.env.HEPML_NN_THREADS = '2';
      assert.equal((await run(mlpMake, d, { batchSize: 64 })).threads, 2);
      process.env.HEPML_NN_THREADS = '1';
      assert.equal((await run(mlpMake, d, { batchSize: 64, epochs: 1 })).threads, 1);
      process.env.HEPML_NN_THREADS = 'four';
      await assert.rejects(run(mlpMake, d, { epochs: 1 }), (e: unknown) => e instanceof HepmlError && /HEPML_NN_THREADS/.test(e.message));
    } finally {
      if (before === undefined) delete process.env.HEPML_NN_THREADS;
      else process.env.HEPML_NN_THREADS = before;
    }
    await assert.rejects(run(mlpMake, d, { threads: 3 }), /train: threads/);
  });

  it('by default a large step uses 2 threads, but a short first run does not start the helper', async function () {
    const big = () => cnn({ inputShape: [40, 40, 1], conv: [{ filters: 8 }, { filters: 16 }], dense: [32], seed: 1 });
    const r = rng(4);
    const d: TrainData = { x: { data: Float32Array.from({ length: 128 * 1600 }, () => r()), shape: [128, 40, 40, 1] }, y: Array.from({ length: 128 }, (_, i) => i % 2) };
    await threadTesting.reset();
    assert.equal((await run(big, d, { batchSize: 128, epochs: 1 })).threads, 1, '80 M multiply-adds in all: not worth starting the helper');
    assert.equal(await threadTesting.running(), false);
    assert.equal((await run(big, d, { batchSize: 128, epochs: 1, threads: 2 })).threads, 2);
    assert.equal((await run(big, d, { batchSize: 128, epochs: 1 })).threads, 2, 'the helper runs already: a large step uses it');
    assert.equal((await run(big, d, { batchSize: 16, epochs: 1 })).threads, 1, '10 M multiply-adds per step: one thread');
  });

  it('2-thread training leaves no tensors behind', async function () {
    const d = images(64);
    await run(cnnMake, d, { batchSize: 32, threads: 2, epochs: 1 });
    const model = cnnMake();
    const before = tf.memory().numTensors;
    await train(model, d, { batchSize: 32, threads: 2, epochs: 2, verbose: false });
    assert.equal(threadTesting.lastRunThreads, 2);
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });

  it('the helper thread leaves no tensors behind either: its count is the same after 2 and after 6 steps', async function () {
    const d = images(64);
    const model = cnnMake();
    await train(model, d, { batchSize: 32, threads: 2, epochs: 1, verbose: false });
    assert.equal(threadTesting.lastRunThreads, 2);
    const after2 = threadTesting.helperTensors;
    assert.ok(after2 > 0, 'the helper reports its tensors');
    await train(model, d, { batchSize: 32, threads: 2, epochs: 2, verbose: false });
    assert.equal(threadTesting.helperTensors, after2, 'a step keeps no tensors on the helper (each left-over upload would keep a copy of the weights)');
    model.dispose();
  });

  it('two runs at the same time: one gets the helper, the other trains on one thread; both as with 1 thread', async function () {
    const d = tabular(300, 6);
    const one = await run(mlpMake, d, { batchSize: 64, threads: 1 });
    const [a, b] = await Promise.all([run(mlpMake, d, { batchSize: 64, threads: 2 }), run(mlpMake, d, { batchSize: 64, threads: 2 })]);
    assert.ok(maxDiff(one.weights, a.weights) < 2e-5);
    assert.ok(maxDiff(one.weights, b.weights) < 2e-5);
    assert.ok(maxDiff(a.weights, b.weights) > 0, 'exactly one of the two runs split its batches');
  });

  it('the helper thread never keeps a process alive (a script that trained on 2 threads exits)', function () {
    const script = join(dir, 'exits.ts');
    const lib = join(__dirname, '..', '..', 'lib');
    writeFileSync(script, `
      import { initBackend } from ${JSON.stringify(join(lib, 'backend'))};
      import { cnn, train } from ${JSON.stringify(join(lib, 'models'))};
      import { threadTesting } from ${JSON.stringify(join(lib, 'models', 'parallel', 'helper'))};
      (async () => {
        await initBackend({ backend: 'wasm', quiet: true });
        const net = cnn({ inputShape: [12, 12, 1], conv: [{ filters: 4 }], dense: [4], seed: 1 });
        await train(net, { x: { data: new Float32Array(64 * 144).fill(0.5), shape: [64, 12, 12, 1] }, y: Array.from({ length: 64 }, (_, i) => i % 2) }, { epochs: 1, batchSize: 32, threads: 2, verbose: false });
        console.log('threads ' + threadTesting.lastRunThreads);
      })();`);
    const tsx = join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const r = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.error, undefined, 'the script did not exit within 120 s');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /threads 2/);
  });

  it('a helper that fails mid-run: one warning, the run finishes on one thread with the same result', async function () {
    const d = tabular(300, 6);
    const one = await run(dropMake, d, { batchSize: 64, threads: 1 });
    const w = captureWarnings();
    threadTesting.failAtStep = 2;
    try {
      const two = await run(dropMake, d, { batchSize: 64, threads: 2 });
      assert.equal(two.threads, 1);
      assert.equal(w.seen.length, 1, w.seen.join('\n'));
      assert.match(w.seen[0], /two-thread training step is off \(the helper failed: injected failure at step 2\)/);
      assert.ok(maxDiff(one.weights, two.weights) < 2e-5);
    } finally {
      threadTesting.failAtStep = undefined;
      w.restore();
      await threadTesting.reset();
    }
  });

  it('a helper that stops answering mid-run: one warning after the step timeout, the same result on one thread', async function () {
    const d = tabular(300, 6);
    const one = await run(dropMake, d, { batchSize: 64, threads: 1 });
    const w = captureWarnings();
    threadTesting.failAtStep = 3;
    threadTesting.hang = true;
    threadTesting.stepTimeoutMs = 200;
    try {
      const t = Date.now();
      const two = await run(dropMake, d, { batchSize: 64, threads: 2 });
      assert.ok(Date.now() - t < 30_000, `took ${Date.now() - t} ms`);
      assert.equal(two.threads, 1);
      assert.equal(w.seen.length, 1, w.seen.join('\n'));
      assert.match(w.seen[0], /the helper did not answer within/);
      assert.ok(maxDiff(one.weights, two.weights) < 2e-5);
      // The hung helper is dropped and not replaced: later runs keep to one thread, without a new warning.
      assert.equal((await run(dropMake, d, { batchSize: 64, threads: 2 })).threads, 1);
      assert.equal(w.seen.length, 1);
      assert.equal(await threadTesting.running(), false);
    } finally {
      threadTesting.failAtStep = undefined;
      threadTesting.hang = false;
      threadTesting.stepTimeoutMs = 10_000;
      w.restore();
      await threadTesting.reset();
    }
  });

  for (const [how, source, pattern] of [
    ['throws at start-up', "throw new Error('no helper here');", /no helper here/],
    ['never answers', 'setInterval(() => {}, 1000);', /did not start within 300 ms/],
  ] as const) {
    it(`a helper that ${how}: one warning, one thread, the 1-thread result, and no second try`, async function () {
      const d = tabular(200, 6);
      const one = await run(mlpMake, d, { batchSize: 64, threads: 1 });
      const script = join(dir, `helper-${how.replace(/\W/g, '')}.js`);
      writeFileSync(script, source);
      await threadTesting.reset();
      threadTesting.script = script;
      threadTesting.startTimeoutMs = 300;
      const w = captureWarnings();
      try {
        const two = await run(mlpMake, d, { batchSize: 64, threads: 2 });
        const again = await run(mlpMake, d, { batchSize: 64, threads: 2 });
        assert.equal(two.threads, 1);
        assert.equal(again.threads, 1);
        assert.equal(w.seen.length, 1, w.seen.join('\n'));
        assert.match(w.seen[0], pattern);
        assert.equal(maxDiff(one.weights, two.weights), 0);
      } finally {
        w.restore();
        threadTesting.script = undefined;
        threadTesting.startTimeoutMs = 60_000;
        await threadTesting.reset();
      }
    });
  }
});
