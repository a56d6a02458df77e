/**
 * Fast calibration tests (issue 11): small sizes, stated tolerances around the stand-ins' calibrated
 * figures, so that a generator change that makes a lesson too easy (or too hard) fails here. The full
 * table at the real figures' sizes is `npm run bench -- calibration`.
 */
import { strict as assert } from 'node:assert';
import { check as higgsml } from '../../../bench/calibration/higgsml';
import { check as ship } from '../../../bench/calibration/ship-hnl';
import { check as top } from '../../../bench/calibration/top';
import { check as ww } from '../../../bench/calibration/ww';
import { photonJetSummaries } from '../../../bench/calibration/photon-jets';
import { synthesize } from '../../../lib/data/synthetic';
import { rocAucScore } from '../../../lib/metrics';
import type { CalibrationRow } from '../../../bench/calibration/types';
import { quantile } from '../../../bench/calibration/helpers';

const get = (rows: CalibrationRow[], prefix: string) => {
  const r = rows.find((x) => x.figure.startsWith(prefix));
  assert.ok(r, `row ${prefix}`);
  return r!;
};

describe('synthetic stand-ins stay calibrated (small sizes)', function () {
  this.timeout(120_000);

  it('higgsml: GBT AUC on 3k/3k even/odd in [0.87, 0.915] (0.985, then 0.925 before calibration; real 0.8965), −999 shares and mean weights near the real ones', async function () {
    const rows = await higgsml.run({ quick: true });
    const auc = get(rows, 'course GBT AUC').standIn as number;
    assert.ok(auc > 0.87 && auc < 0.915, `AUC ${auc}`);
    for (const r of rows.filter((x) => x.figure.includes('−999'))) assert.ok(r.ok, `${r.figure}: ${r.standIn} vs ${r.real}`);
    // The mean Weight per event is the open-data file's (it was 3.27 times too large, normalised per 250k events).
    const means = rows.filter((x) => x.figure.startsWith('mean Weight'));
    if (means.length === 0) this.skip();
    for (const r of means) assert.ok(r.ok, `${r.figure}: ${r.standIn} vs ${r.real} (${r.tolerance})`);
  });

  it('higgsml: fake τ are soft and the signal MET often leaves the τ–ℓ wedge, as in the real events', () => {
    const ds = synthesize('higgsml', { events: 8000, seed: 3 });
    const y = ds.labels!, c = ds.columns;
    const bkg = (i: number) => y[i] === 0, sig = (i: number) => y[i] === 1;
    // Real (reference.json): background PRI_tau_pt median 28.6 GeV, DER_pt_ratio_lep_tau median 1.40;
    // the old generator's fakes were hard (37.9 GeV, 1.16).
    const tau = quantile(c.PRI_tau_pt, 0.5, bkg), ratio = quantile(c.DER_pt_ratio_lep_tau, 0.5, bkg);
    assert.ok(tau > 24 && tau < 32, `background τ pT median ${tau}`);
    assert.ok(ratio > 1.3 && ratio < 1.7, `background pT(ℓ)/pT(τ) median ${ratio}`);
    // Real signal: DER_met_phi_centrality's 25 % quantile is −1.30, so more than a quarter of the signal
    // has its MET outside the wedge (the old generator: 24 %, its 25 % quantile +0.18).
    let out = 0, n = 0;
    for (let i = 0; i < y.length; i++) if (sig(i)) { n++; if (c.DER_met_phi_centrality[i] < 0) out++; }
    assert.ok(out / n > 0.27 && out / n < 0.45, `signal MET outside the wedge: ${out / n}`);
    assert.ok(quantile(c.DER_met_phi_centrality, 0.25, sig) < -0.8, 'signal centrality 25 % quantile');
  });

  it('ship-hnl: AUC ≈ 0.998, only part of the signal above the highest background, ε_B ≈ 2 % at ε_S = 99 %', async () => {
    const rows = await ship.run({ quick: true });
    for (const r of rows) assert.ok(r.ok, `${r.figure}: ${r.standIn} (real ${r.real}, ${r.tolerance})`);
  });

  it('top: a broad top-mass peak (not a spike) with a W shoulder, QCD Sudakov peak, more constituents in top jets', async () => {
    const rows = await top.run({ quick: true });
    for (const r of rows) assert.ok(r.ok, `${r.figure}: ${r.standIn} (${r.tolerance})`);
  });

  it('top: the leading constituent is the calorimeter-measured core of the hardest prong (median share of the jet energy ≈ 0.33 top, ≈ 0.60 QCD; was 0.14 / 0.21), informative alone (AUC ≈ 0.88, was 0.73)', async () => {
    const rows = await top.run({ quick: true });
    const share = get(rows, 'top jets: median leading-constituent share').standIn as number;
    assert.ok(share > 0.25 && share < 0.42, `top share ${share}`);
    assert.ok(get(rows, 'median leading-constituent share QCD / top').ok, 'QCD leading share above top');
    const auc = get(rows, 'leading-constituent share alone').standIn as number;
    assert.ok(auc > 0.8 && auc < 0.92, `leading-share AUC ${auc}`);
  });

  it('ww: the lepton-φ pair changes most, Δφ_ll medians as the real slice, a learnable but imperfect AUC', async () => {
    const rows = await ww.run({ quick: true });
    for (const r of rows) assert.ok(r.ok, `${r.figure}: ${r.standIn} (${r.tolerance})`);
  });

  it('ww: Δφ_ll and lepton-pT tails as long as the real slice (the spin correlation is diluted, not a clean cut)', () => {
    const n = 8000;
    const ds = synthesize('ww', { events: n, seed: 3 });
    const y = ds.labels!, c = ds.columns;
    const dphi = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = Math.abs(c.lep_phi_0[i] - c.lep_phi_1[i]);
      dphi[i] = d > Math.PI ? 2 * Math.PI - d : d;
    }
    const sig = (i: number) => y[i] === 1, bkg = (i: number) => y[i] === 0;
    // Real slice: signal Δφ_ll 90 % quantile 2.35, background 10 % quantile 0.57, signal leading-lepton
    // pT 90 % quantile 82.9 GeV (the old generator: 1.93, 1.04, 72.5).
    const s90 = quantile(dphi, 0.9, sig), b10 = quantile(dphi, 0.1, bkg), pt90 = quantile(c.lep_pt_0, 0.9, sig);
    assert.ok(s90 > 2.05 && s90 < 2.6, `signal Δφ_ll 90 % quantile ${s90}`);
    assert.ok(b10 > 0.4 && b10 < 0.85, `background Δφ_ll 10 % quantile ${b10}`);
    assert.ok(pt90 > 77 && pt90 < 90, `signal lep_pt_0 90 % quantile ${pt90}`);
  });

  it('photon jets: photon fraction is no clean label (AUC < 0.85), width the better variable but far from perfect (0.75–0.92)', () => {
    const n = 1000;
    const ds = synthesize('jet-images-gamma', { events: n, seed: 1 });
    const { width, photonFraction } = photonJetSummaries(ds.tensors.images.data, n, 40);
    const aw = rocAucScore(ds.labels!, width.map((v) => -v)), ap = rocAucScore(ds.labels!, photonFraction);
    assert.ok(ap > 0.6 && ap < 0.85, `photon fraction AUC ${ap}`);
    assert.ok(aw > 0.75 && aw < 0.92, `width AUC ${aw}`);
  });
});
