import { strict as assert } from 'node:assert';
import { thresholdAtEfficiency, HepmlError } from '../../lib';
import { Random } from '../../lib/physics/random';

/** Slow obvious version: try every distinct score as a threshold, highest first. */
function bruteForce(y: number[], s: number[], target: number) {
  const totalS = y.filter((v) => v === 1).length, totalB = y.length - totalS;
  for (const t of [...new Set(s)].sort((a, b) => b - a)) {
    const sel = s.map((v) => v >= t);
    const es = sel.filter((k, i) => k && y[i] === 1).length / totalS;
    if (es >= target - 1e-12) return { threshold: t, signalEfficiency: es, backgroundEfficiency: sel.filter((k, i) => k && y[i] === 0).length / totalB };
  }
  throw new Error('unreachable');
}

describe('metrics/thresholdAtEfficiency', () => {
  it('matches a brute-force threshold scan, ties included', () => {
    const rng = new Random(7);
    for (const target of [0.1, 0.5, 0.9, 1]) {
      const y = Array.from({ length: 400 }, () => (rng.uniform() < 0.4 ? 1 : 0));
      const s = y.map((v) => Math.round((rng.normal() + v) * 4) / 4); // heavy ties
      const got = thresholdAtEfficiency(y, s, { signalEfficiency: target });
      const want = bruteForce(y, s, target);
      assert.ok(got.threshold === want.threshold, `threshold ${got.threshold} vs ${want.threshold}`);
      assert.equal(got.signalEfficiency, want.signalEfficiency);
      assert.equal(got.backgroundEfficiency, want.backgroundEfficiency);
    }
  });

  it('refuses an efficiency outside (0, 1]', () => {
    assert.throws(() => thresholdAtEfficiency([0, 1], [0.1, 0.9], { signalEfficiency: 1.5 }), HepmlError);
  });
});
