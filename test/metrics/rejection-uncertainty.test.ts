import { strict as assert } from 'node:assert';
import { backgroundRejection, rejectionWithUncertainty, variableAucScore, rocAucScore, HepmlError } from '../../lib';
import { setWarningSink } from '../../lib/errors';
import { Random } from '../../lib/physics/random';

function sample(nSig: number, nBkg: number, seed: number): { y: Int32Array; s: Float64Array } {
  const rng = new Random(seed);
  const y = new Int32Array(nSig + nBkg);
  const s = new Float64Array(nSig + nBkg);
  for (let i = 0; i < nSig + nBkg; i++) {
    y[i] = i < nSig ? 1 : 0;
    s[i] = rng.normal() + (y[i] ? 2 : 0);
  }
  return { y, s };
}

describe('metrics/rejectionWithUncertainty', () => {
  it('gives backgroundRejection and the binomial error propagated to 1/ε_B', () => {
    const { y, s } = sample(2000, 5000, 3);
    const r = rejectionWithUncertainty(y, s, { signalEfficiency: 0.3 });
    assert.equal(r.rejection, backgroundRejection(y, s, { signalEfficiency: 0.3 }));
    assert.equal(r.background, 5000);
    const e = 1 / r.rejection;
    assert.ok(Math.abs(r.backgroundEfficiency - e) < 1e-15);
    assert.ok(Math.abs(r.backgroundPassing - e * 5000) < 1e-9);
    // slow obvious: σ(ε) = √(ε(1−ε)/N), σ(1/ε) = σ(ε)/ε²
    assert.ok(Math.abs(r.uncertainty - Math.sqrt((e * (1 - e)) / 5000) / (e * e)) < 1e-9 * r.uncertainty);
    assert.ok(r.lowerLimit < r.rejection && r.lowerLimit > r.rejection - 3 * r.uncertainty);
  });

  it('is 333 ± ~190 for 3 of 1000 background events passing', () => {
    // 10 signal at the top, 3 background above the rest of the signal
    const y: number[] = [];
    const s: number[] = [];
    for (let i = 0; i < 10; i++) { y.push(1); s.push(10 - i * 0.01); }
    for (let i = 0; i < 3; i++) { y.push(0); s.push(5 - i * 0.01); }
    for (let i = 0; i < 90; i++) { y.push(1); s.push(4 - i * 0.01); }
    for (let i = 0; i < 997; i++) { y.push(0); s.push(-i * 0.001); }
    const r = rejectionWithUncertainty(y, s, { signalEfficiency: 0.5 });
    assert.ok(Math.abs(r.backgroundPassing - 3) < 1e-9);
    assert.ok(Math.abs(r.rejection - 1000 / 3) < 1e-6);
    assert.ok(Math.abs(r.uncertainty - 192.2) < 0.5, String(r.uncertainty));
  });

  it('with no background passing: Infinity, NaN error and a finite 68 % lower limit N / 1.14', () => {
    const prev = setWarningSink(() => {});
    try {
      const y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
      const s = [9, 8, 7, 6, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
      const r = rejectionWithUncertainty(y, s, { signalEfficiency: 0.5 });
      assert.equal(r.rejection, Infinity);
      assert.ok(Number.isNaN(r.uncertainty));
      // P(0 | n, ε) = (1 − ε)^n = 0.32  →  1/ε = 1 / (1 − 0.32^(1/n))
      assert.ok(Math.abs(r.lowerLimit - 1 / (1 - 0.32 ** (1 / 10))) < 1e-6, String(r.lowerLimit));
    } finally {
      setWarningSink(prev);
    }
  });

  it('uses the effective count with weights (weights 2 on every event = the unweighted errors)', () => {
    const { y, s } = sample(300, 800, 5);
    const a = rejectionWithUncertainty(y, s);
    const b = rejectionWithUncertainty(y, s, { weights: new Float64Array(y.length).fill(2) });
    assert.ok(Math.abs(a.rejection - b.rejection) < 1e-9 && Math.abs(a.uncertainty - b.uncertainty) < 1e-9 && Math.abs(b.background - 800) < 1e-9);
  });

  it('rejects a bad efficiency with a HepmlError', () => {
    assert.throws(() => rejectionWithUncertainty([0, 1], [0, 1], { signalEfficiency: 1.5 }), HepmlError);
  });
});

describe('metrics/variableAucScore', () => {
  it('is max(AUC, 1 − AUC) and says which side the signal is on', () => {
    const { y, s } = sample(500, 500, 7);
    const up = variableAucScore(y, s);
    const down = variableAucScore(y, s.map((v) => -v));
    assert.equal(up.signalLow, false);
    assert.equal(down.signalLow, true);
    assert.ok(Math.abs(up.auc - rocAucScore(y, s)) < 1e-12 && Math.abs(down.auc - up.auc) < 1e-12 && up.auc > 0.8);
  });
});
