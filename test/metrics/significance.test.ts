import { strict as assert } from 'node:assert';
import { HepmlError, setWarningSink } from '../../lib/errors';
import { ams, amsScan, asimovZ0, asimovZ0Gaussian } from '../../lib/metrics';

describe('metrics/significance', () => {
  it('ams follows eq. 7 of the HiggsML documentation, b_reg = 10 by default', () => {
    const s = 150, b = 4000, br = 10;
    const ref = Math.sqrt(2 * ((s + b + br) * Math.log(1 + s / (b + br)) - s));
    assert.ok(Math.abs(ams(s, b) - ref) < 1e-12);
    assert.ok(ams(s, b, { bReg: 0 }) > ams(s, b));
    // s << b: AMS -> s / sqrt(b + b_reg)
    assert.ok(Math.abs(ams(1, 1e6) - 1 / Math.sqrt(1e6 + 10)) < 1e-6);
    assert.throws(() => ams(-1, 3), HepmlError);
  });

  it('amsScan equals ams at every threshold, brute force, and renormalises weights', () => {
    const y = [1, 0, 1, 0, 1, 0, 0, 1];
    const sc = [0.9, 0.8, 0.8, 0.3, 0.6, 0.2, 0.7, 0.1];
    const w = [0.5, 20, 0.5, 30, 0.25, 10, 5, 1];
    const scan = amsScan(y, sc, w);
    for (let i = 0; i < scan.thresholds.length; i++) {
      let s = 0, b = 0;
      for (let k = 0; k < y.length; k++) if (sc[k] >= scan.thresholds[i]) y[k] ? (s += w[k]) : (b += w[k]);
      assert.ok(Math.abs(scan.ams[i] - ams(s, b)) < 1e-12);
    }
    assert.equal(scan.best.ams, Math.max(...scan.ams));
    const re = amsScan(y, sc, w, { totals: { signal: 22.5, background: 650 } });
    assert.ok(Math.abs(re.s[re.s.length - 1] - 22.5) < 1e-12 && Math.abs(re.b[re.b.length - 1] - 650) < 1e-9);
    assert.throws(() => amsScan(y, sc, w.map((v) => -v)), /non-negative weights/);
  });

  it('asimovZ0: Cowan eq. 97, its s << b limit, and the background-uncertainty version', () => {
    assert.ok(Math.abs(asimovZ0(10, 100) - Math.sqrt(2 * (110 * Math.log(1.1) - 10))) < 1e-12);
    assert.ok(Math.abs(asimovZ0(1, 1e6) - 1e-3) < 1e-8); // s/sqrt(b)
    // sigma -> 0 recovers the plain formula; larger sigma lowers Z0; s << b: s / sqrt(b + sigma²)
    assert.ok(Math.abs(asimovZ0(10, 100, { sigmaB: 1e-4 }) - asimovZ0(10, 100)) < 1e-6);
    assert.ok(asimovZ0(10, 100, { sigmaB: 10 }) < asimovZ0(10, 100, { sigmaB: 5 }));
    assert.ok(Math.abs(asimovZ0(0.01, 1e4, { sigmaB: 100 }) - 0.01 / Math.sqrt(1e4 + 1e4)) < 1e-7);
    assert.equal(asimovZ0(0, 5), 0);
    const got: string[] = [];
    const prev = setWarningSink((m) => got.push(m));
    try {
      assert.ok(Number.isNaN(asimovZ0(3, 0)));
    } finally {
      setWarningSink(prev);
    }
    assert.equal(got.length, 1);
    assert.throws(() => asimovZ0(3, -1), /asimovZ0 b: expected a finite number >= 0, found -1/);
  });

  it('asimovZ0Gaussian: equals the brute-force profile likelihood of Pois(n | s + β) · N(b | β, σ)', () => {
    // -2 ln λ(0) on the Asimov data n = s + b, the nuisance β profiled by a fine scan (the slow obvious version)
    const brute = (s: number, b: number, sigma: number): number => {
      const n = s + b;
      const nll = (mu: number, beta: number) => -(n * Math.log(mu * s + beta) - (mu * s + beta)) + ((beta - b) ** 2) / (2 * sigma * sigma);
      let best = Infinity;
      for (let k = 1; k <= 400000; k++) best = Math.min(best, nll(0, b * (0.5 + (1.5 * k) / 400000)));
      return Math.sqrt(Math.max(2 * (best - nll(1, b)), 0));
    };
    for (const [s, b, rel] of [[10, 100, 0.1], [5, 20, 0.1], [3, 2, 0.3], [50, 1000, 0.05]]) {
      const z = asimovZ0Gaussian(s, b, rel * b);
      assert.ok(Math.abs(z - brute(s, b, rel * b)) < 2e-4, `s=${s} b=${b}: ${z} vs ${brute(s, b, rel * b)}`);
    }
    // σ → 0: the no-uncertainty formula; s << b: s / sqrt(b + σ²) as Cowan's form; the two forms differ a little
    assert.ok(Math.abs(asimovZ0Gaussian(10, 100, 0) - asimovZ0(10, 100)) < 1e-12);
    assert.ok(Math.abs(asimovZ0Gaussian(10, 100, 1e-5) - asimovZ0(10, 100)) < 1e-6);
    assert.ok(Math.abs(asimovZ0Gaussian(0.01, 1e4, 100) - 0.01 / Math.sqrt(2e4)) < 1e-7);
    const g = asimovZ0(10, 100, { sigmaB: 10, constraint: 'gaussian' }), c = asimovZ0(10, 100, { sigmaB: 10 });
    assert.equal(g, asimovZ0Gaussian(10, 100, 10));
    assert.ok(g !== c && Math.abs(g - c) < 0.02, `gaussian ${g} vs cowan ${c}`);
    assert.equal(asimovZ0Gaussian(0, 5, 1), 0);
    assert.throws(() => asimovZ0(3, 5, { constraint: 'lognormal' as 'gaussian' }), /asimovZ0 constraint: expected 'poisson' or 'gaussian'/);
  });
});
