/** correlationByClass (against correlationMatrix on the split rows) and sentinelFractions (against a count). */
import { strict as assert } from 'node:assert';
import { correlationByClass, correlationMatrix, histogram, sentinelFractions } from '../../lib/stats';
import { matrix, takeRows } from '../../lib/data/matrix';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('stats: by class', () => {
  it('correlationByClass: per-class weighted matrices, their difference and the pair that changes most', () => {
    const r = lcg(3), n = 4000;
    const data = new Float32Array(n * 3), labels = new Int32Array(n), w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = r() < 0.5 ? 1 : 0;
      const a = r(), b = r(), c = r();
      data[i * 3] = a;
      data[i * 3 + 1] = b;
      data[i * 3 + 2] = labels[i] ? a + 0.3 * c : -a + 0.3 * c;   // corr(a, c) flips sign between the classes
      w[i] = 0.5 + r();
    }
    const x = matrix(data, n, 3, ['a', 'b', 'c']);
    const got = correlationByClass(x, labels, { weights: w });
    const sigRows = [...labels.keys()].filter((i) => labels[i] === 1);
    const want = correlationMatrix(takeRows(x, sigRows), { weights: Float64Array.from(sigRows, (i) => w[i]) });
    assert.deepEqual(got.signal.data, want.data);
    for (let k = 0; k < 9; k++) assert.ok(Math.abs(got.difference.data[k] - (got.signal.data[k] - got.background.data[k])) < 1e-15);
    assert.equal(got.largestChange.pair, 'a / c');
    assert.ok(got.largestChange.signal > 0.9 && got.largestChange.background < -0.9);
    assert.throws(() => correlationByClass(x, undefined), /labels/);
  });

  it('sentinelFractions counts the sentinel per column, weighted or not', () => {
    const x = matrix(Float32Array.from([1, -999, -999, -999, 3, 4, 5, -999]), 4, 2);
    assert.deepEqual([...sentinelFractions(x)], [0.25, 0.75]);
    assert.deepEqual([...sentinelFractions(x, { weights: [1, 1, 2, 0] })], [0.25, 0.5]);
    assert.deepEqual([...sentinelFractions(x, { sentinel: 5 })], [0.25, 0]);
    assert.throws(() => sentinelFractions(x, { weights: [1] }), /4 weights/);
  });
});

describe("stats: histogram with 'integer' bins", () => {
  it('one bin per integer, centred on it, counts and errors per integer', () => {
    const h = histogram([0, 0, 1, 3, 3, 3], { bins: 'integer', weights: [1, 2, 1, 1, 1, 2] });
    assert.deepEqual([...h.edges], [-0.5, 0.5, 1.5, 2.5, 3.5]);
    assert.deepEqual([...h.counts], [3, 1, 0, 4]);
    assert.deepEqual([...h.errors].map((e) => Math.round(e * e * 1e9) / 1e9), [5, 1, 0, 6]);
    assert.deepEqual([...histogram([2, 5], { bins: 'integer', range: [0, 6] }).counts], [0, 0, 1, 0, 0, 1, 0]);
  });
});
