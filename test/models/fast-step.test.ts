import { strict as assert } from 'node:assert';
import { tf, initBackend } from '../../lib/backend';
import { mlp } from '../../lib/models';
import { denseGradients, denseLayers, denseVariables } from '../../lib/models/dense-step';
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

describe('models/dense-step', function () {
  before(async function () {
    await initBackend({ quiet: true });
  });

  for (const [activation, outputs] of [['relu', 1], ['tanh', 1], ['sigmoid', 3], ['linear', 3]] as const) {
    it(`hand-written gradients equal tape gradients (${activation} hidden, ${outputs} output${outputs > 1 ? 's, softmax' : ', sigmoid'}, weighted)`, function () {
      const model = mlp({ inputs: 5, hidden: [7, 6], activation, outputs, seed: 4 });
      const loss = outputs === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy';
      const layers = denseLayers(model, loss)!;
      assert.ok(layers, 'eligible');
      const vars = denseVariables(layers);
      const B = 33;
      tf.tidy(() => {
        const x = tf.randomNormal([B, 5], 0, 1, 'float32', 7) as tf.Tensor2D;
        const labels = tf.tensor1d(Array.from({ length: B }, (_, i) => (i * 7) % Math.max(outputs, 2)), 'int32');
        const y = (outputs === 1 ? tf.reshape(tf.cast(labels, 'float32'), [B, 1]) : tf.cast(tf.oneHot(labels, outputs), 'float32')) as tf.Tensor2D;
        const w = tf.tensor2d(Array.from({ length: B }, (_, i) => 0.5 + (i % 4)), [B, 1]);
        const fast = denseGradients(layers, loss, x, y, w, tf.scalar(1 / B), tf.ones([1, B]) as tf.Tensor2D);
        const tape = tf.variableGrads(() => batchLoss(loss, model, y, model.apply(x) as tf.Tensor2D, w, B), vars);
        vars.forEach((v, i) => assert.ok(maxRelDiff(fast.grads[i], tape.grads[v.name]) < 1e-5, `${v.name}: ${maxRelDiff(fast.grads[i], tape.grads[v.name])}`));
        const p = model.apply(x) as tf.Tensor;
        const q = outputs === 1 ? tf.sigmoid(fast.logits) : tf.softmax(fast.logits);
        assert.ok(maxRelDiff(q, p) < 1e-6);
      });
      model.dispose();
    });
  }

  it('declines models it cannot differentiate by hand (batch norm, dropout, l2)', function () {
    for (const opts of [{ batchNorm: true }, { dropout: 0.1 }, { l2: 1e-3 }, { gaussianNoise: 0.1 }]) {
      const model = mlp({ inputs: 3, hidden: [4], seed: 1, ...opts });
      assert.equal(denseLayers(model, 'binaryCrossentropy'), null, JSON.stringify(opts));
      model.dispose();
    }
  });

  for (const Adam of [HostAdam, FlatAdam]) {
    it(`${Adam.name} takes the same steps as tf.train.adam`, function () {
      const a = [tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 1)), tf.variable(tf.randomNormal([3], 0, 1, 'float32', 2))];
      const b = a.map((v) => tf.variable(v.clone()));
      const ours = new Adam(a, 0.01);
      const ref = tf.train.adam(0.01);
      for (let s = 0; s < 5; s++) {
        tf.tidy(() => {
          const grads = a.map((v, i) => tf.mul(tf.randomNormal(v.shape, 0, 1, 'float32', 10 * s + i), s + 1));
          ours.step(grads);
          ref.applyGradients(b.map((v, i) => ({ name: v.name, tensor: grads[i] })));
        });
      }
      a.forEach((v, i) => assert.ok(maxRelDiff(v, b[i]) < 1e-6, `${maxRelDiff(v, b[i])}`));
      ours.dispose();
      ref.dispose();
      tf.dispose([...a, ...b]);
    });
  }
});
