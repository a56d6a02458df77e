import { strict as assert } from 'node:assert';
import { stableArgsortAscending } from '../../lib/metrics/curve';
import { rng } from './cases';

describe('metrics/curve: the radix argsort', () => {
  it('equals a stable comparator sort on negatives, ±0, ties, huge and tiny values', () => {
    const u = rng(4);
    const pool = [-1e300, -3.5, -0, 0, 1e-310, 2.5, 7, 1e300, -Infinity, Infinity];
    for (const n of [0, 1, 17, 3000]) {
      const v = Float64Array.from({ length: n }, () => (u() < 0.5 ? pool[Math.floor(u() * pool.length)] : (u() - 0.5) * 1e3));
      const idx = Int32Array.from({ length: n }, (_, i) => n - 1 - i); // a non-identity index list
      const slow = [...idx].sort((a, b) => v[a] - v[b] || (idx.indexOf(a) - idx.indexOf(b)));
      assert.deepEqual([...stableArgsortAscending(v, idx)], slow.map((i) => i));
    }
  });
});
