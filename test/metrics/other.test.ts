import { strict as assert } from 'node:assert';
import { HepmlError } from '../../lib/errors';
import { fromRows } from '../../lib/data/matrix';
import { accuracyScore, confusionMatrix, ksTest, logLoss, multiclassRocAuc, permutationImportance, separationPower } from '../../lib/metrics';
import { rng } from './cases';

describe('metrics/classification, ks, separation, permutation', () => {
  it('confusionMatrix normalisation and bad labels', () => {
    const cm = confusionMatrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], { normalize: 'true' });
    assert.deepEqual([...cm.data], [0.5, 0.5, 0, 0, 1, 0, 0.5, 0, 0.5]);
    assert.throws(() => confusionMatrix([0, 1.5], [0, 1]), HepmlError);
    assert.equal(accuracyScore([0, 1, 2, 1], [0, 1, 1, 1]), 0.75);
  });

  it('logLoss clips probabilities 0 and 1, rejects values outside [0, 1] and bad shapes', () => {
    assert.ok(Math.abs(logLoss([1], [0]) + Math.log(2.220446049250313e-16)) < 1e-9);
    assert.throws(() => logLoss([0, 1], [0.2, 1.3]), /probabilities in \[0, 1\]/);
    assert.throws(() => logLoss([0, 3], { data: [0.5, 0.5, 0.5, 0.5], rows: 2, cols: 2 }), /class labels in \[0, 2\)/);
    assert.throws(() => multiclassRocAuc([0, 1, 1], { data: [0.5, 0.5, 0.2, 0.8, 0.3, 0.3], rows: 3, cols: 2 }), /summing to 1/);
    assert.throws(() => multiclassRocAuc([0, 0, 1], { data: [0.5, 0.3, 0.2, 0.8, 0.1, 0.1, 0.3, 0.3, 0.4], rows: 3, cols: 3 }), /none of class 2/);
  });

  it('ksTest: identical samples give D = 0, p = 1; separated samples D = 1', () => {
    assert.deepEqual(ksTest([1, 2, 3], [3, 2, 1]), { statistic: 0, pvalue: 1, method: 'exact' });
    const r = ksTest([1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15]);
    assert.equal(r.statistic, 1);
    assert.ok(r.pvalue < 0.01);
    assert.throws(() => ksTest([], [1]), HepmlError);
  });

  it('separationPower: 0 for identical, 1 for disjoint, matches a hand computation', () => {
    assert.equal(separationPower([0.1, 0.2, 0.3], [0.1, 0.2, 0.3], { bins: 3 }), 0);
    assert.equal(separationPower([0, 0.1], [0.9, 1], { bins: 4 }), 1);
    // 2 bins on [0, 1]: sig fractions (1/4, 3/4), bkg (3/4, 1/4): ½(2·(½)²/1) = 0.25
    assert.ok(Math.abs(separationPower([0.1, 0.6, 0.7, 0.8], [0.1, 0.2, 0.3, 0.9], { bins: 2, range: [0, 1] }) - 0.25) < 1e-12);
  });

  it('permutationImportance: an unused feature has importance 0, the used one is positive; seeded', () => {
    const u = rng(5);
    const rows = Array.from({ length: 400 }, () => [u(), u()]);
    const y = rows.map((r) => (r[0] + 0.3 * u() > 0.65 ? 1 : 0));
    const x = fromRows(rows, ['good', 'noise']);
    const predict = (m: typeof x): Float64Array => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * 2]);
    const a = permutationImportance(predict, x, y, { nRepeats: 3, seed: 1 });
    const b = permutationImportance(predict, x, y, { nRepeats: 3, seed: 1 });
    assert.deepEqual(a, b);
    assert.ok(a.importancesMean[0] > 0.2);
    assert.equal(a.importancesMean[1], 0);
    assert.deepEqual(a.names, ['good', 'noise']);
    assert.equal(x.data[0], rows[0][0] === Math.fround(rows[0][0]) ? rows[0][0] : Math.fround(rows[0][0]), 'x is left untouched');
  });
});
