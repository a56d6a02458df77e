import { strict as assert } from 'node:assert';
import { tf, initBackend } from '../../lib/backend';
import * as tfl from '@tensorflow/tfjs-layers';
import { cnn, mlp } from '../../lib/models';
import { SeededNoise, fastGradients, fastLayers, fastVariables, type FastOp } from '../../lib/models/fast';
import { FlatAdam, HostAdam } from '../../lib/models/flat-adam';
import { batchLoss } from '../../lib/models/loss';

function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  assert.equal(x.length, y.length);
  let scale = 0;
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]));
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d / (scale || 1);
}

/** Tape gradients of the same loss, the forward pass layer by layer, dropout layers multiplied by `masks`' masks. */
function tapeGrads(model: tfl.LayersModel, vars: tf.Variable[], loss: 'binaryCrossentropy' | 'categoricalCrossentropy', x: tf.Tensor, y: tf.Tensor2D, w: tf.Tensor2D, masks: SeededNoise) {
  return tf.variableGrads(() => {
    let h = x;
    for (const l of model.layers) {
      if (l.getClassName() === 'InputLayer') continue;
      const name = l.getClassName();
      if (name === 'Dropout') h = tf.mul(h, masks.mask(h.shape, (l as unknown as { rate: number }).rate));
      else if (name === 'GaussianNoise') h = tf.add(h, masks.normal(h.shape, (l as unknown as { stddev: number }).stddev));
      else h = l.apply(h, { training: true }) as tf.Tensor;
    }
    return batchLoss(loss, model, y, h as tf.Tensor2D, w, x.shape[0]);
  }, vars);
}

function checkAgainstTape(model: tfl.LayersModel, ops: FastOp[], loss: 'binaryCrossentropy' | 'categoricalCrossentropy', x: tf.Tensor, outputs: number, tolerance: number): void {
  const vars = fastVariables(ops);
  const B = x.shape[0];
  tf.tidy(() => {
    const labels = tf.tensor1d(Array.from({ length: B }, (_, i) => (i * 7) % Math.max(outputs, 2)), 'int32');
    const y = (outputs === 1 ? tf.reshape(tf.cast(labels, 'float32'), [B, 1]) : tf.cast(tf.oneHot(labels, outputs), 'float32')) as tf.Tensor2D;
    const w = tf.tensor2d(Array.from({ length: B }, (_, i) => 0.5 + (i % 4)), [B, 1]);
    const fast = fastGradients(ops, loss, x, y, w, tf.scalar(1 / B), tf.ones([1, B]) as tf.Tensor2D, new SeededNoise(5));
    const tape = tapeGrads(model, vars, loss, x, y, w, new SeededNoise(5));
    vars.forEach((v, i) => assert.ok(maxRelDiff(fast.grads[i], tape.grads[v.name]) < tolerance, `${v.name}: ${maxRelDiff(fast.grads[i], tape.grads[v.name])}`));
    if (!ops.some((o) => o.kind === 'dropout' || o.kind === 'noise' || o.kind === 'bn')) {
      const q = outputs === 1 ? tf.sigmoid(fast.logits) : tf.softmax(fast.logits);
      assert.ok(maxRelDiff(q, model.apply(x) as tf.Tensor) < 1e-5);
    }
  });
}

describe('models/fast-step', function () {
  before(async function () {
    await initBackend({ backend: 'wasm', quiet: true });
  });

  for (const [activation, outputs] of [['relu', 1], ['tanh', 1], ['sigmoid', 3], ['linear', 3]] as const) {
    it(`hand-written gradients equal tape gradients (${activation} hidden, ${outputs} output${outputs > 1 ? 's, softmax' : ', sigmoid'}, weighted)`, function () {
      const model = mlp({ inputs: 5, hidden: [7, 6], activation, outputs, seed: 4 });
      const loss = outputs === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy';
      const ops = fastLayers(model, loss)!;
      assert.ok(ops, 'eligible');
      tf.tidy(() => checkAgainstTape(model, ops, loss, tf.randomNormal([33, 5], 0, 1, 'float32', 7), outputs, 1e-5));
      model.dispose();
    });
  }

  for (const [hidden, outputs, B] of [[[64, 32], 1, 64], [[16, 24], 3, 30]] as [number[], number, number][]) {
    it(`MLP 20-${hidden.join('-')}-${outputs}, batch ${B} (the wasm dense-gradient kernel's SIMD tiles): gradients equal tape gradients on wasm and cpu`, async function () {
      for (const backend of ['wasm', 'cpu']) {
        await tf.setBackend(backend);
        const model = mlp({ inputs: 20, hidden, outputs, seed: 6 });
        const loss = outputs === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy';
        tf.tidy(() => checkAgainstTape(model, fastLayers(model, loss)!, loss, tf.randomNormal([B, 20], 0, 1, 'float32', 8), outputs, 1e-5));
        model.dispose();
      }
      await tf.setBackend('wasm');
    });
  }

  it('MLP with dropout: gradients equal tape gradients under the same seeded masks', function () {
    const model = mlp({ inputs: 5, hidden: [9, 8], dropout: 0.3, seed: 2 });
    const ops = fastLayers(model, 'binaryCrossentropy')!;
    assert.ok(ops && ops.some((o) => o.kind === 'dropout'), 'eligible, with dropout');
    tf.tidy(() => checkAgainstTape(model, ops, 'binaryCrossentropy', tf.randomNormal([40, 5], 0, 1, 'float32', 3), 1, 1e-5));
    model.dispose();
  });

  for (const backend of ['wasm', 'cpu']) {
    it(`CNN (same and valid convs, pools 2 and 3, dropout, softmax): gradients equal tape gradients on ${backend}`, async function () {
      await tf.setBackend(backend);
      try {
        const model = cnn({ inputShape: [13, 12, 2], conv: [{ filters: 5, kernel: 3 }, { filters: 6, kernel: 2, padding: 'valid', pool: 3 }], dense: [7], dropout: 0.25, outputs: 3, seed: 3 });
        const ops = fastLayers(model, 'categoricalCrossentropy')!;
        assert.deepEqual(ops.map((o) => o.kind), ['conv', 'pool', 'conv', 'pool', 'flatten', 'dropout', 'dense', 'dense']);
        tf.tidy(() => checkAgainstTape(model, ops, 'categoricalCrossentropy', tf.relu(tf.randomNormal([9, 13, 12, 2], 0, 1, 'float32', 4)), 3, 1e-4));
        model.dispose();
      } finally {
        await tf.setBackend('wasm');
      }
    });
  }

  it('seeded dropout masks repeat, and keep about 1 − rate of the units scaled by 1/(1 − rate)', function () {
    const a = tf.tidy(() => new SeededNoise(11).mask([200, 50], 0.2).dataSync());
    const b = tf.tidy(() => new SeededNoise(11).mask([200, 50], 0.2).dataSync());
    assert.deepEqual(Array.from(a), Array.from(b));
    const kept = Array.from(a).filter((v) => v !== 0);
    assert.ok(Math.abs(kept.length / a.length - 0.8) < 0.02, `${kept.length / a.length}`);
    assert.ok(kept.every((v) => Math.abs(v - 1.25) < 1e-6));
  });

  it('the VH network (Gaussian noise, dense → batch norm → elu → dropout, softmax): gradients equal tape gradients under the same seeded noise', function () {
    const model = mlp({ inputs: 6, hidden: [9, 8], activation: 'elu', batchNorm: true, gaussianNoise: 0.05, dropout: 0.1, outputs: 4, seed: 6 });
    const ops = fastLayers(model, 'categoricalCrossentropy')!;
    assert.deepEqual(ops?.map((o) => o.kind), ['noise', 'dense', 'bn', 'act', 'dropout', 'dense', 'bn', 'act', 'dropout', 'dense']);
    tf.tidy(() => checkAgainstTape(model, ops, 'categoricalCrossentropy', tf.randomNormal([37, 6], 0, 1, 'float32', 8), 4, 1e-4));
    model.dispose();
  });

  it('batch norm: the moving mean and variance move toward the batch statistics as in tfjs-layers', function () {
    const model = mlp({ inputs: 3, hidden: [5], batchNorm: true, seed: 2 });
    const ops = fastLayers(model, 'binaryCrossentropy')!;
    const bn = ops.find((o) => o.kind === 'bn') as Extract<FastOp, { kind: 'bn' }>;
    tf.tidy(() => {
      const x = tf.randomNormal([50, 3], 0, 1, 'float32', 9) as tf.Tensor2D;
      const z = tf.matMul(x, (ops[0] as Extract<FastOp, { kind: 'dense' }>).kernel as tf.Tensor2D);
      const { mean, variance } = tf.moments(z, 0);
      const before = [bn.movingMean.clone(), bn.movingVariance.clone()];
      fastGradients(ops, 'binaryCrossentropy', x, tf.zeros([50, 1]) as tf.Tensor2D, null, tf.scalar(1 / 50), tf.ones([1, 50]) as tf.Tensor2D, new SeededNoise(1));
      const expect = (old: tf.Tensor, batch: tf.Tensor) => tf.sub(old, tf.mul(tf.sub(old, batch), 1 - bn.momentum));
      assert.ok(maxRelDiff(bn.movingMean, expect(before[0], mean)) < 1e-5);
      assert.ok(maxRelDiff(bn.movingVariance, expect(before[1], variance)) < 1e-5);
    });
    model.dispose();
  });

  it('declines models it cannot differentiate by hand (l2, batch norm after a convolution)', function () {
    const model = mlp({ inputs: 3, hidden: [4], seed: 1, l2: 1e-3 });
    assert.equal(fastLayers(model, 'binaryCrossentropy'), null);
    model.dispose();
    const conv = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }), tfl.layers.batchNormalization(), tfl.layers.flatten(), tfl.layers.dense({ units: 1, activation: 'sigmoid' })] });
    assert.equal(fastLayers(conv, 'binaryCrossentropy'), null);
    conv.dispose();
  });

  for (const [Adam, backend] of [[HostAdam, 'wasm'], [HostAdam, 'cpu'], [FlatAdam, 'wasm']] as const) {
    it(`${Adam.name} takes the same steps as tf.train.adam on ${backend} (${Adam === HostAdam ? 'with the extra gradient of a second thread, ' : ''}sizes 4x3, 3, 1)`, async function () {
      await tf.setBackend(backend);
      const a = [tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 1)), tf.variable(tf.randomNormal([3], 0, 1, 'float32', 2)), tf.variable(tf.randomNormal([1], 0, 1, 'float32', 3))];
      const b = a.map((v) => tf.variable(v.clone()));
      const ours = new Adam(a, 0.01);
      const ref = tf.train.adam(0.01);
      const total = a.reduce((n, v) => n + v.size, 0);
      for (let s = 0; s < 5; s++) {
        tf.tidy(() => {
          const grads = a.map((v, i) => tf.mul(tf.randomNormal(v.shape, 0, 1, 'float32', 10 * s + i), s + 1));
          // HostAdam: half of each gradient comes as the flat `extra` (what the helper thread hands back).
          const extra = Adam === HostAdam && s % 2 === 1 ? Float32Array.from({ length: total }, (_, j) => ((j * 7 + s) % 5) / 4 - 0.5) : undefined;
          if (Adam === HostAdam) (ours as HostAdam).step(grads, extra);
          else ours.step(grads);
          let at = 0;
          const full = grads.map((g) => {
            const add = extra ? tf.tensor(extra.slice(at, at + g.size), g.shape) : null;
            at += g.size;
            return add ? tf.add(g, add) : g;
          });
          ref.applyGradients(b.map((v, i) => ({ name: v.name, tensor: full[i] })));
        });
      }
      a.forEach((v, i) => assert.ok(maxRelDiff(v, b[i]) < 1e-6, `${maxRelDiff(v, b[i])}`));
      ours.dispose();
      ref.dispose();
      tf.dispose([...a, ...b]);
      await tf.setBackend('wasm');
    });
  }
});
