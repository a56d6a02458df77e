import { strict as assert } from 'node:assert';
import { GradientBoostingClassifier } from '../../lib/trees/gradient-boosting';
import { AdaBoostClassifier } from '../../lib/trees/adaboost';
import { DecisionTreeClassifier } from '../../lib/trees/decision-tree';
import { matrix } from '../../lib/data/matrix';
import { HepmlError } from '../../lib/errors';
import { auc, runPython, synth30 } from './helpers';

const HGB = `
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
m = HistGradientBoostingClassifier(max_iter=50, max_depth=4, max_leaf_nodes=None, learning_rate=0.1, l2_regularization=1.0,
    min_samples_leaf=1, early_stopping=False, random_state=0).fit(X[:-10000], y[:-10000])
print(json.dumps({'auc': roc_auc_score(y[-10000:], m.predict_proba(X[-10000:])[:, 1])}))
`;
/** scikit-learn 1.2.1 HistGradientBoostingClassifier AUC on this problem (HGB above), for runs without Python. */
const STORED_HGB_AUC = 0.7608121009751185;

describe('trees/GradientBoostingClassifier', () => {
  const all = synth30(30000, 11);
  const train = { x: matrix(all.x.data.subarray(0, 20000 * 30), 20000, 30), y: all.y.subarray(0, 20000) };
  const test = { x: matrix(all.x.data.subarray(20000 * 30), 10000, 30), y: all.y.subarray(20000) };

  it("reaches scikit-learn HistGradientBoosting's AUC within 0.005 (50 trees, depth 4)", () => {
    const model = new GradientBoostingClassifier({ nEstimators: 50, maxDepth: 4, learningRate: 0.1 }).fit(train.x, train.y);
    const ours = auc(model.predictProba(test.x), test.y);
    const live = runPython(HGB, { x: all.x, y: all.y }) as { auc: number } | null;
    const ref = live?.auc ?? STORED_HGB_AUC;
    assert.ok(Math.abs(ours - ref) < 0.005, `AUC ${ours} vs scikit-learn ${ref}`);
    assert.ok(Math.abs(ours - STORED_HGB_AUC) < 0.005);
    // gain importances: the informative features (0..9) dominate the noise features (10..29)
    const imp = model.featureImportances_!;
    assert.ok(Math.abs(imp.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.ok(imp.subarray(0, 10).reduce((a, b) => a + b, 0) > 0.7);
  });

  it('stops early on a validation set, explains why and keeps the best trees', () => {
    const model = new GradientBoostingClassifier({ nEstimators: 400, learningRate: 0.5, maxDepth: 6, earlyStopping: { patience: 5 } });
    model.fit(train.x, train.y, { validation: { x: test.x, y: test.y } });
    assert.ok(model.nEstimators_! < 400);
    assert.match(model.stopReason_!, /early stopping after \d+ trees.*raise patience or lower learningRate/);
    const losses = model.validationLoss_!;
    assert.equal(losses.length, model.nEstimators_);
    const best = Math.min(...losses);
    assert.equal(losses[losses.length - 1], best);
    // and with a held-out fraction instead of a given set
    const m2 = new GradientBoostingClassifier({ nEstimators: 400, learningRate: 0.5, earlyStopping: { validationFraction: 0.2, patience: 5 } }).fit(train.x, train.y);
    assert.ok(m2.nEstimators_! < 400 && m2.stopReason_);
  });

  it('learns from missing values (-999 sentinel and NaN): missingness itself is informative', () => {
    const n = 4000;
    const d = new Float32Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      // signal: feature 0 undefined (-999 or NaN) 80% of the time; background 20%
      const undefinedHere = (i * 7919) % 100 < (y[i] ? 80 : 20);
      d[i * 2] = undefinedHere ? (i % 3 === 0 ? NaN : -999) : ((i * 37) % 101) / 10;
      d[i * 2 + 1] = ((i * 53) % 97) / 10;
    }
    const x = matrix(d, n, 2);
    const model = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 2, missingValue: -999 }).fit(x, y);
    const p = model.predictProba(matrix(Float32Array.of(-999, 1, NaN, 1, 5, 1), 3, 2));
    assert.ok(p[0] > 0.7 && p[1] > 0.7 && p[2] < 0.3, `p = ${Array.from(p)}`);
    assert.ok(Math.abs(p[0] - p[1]) < 1e-6);
  });

  it('subsample draws rows with the seed: same seed same model, another seed another model', () => {
    const o = { nEstimators: 5, maxDepth: 3, subsample: 0.5 };
    const a = new GradientBoostingClassifier({ ...o, seed: 1 }).fit(train.x, train.y).decisionFunction(test.x);
    const b = new GradientBoostingClassifier({ ...o, seed: 1 }).fit(train.x, train.y).decisionFunction(test.x);
    const c = new GradientBoostingClassifier({ ...o, seed: 2 }).fit(train.x, train.y).decisionFunction(test.x);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });
});

describe('trees: estimator contract (all three)', () => {
  const { x, y } = synth30(1500, 5);
  const makers = {
    GradientBoostingClassifier: () => new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 3, subsample: 0.8, seed: 3 }),
    AdaBoostClassifier: () => new AdaBoostClassifier({ nEstimators: 10, maxDepth: 2 }),
    DecisionTreeClassifier: () => new DecisionTreeClassifier({ maxDepth: 4 }),
  };
  for (const [name, make] of Object.entries(makers)) {
    describe(name, () => {
      it('fit returns this; refit replaces; same options same result; options untouched', () => {
        const m = make();
        const before = JSON.stringify(m.options);
        assert.equal(m.fit(x, y), m);
        const p1 = m.predictProba(x);
        assert.equal(JSON.stringify(m.options), before);
        const flipped = Uint8Array.from(y, (v) => 1 - v);
        const p2 = m.fit(x, flipped).predictProba(x);
        assert.ok(auc(p2, y) < 0.5 && auc(p1, y) > 0.5);
        assert.deepEqual(make().fit(x, y).predictProba(x), p1);
        assert.equal(m.predict(x).length, x.rows);
        assert.equal(m.featureImportances_!.length, 30);
      });
      it('unfitted use throws a HepmlError that says to call fit', () => {
        assert.throws(() => make().predictProba(x), (e: unknown) => e instanceof HepmlError && /Call fit/.test(e.message));
      });
      it('rejects bad input with HepmlErrors', () => {
        const m = make();
        const bad = (yy: ArrayLike<number>, w?: ArrayLike<number>, re?: RegExp) =>
          assert.throws(() => m.fit(x, yy, { weights: w }), (e: unknown) => e instanceof HepmlError && (!re || re.test(e.message)));
        bad(Float64Array.from(y, (v, i) => (i === 3 ? NaN : v)), undefined, /found NaN at index 3/);
        bad(new Uint8Array(x.rows), undefined, /both classes/);
        bad(y.subarray(1), undefined, /labels/);
        bad(y, new Float64Array(x.rows).fill(1).fill(-1, 5, 6), /weights >= 0/);
        bad(y, new Float64Array(3), /weights/);
        const inf = matrix(Float32Array.from(x.data, (v, i) => (i === 7 ? Infinity : v)), x.rows, x.cols);
        assert.throws(() => m.fit(inf, y), /Infinity/);
        m.fit(x, y);
        assert.throws(() => m.predictProba(matrix(new Float32Array(10), 1, 10)), /30 columns/);
      });
    });
  }
  it('sample weights act like repeated rows', () => {
    // features on a 0.1 grid (< 255 distinct values) so both fits get the same bins
    const x = matrix(Float32Array.from(synth30(1500, 5).x.data, (v) => Math.round(v * 10) / 10), 1500, 30);
    const w = Float64Array.from({ length: x.rows }, (_, i) => 1 + (i % 3));
    const idx: number[] = [];
    w.forEach((k, i) => { for (let j = 0; j < k; j++) idx.push(i); });
    const xr = matrix(Float32Array.from(idx.flatMap((i) => Array.from(x.data.subarray(i * 30, i * 30 + 30)))), idx.length, 30);
    const yr = idx.map((i) => y[i]);
    const o = { nEstimators: 5, maxDepth: 3, minChildWeight: 0 };
    const a = new GradientBoostingClassifier(o).fit(x, y, { weights: w }).decisionFunction(x);
    const b = new GradientBoostingClassifier(o).fit(xr, yr).decisionFunction(x);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-4, `row ${i}: ${a[i]} vs ${b[i]}`);
  });
});
