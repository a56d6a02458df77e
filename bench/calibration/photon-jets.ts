/**
 * Calibration of the `jet-images-gamma` stand-in (lib/physics/gen/photon-jets.ts). No real figure is
 * published (../shared/CALIBRATION.md); the lesson to keep: the best single summary variable (jet
 * width, photon energy fraction) is good but not perfect, and a CNN beats it clearly (checked with
 * notebook 05's CNN; target ranges of issue 11: summary 0.80–0.88, CNN 0.90–0.96).
 */
import { generatePhotonJets } from '../../lib/physics';
import { rocAucScore } from '../../lib/metrics';
import type { CalibrationCheck } from './types';

/** Per-jet summary variables from [N, 5, P, P] images: pT-weighted width and photon pT fraction. */
export function photonJetSummaries(images: Float32Array, n: number, P: number): { width: Float64Array; photonFraction: Float64Array } {
  const plane = P * P, width = new Float64Array(n), photonFraction = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const at = j * 5 * plane;
    let s = 0, sx = 0, sy = 0, sg = 0;
    for (let p = 0; p < plane; p++) { const v = images[at + p]; s += v; sx += v * (p % P); sy += v * Math.floor(p / P); sg += images[at + plane + p]; }
    const cx = sx / s, cy = sy / s;
    let w = 0;
    for (let p = 0; p < plane; p++) { const v = images[at + p]; if (v) w += v * Math.hypot((p % P) - cx, Math.floor(p / P) - cy); }
    width[j] = w / s;
    photonFraction[j] = sg / s;
  }
  return { width, photonFraction };
}

export const check: CalibrationCheck = {
  dataset: 'jet-images-gamma',
  async run({ quick }) {
    const n = quick ? 2000 : 10000;
    const g = generatePhotonJets({ events: n, seed: 42 });
    const { width, photonFraction } = photonJetSummaries(g.images, n, g.shape[2]);
    const aw = rocAucScore(g.labels, Float64Array.from(width, (w) => -w)), af = rocAucScore(g.labels, photonFraction);
    const best = Math.max(aw, 1 - aw, af, 1 - af);
    const src = 'issue 11 target (no real figure published)';
    return [
      { dataset: 'jet-images-gamma', figure: `AUC of jet width (narrow = photon), ${n} jets`, standIn: +aw.toFixed(4), real: 'n/a', tolerance: 'informative', ok: true, source: src },
      { dataset: 'jet-images-gamma', figure: `AUC of photon pT fraction, ${n} jets`, standIn: +af.toFixed(4), real: 'n/a', tolerance: 'informative', ok: true, source: src },
      { dataset: 'jet-images-gamma', figure: 'best single summary variable AUC', standIn: +best.toFixed(4), real: '0.80–0.88', tolerance: 'in range', ok: best >= 0.8 && best <= 0.88, source: src },
    ];
  },
};
