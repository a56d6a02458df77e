import { strict as assert } from 'node:assert';
import { hashUnit, partIndices, publicMask } from '../../grading/split';

describe('grading/split', () => {
  const ids = Int32Array.from({ length: 100000 }, (_, i) => i);

  it('puts about the requested fraction of rows in the public part', () => {
    for (const fraction of [0.1, 0.3, 0.5]) {
      const m = publicMask(ids, { fraction, seed: 42 });
      const share = m.reduce((a, b) => a + b, 0) / m.length;
      assert.ok(Math.abs(share - fraction) < 0.01, `${fraction}: ${share}`);
    }
  });

  it('depends only on the id and the seed, not on row order', () => {
    const shuffled = Int32Array.from(ids).reverse();
    const a = publicMask(ids, { fraction: 0.3, seed: 7 });
    const b = publicMask(shuffled, { fraction: 0.3, seed: 7 });
    for (let i = 0; i < ids.length; i += 997) assert.equal(b[ids.length - 1 - i], a[i]);
    const c = publicMask(ids, { fraction: 0.3, seed: 8 });
    let differ = 0;
    for (let i = 0; i < ids.length; i++) differ += a[i] !== c[i] ? 1 : 0;
    assert.ok(differ > 0.3 * ids.length, 'another seed gives another split');
  });

  it('is not a simple pattern of the id (runs and parity look random)', () => {
    const m = publicMask(ids, { fraction: 0.5, seed: 1 });
    let even = 0;
    for (let i = 0; i < ids.length; i += 2) even += m[i];
    assert.ok(Math.abs(even / (ids.length / 2) - 0.5) < 0.01);
    assert.ok(hashUnit(2 ** 40 + 3, 1) !== hashUnit(3, 1), 'high bits of large ids matter');
  });

  it('gives disjoint, complete index sets', () => {
    const m = publicMask(ids.subarray(0, 1000), { fraction: 0.3, seed: 3 });
    const p = partIndices(m);
    assert.equal(p.public.length + p.private.length, 1000);
    const all = new Set([...p.public, ...p.private]);
    assert.equal(all.size, 1000);
    for (const i of p.public) assert.equal(m[i], 1);
  });
});
