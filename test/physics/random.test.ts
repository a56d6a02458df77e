import { strict as assert } from 'node:assert';
import { Random } from '../../lib/physics/random';
import { HepmlError } from '../../lib/errors';

/** Reference xoshiro128** on BigInt (slow, obvious) seeded by the same splitmix32. */
function referenceStream(seed: number, n: number): number[] {
  const M = 0xffffffffn;
  let x = BigInt(seed >>> 0);
  const s: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9n) & M;
    let z = x;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M;
    s.push((z ^ (z >> 16n)) & M);
  }
  const rotl = (v: bigint, k: bigint) => ((v << k) | (v >> (32n - k))) & M;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(Number((rotl((s[1] * 5n) & M, 7n) * 9n) & M));
    const t = (s[1] << 9n) & M;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11n);
  }
  return out;
}

function moments(xs: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) ** 2;
  return { mean: m, variance: v / (xs.length - 1) };
}

describe('physics/random', () => {
  it('matches a BigInt reference xoshiro128** and fixed values (platform independence)', () => {
    const r = new Random(42);
    const got = Array.from({ length: 1000 }, () => r.nextUint32());
    assert.deepEqual(got, referenceStream(42, 1000));
    assert.deepEqual(got.slice(0, 5), [2837322924, 544945897, 479756282, 3500138142, 339756180]);
  });

  it('same seed gives the same stream, a different seed a different one', () => {
    const a = new Random(7), b = new Random(7), c = new Random(8);
    const xa = Array.from({ length: 50 }, () => a.normal());
    assert.deepEqual(xa, Array.from({ length: 50 }, () => b.normal()));
    assert.notDeepEqual(xa, Array.from({ length: 50 }, () => c.normal()));
  });

  it('has the right moments for uniform, normal, exponential, gamma, beta, poisson', () => {
    const r = new Random(1);
    const n = 100_000;
    const draw = (f: () => number) => Float64Array.from({ length: n }, f);
    const tol = (x: number, want: number, rel: number) => assert.ok(Math.abs(x - want) <= rel * Math.max(1, Math.abs(want)), `${x} vs ${want}`);
    let m = moments(draw(() => r.uniform(2, 4))); tol(m.mean, 3, 0.01); tol(m.variance, 4 / 12, 0.02);
    m = moments(draw(() => r.normal(1, 2))); tol(m.mean, 1, 0.02); tol(m.variance, 4, 0.02);
    m = moments(draw(() => r.exponential(3))); tol(m.mean, 3, 0.02); tol(m.variance, 9, 0.05);
    m = moments(draw(() => r.gamma(2.5, 2))); tol(m.mean, 5, 0.02); tol(m.variance, 10, 0.04);
    m = moments(draw(() => r.gamma(0.5, 1))); tol(m.mean, 0.5, 0.02); tol(m.variance, 0.5, 0.05);
    m = moments(draw(() => r.beta(2, 3))); tol(m.mean, 0.4, 0.01); tol(m.variance, 0.04, 0.005);
    m = moments(draw(() => r.poisson(4))); tol(m.mean, 4, 0.02); tol(m.variance, 4, 0.04);
    m = moments(draw(() => r.poisson(50))); tol(m.mean, 50, 0.01); tol(m.variance, 50, 0.05);
  });

  it('choice follows the weights; shuffle and permutation are permutations', () => {
    const r = new Random(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[r.choice([1, 2, 3])]++;
    assert.ok(Math.abs(counts[0] / 10_000 - 1) < 0.05 && Math.abs(counts[2] / 30_000 - 1) < 0.03, String(counts));
    const p = r.permutation(1000);
    assert.deepEqual(Array.from(p).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
    assert.notDeepEqual(Array.from(p), Array.from({ length: 1000 }, (_, i) => i));
  });

  it('refuses a non-finite seed with a HepmlError', () => {
    assert.throws(() => new Random(NaN), (e: unknown) => e instanceof HepmlError && /seed/.test((e as Error).message));
  });
});
