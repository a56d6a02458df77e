import { strict as assert } from 'node:assert';
import { HepmlError, setWarningSink } from '../../lib/errors';
import { rocAucScore, rocCurve, precisionRecallCurve, backgroundRejection } from '../../lib/metrics';
import { rng } from './cases';

/** The obvious O(n²) AUC: P(score_sig > score_bkg) + ½ P(equal), weighted. */
function pairwiseAuc(y: number[], s: number[], w?: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      const ww = (w ? w[i] : 1) * (w ? w[j] : 1);
      num += ww * (s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0);
      den += ww;
    }
  }
  return num / den;
}

function captureWarnings(fn: () => void): string[] {
  const got: string[] = [];
  const prev = setWarningSink((m) => got.push(m));
  try {
    fn();
  } finally {
    setWarningSink(prev);
  }
  return got;
}

describe('metrics/roc', () => {
  it('rocAucScore equals the brute-force pairwise AUC (random, tied, weighted)', () => {
    const u = rng(11);
    for (const tie of [0, 3, 1]) {
      for (const weighted of [false, true]) {
        const n = 400;
        const y = Array.from({ length: n }, () => (u() < 0.3 ? 1 : 0));
        const s = y.map((v) => {
          const x = v + 2 * u();
          return tie ? Math.round(x * tie) / tie : x;
        });
        const w = weighted ? y.map(() => u() * 3) : undefined;
        const fast = rocAucScore(y, s, { weights: w });
        assert.ok(Math.abs(fast - pairwiseAuc(y, s, w)) < 1e-12, `tie=${tie} weighted=${weighted}`);
      }
    }
  });

  it('the curve starts at (0, 0) with threshold +Infinity and ends at (1, 1)', () => {
    const r = rocCurve([0, 1, 0, 1, 1], Float32Array.from([0.1, 0.9, 0.5, 0.5, 0.3]));
    assert.deepEqual([r.fpr[0], r.tpr[0], r.thresholds[0]], [0, 0, Infinity]);
    assert.deepEqual([r.fpr[r.fpr.length - 1], r.tpr[r.tpr.length - 1]], [1, 1]);
    for (let i = 1; i < r.thresholds.length; i++) assert.ok(r.thresholds[i] < r.thresholds[i - 1]);
  });

  it('dropIntermediate removes collinear points only', () => {
    const y = [1, 1, 1, 0, 0, 0];
    const s = [6, 5, 4, 3, 2, 1];
    const full = rocCurve(y, s, { dropIntermediate: false });
    const drop = rocCurve(y, s);
    assert.equal(full.fpr.length, 7);
    // (0, 1/3) is the first point (always kept), (0, 1) the corner, (1, 1) the last
    assert.deepEqual([...drop.fpr], [0, 0, 0, 1]);
    assert.deepEqual([...drop.tpr], [0, 1 / 3, 1, 1]);
  });

  it('zero-weight samples create no threshold (as sklearn)', () => {
    const r = rocCurve([0, 1, 0, 1], [0.1, 0.9, 0.5, 0.7], { weights: [1, 1, 0, 1], dropIntermediate: false });
    assert.deepEqual([...r.thresholds.subarray(1)], [0.9, 0.7, 0.1]);
  });

  it('one class only: rocCurve warns and gives NaN, rocAucScore throws', () => {
    const warnings = captureWarnings(() => {
      const r = rocCurve([1, 1, 1], [0.2, 0.5, 0.9]);
      assert.ok(r.fpr.every(Number.isNaN));
      assert.ok(!r.tpr.some(Number.isNaN));
    });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /no negative \(background\) samples/);
    assert.throws(() => rocAucScore([1, 1, 1], [0.2, 0.5, 0.9]), (e: unknown) => e instanceof HepmlError && /both classes/.test(e.message));
  });

  it('bad input throws HepmlError naming the argument', () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => rocAucScore([0, 1], [0.5, NaN]), /rocAucScore yScore: expected finite numbers, found NaN at index 1/],
      [() => rocAucScore([0, 1], [0.5, Infinity]), /found Infinity at index 1/],
      [() => rocAucScore([0, 1, 1], [0.5, 0.2]), /rocAucScore yScore: expected length 3/],
      [() => rocAucScore([0, 2], [0.5, 0.2]), /expected binary labels 0 \(background\) or 1 \(signal\), found 2/],
      [() => rocAucScore([], []), /at least one sample/],
      [() => rocCurve([0, 1], [0.5, 0.2], { weights: [1] }), /weights: expected length 2/],
      [() => precisionRecallCurve([0, 1], [0.5, 0.2], { weights: [1, NaN] }), /finite numbers/],
      [() => backgroundRejection([0, 1], [0.5, 0.2], { signalEfficiency: 1.5 }), /signalEfficiency: expected a number in \(0, 1\]/],
    ];
    for (const [fn, re] of bad) assert.throws(fn, (e: unknown) => e instanceof HepmlError && re.test(e.message), String(re));
  });

  it('backgroundRejection interpolates linearly on the ROC and is infinite without background', () => {
    // points (fpr, tpr): (0, 0), (0, .5), (.5, 1) [a tie of one signal and one background], (1, 1)
    const y = [1, 1, 0, 0];
    const s = [5, 4, 4, 1];
    const epsB = 0 + ((0.7 - 0.5) * 0.5) / 0.5; // = 0.2 on the segment (0, .5) -> (.5, 1)
    assert.ok(Math.abs(backgroundRejection(y, s, { signalEfficiency: 0.7 }) - 1 / epsB) < 1e-12);
    const w = captureWarnings(() => assert.equal(backgroundRejection([1, 1, 0], [3, 2, 1], { signalEfficiency: 0.5 }), Infinity));
    assert.match(w[0], /infinite/);
  });
});
