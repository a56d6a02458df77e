import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, initBackend } from '../../lib/backend';
import { matrix, type Matrix } from '../../lib/data/matrix';
import { HepmlError } from '../../lib/errors';
import {
  BaseCallback, EarlyStopping, cnn, earlyStopping, loadModel, mlp, modelCheckpoint, predict, saveModel, train, trainKFold,
  type Logs, type TrainContext,
} from '../../lib/models';

function toy(n: number, f: number, seed = 1): { x: Matrix; y: number[] } {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const data = Float32Array.from({ length: n * f }, () => rand() - 0.5);
  const y = Array.from({ length: n }, (_, i) => +(data[i * f] + 0.5 * data[i * f + 1] > 0));
  return { x: matrix(data, n, f), y };
}

describe('models/train', function () {
  before(async function () {
    await initBackend({ quiet: true });
  });

  it('learns a separable toy problem; history has plain numbers per epoch', async function () {
    const model = mlp({ inputs: 4, hidden: [16], seed: 3 });
    const h = await train(model, toy(2000, 4), { epochs: 8, batchSize: 64, learningRate: 1e-2, validationSplit: 0.25, verbose: false });
    assert.deepEqual(h.epoch, [0, 1, 2, 3, 4, 5, 6, 7]);
    for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) assert.equal(h.history[k].length, 8, k);
    assert.ok(h.history.loss[7] < h.history.loss[0]);
    assert.ok(h.history.val_accuracy[7] > 0.9, `val acc ${h.history.val_accuracy[7]}`);
    model.dispose();
  });

  it('val_loss equals a direct weighted cross-entropy of predict()', async function () {
    const model = mlp({ inputs: 4, hidden: [8], seed: 5 });
    const train1 = toy(300, 4, 2);
    const val = toy(200, 4, 9);
    const w = Array.from({ length: 200 }, (_, i) => 0.5 + (i % 3));
    const h = await train(model, train1, { epochs: 1, validationData: { ...val, weights: w }, verbose: false });
    const p = predict(model, val.x);
    let l = 0;
    let correct = 0;
    for (let i = 0; i < 200; i++) {
      const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
      l += -w[i] * (val.y[i] ? Math.log(q) : Math.log(1 - q));
      correct += +((p[i] > 0.5) === (val.y[i] === 1));
    }
    assert.ok(Math.abs(h.history.val_loss[0] - l / 200) < 1e-5, `${h.history.val_loss[0]} vs ${l / 200}`);
    assert.ok(Math.abs(h.history.val_accuracy[0] - correct / 200) < 1e-6);
    model.dispose();
  });

  it('same seeds, same result; another shuffle seed, another result', async function () {
    const run = async (seed: number) => {
      const model = mlp({ inputs: 4, hidden: [8], seed: 11 });
      const h = await train(model, toy(500, 4), { epochs: 3, batchSize: 50, seed, verbose: false });
      model.dispose();
      return h.history.loss;
    };
    assert.deepEqual(await run(1), await run(1));
    assert.notDeepEqual(await run(1), await run(2));
  });

  it('leaves no tensors behind (train with validation, batch norm, dropout, noise, l2; predict)', async function () {
    const model = mlp({ inputs: 4, hidden: [8, 8], batchNorm: true, dropout: 0.2, gaussianNoise: 0.1, l2: 1e-4, seed: 1 });
    const data = toy(300, 4);
    await train(model, data, { epochs: 1, verbose: false, validationSplit: 0.2 });
    const before = tf.memory().numTensors;
    await train(model, data, { epochs: 2, batchSize: 64, verbose: false, validationSplit: 0.2, classWeights: [1, 2], optimizer: 'rmsprop' });
    predict(model, data.x);
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });

  it('multiclass softmax with class-index labels', async function () {
    const n = 900;
    const { x } = toy(n, 3);
    const y = Array.from({ length: n }, (_, i) => (x.data[i * 3] > 0.15 ? 2 : x.data[i * 3] > -0.15 ? 1 : 0));
    const model = mlp({ inputs: 3, hidden: [16], outputs: 3, seed: 2 });
    const h = await train(model, { x, y }, { epochs: 15, batchSize: 32, learningRate: 1e-2, verbose: false });
    assert.ok(h.history.accuracy.at(-1)! > 0.8, String(h.history.accuracy.at(-1)));
    const p = predict(model, x);
    assert.equal(p.length, 3 * n);
    assert.ok(Math.abs(p[0] + p[1] + p[2] - 1) < 1e-5);
    model.dispose();
  });

  it('trains a small CNN on images (wasm conv gradients)', async function () {
    const n = 64;
    const data = new Float32Array(n * 12 * 12);
    const y = Array.from({ length: n }, (_, i) => i % 2);
    for (let i = 0; i < n; i++) for (let p = 0; p < 144; p++) data[i * 144 + p] = y[i] && p % 12 < 6 ? 1 : 0.1 * ((p * 7 + i) % 5);
    const model = cnn({ inputShape: [12, 12, 1], conv: [{ filters: 4 }], dense: [8], seed: 4 });
    const before = tf.memory().numTensors;
    const h = await train(model, { x: { data, shape: [n, 12, 12, 1] }, y }, { epochs: 10, batchSize: 16, learningRate: 1e-2, verbose: false });
    assert.equal(tf.memory().numTensors, before);
    assert.ok(h.history.loss.at(-1)! < h.history.loss[0]);
    model.dispose();
  });

  it('refuses re-entry on the same model', async function () {
    const model = mlp({ inputs: 4, hidden: [4] });
    const first = train(model, toy(200, 4), { epochs: 2, verbose: false });
    await assert.rejects(train(model, toy(200, 4), { epochs: 1, verbose: false }), HepmlError);
    await first;
    model.dispose();
  });

  it('bad input: NaN features, wrong label count, labels outside the output, bad options', async function () {
    const model = mlp({ inputs: 2, hidden: [4] });
    const nan = matrix(Float32Array.from([0, 1, NaN, 2]), 2, 2);
    await assert.rejects(train(model, { x: nan, y: [0, 1] }, { verbose: false }), /finite values/);
    await assert.rejects(train(model, { x: matrix(new Float32Array(4), 2, 2), y: [0] }, { verbose: false }), /2 labels/);
    await assert.rejects(train(model, { x: matrix(new Float32Array(4), 2, 2), y: [0, 2] }, { verbose: false }), /class labels 0\.\.1/);
    await assert.rejects(train(model, { x: matrix(new Float32Array(4), 2, 2), y: [0, 1] }, { batchSize: 0, verbose: false }), /batchSize/);
    await assert.rejects(train(model, { x: matrix(new Float32Array(4), 2, 2), y: [0, 1], weights: [1, -1] }, { verbose: false }), /weights >= 0/);
    model.dispose();
  });
});

describe('models/callbacks', function () {
  before(async function () {
    await initBackend({ quiet: true });
  });

  it('EarlyStopping driven with fake logs: stops after patience, restores the best weights', async function () {
    const model = mlp({ inputs: 2, hidden: [2], seed: 1 });
    const ctx: TrainContext = { model, stopTraining: false, now: () => 0 };
    const es = new EarlyStopping({ patience: 2 });
    await es.onTrainBegin();
    const best = model.getWeights().map((w) => w.arraySync());
    for (const [e, v] of [[0, 1.0], [1, 0.5], [2, 0.6], [3, 0.7]] as [number, number][]) {
      if (e === 2) model.setWeights(model.getWeights().map((w) => tf.add(w, 1)));
      if (e === 1) best.splice(0, best.length, ...model.getWeights().map((w) => w.arraySync()));
      await es.onEpochEnd(e, { val_loss: v }, ctx);
      assert.equal(ctx.stopTraining, e === 3, `epoch ${e}`);
    }
    assert.equal(es.bestEpoch, 1);
    await es.onTrainEnd({}, ctx);
    assert.deepEqual(model.getWeights().map((w) => w.arraySync()), best);
    model.dispose();
  });

  it('an unknown monitored metric lists the available ones', async function () {
    const model = mlp({ inputs: 2, hidden: [2] });
    const es = earlyStopping({ monitor: 'val_auc' });
    await assert.rejects(es.onEpochEnd(0, { loss: 1, val_loss: 1 }, { model, stopTraining: false, now: Date.now }), /found only loss, val_loss/);
    model.dispose();
  });

  it('early stopping in train: history stops, restored weights reproduce the best val_loss', async function () {
    const model = mlp({ inputs: 4, hidden: [16], seed: 3 });
    const data = toy(400, 4);
    const val = toy(200, 4, 5);
    // A learning rate this large makes val_loss bounce, so patience 1 stops early.
    const es = earlyStopping({ patience: 1 });
    const h = await train(model, data, { epochs: 30, learningRate: 0.5, optimizer: 'sgd', batchSize: 8, validationData: val, callbacks: [es], verbose: false });
    assert.ok(h.epoch.length < 30, `ran ${h.epoch.length} epochs`);
    const again = await train(model, data, { epochs: 1, learningRate: 1e-12, optimizer: 'sgd', validationData: val, verbose: false });
    assert.ok(Math.abs(again.history.val_loss[0] - Math.min(...h.history.val_loss)) < 1e-4);
    model.dispose();
  });

  it('plain-object hooks and BaseCallback subclasses are called in order; stop flag per batch', async function () {
    const calls: string[] = [];
    class Stopper extends BaseCallback {
      override async onBatchEnd(batch: number, _logs: Logs, ctx: TrainContext) {
        if (batch === 2) ctx.stopTraining = true;
      }
    }
    const model = mlp({ inputs: 4, hidden: [4] });
    const h = await train(model, toy(100, 4), {
      epochs: 5,
      batchSize: 10,
      verbose: false,
      callbacks: [
        { onTrainBegin: () => calls.push('begin'), onEpochEnd: (e: number) => calls.push(`epoch${e}`), onBatchEnd: (b: number) => calls.push(`b${b}`), onTrainEnd: () => calls.push('end') },
        new Stopper(),
      ],
    });
    assert.deepEqual(calls, ['begin', 'b0', 'b1', 'b2', 'epoch0', 'end']);
    assert.equal(h.epoch.length, 1);
    model.dispose();
  });

  it('modelCheckpoint writes the best val-loss model; loadModel and restoreAtEnd give it back', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'hepml-ckpt-'));
    try {
      const model = mlp({ inputs: 4, hidden: [8], seed: 7 });
      const val = toy(200, 4, 5);
      const ck = modelCheckpoint({ path: dir, restoreAtEnd: true });
      const h = await train(model, toy(400, 4), { epochs: 6, learningRate: 0.5, optimizer: 'sgd', batchSize: 8, validationData: val, callbacks: [ck], verbose: false });
      assert.ok(existsSync(join(dir, 'model.json')) && existsSync(join(dir, 'weights.bin')));
      const best = Math.min(...h.history.val_loss);
      assert.equal(ck.best, best);
      const loaded = await loadModel(dir);
      const a = predict(loaded, val.x);
      const b = predict(model, val.x); // restored at end
      assert.deepEqual(Array.from(a), Array.from(b));
      const again = await train(loaded, toy(400, 4), { epochs: 1, learningRate: 1e-12, optimizer: 'sgd', validationData: val, verbose: false });
      assert.ok(Math.abs(again.history.val_loss[0] - best) < 1e-5);
      model.dispose();
      loaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('models/io, predict, kfold', function () {
  before(async function () {
    await initBackend({ quiet: true });
  });

  it('saveModel/loadModel round trip (mlp with batch norm, cnn); predict matches model.predict', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'hepml-io-'));
    try {
      for (const model of [mlp({ inputs: 4, batchNorm: true, seed: 1 }), cnn({ inputShape: [8, 8, 2], seed: 1 })]) {
        const shape = model.inputs[0].shape.slice(1) as number[];
        const x = tf.randomNormal([5, ...shape]);
        const ref = (model.predict(x) as tf.Tensor).dataSync();
        const size = shape.reduce((p, q) => p * q, 1);
        const input = shape.length === 1 ? matrix(x.dataSync() as Float32Array, 5, size) : { data: x.dataSync() as Float32Array, shape: [5, ...shape] as [number, number, number, number] };
        assert.deepEqual(Array.from(predict(model, input, { batchSize: 2 })), Array.from(ref));
        await saveModel(model, dir);
        const loaded = await loadModel(dir);
        assert.deepEqual(Array.from(predict(loaded, input)), Array.from(ref));
        tf.dispose([x]);
        model.dispose();
        loaded.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('trainKFold: k models, every sample scored once out of fold', async function () {
    const data = toy(300, 4);
    const r = await trainKFold(3, () => mlp({ inputs: 4, hidden: [8], seed: 1 }), data, { epochs: 2, verbose: false });
    assert.equal(r.models.length, 3);
    assert.equal(r.histories.length, 3);
    assert.deepEqual([0, 1, 2].map((f) => r.folds.filter((v) => v === f).length), [100, 100, 100]);
    assert.equal(r.outOfFold.length, 300);
    // The out-of-fold score of a sample is the prediction of the model of its fold.
    const own = predict(r.models[r.folds[0]], matrix(data.x.data.subarray(0, 4), 1, 4));
    assert.equal(r.outOfFold[0], own[0]);
    r.models.forEach((m) => m.dispose());
  });
});
