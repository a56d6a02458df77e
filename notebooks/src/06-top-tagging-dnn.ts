// %% [markdown]
// # 6 · Top tagging with a deep network on jet constituents
//
// At the LHC, top quarks with high momentum decay into a single wide jet: t → bW, W → qq̄′ gives **three
// prongs**, with a jet mass near the top mass (≈ 173 GeV) and a two-prong **W subjet** near 80 GeV. Jets
// from light quarks and gluons (QCD) are mostly one-prong and lighter. The *Top Quark Tagging Reference
// Dataset* (Kasieczka et al.) stores, for each jet with pT in 550–650 GeV, the four-momenta (E, px, py, pz)
// of its up to 200 constituents, ordered by pT and zero-padded, and the label `is_signal_new`.
//
// Tasks (KIT exercise 1):
// 1. compute the jet pT and the jet invariant mass from the constituents;
// 2. look at constituent distributions at indices 0, 10, 30 and 70;
// 3. train a DNN (dense layers + dropout) on the constituents;
// 4. evaluate it: loss and accuracy history, output distributions, ROC-AUC and the **background rejection
//    1/ε_B at 30% signal efficiency**, the figure of merit of the top-tagging papers;
// 5. write your predictions on the challenge test set.

// %% tags=["parameters"]
let quick = false;
let events = 60000;
let seed = 42;
let dataPath = '';         // a top-tagging .h5 file (pandas table, key "table")
let nConstituents = 30;    // constituents fed to the network (4 numbers each)
let epochs = 15;
let group = 'demo';        // your group name for the challenge
let modelName = 'dnn';

// %%
import { loadDataset, initBackend, jetPt, jetMass, constituentAt, constituentMatrix, trainValTestSplit, takeRows, mlp, train, predict,
  rocCurve, rocAucScore, backgroundRejection, predictForDnnChallenge, show, table, record, plotHistograms, plotHistory, plotRoc,
  plotScoreOverlay } from 'hepml-course';
await initBackend();
const ds = await loadDataset('top-constituents', { path: dataPath, events: quick ? 6000 : events, seed: seed });
const constituents = ds.tensors.constituents;   // [N, 200, 4]: E, px, py, pz
const y = ds.labels!;
const isTop = Array.from(y, (l) => l === 1);

// %% [markdown]
// ## Task 1: jet pT and mass from the constituents
// The jet four-momentum is the sum of its constituents' four-momenta; pT = √(px² + py²) and
// m = √(E² − |p|²).

// %%
const pt = jetPt(constituents), mass = jetMass(constituents);
const bySample = (v: ArrayLike<number>) => [{ label: 'top', values: Float32Array.from(v).filter((_, i) => isTop[i]) }, { label: 'QCD', values: Float32Array.from(v).filter((_, i) => !isTop[i]) }];
show(plotHistograms({ series: bySample(pt), bins: 40, density: true, xLabel: 'jet pT [GeV]' }));
show(plotHistograms({ series: bySample(mass), bins: 50, range: [0, 300], density: true, xLabel: 'jet mass [GeV]' }));

// %% [markdown]
// **Your turn (graded, 2 points).** Write `jetMassOf(c, j)`, the invariant mass of jet `j` from scratch:
// sum the four-momenta of its constituents and take m = √(E² − px² − py² − pz²). Constituent `k` of jet
// `j` sits at `c.data[(j * C + k) * 4 + 0..3]` (E, px, py, pz) with C = `c.shape[1]`; the padding is zeros.
// The test below compares it with the library's `jetMass`; run it to check your answer.

// %% solution=jet-mass
function jetMassOf(c: { data: Float32Array; shape: number[] }, j: number): number {
  // BEGIN SOLUTION
  const nC = c.shape[1];
  let e = 0, px = 0, py = 0, pz = 0;
  for (let k = 0; k < nC; k++) {
    const o = (j * nC + k) * 4;
    e += c.data[o]; px += c.data[o + 1]; py += c.data[o + 2]; pz += c.data[o + 3];
  }
  return Math.sqrt(Math.max(0, e * e - px * px - py * py - pz * pz));
  // END SOLUTION
}

// %% test=test-jet-mass points=2
for (const j of [0, 1, 2, 10]) {
  const m = jetMassOf(constituents, j);
  if (!(Math.abs(m - mass[j]) <= 1e-3 * Math.max(1, mass[j]))) throw new Error(`jet ${j}: expected ${mass[j].toFixed(3)} GeV (jetMass), found ${m}`);
}
console.log('jetMassOf agrees with jetMass on jets 0, 1, 2 and 10');
// BEGIN HIDDEN TESTS
const backToBack = { data: Float32Array.from([50, 50, 0, 0, 50, -50, 0, 0, 0, 0, 0, 0]), shape: [1, 3, 4] };
if (Math.abs(jetMassOf(backToBack, 0) - 100) > 1e-9) throw new Error(`two back-to-back 50 GeV photons: expected 100 GeV, found ${jetMassOf(backToBack, 0)}`);
// END HIDDEN TESTS

// %% [markdown]
// ## Task 2: the constituents one by one
// The leading constituent (index 0) carries a large share of the jet's momentum; by index 70 most jets have
// run out of constituents (the zero padding).

// %%
for (const k of [0, 10, 30, 70]) {
  const f = constituentAt(constituents, k);   // { E, px, py, pz, pt } of constituent k in every jet
  show(plotHistograms({ series: bySample(f.pt), bins: 40, density: true, logY: true, xLabel: `pT of constituent ${k} [GeV]` }));
}

// %% [markdown]
// ## Task 3: a DNN on the constituents
// Input: the four-momenta of the `nConstituents` leading constituents, divided by 100 GeV so the
// numbers are of order one. Questions: why not feed all 200? How many parameters does the network have?

// %%
const x = constituentMatrix(constituents, { first: nConstituents, scale: 1 / 100 });  // N × 4·nConstituents
const split = trainValTestSplit(ds.length, { seed: seed, stratify: y });
const [xTrain, xVal, xTest] = [split.train, split.val, split.test].map((idx) => takeRows(x, idx));
const [yTrain, yVal, yTest] = [split.train, split.val, split.test].map((idx) => Int32Array.from(idx, (i) => y[i]));
const model = mlp({ inputs: x.cols, hidden: [128, 64, 32], dropout: 0.2, outputs: 1, seed: seed });
const history = await train(model, { x: xTrain, y: yTrain }, { epochs: quick ? 2 : epochs, batchSize: 256, learningRate: 1e-3, seed: seed, validationData: { x: xVal, y: yVal } });
show(plotHistory({ history: history.history, metrics: ['loss', 'accuracy'] }));

// %% [markdown]
// ## Task 4: evaluation

// %%
const score = predict(model, xTest), scoreTrain = predict(model, xTrain);
const roc = rocCurve(yTest, score), auc = rocAucScore(yTest, score);
const rejection = backgroundRejection(yTest, score, { signalEfficiency: 0.3 });
show(plotScoreOverlay({ trainSig: scoreTrain.filter((_, i) => yTrain[i] === 1), trainBkg: scoreTrain.filter((_, i) => yTrain[i] === 0),
  testSig: score.filter((_, i) => yTest[i] === 1), testBkg: score.filter((_, i) => yTest[i] === 0), bins: 40 }));
show(plotRoc({ curves: [{ label: 'DNN', fpr: roc.fpr, tpr: roc.tpr, auc }], kind: 'rejection' }));
show(table({ AUC: [auc], '1/ε_B at ε_S = 0.3': [rejection] }));
record({ testAuc: auc, rejectionAt30: rejection });

// %% [markdown]
// ## Task 5: the challenge
// Your instructor gives you the challenge's test jets (no labels). `predictForDnnChallenge` applies your
// model to them and writes `submission_predictions/<group>__<name>.npy`, checked with the same validator
// the grader uses. Here, without the instructor's file, it uses this notebook's own test split to show
// the format.

// %%
const written = await predictForDnnChallenge((m) => predict(model, { data: m.data, rows: m.rows!, cols: m.cols! }), xTest, group, modelName);
model.dispose();
show(table({ file: [written.path], predictions: [written.rows], challenge: [written.challenge] }));

// %% [markdown]
// ## Questions
// 1. (1.4) How does the AUC change with `nConstituents` = 10, 30, 100?
// 2. (1.5) Add the jet mass and pT as extra inputs. Does the network already "know" them?
// 3. (1.6) Is there overtraining? Compare the training and validation loss curves.
// 4. (1.7) What background rejection do the published taggers reach at ε_S = 0.3 (≈ 1/ε_B of 1000 for the
//    best)? Why is yours lower?
//
// ## Summary
// Jet pT and mass come straight from the constituents; a DNN on the leading constituents learns the
// three-prong structure of top jets, measured as AUC and background rejection at 30% signal efficiency.
