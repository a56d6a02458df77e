import { strict as assert } from 'node:assert';
import { binaryClfCurve } from '../../lib/metrics/curve';
import { Curve32Workspace } from '../../lib/metrics/curve32';
import { rng } from './cases';

/** Bit-for-bit equality of two float64 arrays (NaN, -0 and every last bit count). */
function sameBits(a: Float64Array, b: Float64Array, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  assert.deepEqual(new Uint32Array(a.slice().buffer), new Uint32Array(b.slice().buffer), what);
}

describe('metrics/curve32: the grader\'s float32 curve', () => {
  it('is bit-identical to binaryClfCurve (negatives, ±0, ties, tiny and huge values, reused workspace)', () => {
    const u = rng(11);
    const pool = [-3e38, -2.5, -0, 0, 1e-40, 1e-30, 0.5, 0.5, 7, 3e38];
    const ws = new Curve32Workspace(5000);
    for (const n of [1, 2, 17, 5000, 300]) {
      const labels = Int32Array.from({ length: n }, () => (u() < 0.4 ? 1 : 0));
      const scores = Float32Array.from({ length: n }, () => (u() < 0.3 ? pool[Math.floor(u() * pool.length)] : Math.round((u() - 0.5) * 50) / 8));
      for (const weighted of [false, true]) {
        const weights = weighted ? Float64Array.from({ length: n }, () => (u() < 0.2 ? 0 : u() < 0.1 ? -u() : u() * 3)) : undefined;
        ws.scores.set(scores);
        const fast = ws.curve(labels, n, weights);
        const slow = binaryClfCurve(labels, Float64Array.from(scores), weights);
        for (const k of ['fps', 'tps', 'thresholds'] as const) sameBits(fast[k], slow[k], `n=${n} weighted=${weighted} ${k}`);
      }
    }
  });

  it('gives an empty curve when every weight is zero', () => {
    const ws = new Curve32Workspace(4);
    ws.scores.set([0.1, 0.2, 0.3]);
    const c = ws.curve([0, 1, 1], 3, [0, 0, 0]);
    assert.deepEqual([c.fps.length, c.tps.length, c.thresholds.length], [0, 0, 0]);
  });
});
