// %% [markdown]
// # 8 · SHiP: heavy neutral leptons against neutrino background
//
// The SHiP experiment searches for **heavy neutral leptons** (HNL), long-lived particles that would decay
// inside its vacuum vessel, e.g. **HNL → π μ**. The main background are **neutrino deep-inelastic
// scatterings** (DIS) in the material around the vessel that produce two charged tracks. The SHiP ML
// template gives the kinematics of reconstructed two-track candidates in two files: signal
// (`kinematic_variables_HNLtoPimu.dat`) and background (`kinematic_variables_Back.dat`), comma-separated
// with `", "` and spaces in the column names.
//
// Signal tracks come from a **common vertex** far from any material and point back to the target, so they
// have a small **distance of closest approach** (DOCA) and a small **impact parameter**.
//
// The template's recipe: four features, standardised and decorrelated with **PCA (whitened)** fitted on
// the merged sample, a **balanced** training sample (80% of the smaller class, the same number from the
// larger), a 25-20-15 MLP with dropout 0.05, 100 epochs with batch size 100, keeping the weights with the
// best validation loss; then the ROC curve and the score threshold for a target signal efficiency.

// %% tags=["parameters"]
let quick = false;
let events = 8000;
let seed = 42;
let dataPath = '';       // a folder containing the two kinematic_variables_*.dat files
let epochs = 100;
let targetEfficiency = 0.9;

// %%
import { loadDataset, initBackend, StandardScaler, PCA, Pipeline, balancedSample, takeRows, mlp, train, predict, modelCheckpoint, rocCurve,
  rocAucScore, thresholdAtEfficiency, show, table, record, plotHistory, plotRoc, plotHistograms } from 'hepml-course';
await initBackend();
const ds = await loadDataset('ship-hnl', { path: dataPath, events: quick ? 2000 : events, seed: seed });
const features = ['Mother Total Momentum (GeV/c)', 'Opening Angle (rad)', 'Impact Parameter (cm)', 'DOCA (cm)'];
show(table({ candidates: [ds.length], signal: [ds.labels!.reduce((a, b) => a + b, 0)], source: [ds.source] }));

// %% [markdown]
// ## The features, signal against background

// %%
const y = ds.labels!;
for (const f of features) {
  const v = ds.column(f);
  show(plotHistograms({ xLabel: f, bins: 40, density: true, logY: f !== 'Opening Angle (rad)', series: [
    { label: 'HNL → πμ', values: v.filter((_, i) => y[i] === 1) }, { label: 'ν DIS', values: v.filter((_, i) => y[i] === 0) }] }));
}

// %% [markdown]
// ## Scaling and PCA on the merged sample; a balanced training set
// As in the template, the scaler and the PCA are fitted on **all** candidates (signal and background
// merged) before the split. (Question: what would be cleaner, and does it matter here?)

// %%
const prep = new Pipeline([new StandardScaler(), new PCA({ whiten: true })]);
const x = prep.fitTransform(ds.matrix(features));
const sample = balancedSample(y, { fraction: 0.8, seed: seed });          // { train, test } index arrays
const xTrain = takeRows(x, sample.train), yTrain = Int32Array.from(sample.train, (i) => y[i]);
const xTest = takeRows(x, sample.test), yTest = Int32Array.from(sample.test, (i) => y[i]);
show(table({ set: ['train', 'test'], events: [xTrain.rows, xTest.rows], signal: [yTrain.reduce((a, b) => a + b, 0), yTest.reduce((a, b) => a + b, 0)] }));

// %% [markdown]
// ## The 25-20-15 network with a best-validation-loss checkpoint
// `checkpoint` saves the weights to disk whenever the validation loss improves; after training we reload
// the best ones, as the template does with Keras' `ModelCheckpoint`.

// %%
const model = mlp({ inputs: features.length, hidden: [25, 20, 15], dropout: 0.05, outputs: 1, seed: seed });
const history = await train(model, { x: xTrain, y: yTrain }, { epochs: quick ? 5 : epochs, batchSize: 100, learningRate: 1e-3, seed: seed,
  validationSplit: 0.2, callbacks: [modelCheckpoint({ path: 'checkpoints/ship-hnl', restoreAtEnd: true })] });
show(plotHistory({ history: history.history, metrics: ['loss'] }));

// %% [markdown]
// ## ROC curve, zoomed on the high-efficiency corner, and the working point

// %%
const score = predict(model, xTest);
const roc = rocCurve(yTest, score), auc = rocAucScore(yTest, score);
show(plotRoc({ curves: [{ label: 'MLP', fpr: roc.fpr, tpr: roc.tpr, auc }], kind: 'tpr-fpr', zoom: { x: [0, 0.2], y: [0.8, 1] } }));
const wp = thresholdAtEfficiency(yTest, score, { signalEfficiency: targetEfficiency });
show(table({ threshold: [wp.threshold], 'signal efficiency': [wp.signalEfficiency], 'background efficiency': [wp.backgroundEfficiency] }));

// %% [markdown]
// ## Scores per event type
// The background file mixes several kinds of neutrino interactions (`Event Type`). Which ones look most
// like signal?

// %%
const testType = Float32Array.from(sample.test, (i) => ds.column('Event Type')[i]);
const types = [...new Set(testType)].sort((a, b) => a - b);
show(plotHistograms({ xLabel: 'network score', bins: 40, density: true, logY: true,
  series: types.map((t) => ({ label: `Event Type ${t}`, values: score.filter((_, i) => testType[i] === t) })) }));
model.dispose();
record({ testAuc: auc, threshold: wp.threshold, signalEfficiency: wp.signalEfficiency, backgroundEfficiency: wp.backgroundEfficiency });

// %% [markdown]
// ## Questions and exercises
// 1. Remove DOCA from the features. How much does the background efficiency at 90% signal efficiency grow?
// 2. Fit the scaler and the PCA on the training sample only. Does the result change?
// 3. What does whitening do to the four features' correlation matrix?
//
// ## Summary
// Four kinematic features, whitened with PCA, and a small MLP with a best-validation checkpoint separate
// HNL → πμ decays from neutrino DIS; the working point is chosen for a target signal efficiency.
