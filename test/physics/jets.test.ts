import { strict as assert } from 'node:assert';
import { Random } from '../../lib/physics/random';
import { addVectors, fromPtEtaPhiM, massOf, ptOf, type FourVector } from '../../lib/physics/fourvec';
import { constituentCount, jetMass, jetPt } from '../../lib/physics/jets';
import { generateTopJets } from '../../lib/physics/gen/top-jets';
import { HepmlError } from '../../lib/errors';

const N = 3000;
const jets = generateTopJets({ events: N, seed: 11 });
const batch = { data: jets.constituents, shape: [N, 200, 4] };
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('physics/jets', () => {
  it('jetPt and jetMass equal the sum of constituent four-vectors (slow version)', () => {
    const r = new Random(5);
    const n = 20, c = 30;
    const data = new Float32Array(n * c * 4);
    const sums: FourVector[] = [];
    for (let j = 0; j < n; j++) {
      const parts: FourVector[] = [];
      for (let k = 0; k < c - 5; k++) {
        const v = fromPtEtaPhiM(r.uniform(1, 50), r.uniform(-0.5, 0.5), r.uniform(-0.5, 0.5), 0);
        data.set([v.e, v.px, v.py, v.pz], (j * c + k) * 4);
        parts.push({ e: Math.fround(v.e), px: Math.fround(v.px), py: Math.fround(v.py), pz: Math.fround(v.pz) });
      }
      sums.push(addVectors(...parts));
    }
    const pt = jetPt({ data, shape: [n, c, 4] }), m = jetMass({ data, shape: [n, c, 4] });
    for (let j = 0; j < n; j++) {
      assert.ok(Math.abs(pt[j] - ptOf(sums[j])) < 1e-3 * pt[j]);
      assert.ok(Math.abs(m[j] - massOf(sums[j])) < 1e-3 * m[j] + 1e-3);
    }
    assert.deepEqual(Array.from(constituentCount({ data, shape: [n, c, 4] })), new Array(n).fill(c - 5));
  });

  it('refuses a batch that is not [N, C, 4]', () => {
    assert.throws(() => jetPt({ data: new Float32Array(12), shape: [1, 4, 3] }), HepmlError);
  });

  it('toy jets: pT in [550, 650] GeV, constituents sorted by pT and zero padded', () => {
    const pt = jetPt(batch);
    for (let j = 0; j < N; j++) assert.ok(pt[j] > 549.9 && pt[j] < 650.1, `pt ${pt[j]}`);
    for (let j = 0; j < 50; j++) {
      const n = jets.nConstituents[j];
      assert.ok(n > 5 && n <= 200);
      let prev = Infinity;
      for (let k = 0; k < 200; k++) {
        const o = (j * 200 + k) * 4;
        const cpt = Math.hypot(jets.constituents[o + 1], jets.constituents[o + 2]);
        if (k >= n) { assert.equal(jets.constituents[o], 0); continue; }
        assert.ok(cpt <= prev + 1e-3);
        prev = cpt;
      }
    }
  });

  it('top jets peak at 150-200 GeV with a W subjet near 80 GeV; QCD jets are lighter', () => {
    const m = jetMass(batch);
    const top: number[] = [], qcd: number[] = [], w: number[] = [];
    for (let j = 0; j < N; j++) {
      if (jets.isSignal[j]) { top.push(m[j]); w.push(jets.wSubjetMass[j]); } else qcd.push(m[j]);
    }
    // Peak: the most populated 10 GeV bin of top-jet masses.
    const hist = new Array(40).fill(0);
    for (const x of top) hist[Math.min(39, Math.floor(x / 10))]++;
    const peak = hist.indexOf(Math.max(...hist)) * 10 + 5;
    assert.ok(peak > 150 && peak < 200, `top mass peak ${peak}`);
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    assert.ok(mean(qcd) < mean(top) - 50, `QCD ${mean(qcd)} vs top ${mean(top)}`);
    const wm = median(w);
    assert.ok(wm > 70 && wm < 90, `W subjet median ${wm}`);
    // Three prongs give more constituents than one.
    const nTop: number[] = [], nQcd: number[] = [];
    for (let j = 0; j < N; j++) (jets.isSignal[j] ? nTop : nQcd).push(jets.nConstituents[j]);
    assert.ok(mean(nTop) > mean(nQcd));
    // Truth: top four-vector has the top mass; QCD truth is zero.
    for (let j = 0; j < 20; j++) {
      const [e, px, py, pz] = jets.truth.subarray(j * 4, j * 4 + 4);
      if (jets.isSignal[j]) assert.ok(Math.abs(Math.sqrt(e * e - px * px - py * py - pz * pz) - 173) < 10);
      else assert.equal(e, 0);
    }
  });
});
