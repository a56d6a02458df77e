import { strict as assert } from 'node:assert';
import { argmax, oneVsRestRoc, oneVsRestRocAuc, rocCurve, scoreColumn } from '../../lib/metrics';
import { rng } from './cases';

describe('metrics/one-vs-rest', () => {
  const u = rng(11);
  const n = 300, k = 4;
  const y = Int32Array.from({ length: n }, () => Math.floor(k * u()));
  const p = Float64Array.from({ length: n * k }, (_, j) => u() + (y[Math.floor(j / k)] === j % k ? 0.4 : 0));
  for (let r = 0; r < n; r++) {
    const sum = p.subarray(r * k, (r + 1) * k).reduce((a, b) => a + b, 0);
    for (let j = 0; j < k; j++) p[r * k + j] /= sum;
  }
  const scores = { data: p, rows: n, cols: k };

  it('argmax: the first largest entry of each row', () => {
    const got = argmax(scores);
    for (let r = 0; r < n; r++) {
      const row = Array.from(p.subarray(r * k, (r + 1) * k));
      assert.equal(got[r], row.indexOf(Math.max(...row)));
    }
    assert.deepEqual([...argmax({ data: [1, 3, 3, 0, 0, 1], rows: 2, cols: 3 })], [1, 2], 'ties go to the first');
  });

  it('oneVsRestRoc: per-class curves and AUCs as the column-by-column binary computation', () => {
    const curves = oneVsRestRoc(y, scores, ['a', 'b', 'c', 'd']);
    const aucs = oneVsRestRocAuc(y, scores);
    curves.forEach((c, j) => {
      assert.equal(c.label, 'abcd'[j]);
      assert.ok(Math.abs(c.auc - aucs[j]) < 1e-12);
      const direct = rocCurve(Int32Array.from(y, (l) => (l === j ? 1 : 0)), scoreColumn(scores, j));
      assert.deepEqual([...c.tpr], [...direct.tpr]);
    });
    assert.equal(oneVsRestRoc(y, scores, ['a', 'b', 'c', 'd'], { only: [2] }).length, 1);
    assert.throws(() => oneVsRestRoc(y, scores, ['a']), /classes: expected 4 names/);
    assert.throws(() => scoreColumn(scores, 4), /scoreColumn c/);
  });
});
