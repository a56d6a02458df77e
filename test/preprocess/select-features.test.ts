import { strict as assert } from 'node:assert';
import { selectFeatures, fromRows, HepmlError } from '../../lib';
import { Random } from '../../lib/physics/random';

describe('preprocess/selectFeatures', () => {
  // a: separates well; a2: a copy of a with noise (correlated); b: separates less, independent; c: noise
  const rng = new Random(11);
  const n = 2000;
  const y = Int32Array.from({ length: n }, (_, i) => i % 2);
  const rows = Array.from({ length: n }, (_, i) => {
    const a = rng.normal() + 2 * y[i];
    return [a, a + 0.1 * rng.normal(), rng.normal() + 0.8 * y[i], rng.normal()];
  });
  const x0 = fromRows(rows);
  const x = { ...x0, names: ['a', 'a2', 'b', 'c'] };

  it('ranks by AUC and skips features correlated above the cut with a kept one', () => {
    const r = selectFeatures({ x, labels: y, maxCorrelation: 0.8 });
    const a2 = r.choices.find((c) => c.name === 'a2')!;
    assert.ok(r.choices[0].name === 'a' || r.choices[0].name === 'a2');
    assert.deepEqual(r.selected.filter((s) => s.startsWith('a')).length, 1, 'only one of the two copies');
    assert.ok(r.selected.includes('b') && r.selected.includes('c'));
    assert.ok(a2.kept ? r.choices.find((c) => c.name === 'a')!.maxCorrelation > 0.9 : a2.maxCorrelation > 0.9);
    for (let k = 1; k < r.choices.length; k++) assert.ok(r.choices[k - 1].auc >= r.choices[k].auc);
  });

  it('keeps at most count, and checks its inputs', () => {
    assert.deepEqual(selectFeatures({ x, labels: y, count: 2 }).selected.length, 2);
    assert.throws(() => selectFeatures({ x: x0, labels: y }), HepmlError);
    assert.throws(() => selectFeatures({ x, labels: y.subarray(1) }), /selectFeatures labels/);
  });
});
