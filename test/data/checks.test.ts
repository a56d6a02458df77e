/**
 * lib/data/checks.ts and lib/errors ENTRY_MESSAGES: one matrix check with an explicit NaN policy, one
 * not-fitted message, and every estimator behaving as the NaN policy it states (issue 12, item 6).
 */
import { strict as assert } from 'node:assert';
import { ENTRY_MESSAGES, HepmlError, type NanPolicy } from '../../lib/errors';
import { matrix, type Matrix } from '../../lib/data/matrix';
import { checkFitted, checkMatrix } from '../../lib/data/checks';
import { PCA, RobustScaler, StandardScaler } from '../../lib/preprocess';
import { AdaBoostClassifier, DecisionTreeClassifier, FeatureBinner, GradientBoostingClassifier } from '../../lib/trees';

const x = (n = 40, cols = 3): Matrix => matrix(Float32Array.from({ length: n * cols }, (_, i) => Math.sin(i * 1.7) + (i % cols)), n, cols);
const withValue = (m: Matrix, at: number, v: number): Matrix => { const d = m.data.slice(); d[at] = v; return matrix(d, m.rows, m.cols); };
const y = Float64Array.from({ length: 40 }, (_, i) => i % 2);
const is = (message: string) => (e: unknown): boolean => e instanceof HepmlError && e.message === message;

describe('entry checks: matrix, NaN policy, fitted', () => {
  it('checkMatrix: NaN refused under "reject", kept under "missing"; ±Infinity always refused, with row and column', () => {
    const m = x();
    checkMatrix('f x', withValue(m, 4, NaN), { nan: 'missing' });
    assert.throws(() => checkMatrix('f x', withValue(m, 4, NaN), { nan: 'reject' }), is(ENTRY_MESSAGES.nonFinite('f x', NaN, 1, 1, 'reject')));
    for (const nan of ['reject', 'missing'] as NanPolicy[]) {
      assert.throws(() => checkMatrix('f x', withValue(m, 5, -Infinity), { nan }), is(ENTRY_MESSAGES.nonFinite('f x', -Infinity, 1, 2, nan)));
    }
    assert.throws(() => checkMatrix('f x', m, { nan: 'reject', cols: 4 }), is(ENTRY_MESSAGES.columns('f x', 4, 3)));
    assert.throws(() => checkMatrix('f x', { data: new Float32Array(5), rows: 2, cols: 3 } as Matrix, { nan: 'reject' }), /f x: expected a Matrix/);
  });

  it('checkFitted throws the one not-fitted message', () => {
    checkFitted('A.b', true, 'fit(x)');
    assert.throws(() => checkFitted('A.b', false, 'fit(x)'), is(ENTRY_MESSAGES.notFitted('A.b', 'fit(x)')));
  });

  // Each estimator's stated policy, checked against what it does.
  const estimators: Array<[string, { fit: NanPolicy; use: NanPolicy }, (m: Matrix) => void, (m: Matrix) => void]> = [
    ['StandardScaler', { fit: 'reject', use: 'missing' }, (m) => new StandardScaler().fit(m), (m) => new StandardScaler().fit(x()).transform(m)],
    ['RobustScaler', { fit: 'missing', use: 'missing' }, (m) => new RobustScaler().fit(m), (m) => new RobustScaler().fit(x()).transform(m)],
    ['PCA', { fit: 'reject', use: 'reject' }, (m) => new PCA({ nComponents: 2 }).fit(m), (m) => new PCA({ nComponents: 2 }).fit(x()).transform(m)],
    ['DecisionTreeClassifier', { fit: 'missing', use: 'missing' }, (m) => new DecisionTreeClassifier({ maxDepth: 2 }).fit(m, y), (m) => new DecisionTreeClassifier({ maxDepth: 2 }).fit(x(), y).predictProba(m)],
    ['GradientBoostingClassifier', { fit: 'missing', use: 'missing' }, (m) => new GradientBoostingClassifier({ nEstimators: 2 }).fit(m, y), (m) => new GradientBoostingClassifier({ nEstimators: 2 }).fit(x(), y).predictProba(m)],
    ['AdaBoostClassifier', { fit: 'missing', use: 'missing' }, (m) => new AdaBoostClassifier({ nEstimators: 2 }).fit(m, y), (m) => new AdaBoostClassifier({ nEstimators: 2 }).fit(x(), y).predictProba(m)],
  ];
  for (const [name, policy, fit, use] of estimators) {
    it(`${name}: NaN ${policy.fit === 'missing' ? 'kept' : 'refused'} in fit, ${policy.use === 'missing' ? 'kept' : 'refused'} after; Infinity refused`, () => {
      const nan = withValue(x(), 7, NaN);
      for (const [step, p] of [[fit, policy.fit], [use, policy.use]] as const) {
        if (p === 'missing') step(nan);
        else assert.throws(() => step(nan), /expected finite values, found NaN at row 2, column 1/);
        assert.throws(() => step(withValue(x(), 7, Infinity)), /found Infinity at row 2, column 1/);
      }
    });
  }

  it('every estimator and transformer says "not fitted" in the same words', () => {
    const calls: Array<[() => unknown, string, string]> = [
      [() => new StandardScaler().transform(x()), 'StandardScaler.transform', 'fit(xTrain)'],
      [() => new RobustScaler().transform(x()), 'RobustScaler.transform', 'fit(xTrain)'],
      [() => new PCA().transform(x()), 'PCA.transform', 'fit(xTrain)'],
      [() => new DecisionTreeClassifier().predictProba(x()), 'DecisionTreeClassifier.predictProba', 'fit(x, y)'],
      [() => new FeatureBinner().transform(x()), 'FeatureBinner.transform', 'fit(x)'],
    ];
    for (const [call, where, fitCall] of calls) assert.throws(call, is(ENTRY_MESSAGES.notFitted(where, fitCall)));
    assert.throws(() => new GradientBoostingClassifier().predictProba(x()), /this instance is not fitted yet\. Call fit\(x, y\) with the training data first/);
  });
});
