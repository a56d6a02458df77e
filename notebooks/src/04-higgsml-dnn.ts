// %% [markdown]
// # 4 · The HiggsML challenge with a dense neural network
//
// The same H→ττ events as notebook 3, now with a **fully connected network**. A network needs two things
// the trees did not:
// - **no −999 values**: we replace an undefined feature by the training mean of its defined values and add
//   nothing else (try adding indicator features as an exercise);
// - **normalised inputs**: every feature standardised to mean 0 and variance 1 on the training set.
//
// We train with the binary cross-entropy, evaluate on a validation set after every epoch, keep the
// weights of the epoch with the **lowest validation loss** (best-model selection), and compare with the
// gradient-boosted trees on the ROC curve and the AMS.

// %% tags=["parameters"]
let quick = false;
let events = 250000;
let seed = 42;
let dataPath = '';
let epochs = 30;
let hidden = [128, 64, 32];

// %%
import { loadDataset, initBackend, trainValTestSplit, takeRows, replaceSentinel, sentinelFreeMeans, StandardScaler, mlp, train, predict, earlyStopping,
  GradientBoostingClassifier, rocCurve, rocAucScore, amsScan, show, table, record, plotHistory, plotRoc, plotLine } from 'hepml-course';
await initBackend();
const ds = await loadDataset('higgsml', { path: dataPath, events: quick ? 20000 : events, seed: seed });
const features = ds.columnNames.filter((c) => c.startsWith('DER_') || c.startsWith('PRI_'));
const x = ds.matrix(features), y = ds.labels!, w = ds.weights!;
const split = trainValTestSplit(ds.length, { seed: seed, stratify: y, valSize: 0.15, testSize: 0.3 });
const [yTrain, yVal, yTest] = [split.train, split.val, split.test].map((idx) => Int32Array.from(idx, (i) => y[i]));

// %% [markdown]
// ## Preparing the inputs
// `sentinelFreeMeans` computes the mean of the defined values of each feature **on the training set**;
// `replaceSentinel` fills the −999 entries with those means; `StandardScaler` then normalises. Both are fitted on training events
// only and applied unchanged to validation and test events.

// %%
const means = sentinelFreeMeans(takeRows(x, split.train), -999);
const fill = (idx: Int32Array) => replaceSentinel(takeRows(x, idx), { sentinel: -999, with: means });
const scaler = new StandardScaler().fit(fill(split.train));
const prep = (idx: Int32Array) => scaler.transform(fill(idx));
const [xTrain, xVal, xTest] = [split.train, split.val, split.test].map(prep);

// %% [markdown]
// ## Training with best-model selection
// `restoreBestWeights` keeps the weights of the epoch with the lowest validation loss, like a Keras
// `ModelCheckpoint(save_best_only=True)` followed by reloading it.

// %%
const model = mlp({ inputs: features.length, hidden: hidden, activation: 'relu', dropout: 0.1, outputs: 1, seed: seed });
const history = await train(model, { x: xTrain, y: yTrain }, { epochs: quick ? 3 : epochs, batchSize: 512, learningRate: 1e-3, seed: seed,
  validationData: { x: xVal, y: yVal }, callbacks: [earlyStopping({ patience: 5, restoreBestWeights: true })] });
show(plotHistory({ history: history.history, metrics: ['loss', 'accuracy'] }));

// %% [markdown]
// ## Network versus boosted trees

// %%
const gbt = new GradientBoostingClassifier({ nEstimators: quick ? 30 : 200, maxDepth: 5, learningRate: 0.1, seed: seed })
  .fit(takeRows(x, split.train), yTrain);
const scores = { DNN: predict(model, xTest), 'gradient boosting': gbt.predictProba(takeRows(x, split.test)) };
const curves = Object.entries(scores).map(([label, s]) => { const r = rocCurve(yTest, s); return { label, fpr: r.fpr, tpr: r.tpr, auc: rocAucScore(yTest, s) }; });
show(plotRoc({ curves, kind: 'tpr-fpr' }));

// %%
const wTest = Float64Array.from(split.test, (i) => w[i]);
const totals = { signal: 0, background: 0 };
for (let i = 0; i < y.length; i++) if (y[i] === 1) totals.signal += w[i]; else totals.background += w[i];
const scans = Object.entries(scores).map(([label, s]) => ({ label, scan: amsScan(yTest, s, wTest, { bReg: 10, totals }) }));
const grid = Float64Array.from({ length: 99 }, (_, k) => (k + 1) / 100);   // common thresholds for both curves
const amsAt = (sc: { thresholds: Float64Array; ams: Float64Array }, t: number) => { let k = 0; while (k < sc.thresholds.length - 1 && sc.thresholds[k] > t) k++; return sc.ams[k]; };
show(plotLine({ x: grid, series: scans.map((s) => ({ label: s.label, y: Array.from(grid, (t) => amsAt(s.scan, t)) })), xLabel: 'threshold', yLabel: 'AMS' }));
show(table({ model: scans.map((s) => s.label), AUC: curves.map((c) => c.auc), 'best AMS': scans.map((s) => s.scan.best.ams) }));
model.dispose();
record({ aucDnn: curves[0].auc, aucGbt: curves[1].auc, amsDnn: scans[0].scan.best.ams, amsGbt: scans[1].scan.best.ams, epochsRun: history.epoch.length });

// %% [markdown]
// ## Questions and exercises
// 1. At which epoch was the validation loss lowest? Would the last epoch's weights have been worse?
// 2. Add, for each feature that can be −999, an indicator feature "is undefined". Does the AUC improve?
// 3. Which wins on AUC, which on AMS? Why can they disagree?
// 4. Train the network on `log(1 + x)` of the momentum-like features (those ending in `_pt`, `_met`,
//    `_sumet`, `_mass_*`). Does it help?
//
// ## Summary
// A dense network needs sentinel handling and normalisation, and best-model selection on a validation set
// protects it from overtraining. On this tabular problem boosted trees remain a strong baseline.
