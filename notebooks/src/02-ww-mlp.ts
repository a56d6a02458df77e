// %% [markdown]
// # 2 · H→WW: a multilayer perceptron
//
// In notebook 1 we saw that no single variable separates H→WW signal from WW background well. A
// **multilayer perceptron** (MLP) combines all of them: each layer computes `activation(W·x + b)`, and the
// last layer's sigmoid output is read as the probability that the event is signal. We train it by
// minimising the binary cross-entropy with the Adam optimiser.
//
// Plan, as in the TRISEP tutorial: choose the features, split the events 75 / 12.5 / 12.5 into
// training, validation and test sets, standardise the features (fit the scaler **on the training set
// only**), train, watch the training and validation loss for **overtraining**, compare the score
// distributions on training and test events, draw the ROC curve, and ask which features matter.

// %% tags=["parameters"]
let quick = false;
let events = 200000;
let seed = 42;
let dataPath = '';
let hidden = [64, 64];   // exercise 1: try [5] and [128, 128]
let learningRate = 1e-3; // exercise 2: try 1e-1
let dropout = 0;         // exercise 3: try 0.2
let epochs = 20;

// %%
import { loadDataset, initBackend, StandardScaler, trainValTestSplit, mlp, train, predict, rocCurve, rocAucScore,
  permutationImportance, show, table, record, plotHistory, plotScoreOverlay, plotRoc, plotBar, takeRows } from 'hepml-course';
await initBackend();
const raw = await loadDataset('ww', { path: dataPath, events: quick ? 20000 : events, seed: seed });
const lepN = raw.column('lep_n'), mcWeight = raw.column('mcWeight');
const ds = raw.filter(Array.from({ length: raw.length }, (_, i) => lepN[i] === 2 && mcWeight[i] > 0));

// %% [markdown]
// ## Features and splits
// The tutorial's ten features: missing transverse energy and its direction, the two leptons' pT, η and φ,
// the number of jets and the two leading jets' pT.

// %%
const features = ['met_et', 'met_phi', 'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1', 'jet_n', 'jet_pt_0', 'jet_pt_1'];
const x = ds.matrix(features);
const y = ds.labels!;
const split = trainValTestSplit(ds.length, { seed: seed, stratify: y });
const scaler = new StandardScaler().fit(takeRows(x, split.train));
const [xTrain, xVal, xTest] = [split.train, split.val, split.test].map((idx) => scaler.transform(takeRows(x, idx)));
const [yTrain, yVal, yTest] = [split.train, split.val, split.test].map((idx) => Int32Array.from(idx, (i) => y[i]));
show(table({ set: ['train', 'validation', 'test'], events: [xTrain.rows, xVal.rows, xTest.rows] }));

// %% [markdown]
// ## The network and its training
// `mlp` builds the layers; `train` runs the epochs with a progress bar and returns the loss per epoch.

// %%
const model = mlp({ inputs: features.length, hidden: hidden, dropout: dropout, outputs: 1, seed: seed });
const history = await train(model, { x: xTrain, y: yTrain }, {
  epochs: quick ? 3 : epochs, batchSize: 256, learningRate: learningRate, seed: seed, validationData: { x: xVal, y: yVal } });
show(plotHistory({ history: history.history, metrics: ['loss', 'accuracy'] }));

// %% [markdown]
// **Overtraining** shows up as a training loss that keeps falling while the validation loss rises. A
// second check compares the score distributions: if the network has memorised its training events, their
// scores are more extreme than those of unseen test events.

// %%
const scoreTrain = predict(model, xTrain), scoreTest = predict(model, xTest);
const pick = (s: Float32Array, yy: Int32Array, cls: number) => s.filter((_, i) => yy[i] === cls);
show(plotScoreOverlay({ trainSig: pick(scoreTrain, yTrain, 1), trainBkg: pick(scoreTrain, yTrain, 0),
  testSig: pick(scoreTest, yTest, 1), testBkg: pick(scoreTest, yTest, 0), bins: 40 }));

// %%
const auc = rocAucScore(yTest, scoreTest), aucTrain = rocAucScore(yTrain, scoreTrain);
const roc = rocCurve(yTest, scoreTest);
show(plotRoc({ curves: [{ label: `MLP ${JSON.stringify(hidden)}`, fpr: roc.fpr, tpr: roc.tpr, auc }], kind: 'tpr-fpr' }));
show(table({ set: ['train', 'test'], AUC: [aucTrain, auc] }));

// %% [markdown]
// **Your turn (graded, 2 points).** The AUC is the probability that a random signal event scores higher
// than a random background event, ties counting one half. Write `aucByRanks(labels, scores)` from scratch:
// sort the events by score, give each its rank (tied scores share their average rank), and use
// AUC = (R₁ − n₁(n₁ + 1)/2) / (n₁ n₀), with R₁ the sum of the signal ranks and n₁, n₀ the signal and
// background counts. The test compares it with `rocAucScore` on the test set.

// %% solution=auc-by-ranks
function aucByRanks(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  // BEGIN SOLUTION
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0, nPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;   // the average rank of the tied group i..j
    for (let k = i; k <= j; k++) if (labels[order[k]] === 1) { rankSum += rank; nPos++; }
    i = j + 1;
  }
  const nNeg = order.length - nPos;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
  // END SOLUTION
}

// %% test=test-auc-by-ranks points=2
const aucByHand = aucByRanks(yTest, scoreTest);
if (!(Math.abs(aucByHand - auc) < 1e-6)) throw new Error(`expected the AUC of rocAucScore, ${auc.toFixed(6)}, found ${aucByHand}`);
console.log(`aucByRanks = ${aucByHand.toFixed(4)}, as rocAucScore`);
// BEGIN HIDDEN TESTS
const aucTies = aucByRanks([0, 1, 0, 1], [0.1, 0.4, 0.4, 0.8]);   // pairs: 1 + 1/2 + 1 + 1 of 4
if (Math.abs(aucTies - 0.875) > 1e-12) throw new Error(`with a tie: expected 0.875, found ${aucTies}`);
// END HIDDEN TESTS

// %% [markdown]
// ## Which features matter?
// **Permutation importance**: shuffle one feature's column in the test set and measure how much the AUC
// drops. A feature the network ignores costs nothing when shuffled.

// %%
const importance = permutationImportance((m) => predict(model, m), xTest, yTest, { nRepeats: quick ? 1 : 3, seed: seed });
const order = features.map((f, j) => ({ f, v: importance.importancesMean[j] })).sort((a, b) => b.v - a.v);
show(plotBar({ labels: order.map((o) => o.f), values: order.map((o) => o.v), valueLabel: 'AUC drop when shuffled' }));
model.dispose();
record({ testAuc: auc, trainAuc: aucTrain, finalValLoss: history.history.val_loss![history.history.val_loss!.length - 1], topFeature: order[0].f });

// %% [markdown]
// ## Exercises
// 1. **Wider layers**: set `hidden = [5]`, then `[128, 128]`. How do the AUC and the gap between training
//    and validation loss change?
// 2. **Higher learning rate**: set `learningRate = 1e-1`. What happens to the loss curve, and why?
// 3. **Dropout**: with `hidden = [128, 128]`, set `dropout = 0.2`. Does the overtraining go away? What does
//    it cost?
//
// ## Summary
// A small MLP on eleven standardised features separates H→WW from WW better than any single variable. The
// validation loss and the train/test score overlays tell us whether it generalises; permutation
// importance tells us what it uses.
