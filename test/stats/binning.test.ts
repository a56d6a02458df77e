import { strict as assert } from 'node:assert';
import { HepmlError } from '../../lib/errors';
import { asimovZ0 } from '../../lib/metrics';
import { binnedZ0, cutBasedZ0, optimizeBinning } from '../../lib/stats';
import { rng } from '../metrics/cases';

// the default per-bin form is the talk's Gaussian-constrained background
const z = (s: number, b: number): number => asimovZ0(s, b, { sigmaB: 0.1 * b, constraint: 'gaussian' });
const zCowan = (s: number, b: number): number => asimovZ0(s, b, { sigmaB: 0.1 * b });
const fill = (n: number, v: number): number[] => Array.from({ length: n }, () => v);

describe('stats/binning (VH binning optimisation)', () => {
  it('toy with a known optimum: one split between the two populations, then no allowed split', () => {
    const sS = [...fill(4, 0.25), ...fill(10, 0.95)];
    const sB = [...fill(50, 0.25), ...fill(5, 0.95)];
    const r = optimizeBinning(sS, fill(14, 1), sB, fill(55, 1));
    assert.equal(r.edges.length, 3);
    assert.ok(r.edges[1] > 0.25 && r.edges[1] <= 0.95, `split at ${r.edges[1]}`);
    assert.ok(Math.abs(r.edges[1] - 0.28) < 1e-12, 'the first best candidate (10% of [0.2, 1])');
    assert.deepEqual([...r.nSig], [4, 10]);
    assert.deepEqual([...r.nBkg], [50, 5]);
    const best = Math.sqrt(z(4, 50) ** 2 + z(10, 5) ** 2);
    assert.ok(Math.abs(r.totalZ0 - best) < 1e-12);
    assert.deepEqual(r.history.length, 2);
    assert.ok(Math.abs(r.history[0] - z(14, 55)) < 1e-12);
    // with 3 signal events in the low region the low bin fails N_sig > 3: no split at all
    const r3 = optimizeBinning([...fill(3, 0.25), ...fill(10, 0.95)], fill(13, 1), sB, fill(55, 1));
    assert.equal(r3.edges.length, 2);
  });

  it('random toy: history rises, every bin regularised, first step equals a brute-force scan', () => {
    const u = rng(21);
    const sS = Array.from({ length: 3000 }, () => Math.min(1, 0.2 + 0.8 * Math.sqrt(u())));
    const sB = Array.from({ length: 6000 }, () => 0.2 + 0.8 * u() * u());
    const wS = sS.map(() => 0.02 * u());
    const wB = sB.map(() => 1 + u());
    const r = optimizeBinning(sS, wS, sB, wB);
    assert.ok(r.edges.length > 3);
    for (let k = 1; k < r.history.length; k++) assert.ok(r.history[k] > r.history[k - 1]);
    for (let k = 0; k < r.nSig.length; k++) assert.ok(r.nSig[k] > 3 && r.nBkg[k] > 3);
    let sumS = 0;
    for (let k = 0; k < r.s.length; k++) sumS += r.s[k];
    assert.ok(Math.abs(sumS - wS.reduce((a, b) => a + b, 0)) < 1e-9, 'bins cover [0.2, 1]');
    let brute = 0;
    for (let f = 1; f <= 19; f++) {
      const t = 0.2 + (f / 20) * 0.8;
      const cnt = (xs: number[], ws: number[], a: number, b: number, last: boolean): number =>
        xs.reduce((acc, x, i) => acc + (x >= a && (x < b || (last && x === b)) ? ws[i] : 0), 0);
      const zl = z(cnt(sS, wS, 0.2, t, false), cnt(sB, wB, 0.2, t, false));
      const zr = z(cnt(sS, wS, t, 1, true), cnt(sB, wB, t, 1, true));
      brute = Math.max(brute, Math.hypot(zl, zr));
    }
    assert.ok(Math.abs(r.history[1] - brute) < 1e-9);
    const cut = cutBasedZ0(sS, wS, sB, wB);
    assert.ok(cut.z0 > 0 && cut.z0 <= r.totalZ0 + 1e-9, 'the binned result is at least as good as the best single cut');
  });

  it('bad input', () => {
    assert.throws(() => optimizeBinning([0.5], [1, 2], [0.5], [1]), HepmlError);
    assert.throws(() => optimizeBinning([NaN], [1], [0.5], [1]), /finite scores/);
    assert.throws(() => optimizeBinning([0.5], [1], [0.1], [1]), /expected background in the range/);
  });

  it("Cowan's form on request, the same rule", () => {
    const sS = [...fill(4, 0.25), ...fill(10, 0.95)];
    const sB = [...fill(50, 0.25), ...fill(5, 0.95)];
    const r = optimizeBinning(sS, fill(14, 1), sB, fill(55, 1), { significance: 'cowan' });
    assert.ok(Math.abs(r.totalZ0 - Math.hypot(zCowan(4, 50), zCowan(10, 5))) < 1e-12);
    assert.throws(() => optimizeBinning(sS, fill(14, 1), sB, fill(55, 1), { significance: 'bayes' as 'cowan' }), /significance: expected 'gaussian' or 'cowan'/);
  });

  it('no hidden bin cap: a long monotone likelihood ratio keeps splitting past 50 bins unless maxBins says so', () => {
    const u = rng(5);
    const sS = Array.from({ length: 40000 }, () => 0.2 + 0.8 * Math.pow(u(), 0.15));
    const sB = Array.from({ length: 40000 }, () => 0.2 + 0.8 * Math.pow(u(), 6));
    const r = optimizeBinning(sS, fill(40000, 1), sB, fill(40000, 1));
    assert.ok(r.edges.length - 1 > 50, `${r.edges.length - 1} bins`);
    for (let k = 0; k < r.nSig.length; k++) assert.ok(r.nSig[k] > 3 && r.nBkg[k] > 3);
    const capped = optimizeBinning(sS, fill(40000, 1), sB, fill(40000, 1), { maxBins: 50 });
    assert.equal(capped.edges.length - 1, 50);
  });

  it('binnedZ0: fixed edges on another sample equal a direct count, and reproduce the optimisation on the same sample', () => {
    const u = rng(8);
    const sS = Array.from({ length: 2000 }, () => 0.2 + 0.8 * Math.sqrt(u()));
    const sB = Array.from({ length: 4000 }, () => 0.2 + 0.8 * u() * u());
    const wS = sS.map(() => 0.05), wB = sB.map(() => 1 + u());
    const r = optimizeBinning(sS, wS, sB, wB);
    const same = binnedZ0(r.edges, sS, wS, sB, wB);
    assert.ok(Math.abs(same.totalZ0 - r.totalZ0) < 1e-12);
    assert.deepEqual([...same.nSig], [...r.nSig]);
    const edges = [0.2, 0.5, 0.8, 1];
    const t = binnedZ0(edges, sS, wS, sB, wB);
    let z2 = 0;
    for (let k = 0; k < 3; k++) {
      const inBin = (x: number) => x >= edges[k] && (x < edges[k + 1] || (k === 2 && x === 1));
      const s = sS.reduce((a, x, i) => a + (inBin(x) ? wS[i] : 0), 0), b = sB.reduce((a, x, i) => a + (inBin(x) ? wB[i] : 0), 0);
      assert.ok(Math.abs(t.s[k] - s) < 1e-9 && Math.abs(t.b[k] - b) < 1e-9);
      z2 += z(s, b) ** 2;
    }
    assert.ok(Math.abs(t.totalZ0 - Math.sqrt(z2)) < 1e-12);
    assert.equal(binnedZ0([0.2, 0.3], [0.25], [1], [0.9], [1]).totalZ0, 0, 'a bin without background contributes 0');
    assert.throws(() => binnedZ0([0.5, 0.2], sS, wS, sB, wB), /binnedZ0 edges: expected increasing edges/);
  });

  it("minCountOf: 'expected' counts weighted events, not raw MC events", () => {
    // 40 light signal events (weight 0.1, 4 expected in all) against heavy background: raw counts allow
    // splits, expected counts (> 3 per bin) do not
    const u = rng(4);
    const sS = Array.from({ length: 40 }, () => 0.2 + 0.8 * Math.sqrt(u()));
    const sB = Array.from({ length: 400 }, () => 0.2 + 0.8 * u() * u());
    const raw = optimizeBinning(sS, fill(40, 0.1), sB, fill(400, 1));
    const expected = optimizeBinning(sS, fill(40, 0.1), sB, fill(400, 1), { minCountOf: 'expected' });
    assert.ok(raw.edges.length > 2);
    assert.equal(expected.edges.length, 2, 'a split would leave a bin with at most 3 expected signal events');
    const heavy = optimizeBinning(sS, fill(40, 1), sB, fill(400, 1), { minCountOf: 'expected' });
    for (let k = 0; k < heavy.s.length; k++) assert.ok(heavy.s[k] > 3 && heavy.b[k] > 3);
    assert.throws(() => optimizeBinning(sS, fill(40, 1), sB, fill(400, 1), { minCountOf: 'mc' as 'raw' }), /minCountOf/);
  });
});
