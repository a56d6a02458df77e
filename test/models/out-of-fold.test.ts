import { strict as assert } from 'node:assert';
import { tf, initBackend } from '../../lib/backend';
import { matrix, takeRows, type Matrix } from '../../lib/data/matrix';
import { mlp, predict, train, trainOutOfFold } from '../../lib/models';
import { kFold } from '../../lib/preprocess';
import { rocAucScore } from '../../lib/metrics';

function toy(n: number, f: number, seed = 1): { x: Matrix; y: Int32Array } {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const data = Float32Array.from({ length: n * f }, () => rand() - 0.5);
  const y = Int32Array.from({ length: n }, (_, i) => +(data[i * f] + 0.5 * data[i * f + 1] > 0));
  return { x: matrix(data, n, f), y };
}

describe('models/out-of-fold', function () {
  before(async function () {
    await initBackend({ quiet: true });
  });

  it('every row is scored by the network of its own fold; the test sample by the mean of all; no tensors leak', async function () {
    const { x, y } = toy(900, 3);
    const test = toy(200, 3, 7);
    const folds = kFold(x.rows, { k: 3, shuffle: true, seed: 1, stratify: y });
    const options = { epochs: 4, batchSize: 64, learningRate: 1e-2, seed: 2, verbose: false };
    const before = tf.memory().numTensors;
    const oof = await trainOutOfFold(() => mlp({ inputs: 3, hidden: [8], seed: 5 }), { x, y }, folds, { ...options, test: test.x, trainScores: true });
    assert.equal(tf.memory().numTensors, before, 'fold models disposed');
    assert.equal(oof.histories.length, 3);
    assert.ok(oof.histories.every((h) => h.history.val_loss.length === 4), 'validated on the held-out fold');
    folds.forEach((f, k) => f.test.forEach((i) => assert.equal(oof.foldOf[i], k)));
    // the slow obvious version: the same three trainings by hand
    const mean = new Float32Array(test.x.rows);
    for (const [k, f] of folds.entries()) {
      const model = mlp({ inputs: 3, hidden: [8], seed: 5 });
      const pick = (idx: Int32Array) => ({ x: takeRows(x, idx), y: Int32Array.from(idx, (i) => y[i]) });
      await train(model, pick(f.train), { ...options, validationData: pick(f.test) });
      const own = predict(model, takeRows(x, f.test));
      f.test.forEach((i, r) => assert.ok(Math.abs(oof.outOfFold[i] - own[r]) < 1e-5, `fold ${k} row ${i}`));
      predict(model, test.x).forEach((v, r) => (mean[r] += v / folds.length));
      model.dispose();
    }
    mean.forEach((v, r) => assert.ok(Math.abs(oof.test[r] - v) < 1e-5));
    assert.ok(rocAucScore(y, oof.outOfFold) > 0.9, 'out-of-fold scores separate');
    assert.ok(rocAucScore(y, oof.inFold) > 0.9 && oof.inFold.length === x.rows, 'training scores exist for every row');
  });
});
