/**
 * WW stand-in vs the real TRISEP slice (CALIBRATION.md): after lep_n == 2, mcWeight > 0, notebook 02's
 * eleven features, 75/25 random split: the course's GradientBoostingClassifier and scikit-learn's
 * HGB(200) / MLP(64, 64) (real 0.892 / 0.896); the pair whose correlation changes most (lep_phi_0 /
 * lep_phi_1); Δφ_ll medians (0.87 signal, 2.12 background).
 */
import { synthesize } from '../../lib/data/synthetic';
import { GradientBoostingClassifier } from '../../lib/trees';
import { rocAucScore } from '../../lib/metrics';
import { Random } from '../../lib/physics/random';
import type { CalibrationCheck, CalibrationRow } from './types';
import { within, holds, rows, sklearn, quantile } from './helpers';

export const FEATURES = ['met_et', 'met_phi', 'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1', 'jet_n', 'jet_pt_0', 'jet_pt_1'];
const SRC = 'CALIBRATION.md WW (dataWW_d1 slice)';

export const check: CalibrationCheck = {
  dataset: 'ww',
  async run({ quick }) {
    const n = quick ? 5000 : 10000;
    const ds = synthesize('ww', { events: n, seed: 1 });
    const keep: number[] = [];
    for (let i = 0; i < n; i++) if (ds.columns.lep_n[i] === 2 && ds.columns.mcWeight[i] > 0) keep.push(i);
    const x = rows(ds.matrix(FEATURES), keep), y = Int32Array.from(keep, (i) => ds.labels![i]);
    const perm = new Random(1).permutation(keep.length);
    const cut = Math.round(0.75 * keep.length);
    const tr = perm.subarray(0, cut), te = perm.subarray(cut);
    const gbt = new GradientBoostingClassifier({ nEstimators: quick ? 60 : 200, maxDepth: 3, learningRate: 0.1, seed: 1 }).fit(rows(x, tr), Int32Array.from(tr, (i) => y[i]));
    const auc = rocAucScore(Int32Array.from(te, (i) => y[i]), gbt.predictProba(rows(x, te)));
    // Largest |corr_sig − corr_bkg| over the feature pairs.
    let best = 0, pair = '';
    const corr = (a: number, b: number, label: number): number => {
      let n0 = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
      for (let r = 0; r < x.rows; r++) {
        if (y[r] !== label) continue;
        const u = x.data[r * x.cols + a], v = x.data[r * x.cols + b];
        n0++; sa += u; sb += v; saa += u * u; sbb += v * v; sab += u * v;
      }
      return (sab / n0 - (sa / n0) * (sb / n0)) / Math.sqrt((saa / n0 - (sa / n0) ** 2) * (sbb / n0 - (sb / n0) ** 2));
    };
    for (let a = 0; a < FEATURES.length; a++) for (let b = a + 1; b < FEATURES.length; b++) {
      const d = Math.abs(corr(a, b, 1) - corr(a, b, 0));
      if (d > best) { best = d; pair = `${FEATURES[a]} / ${FEATURES[b]}`; }
    }
    const dphi = new Float64Array(x.rows);
    for (let r = 0; r < x.rows; r++) {
      const d = Math.abs(x.data[r * x.cols + 6] - x.data[r * x.cols + 7]);
      dphi[r] = d > Math.PI ? 2 * Math.PI - d : d;
    }
    const out: CalibrationRow[] = [
      // Quick mode trains on half the events with fewer trees: a wider band below.
      within('ww', `course GBT AUC (${tr.length} / ${te.length})`, auc, 0.892, quick ? 0.8 : 0.862, 0.922, SRC),
      within('ww', 'kept by lep_n == 2, mcWeight > 0', keep.length / n, 0.9608, 0.93, 0.99, SRC),
      holds('ww', 'largest correlation change', pair, 'lep_phi_0 / lep_phi_1', pair === 'lep_phi_0 / lep_phi_1', 'same pair', SRC),
      within('ww', 'Δφ_ll median, signal', quantile(dphi, 0.5, (r) => y[r] === 1), 0.87, 0.7, 1.05, SRC),
      within('ww', 'Δφ_ll median, background', quantile(dphi, 0.5, (r) => y[r] === 0), 2.12, 1.9, 2.35, SRC),
    ];
    const py = sklearn('ww', 10000, quick);
    if (py) {
      out.push(within('ww', 'sklearn HGB(200) AUC', py.hgb_auc as number, 0.892, 0.862, 0.922, SRC));
      out.push(within('ww', 'sklearn MLP(64, 64) AUC', py.mlp_auc as number, 0.896, 0.866, 0.926, SRC));
    }
    return out;
  },
};
