import { strict as assert } from 'node:assert';
import { AdaBoostClassifier } from '../../lib/trees/adaboost';
import { matrix } from '../../lib/data/matrix';
import { mulberry32 } from '../../lib/trees/random';
import { runPython } from './helpers';

/** 60 events, 3 features on a 0.01 grid (distinct gains, so split ties cannot differ from scikit-learn). */
function tiny() {
  const r = mulberry32(2024);
  const n = 60;
  const d = new Float32Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) d[i * 3 + j] = Math.round(r() * 1000) / 100;
    y[i] = d[i * 3] + 0.5 * d[i * 3 + 1] + 3 * (r() - 0.5) > 7 ? 1 : 0;
  }
  return { x: matrix(d, n, 3), y };
}

const PY = (algorithm: string, depth: number) => `
from sklearn.ensemble import AdaBoostClassifier
from sklearn.tree import DecisionTreeClassifier
m = AdaBoostClassifier(DecisionTreeClassifier(max_depth=${depth}), n_estimators=10, learning_rate=0.8, algorithm='${algorithm}', random_state=0).fit(X, y)
print(json.dumps({'weights': m.estimator_weights_[:len(m.estimators_)].tolist(), 'decision': m.decision_function(X).tolist()}))
`;

// Stored scikit-learn 1.2.1 values (PY above on tiny()), so the test asserts without Python.
const STORED: Record<string, { weights: number[]; decision: number[] }> =
  {"SAMME": {"weights": [1.6195054116, 1.84560168033, 1.18241734573, 1.15990119776, 0.893318687096, 1.22907894304,
  0.687880455388, 0.920283929117, 0.583521781443, 0.802740914916], "decision": [0.853035056968, 0.223246274399,
  0.183111871302, -0.365212814647, 0.451675314051, 1.0, -0.774981549476, 0.330076814334, 1.0, -0.774981549476,
  0.330076814334, 0.330076814334, 0.304710371019, -0.774981549476, 0.529728821543, 0.223246274399, -0.411540910954,
  -0.558505853986, -0.411540910954, 1.0, 0.304710371019, 1.0, 0.529728821543, -0.218247871615, 0.451675314051,
  0.853035056968, -0.411540910954, 0.529728821543, 0.304710371019, -0.774981549476, 0.853035056968, -0.628016606444,
  -1.0, -0.218247871615, 0.451675314051, -0.774981549476, -0.365212814647, 0.00677057890877, -0.365212814647, 1.0,
  0.746204517034, 1.0, 0.183111871302, 0.853035056968, 0.853035056968, -0.853035056968, 0.853035056968, -1.0,
  0.676693764575, 0.529728821543, -0.140194364123, 0.676693764575, -0.411540910954, 0.853035056968, -0.365212814647,
  0.746204517034, 0.853035056968, -0.411540910954, -0.628016606444, -0.628016606444]}, "SAMME.R": {"weights": [1.0, 1.0,
  1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], "decision": [4.55280525806, 1.61593299032, 1.55433380752, -1.66126653818,
  1.80136837978, 5.33795396222, -4.25052568168, 1.69902028599, 5.33795396222, -3.93104869271, 2.33948251169,
  2.33948251169, 1.65668190131, -3.93104869271, 2.83554897567, 2.33948251169, -1.42864370616, -2.21379241033,
  -2.06910593186, 5.33795396222, 1.65668190131, 5.33795396222, 2.83554897567, -1.28019036642, 1.80136837978,
  4.55280525806, -2.06910593186, 2.83554897567, 1.65668190131, -3.93104869271, 4.55280525806, -3.14589998855,
  -5.42939275603, -1.19710307075, 2.44183060548, -3.93104869271, -1.34178954922, 0.932728458451, -1.66126653818,
  5.33795396222, 4.23332826909, 4.69749173652, 1.55433380752, 4.23332826909, 4.23332826909, -4.9652292886,
  4.55280525806, -5.10991576707, 3.29073768328, 2.83554897567, -1.20594898519, 3.62069767983, -2.06910593186,
  4.55280525806, -2.38481605955, 4.23332826909, 4.55280525806, -1.42864370616, -3.78636221425, -3.14589998855]}};

describe('trees/AdaBoostClassifier (against scikit-learn)', () => {
  const { x, y } = tiny();
  for (const [algorithm, depth] of [['SAMME', 1], ['SAMME.R', 1]] as const) {
    it(`${algorithm} with depth-${depth} trees (stumps: no split ties) matches scikit-learn's weights and decision function`, () => {
      const model = new AdaBoostClassifier({ nEstimators: 10, learningRate: 0.8, algorithm, maxDepth: depth }).fit(x, y);
      const live = runPython(PY(algorithm, depth), { x, y }) as { weights: number[]; decision: number[] } | null;
      for (const ref of live ? [live, STORED[algorithm]] : [STORED[algorithm]]) {
        assert.equal(model.nEstimators_, ref.weights.length);
        if (algorithm === 'SAMME') ref.weights.forEach((w, k) => assert.ok(Math.abs(model.treeWeights_![k] - w) < 1e-5, `weight ${k}: ${model.treeWeights_![k]} vs ${w}`));
        const d = model.decisionFunction(x);
        ref.decision.forEach((v, i) => assert.ok(Math.abs(d[i] - v) < 1e-4 * Math.max(1, Math.abs(v)), `row ${i}: ${d[i]} vs ${v}`));
      }
      const p = model.predictProba(x);
      const d = model.decisionFunction(x);
      for (let i = 0; i < p.length; i++) assert.ok(Math.abs(p[i] - 1 / (1 + Math.exp(-d[i]))) < 1e-6);
    });
  }

  it('gives staged decisions ending at the final one', () => {
    const model = new AdaBoostClassifier({ nEstimators: 5 }).fit(x, y);
    const stages = [...model.stagedDecisionFunction(x)];
    assert.equal(stages.length, model.nEstimators_);
    assert.deepEqual(Array.from(stages[stages.length - 1]), Array.from(model.decisionFunction(x)));
  });

  it('stops and explains when a tree fits perfectly', () => {
    const sep = matrix(Float32Array.of(0, 1, 2, 3, 4, 5), 6, 1);
    const model = new AdaBoostClassifier({ nEstimators: 10 }).fit(sep, [0, 0, 0, 1, 1, 1]);
    assert.equal(model.nEstimators_, 1);
    assert.match(model.stopReason_!, /perfectly/);
  });
});
