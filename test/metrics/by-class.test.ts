/**
 * Metrics that take values with labels: splitByLabel, classTotals, separationScore (against
 * separationPower on the split samples) and workingPoint (against a brute-force count of the cut).
 */
import { strict as assert } from 'node:assert';
import { classTotals, separationPower, separationScore, splitByLabel, thresholdAtEfficiency, workingPoint } from '../../lib/metrics';
import { HepmlError } from '../../lib/errors';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function sample(n: number, seed: number) {
  const r = lcg(seed);
  const y = Int32Array.from({ length: n }, () => (r() < 0.35 ? 1 : 0));
  const score = Float64Array.from(y, (l) => Math.round((l ? 0.3 : 0) * 100 + r() * 100) / 100);   // ties on purpose
  const w = Float64Array.from(y, () => 0.2 + r());
  return { y, score, w };
}

/** Brute force: weighted fractions of signal / background with score >= t. */
function rates(y: Int32Array, s: Float64Array, w: Float64Array | undefined, t: number) {
  let ss = 0, sb = 0, ts = 0, tb = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    if (y[i] === 1) { ts += wi; if (s[i] >= t) ss += wi; } else { tb += wi; if (s[i] >= t) sb += wi; }
  }
  return { tpr: ss / ts, fpr: sb / tb };
}

describe('metrics: values with labels', () => {
  it('splitByLabel keeps order, weights and the signal label; exclude drops sentinels', () => {
    const c = splitByLabel('t', [5, 6, 7, 8], [1, 0, 2, 1], { weights: [1, 2, 3, 4] });
    assert.deepEqual([...c.sig], [5, 8]);
    assert.deepEqual([...c.bkg], [6, 7]);
    assert.deepEqual([...(c.wSig ?? [])], [1, 4]);
    const d = splitByLabel('t', [5, -999, 7, 8], [1, 1, 0, 0], { signal: 0, exclude: -999 });
    assert.deepEqual([...d.sig], [7, 8]);
    assert.deepEqual([...d.bkg], [5]);
    assert.equal(d.wSig, undefined);
    assert.throws(() => splitByLabel('t', [1, 2], undefined), (e: unknown) => e instanceof HepmlError && /t labels/.test((e as Error).message));
    assert.throws(() => splitByLabel('t', [1, 2], [1]), HepmlError);
    assert.throws(() => splitByLabel('t', [1, 2], [1, 0], { weights: [1, NaN] }), HepmlError);
  });

  it('classTotals sums weights per class', () => {
    assert.deepEqual(classTotals([1, 0, 1, 0, 0], { weights: [0.5, 2, 0.25, 1, 1] }), { signal: 0.75, background: 4 });
    assert.deepEqual(classTotals([1, 0, 1]), { signal: 2, background: 1 });
    assert.deepEqual(classTotals([2, 0, 2], { signal: 2 }), { signal: 2, background: 1 });
  });

  it('separationScore equals separationPower on the split samples', () => {
    const { y, score, w } = sample(3000, 7);
    const sig = score.filter((_, i) => y[i] === 1), bkg = score.filter((_, i) => y[i] === 0);
    const ws = w.filter((_, i) => y[i] === 1), wb = w.filter((_, i) => y[i] === 0);
    assert.equal(separationScore(score, y, { weights: w, bins: 25 }), separationPower(sig, bkg, { weights: { sig: ws, bkg: wb }, bins: 25 }));
    assert.ok(separationScore(score, y) > 0.1);
  });

  it('workingPoint at a threshold: the TPR and FPR of the cut score >= threshold', () => {
    const { y, score, w } = sample(2000, 11);
    for (const t of [-1, 0, 0.25, 0.5, 0.505, 0.9, 1.3, 2]) {
      for (const weights of [undefined, w]) {
        const wp = workingPoint(y, score, { threshold: t, weights });
        const want = rates(y, score, weights, t);
        assert.ok(Math.abs(wp.signalEfficiency - want.tpr) < 1e-12, `tpr at ${t}`);
        assert.ok(Math.abs(wp.backgroundEfficiency - want.fpr) < 1e-12, `fpr at ${t}`);
        assert.equal(wp.threshold, t);
      }
    }
  });

  it('workingPoint at a background efficiency: the largest TPR with FPR <= target', () => {
    const { y, score, w } = sample(2000, 13);
    const cuts = [...new Set(score)].sort((a, b) => b - a);
    for (const target of [0, 0.01, 0.1, 0.3, 1]) {
      const wp = workingPoint(y, score, { backgroundEfficiency: target, weights: w });
      let best = 0;
      for (const t of cuts) { const r = rates(y, score, w, t); if (r.fpr <= target + 1e-12) best = Math.max(best, r.tpr); }
      assert.ok(Math.abs(wp.signalEfficiency - best) < 1e-12, `target ${target}`);
      assert.ok(wp.backgroundEfficiency <= target + 1e-12);
      if (wp.signalEfficiency > 0) {
        const at = rates(y, score, w, wp.threshold);
        assert.ok(Math.abs(at.tpr - wp.signalEfficiency) < 1e-12 && Math.abs(at.fpr - wp.backgroundEfficiency) < 1e-12);
      }
    }
  });

  it('workingPoint at a signal efficiency is thresholdAtEfficiency; weights and weights agree', () => {
    const { y, score, w } = sample(1500, 17);
    assert.deepEqual(workingPoint(y, score, { signalEfficiency: 0.7, weights: w }), thresholdAtEfficiency(y, score, { signalEfficiency: 0.7, weights: w }));
    assert.deepEqual(thresholdAtEfficiency(y, score, { signalEfficiency: 0.7, weights: w }), thresholdAtEfficiency(y, score, { signalEfficiency: 0.7, weights: w }));
    assert.throws(() => workingPoint(y, score, {}), /exactly one of/);
    assert.throws(() => workingPoint(y, score, { threshold: 0.5, backgroundEfficiency: 0.1 }), /exactly one of/);
  });
});
