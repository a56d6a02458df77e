/**
 * Calibration of the photon-jet stand-in (issue 11): neither summary variable is perfect, and the best
 * one stays in 0.80–0.88 (± sampling on 2,000 jets), so that a CNN has room to beat it clearly.
 */
import { strict as assert } from 'node:assert';
import { generatePhotonJets } from '../../lib/physics';
import { rocAucScore } from '../../lib/metrics';
import { photonJetSummaries } from '../../bench/calibration/photon-jets';

describe('photon-jet stand-in calibration', () => {
  const n = 2000;
  const g = generatePhotonJets({ events: n, seed: 5 });
  const { width, photonFraction } = photonJetSummaries(g.images, n, 40);
  const aw = rocAucScore(g.labels, Float64Array.from(width, (w) => -w));
  const af = rocAucScore(g.labels, photonFraction);
  it('photon jets are narrower and photon-richer, but neither variable is perfect (AUC 0.65–0.9)', () => {
    assert.ok(aw > 0.75 && aw < 0.9, `width AUC ${aw}`);
    assert.ok(af > 0.65 && af < 0.88, `photon fraction AUC ${af}`);
  });
  it('the best single summary variable sits at 0.80–0.88 (± 0.02 on 2,000 jets)', () => {
    const best = Math.max(aw, af);
    assert.ok(best > 0.78 && best < 0.9, `best ${best}`);
  });
  it('is deterministic: same seed, same bytes', () => {
    const a = generatePhotonJets({ events: 50, seed: 9 }), b = generatePhotonJets({ events: 50, seed: 9 });
    assert.deepEqual(Buffer.from(a.images.buffer), Buffer.from(b.images.buffer));
  });
});
