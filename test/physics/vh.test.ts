import { strict as assert } from 'node:assert';
import { rocAucScore } from '../../lib/metrics';
import { asimovZ0 } from '../../lib/metrics';
import { generateVh, VH_CLASSES, VH_INPUTS, VH_RAW, VH_RAW_YIELDS, VH_RUN1_CUTS, VH_YIELDS_139, type VhColumns } from '../../lib/physics/gen/vh';

const median = (a: ArrayLike<number>): number => { const s = Float64Array.from(a).sort(); return s[s.length >> 1]; };

describe('physics/gen/vh (the 2-lepton DFOS VH toy)', function () {
  this.timeout(120_000);
  const N = 30000;
  const { columns: c, labels, weights } = generateVh({ events: N, seed: 3 });
  const ofClass = (v: keyof VhColumns, k: number) => c[v].filter((_, i) => labels[i] === k);

  it('the talk\'s 17 inputs by name, plus the raw quantities of the Run-1 cuts', () => {
    assert.deepEqual([...VH_INPUTS], ['pt_l0', 'pt_l1', 'DPHll', 'DYll', 'Mll', 'pt_j0', 'pt_j1', 'DPHjj', 'DYjj', 'Mjj', 'mtt', 'MT',
      'TrackMET', 'HTSoft', 'METSig', 'ptTotalTrackMET', 'SumMjJ']);
    assert.deepEqual(Object.keys(c), [...VH_INPUTS, ...VH_RAW]);
    for (let i = 0; i < N; i++) {
      assert.ok(Math.abs(c.Mjj[i] - Math.abs(c.Mjj_raw[i] - 85)) < 1e-3, 'Mjj = |M_jj − 85 GeV|');
      assert.ok(Math.abs(c.mtt[i] - Math.abs(c.Mtt_signed[i] - 91.19)) < 1e-3, 'mtt = |M_ττ − M_Z|');
    }
  });

  it('same seed, same bytes; another seed, other events', () => {
    const again = generateVh({ events: 500, seed: 3 });
    const first = generateVh({ events: 500, seed: 3 });
    for (const v of VH_INPUTS) assert.deepEqual(Buffer.from(again.columns[v].buffer), Buffer.from(first.columns[v].buffer), v);
    assert.deepEqual(Buffer.from(again.weights.buffer), Buffer.from(first.weights.buffer));
    assert.notDeepEqual([...generateVh({ events: 500, seed: 4 }).columns.Mll], [...first.columns.Mll]);
  });

  it('preselection, raw class shares as the MC yields, weights normalised to 139 fb⁻¹', () => {
    const total = VH_RAW_YIELDS.reduce((a, b) => a + b, 0);
    const raw = new Array(6).fill(0), sumW = new Array(6).fill(0);
    for (let i = 0; i < N; i++) { raw[labels[i]]++; sumW[labels[i]] += weights[i]; }
    VH_CLASSES.forEach((name, k) => {
      const p = VH_RAW_YIELDS[k] / total;
      assert.ok(Math.abs(raw[k] - N * p) < 4 * Math.sqrt(N * p * (1 - p)), `${name}: ${raw[k]} raw events`);
      assert.ok(Math.abs(sumW[k] / VH_YIELDS_139[k] - 1) < 1e-4, `${name}: Σw = ${sumW[k]}`);
    });
    assert.ok(sumW[3] / raw[3] > 10 * (sumW[0] / raw[0]), 'a top event weighs far more than a VH event');
    for (let i = 0; i < N; i++) {
      assert.ok(c.pt_l0[i] >= 22 && c.pt_l1[i] >= 15 && c.pt_l0[i] >= c.pt_l1[i] && c.pt_j1[i] > 25 && c.pt_j0[i] >= c.pt_j1[i]);
      assert.ok(c.nJets[i] >= 2 && c.nBJets[i] === 0 && c.DPHll[i] <= Math.PI + 1e-6);
    }
  });

  it('physics as the talk: Δφ_ℓℓ separates Higgs from background, ΔY_jj VH from VBF, Z → ττ sits near m_Z, top looks like WW', () => {
    for (const h of [0, 1, 2]) for (const b of [3, 5]) assert.ok(median(ofClass('DPHll', h)) + 0.5 < median(ofClass('DPHll', b)), `Δφ_ℓℓ ${VH_CLASSES[h]} vs ${VH_CLASSES[b]}`);
    assert.ok(median(ofClass('DYjj', 2)) > 3 && median(ofClass('DYjj', 0)) < 1.5, 'VBF forward jets, VH central');
    const near = (k: number) => ofClass('Mjj', k).filter((v) => v < 15).length / ofClass('Mjj', k).length;
    assert.ok(near(0) > 2 * near(3) && near(0) > 2 * near(5), `VH jets from V → qq: ${near(0)} within 15 GeV of 85 GeV`);
    assert.ok(median(ofClass('mtt', 4)) < 20 && [0, 3, 5].every((k) => median(ofClass('mtt', k)) > 60), 'collinear M_ττ of Z → ττ near m_Z');
    // top against WW: every single input separates them poorly
    const tw = Array.from(labels.keys()).filter((i) => labels[i] === 3 || labels[i] === 5);
    const y = Int32Array.from(tw, (i) => (labels[i] === 3 ? 1 : 0));
    for (const v of VH_INPUTS) {
      const auc = rocAucScore(y, Float64Array.from(tw, (i) => c[v][i]));
      assert.ok(Math.max(auc, 1 - auc) < 0.8, `top vs WW by ${v}: AUC ${auc}`);
    }
  });
});

describe('calibration: the VH toy against the talk (fast)', function () {
  this.timeout(120_000);
  it('the nine Run-1 cuts give Z0 = 0.29 ± 0.07 (σ_b = 10 %, Gaussian constraint) on 40k events', () => {
    const { columns: c, labels, weights } = generateVh({ events: 40000, seed: 11 });
    let s = 0, b = 0;
    for (let i = 0; i < labels.length; i++) {
      const pass = VH_RUN1_CUTS.every((cut) => {
        const x = cut.center === undefined ? c[cut.column][i] : Math.abs(c[cut.column][i] - cut.center);
        return cut.op === '<' ? x < cut.value : cut.op === '>' ? x > cut.value : cut.op === '>=' ? x >= cut.value : cut.op === '<=' ? x <= cut.value : x === cut.value;
      });
      if (pass) { if (labels[i] === 0) s += weights[i]; else b += weights[i]; }
    }
    const z0 = asimovZ0(s, b, { sigmaB: 0.1 * b, constraint: 'gaussian' });
    assert.ok(Math.abs(z0 - 0.29) < 0.07, `Run-1 Z0 ${z0} (s = ${s}, b = ${b})`);
  });
});
