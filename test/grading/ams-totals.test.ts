/**
 * The HiggsML challenge ranks by AMS at the training-set luminosity, as Kaggle's leaderboards did: each
 * part's weights are renormalised to the challenge's `totals`, whatever the hidden weights sum to.
 */
import { strict as assert } from 'node:assert';
import { loadChallenge } from '../../grading/challenge';
import { METRICS, type ScoringPart } from '../../grading/metrics';
import { amsScan } from '../../lib/metrics';
import { HIGGSML_WEIGHT_SUMS } from '../../lib/physics';
import { binaryToy } from './helpers';

describe('grading: AMS renormalised to the challenge totals', () => {
  const toy = binaryToy(4000, 11);
  let ts = 0, tb = 0;
  for (let i = 0; i < toy.labels.length; i++) toy.labels[i] ? (ts += toy.weights[i]) : (tb += toy.weights[i]);
  const part: ScoringPart = { labels: toy.labels, scores: toy.scores, cols: 1, weights: toy.weights, totalSignalWeight: ts, totalBackgroundWeight: tb };

  it('higgsml-ams renormalises to the training-set totals (692 / 411,000)', () => {
    const c = loadChallenge('higgsml-ams');
    for (const m of c.metrics.filter((x) => x.name.startsWith('ams'))) assert.deepEqual(m.params?.totals, HIGGSML_WEIGHT_SUMS, m.name);
  });

  it('`totals` sets the scale; without it the whole test set\'s sums do', () => {
    const q = { bReg: 10, renormalise: true };
    const atTotals = METRICS.ams_max.compute(part, { ...q, totals: HIGGSML_WEIGHT_SUMS });
    assert.equal(atTotals, amsScan(toy.labels, toy.scores, toy.weights, { bReg: 10, totals: HIGGSML_WEIGHT_SUMS }).best.ams);
    const atHidden = METRICS.ams_max.compute(part, q);
    assert.equal(atHidden, amsScan(toy.labels, toy.scores, toy.weights, { bReg: 10, totals: { signal: ts, background: tb } }).best.ams);
    assert.notEqual(atTotals, atHidden);
  });

  it('refuses non-positive totals', () => {
    assert.throws(() => METRICS.ams_max.compute(part, { bReg: 10, renormalise: true, totals: { signal: 0, background: 1 } }), /totals\.signal/);
  });
});
