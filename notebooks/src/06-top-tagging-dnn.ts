// %% [markdown]
// # 6 · Top tagging with a deep network on jet constituents
//
// At the LHC, top quarks with high momentum decay into a single wide jet: t → bW, W → qq̄′ gives **three
// prongs**, with a jet mass near the top mass (≈ 173 GeV) and a two-prong **W subjet** near 80 GeV. Jets
// from light quarks and gluons (QCD) are mostly one-prong and lighter. The *Top Quark Tagging Reference
// Dataset* (Kasieczka et al.) stores, for each jet with pT in 550–650 GeV, the four-momenta (E, px, py, pz)
// of its up to 200 constituents, ordered by pT and zero-padded, and the label `is_signal_new`.
//
// Tasks, numbered as in KIT exercise 1 (and the challenge, exercise 3.1):
// - **1.1** look at the data: what is stored for each jet, and how;
// - **1.2** compute the jet pT and the jet invariant mass from the constituents;
// - **1.3** the four components E, px, py, pz of the constituents at indices 0, 10, 30 and 70;
// - **1.4** read the network definition and answer the questions on it;
// - **1.5** train it and follow the loss and the accuracy epoch by epoch;
// - **1.6** evaluate it: output distributions, the ROC curve as **background rejection 1/ε_B** against
//   signal efficiency ε_S, and 1/ε_B at ε_S = 0.3 with its statistical uncertainty, the figure of merit
//   of the top-tagging papers;
// - **1.7** improve the architecture;
// - **3.1** the challenge: predict the unlabelled test jets and hand in at most five models per group.
//
// *On the real data* (Kasieczka et al., SciPost Phys. 7, 014 (2019)): a dense net on the raw leading 30
// constituents, as here, reaches AUC 0.93–0.97 and 1/ε_B(ε_S = 0.3) ≈ 80–300; the published TopoDNN
// (preprocessed constituents) 0.972 and ≈ 300, the best graph network 0.985 and ≈ 1300.

// %% tags=["parameters"]
let quick = false;
let events = 60000;
let seed = 42;
let dataPath = '';         // a top-tagging .h5 file (pandas table, key "table")
let nConstituents = 30;    // constituents fed to the network (4 numbers each)
let epochs = 15;
let group = 'demo';        // your group name for the challenge
let modelName = 'dnn';
let challengeDir = '';     // the student folder from `hepml challenge make top-tagging-dnn` (empty: make a practice one)

// %%
import { loadDataset, initBackend, jetPt, jetMass, constituentAt, constituentCount, constituentMatrix, trainValTestSplit, takeRows, mlp, train, predict,
  rocCurve, rocAucScore, rejectionWithUncertainty, loadChallengeTestSet, makePracticeChallenge, checkSubmissionQuota, groupSubmissions, predictForDnnChallenge,
  show, table, record, plotClassHistograms, plotPanels, plotHistory, plotRoc, plotTrainTestScores } from 'hepml-course';
await initBackend();
const ds = await loadDataset('top-constituents', { path: dataPath, events: quick ? 6000 : events, seed: seed });
const constituents = ds.tensors.constituents;   // [N, 200, 4]: E, px, py, pz
const y = ds.labels;                            // 1 = top, 0 = QCD
const classNames = ['QCD', 'top'];

// %% [markdown]
// ## 1.1 The data
// **Questions.** How many jets are there, and what fraction are top jets? What is stored for each jet
// (look at `constituents.shape`)? How is a jet with fewer than 200 constituents stored? Why are the
// constituents ordered by pT?

// %%
show(table({ jets: [ds.length], 'top jets': [y.reduce((a, b) => a + b, 0)], 'constituents shape': [JSON.stringify(constituents.shape)], source: [ds.source] }));
show(plotClassHistograms({ values: constituentCount(constituents), labels: y, classNames: classNames, bins: 120, range: [-0.5, 119.5], density: true, xLabel: 'constituents per jet (non-zero four-vectors; one bin per integer)', yLabel: 'fraction of jets' }));

// %% [markdown]
// ## 1.2 Jet pT and mass from the constituents
// The jet four-momentum is the sum of its constituents' four-momenta; pT = √(px² + py²) and
// m = √(E² − |p|²).

// %%
const pt = jetPt(constituents), mass = jetMass(constituents);
show(plotClassHistograms({ values: pt, labels: y, classNames: classNames, bins: 40, density: true, xLabel: 'jet pT [GeV]', yLabel: 'fraction / GeV' }));
show(plotClassHistograms({ values: mass, labels: y, classNames: classNames, bins: 50, range: [0, 300], density: true, xLabel: 'jet mass [GeV]', yLabel: 'fraction / GeV' }));

// %% [markdown]
// **Your turn (graded, 2 points).** Write `jetMassOf(c, j)`, the invariant mass of jet `j` from scratch:
// sum the four-momenta of its constituents and take m = √(E² − px² − py² − pz²). Constituent `k` of jet
// `j` sits at `c.data[(j * C + k) * 4 + 0..3]` (E, px, py, pz) with C = `c.shape[1]`; the padding is zeros.
// The test below compares it with the library's `jetMass`; run it to check your answer.

// %% solution=jet-mass
function jetMassOf(c: { data: Float32Array; shape: readonly number[] }, j: number): number {
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
// ## 1.3 The constituents one by one: E, px, py, pz
// The leading constituent (index 0) carries a large share of the jet's momentum: the calorimeter measures
// the hard core of a prong as one or two objects, so a QCD jet (one hard prong) often has one dominant
// constituent, while in a top jet three prongs share the momentum. By index 70 most jets have run out of
// constituents, and the zero padding shows up as a spike at 0. **Question:** which components differ
// between top and QCD jets, and at which index do the distributions stop carrying information?

// %%
for (const k of [0, 10, 30, 70]) {
  const f = constituentAt(constituents, k);   // { E, px, py, pz, pt } of constituent k in every jet
  show(plotPanels((['E', 'px', 'py', 'pz'] as const).map((c) => plotClassHistograms({ values: f[c], labels: y, classNames: classNames, bins: 40, density: true, logY: true,
    xLabel: `${c} of constituent ${k} [GeV]`, yLabel: 'fraction / GeV', width: 200, height: 150 })), { columns: 4 }));
}

// %% [markdown]
// ## 1.4 A DNN on the constituents
// Input: the four-momenta of the `nConstituents` leading constituents, divided by 100 GeV so the
// numbers are of order one; the jets are split 75 / 12.5 / 12.5 % into training, validation and test sets.
//
// **Questions** on the cell below:
// 1. How many hidden layers are there, with how many nodes each? How many parameters (printed below)?
// 2. What does `dropout: 0.2` do during training, and during prediction?
// 3. Which activation functions are used in the hidden layers and in the output node, and why a sigmoid
//    at the end?
// 4. Which loss function is minimised (`train` uses the binary cross-entropy for one output)?
// 5. Where are the number of epochs and the batch size set, and what do they mean? How many weight
//    updates does one epoch make?
// 6. Why not feed all 200 constituents?

// %%
const x = constituentMatrix(constituents, { first: nConstituents, scale: 1 / 100 });  // N × 4·nConstituents
const split = trainValTestSplit(ds.length, { seed: seed, stratify: y });
const [xTrain, xVal, xTest] = [split.train, split.val, split.test].map((idx) => takeRows(x, idx));
const [yTrain, yVal, yTest] = [split.train, split.val, split.test].map((idx) => Int32Array.from(idx, (i) => y[i]));
const model = mlp({ inputs: x.cols, hidden: [128, 64, 32], activation: 'relu', dropout: 0.2, outputs: 1, seed: seed });
show(table({ inputs: [x.cols], 'hidden layers': ['128, 64, 32 (relu)'], output: ['1 (sigmoid)'], parameters: [model.countParams()], 'training jets': [xTrain.rows] }));

// %% [markdown]
// ## 1.5 Training: loss and accuracy epoch by epoch
// `epochs` passes over the training set, in batches of 256 jets. The validation set is not trained on:
// its loss tells whether the network still learns something general.

// %%
const history = await train(model, { x: xTrain, y: yTrain }, { epochs: quick ? 2 : epochs, batchSize: 256, learningRate: 1e-3, seed: seed, validationData: { x: xVal, y: yVal } });
show(plotHistory({ history: history.history, metrics: ['loss', 'accuracy'] }));

// %% [markdown]
// ## 1.6 Evaluation
// The network's output on training jets (filled) and test jets (points): if they agree, the network has
// not learned the training sample by heart. Then the ROC curve in the papers' form, background
// rejection 1/ε_B (log scale) against signal efficiency ε_S, and 1/ε_B at ε_S = 0.3: it counts the QCD
// jets that pass, so it carries a binomial uncertainty, large when few of them pass.

// %%
const score = predict(model, xTest), scoreTrain = predict(model, xTrain);
const roc = rocCurve(yTest, score), auc = rocAucScore(yTest, score);
const rej = rejectionWithUncertainty(yTest, score, { signalEfficiency: 0.3 });
show(plotTrainTestScores({ train: { scores: scoreTrain, labels: yTrain }, test: { scores: score, labels: yTest }, bins: 40, xLabel: 'DNN output (top probability)' }));
show(plotRoc({ curves: [{ label: 'DNN', fpr: roc.fpr, tpr: roc.tpr, auc }], kind: 'rejection' }));
show(table({ AUC: [auc], '1/ε_B at ε_S = 0.3': [`${rej.rejection.toFixed(1)} ± ${rej.uncertainty.toFixed(1)}`], 'QCD test jets passing': [rej.backgroundPassing.toFixed(1)], 'QCD test jets': [rej.background] }));
record({ testAuc: auc, rejectionAt30: rej.rejection, rejectionAt30Uncertainty: rej.uncertainty });

// %% [markdown]
// ## 1.7 Improving the architecture
// One attempt: a wider first layer, one more hidden layer and more dropout, trained the same way. It is
// compared on the **validation** set, so the test set stays untouched for the final number. Try your own:
// more constituents, other widths, batch normalisation (`batchNorm: true`), another learning rate.

// %%
const model2 = mlp({ inputs: x.cols, hidden: [256, 128, 64, 32], activation: 'relu', dropout: 0.3, outputs: 1, seed: seed });
const history2 = await train(model2, { x: xTrain, y: yTrain }, { epochs: quick ? 2 : epochs, batchSize: 256, learningRate: 1e-3, seed: seed, validationData: { x: xVal, y: yVal } });
const score2 = predict(model2, xTest), roc2 = rocCurve(yTest, score2), auc2 = rocAucScore(yTest, score2);
const rej2 = rejectionWithUncertainty(yTest, score2, { signalEfficiency: 0.3 });
const valAuc = [rocAucScore(yVal, predict(model, xVal)), rocAucScore(yVal, predict(model2, xVal))];
show(plotRoc({ curves: [{ label: 'DNN 128-64-32', fpr: roc.fpr, tpr: roc.tpr, auc: auc }, { label: 'DNN 256-128-64-32', fpr: roc2.fpr, tpr: roc2.tpr, auc: auc2 }], kind: 'rejection' }));
show(table({ network: ['128-64-32, dropout 0.2', '256-128-64-32, dropout 0.3'], parameters: [model.countParams(), model2.countParams()], 'validation AUC': valAuc,
  'test AUC': [auc, auc2], '1/ε_B at ε_S = 0.3': [rej, rej2].map((r) => `${r.rejection.toFixed(1)} ± ${r.uncertainty.toFixed(1)}`) }));
record({ testAucImproved: auc2, rejectionAt30Improved: rej2.rejection });

// %% [markdown]
// ## 3.1 The challenge
// Your instructor runs `hepml challenge make top-tagging-dnn --out DIR` and hands out `DIR/student`: the
// test jets without labels (`test_features.npy`, [N, 200, 4]), their ids and the rules. Set `challengeDir`
// to that folder; left empty, the notebook makes a practice folder with the same command (another seed).
// The network with the better **validation** AUC predicts every test jet, prepared exactly as its training
// jets, and `predictForDnnChallenge` writes `submission_predictions/<group>__<model>.npy`, checked with the
// grader's own validator. The rules allow **at most five models per group**: the cell refuses a sixth.

// %%
const test = loadChallengeTestSet(challengeDir || makePracticeChallenge('top-tagging-dnn', { events: quick ? 500 : 2000 }));
const best = valAuc[1] > valAuc[0] ? model2 : model;
checkSubmissionQuota(group, modelName, { maxPerGroup: test.challenge.maxPerGroup });   // at most five models per group
const xChallenge = constituentMatrix(test.features, { first: nConstituents, scale: 1 / 100 });   // the same inputs as in training
const written = await predictForDnnChallenge(predict(best, xChallenge), xChallenge, group, modelName, { challenge: test.dir });
model.dispose(); model2.dispose();
show(table({ file: [written.path], 'test jets': [written.rows], challenge: [written.challenge], 'your submissions': [groupSubmissions(group).files.join(', ')] }));
record({ challengeRows: written.rows });

// %% [markdown]
// ## Questions and exercises
// - **1.1** What does a zero four-vector in the constituent list mean?
// - **1.2** Where does the top-jet mass peak, and what is the shoulder near 80 GeV?
// - **1.3** At which constituent index do top and QCD jets stop differing? Why does that matter for
//   choosing `nConstituents`?
// - **1.4** Answer the six questions above the network cell.
// - **1.5** Is there overtraining? Compare the training and validation loss curves; train for more epochs.
// - **1.6** How large is the uncertainty of your 1/ε_B, and how many QCD jets does it rest on? How many
//   test jets would you need to halve it?
// - **1.7** How does the AUC change with `nConstituents` = 10, 30, 100? Add the jet mass and pT as extra
//   inputs: does the network already "know" them? Compare your best rejection with the published taggers
//   (TopoDNN ≈ 300, the best ≈ 1300 at ε_S = 0.3 on the real data): why is yours lower?
// - **3.1** Submit your best model; then try up to four more and submit them under other `modelName`s.
//
// ## Summary
// Jet pT and mass come straight from the constituents; a DNN on the leading constituents learns the
// three-prong structure of top jets, measured as AUC and as background rejection at 30 % signal
// efficiency with its statistical uncertainty; the challenge ranks the predictions on unlabelled jets.
