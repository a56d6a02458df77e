import { strict as assert } from 'node:assert';
import { Random } from '../../lib/physics/random';
import { logUniform, oneOf, perLayer, randomSearch, uniformInt } from '../../lib/models';

describe('models/search (random hyper-parameter search)', () => {
  it('samplers stay in their ranges and on their grids', () => {
    const rng = new Random(1);
    const lr = Array.from({ length: 2000 }, () => logUniform(1e-4, 1e-2)(rng));
    assert.ok(lr.every((v) => v >= 1e-4 && v <= 1e-2));
    // log-uniform: about half of the draws below the geometric mean 1e-3
    const below = lr.filter((v) => v < 1e-3).length / lr.length;
    assert.ok(Math.abs(below - 0.5) < 0.05, `${below}`);
    const nodes = perLayer(10, uniformInt(10, 100, 10))(rng);
    assert.equal(nodes.length, 10);
    assert.ok(nodes.every((v) => v >= 10 && v <= 100 && v % 10 === 0));
    const seen = new Set(Array.from({ length: 500 }, () => uniformInt(10, 100, 10)(rng)));
    assert.equal(seen.size, 10, 'every grid point is reachable');
    assert.ok(['elu', 'relu'].includes(oneOf(['elu', 'relu'])(rng)));
    assert.throws(() => uniformInt(5, 1), /uniformInt/);
  });

  it('randomSearch: every trial scored, the best is the highest, the same seed draws the same settings', async () => {
    const space = { width: uniformInt(10, 100, 10), act: oneOf(['elu', 'relu']), lr: logUniform(1e-4, 1e-2) };
    const evaluate = (p: { width: number; act: string; lr: number }) => -Math.abs(Math.log10(p.lr) + 3) + p.width / 1000;
    const a = await randomSearch({ space, trials: 12, seed: 7, evaluate });
    const b = await randomSearch({ space, trials: 12, seed: 7, evaluate });
    assert.equal(a.trials.length, 12);
    assert.deepEqual(a.trials, b.trials);
    assert.equal(a.best.score, Math.max(...a.trials.map((t) => t.score)));
    assert.deepEqual(a.trials.map((t) => t.trial), [...Array(12).keys()]);
    const c = await randomSearch({ space, trials: 12, seed: 8, evaluate });
    assert.notDeepEqual(a.trials.map((t) => t.lr), c.trials.map((t) => t.lr));
    await assert.rejects(randomSearch({ space, trials: 1, evaluate: () => NaN }), /evaluate: expected a numeric score/);
  });
});
