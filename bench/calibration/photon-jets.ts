/**
 * Photon-jet stand-in (no published real figure; CALIBRATION.md states the lesson): the best single
 * summary variable (pT-weighted jet width, photon energy fraction) separates well but not perfectly,
 * and a classifier on the five-channel images beats it by a clear margin (here scikit-learn's HGB on
 * 10×10-pooled images, a stand-in for the notebook's CNN).
 */
import { synthesize } from '../../lib/data/synthetic';
import { rocAucScore } from '../../lib/metrics';
import type { CalibrationCheck, CalibrationRow } from './types';
import { within, holds, sklearn } from './helpers';

const SRC = 'CALIBRATION.md photon jets (lesson only)';

/** Per image: pT-weighted mean ΔR from the centre (width) and photon pT fraction. */
export function summaries(images: Float32Array, n: number, P = 40, extent = 0.8): { width: Float64Array; photonFraction: Float64Array } {
  const width = new Float64Array(n), photonFraction = new Float64Array(n);
  const plane = P * P;
  for (let j = 0; j < n; j++) {
    const at = j * 5 * plane;
    let tot = 0, r = 0, ph = 0;
    for (let k = 0; k < plane; k++) {
      const v = images[at + k];
      if (v === 0) continue;
      const x = ((k % P) + 0.5) / P * extent - extent / 2, yy = (Math.floor(k / P) + 0.5) / P * extent - extent / 2;
      tot += v; r += v * Math.hypot(x, yy); ph += images[at + plane + k];
    }
    width[j] = tot > 0 ? r / tot : 0;
    photonFraction[j] = tot > 0 ? ph / tot : 0;
  }
  return { width, photonFraction };
}

export const check: CalibrationCheck = {
  dataset: 'jet-images-gamma',
  async run({ quick }) {
    const n = quick ? 1000 : 10000;
    const ds = synthesize('jet-images-gamma', { events: n, seed: 1 });
    const { width, photonFraction } = summaries(ds.tensors.images.data, n);
    const y = ds.labels!;
    const aw = rocAucScore(y, width.map((v) => -v)), ap = rocAucScore(y, photonFraction);
    const best = Math.max(aw, 1 - aw, ap, 1 - ap);
    const out: CalibrationRow[] = [
      within('jet-images-gamma', 'best single variable AUC (width, photon fraction)', best, 'good, not perfect', 0.8, 0.95, SRC),
    ];
    const py = sklearn('jet-images-gamma', 10000, quick);
    if (py) {
      const img = py.hgb_pooled_auc as number;
      out.push(holds('jet-images-gamma', 'image classifier AUC − best single variable', img - best, 'clear margin (≥ 0.02), not perfect', img - best >= 0.02 && img < 0.995, '≥ 0.02 and AUC < 0.995', SRC));
    }
    return out;
  },
};
