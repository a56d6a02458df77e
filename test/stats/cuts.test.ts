import { strict as assert } from 'node:assert';
import { HepmlError } from '../../lib/errors';
import { applyCuts, byClass, oneVsRest } from '../../lib/stats';
import { rng } from '../metrics/cases';

describe('stats/cuts and by-class views', () => {
  const u = rng(3);
  const n = 500;
  const a = Float64Array.from({ length: n }, () => 100 * u());
  const m = Float64Array.from({ length: n }, () => 40 + 100 * u());
  const labels = Int32Array.from({ length: n }, () => Math.floor(3 * u()));
  const weights = Float64Array.from({ length: n }, () => 0.5 + u());
  const data = { length: n, labels, weights, classes: ['s', 'b1', 'b2'], column: (name: string) => ({ a, m })[name as 'a' | 'm'] };

  it('applyCuts: mask and cut flow equal a brute-force loop', () => {
    const flow = applyCuts(data, [{ column: 'a', op: '>', value: 20 }, { column: 'm', op: '<', value: 15, center: 85, label: '|m − 85| < 15' }]);
    assert.deepEqual(flow.cuts, ['a > 20', '|m − 85| < 15']);
    for (let i = 0; i < n; i++) assert.equal(flow.mask[i], a[i] > 20 && Math.abs(m[i] - 85) < 15 ? 1 : 0);
    for (let c = 0; c < 3; c++) {
      let e1 = 0, y1 = 0, e2 = 0, y2 = 0;
      for (let i = 0; i < n; i++) {
        if (labels[i] !== c || !(a[i] > 20)) continue;
        e1++; y1 += weights[i];
        if (Math.abs(m[i] - 85) < 15) { e2++; y2 += weights[i]; }
      }
      assert.deepEqual(flow.events[c], [e1, e2]);
      assert.ok(Math.abs(flow.yields[c][0] - y1) < 1e-9 && Math.abs(flow.yields[c][1] - y2) < 1e-9);
    }
  });

  it('applyCuts: unknown columns and operators fail with a clear message', () => {
    assert.throws(() => applyCuts(data, [{ column: 'a', op: '!=' as '<', value: 1 }]), /expected op one of/);
    assert.throws(() => applyCuts(data, []), HepmlError);
    assert.throws(() => applyCuts(data, [{ column: 'a', op: '<', value: NaN }]), /value: expected a finite number/);
  });

  it('byClass and oneVsRest partition the values with their weights', () => {
    const groups = byClass(a, labels, 3, weights);
    assert.equal(groups.reduce((s, g) => s + g.values.length, 0), n);
    for (let c = 0; c < 3; c++) assert.deepEqual([...groups[c].values], [...a].filter((_, i) => labels[i] === c));
    const { signal, background } = oneVsRest(a, labels, 0, weights);
    assert.deepEqual([...signal.weights], [...weights].filter((_, i) => labels[i] === 0));
    assert.equal(signal.values.length + background.values.length, n);
    assert.ok(byClass(a, labels, 3)[1].weights.every((w) => w === 1), 'no weights: ones');
    assert.throws(() => byClass(a, labels.slice(1), 3), /byClass labels: expected 500 labels/);
  });
});
