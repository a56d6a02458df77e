import { strict as assert } from 'node:assert';
import { generateWw } from '../../lib/physics/gen/ww';
import { generateHiggsml, HIGGSML_WEIGHT_SUMS } from '../../lib/physics/gen/higgsml';
import { generatePhotonJets } from '../../lib/physics/gen/photon-jets';
import { generateShipHnl } from '../../lib/physics/gen/ship-hnl';
import { generateVh, VH_CLASSES } from '../../lib/physics/gen/vh';
import { deltaPhi } from '../../lib/physics/fourvec';

const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
function corr(x: number[], y: number[]): number {
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}

describe('physics/gen: the lessons hold', () => {
  it('ww: signal has smaller dphi_ll, positive lepton-phi correlation (background negative); MeV energies; -7 jets', () => {
    const c = generateWw({ events: 20000, seed: 1 });
    const groups = [0, 1].map((L) => ({ dphi: [] as number[], p0: [] as number[], p1: [] as number[] }));
    for (let i = 0; i < 20000; i++) {
      const g = groups[c.label[i]];
      g.dphi.push(Math.abs(deltaPhi(c.lep_phi_0[i], c.lep_phi_1[i])));
      g.p0.push(c.lep_phi_0[i]); g.p1.push(c.lep_phi_1[i]);
      const ratio = c.lep_E_0[i] / (c.lep_pt_0[i] * Math.cosh(c.lep_eta_0[i]));
      assert.ok(Math.abs(ratio - 1000) < 1, `E/(pt cosh eta) = ${ratio}`);
      if (c.jet_n[i] === 0) assert.equal(c.jet_pt_0[i], -7);
      if (c.jet_n[i] < 2) assert.equal(c.jet_E_1[i], -7);
      else assert.ok(c.jet_pt_1[i] > 0 && c.jet_pt_1[i] <= c.jet_pt_0[i]);
      assert.equal(c.channelNumber[i], c.label[i] ? (c.channelNumber[i] === 345323 ? 345323 : 345324) : 363492);
    }
    assert.ok(median(groups[1].dphi) < median(groups[0].dphi) - 0.8);
    assert.ok(corr(groups[1].p0, groups[1].p1) > 0.1, 'signal phi correlation positive');
    assert.ok(corr(groups[0].p0, groups[0].p1) < -0.1, 'background phi correlation negative');
    assert.ok(Math.abs(groups[1].dphi.length / 20000 - 2 / 3) < 0.02);
    let three = 0, neg = 0;
    for (let i = 0; i < 20000; i++) { if (c.lep_n[i] !== 2) three++; if (c.mcWeight[i] <= 0) neg++; }
    assert.ok(three > 20 && three < 400, `lep_n != 2: ${three}`);
    assert.ok(neg > 200 && neg < 1500, `mcWeight <= 0: ${neg}`);
  });

  it('higgsml: -999 follows PRI_jet_num; DER from PRI; weight sums as the open-data file; MMC peaks at 125 for signal', () => {
    const n = 20000;
    const c = generateHiggsml({ events: n, seed: 2 });
    let s = 0, b = 0, undefS = 0, nS = 0;
    const mmcS: number[] = [];
    for (let i = 0; i < n; i++) {
      const nj = c.PRI_jet_num[i];
      assert.ok(nj >= 0 && nj <= 3);
      assert.equal(c.PRI_jet_leading_pt[i] === -999, nj === 0);
      assert.equal(c.PRI_jet_leading_eta[i] === -999, nj === 0);
      for (const k of ['PRI_jet_subleading_pt', 'PRI_jet_subleading_phi', 'DER_deltaeta_jet_jet', 'DER_mass_jet_jet', 'DER_prodeta_jet_jet', 'DER_lep_eta_centrality'] as const) {
        assert.equal(c[k][i] === -999, nj <= 1, `${k} with ${nj} jets`);
      }
      if (nj === 0) assert.equal(c.PRI_jet_all_pt[i], 0);
      assert.ok(Math.abs(c.DER_pt_ratio_lep_tau[i] - c.PRI_lep_pt[i] / c.PRI_tau_pt[i]) < 0.01);
      if (nj >= 2) assert.ok(Math.abs(c.DER_prodeta_jet_jet[i] - c.PRI_jet_leading_eta[i] * c.PRI_jet_subleading_eta[i]) < 0.01);
      assert.ok(Math.abs(c.DER_sum_pt[i] - (c.PRI_tau_pt[i] + c.PRI_lep_pt[i] + c.PRI_jet_all_pt[i])) < 0.01);
      assert.ok(Math.abs(c.DER_met_phi_centrality[i]) <= Math.SQRT2 + 1e-3);
      if (c.Label[i] === 115) { s += c.Weight[i]; nS++; if (c.DER_mass_MMC[i] === -999) undefS++; else mmcS.push(c.DER_mass_MMC[i]); } else b += c.Weight[i];
      assert.equal(c.EventId[i], 100000 + i);
    }
    // As the open-data file's Weight: the training-set sums over its 818,238 events (not per 250,000,
    // which made every weight 3.27 times the real file's).
    assert.ok(Math.abs(s - (HIGGSML_WEIGHT_SUMS.signal * n) / 818238) < 0.01);
    assert.ok(Math.abs(b / ((HIGGSML_WEIGHT_SUMS.background * n) / 818238) - 1) < 1e-6);
    assert.ok(undefS > 0 && undefS < 0.15 * nS);
    assert.ok(Math.abs(median(mmcS) - 125) < 5, `signal MMC median ${median(mmcS)}`);
  });

  it('higgsml: KaggleWeight is Weight renormalised per KaggleSet, × 818238 / 250000 in the training set (3.26 / 3.28 in the real file)', () => {
    const c = generateHiggsml({ events: 20000, seed: 5 });
    let nT = 0;
    for (let i = 0; i < c.EventId.length; i++) {
      if (c.KaggleSet[i] !== 116) continue; // 't'
      nT++;
      const r = c.KaggleWeight[i] / c.Weight[i];
      assert.ok(Math.abs(r / (818238 / 250000) - 1) < 0.05, `KaggleWeight / Weight ${r} at event ${i}`);
    }
    assert.ok(nT > 0.25 * c.EventId.length && nT < 0.36 * c.EventId.length, `training-set share ${nT}`);
  });

  it('photon jets are narrower and richer in photons (some converted)', () => {
    const n = 400;
    const { images, shape, labels } = generatePhotonJets({ events: n, seed: 3 });
    assert.deepEqual(shape, [n, 5, 40, 40]);
    const width: number[][] = [[], []], photonFrac: number[][] = [[], []];
    for (let j = 0; j < n; j++) {
      const at = j * 8000;
      let tot = 0, r2 = 0, ph = 0, sum = 0;
      for (let k = 0; k < 1600; k++) {
        const v = images[at + k], row = Math.floor(k / 40) - 19.5, col = (k % 40) - 19.5;
        tot += v; r2 += v * (row * row + col * col); ph += images[at + 1600 + k];
        sum += images[at + 1600 + k] + images[at + 3200 + k] + images[at + 4800 + k];
      }
      assert.ok(Math.abs(sum - tot) < 1e-3 * tot, 'photons + charged + neutral = all');
      width[labels[j]].push(Math.sqrt(r2 / tot));
      photonFrac[labels[j]].push(ph / tot);
    }
    // Calibrated (issue 11): clearly narrower and photon-richer on average, but not separable by either
    // alone (conversions, pile-up and π⁰-led fakes; see test/physics/calibration-photon-jets.test.ts).
    assert.ok(mean(width[1]) < 0.75 * mean(width[0]), `widths ${mean(width[1])} vs ${mean(width[0])}`);
    assert.ok(mean(photonFrac[1]) > mean(photonFrac[0]) + 0.2, `photon fractions ${mean(photonFrac[1])} vs ${mean(photonFrac[0])}`);
  });

  it('ship-hnl: signal has smaller DOCA and impact parameter, mass near the HNL mass', () => {
    const c = generateShipHnl({ events: 4000, seed: 4 });
    const pick = (k: keyof typeof c, L: number) => { const out: number[] = []; for (let i = 0; i < 4000; i++) if (c.label[i] === L) out.push((c[k] as Float64Array)[i]); return out; };
    assert.ok(median(pick('DOCA (cm)', 1)) < 0.1 * median(pick('DOCA (cm)', 0)));
    assert.ok(median(pick('Impact Parameter (cm)', 1)) < 0.1 * median(pick('Impact Parameter (cm)', 0)));
    assert.ok(Math.abs(median(pick('Invariant Mass (GeV/c^2)', 1)) - 0.7) < 0.02);
    assert.deepEqual([...new Set(pick('Event Type', 1))], [1]);
    assert.deepEqual([...new Set(pick('Event Type', 0))], [4]);
    assert.ok(pick('Good Reco', 1).every((x) => x === 1));
  });

  it('vh: six classes with very different raw yields and weights', () => {
    const { labels, weights } = generateVh({ events: 20000, seed: 5 });
    const raw = new Array(6).fill(0), w = new Array(6).fill(0);
    for (let i = 0; i < 20000; i++) { raw[labels[i]]++; w[labels[i]] += weights[i]; }
    assert.equal(VH_CLASSES.length, 6);
    assert.ok(raw.every((x) => x > 300), 'every class has hundreds of raw events');
    const ratioVh = w[0] / raw[0], ratioTop = w[3] / raw[3];
    assert.ok(ratioTop / ratioVh > 10, 'top events weigh far more than VH events');
    assert.ok(raw[3] > raw[0] && w.every((v, k) => k === 0 || v > w[0]), 'top: most raw events; VH: the smallest weighted yield');
  });
});
