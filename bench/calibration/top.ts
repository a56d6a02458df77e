/**
 * Top-tagging stand-in vs Kasieczka et al., SciPost Phys. 7, 014 (2019) (CALIBRATION.md): jet-mass shape
 * (a broad top peak with a W shoulder, QCD falling from a Sudakov peak), constituent multiplicities,
 * the leading constituent's share of the jet energy (the calorimeter-measured core of the hardest prong),
 * and, with scikit-learn, an MLP on the raw leading-30 constituents (the notebook's network class:
 * real range AUC 0.93–0.97, 1/ε_B(0.3) 80–300) and Fisher LDA on the 40×40 images (real LDA 0.955, ≈ 150).
 */
import { synthesize } from '../../lib/data/synthetic';
import { jetMass } from '../../lib/physics';
import { rocAucScore } from '../../lib/metrics';
import type { CalibrationCheck, CalibrationRow } from './types';
import { within, holds, quantile, sklearn } from './helpers';

const SRC = 'CALIBRATION.md top tagging (SciPost 7, 014)';
/** The first real test jets printed in a public exercise on the reference file: E_0 / E_jet = 0.31, 0.27, 0.20. */
const SRC_LEAD = 'reference file, first test jets (dkgithub/wuhan_DL_labs TopTagging_1)';

export const check: CalibrationCheck = {
  dataset: 'top-tagging',
  async run({ quick }) {
    const n = quick ? 2000 : 20000;
    const ds = synthesize('top-constituents', { events: n, seed: 1 });
    const c = ds.tensors.constituents;
    const m = jetMass(c), y = ds.labels!;
    const top = (i: number) => y[i] === 1, qcd = (i: number) => y[i] === 0;
    const iqr = quantile(m, 0.75, top) - quantile(m, 0.25, top);
    let wTop = 0, nTop = 0, nc1 = 0, nc0 = 0, n0 = 0, spike = 0;
    const C = c.shape[1];
    const lead = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let k = 0, e = 0;
      while (k < C && c.data[(j * C + k) * 4] > 0) e += c.data[(j * C + k++) * 4];
      lead[j] = c.data[j * C * 4] / e;
      if (y[j] === 1) { nTop++; nc1 += k; if (m[j] > 60 && m[j] < 100) wTop++; if (Math.abs(m[j] - 173) < 10) spike++; } else { n0++; nc0 += k; }
    }
    const out: CalibrationRow[] = [
      within('top-tagging', 'top-jet mass median (GeV)', quantile(m, 0.5, top), '150–200 (broad peak)', 150, 190, SRC),
      within('top-tagging', 'top-jet mass IQR (GeV)', iqr, 'broad, not a spike', 25, 90, SRC),
      within('top-tagging', 'top jets within ±10 GeV of 173 GeV (no spike)', spike / nTop, 'a broad peak', 0.15, 0.45, SRC),
      within('top-tagging', 'top jets with 60 < m < 100 GeV (W shoulder)', wTop / nTop, 'a shoulder near 80 GeV', 0.05, 0.3, SRC),
      within('top-tagging', 'QCD jet mass median (GeV, Sudakov peak)', quantile(m, 0.5, qcd), 'a few tens of GeV', 20, 70, SRC),
      within('top-tagging', 'top jets: median leading-constituent share of the jet energy', quantile(lead, 0.5, top), '≈ 0.2–0.3', 0.2, 0.45, SRC_LEAD),
      holds('top-tagging', 'median leading-constituent share QCD / top', `${quantile(lead, 0.5, qcd).toFixed(2)} / ${quantile(lead, 0.5, top).toFixed(2)}`, 'QCD > top (one hard core)', quantile(lead, 0.5, qcd) > quantile(lead, 0.5, top) + 0.1, 'QCD > top + 0.1', SRC),
      within('top-tagging', 'leading-constituent share alone, AUC', rocAucScore(y, Array.from(lead, (v) => -v)), 'informative, far from the full taggers', 0.78, 0.92, SRC),
      holds('top-tagging', 'mean constituents top / QCD', `${(nc1 / nTop).toFixed(1)} / ${(nc0 / n0).toFixed(1)}`, 'top > QCD', nc1 / nTop > nc0 / n0, 'top > QCD', SRC),
    ];
    const py = sklearn('top-constituents', 30000, quick);
    if (py) {
      out.push(within('top-tagging', 'sklearn MLP on raw leading-30 AUC', py.dnn_auc as number, '0.93–0.97', 0.93, 0.97, SRC));
      out.push(within('top-tagging', 'sklearn MLP 1/ε_B at ε_S = 0.3', py.dnn_r30 as number, '80–300', 80, 300, SRC));
    }
    const pyi = sklearn('top-images', 30000, quick);
    if (pyi) {
      out.push(within('top-tagging', 'sklearn LDA on images AUC', pyi.lda_auc as number, 0.955, 0.935, 0.975, SRC));
      out.push(within('top-tagging', 'sklearn LDA on images 1/ε_B at ε_S = 0.3', pyi.lda_r30 as number, '≈ 150', 70, 300, SRC));
    }
    return out;
  },
};
