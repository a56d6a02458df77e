// %% [markdown]
// # 5 · Photon jets versus QCD jets: a convolutional network on jet images
//
// A **jet image** treats the calorimeter as a camera: the energy deposited around the jet axis is binned
// in a 40 × 40 grid of (Δη, Δφ) pixels of 0.02 × 0.02, covering ±0.4 around the axis of R = 0.4 jets. This
// dataset has **five channels** per jet: all particles, photons, charged hadrons, neutral hadrons and
// tracks, stored as `[N, 5, 40, 40]` (channels first, NCHW, as PyTorch writes them); each pixel holds the
// pT in GeV deposited there.
//
// Photon jets (signal) are narrow and dominated by photons; QCD jets (background) are broader and
// richer in charged hadrons, but some of them are led by a hard π⁰ → γγ and look photon-like. A
// **convolutional network** learns such local patterns with small filters that slide over the image; the
// question is how much it adds over the classic single variables, the jet width and the photon energy
// fraction.
//
// *On the real data:* no reference figure is published with this tutorial. What must hold (and holds for
// the stand-in): the CNN on the five channels beats the best single summary variable by a clear margin,
// and neither is perfect.

// %% tags=["parameters"]
let quick = false;
let events = 10000;
let seed = 42;
let dataPath = '';   // an .npz with images [N,5,40,40] and labels [N]
let epochs = 6;

// %%
import { loadDataset, initBackend, nchwToNhwc, normalizeImages, meanImagesByClass, imageAt, jetWidth, channelFraction, trainTestSplit, takeRows, cnn, train, predict,
  rocCurve, rocAucScore, variableAucScore, rejectionWithUncertainty, show, table, record, plotImageGrid, plotHistory, plotRoc, plotClassHistograms } from 'hepml-course';
await initBackend();
const ds = await loadDataset('jet-images-gamma', { path: dataPath, events: quick ? 2000 : events, seed: seed });
const images = ds.tensors.images;           // shape [N, 5, 40, 40], pT [GeV] per pixel
const y = ds.labels;                        // 1 = photon jet, 0 = QCD jet
const classNames = ['QCD jets', 'photon jets'];
const channels = ['all', 'photons', 'charged hadrons', 'neutral hadrons', 'tracks'];
show(table({ jets: [ds.length], shape: [JSON.stringify(images.shape)], photonJets: [y.reduce((a, b) => a + b, 0)] }));

// %% [markdown]
// ## What the images look like
// One photon jet and one QCD jet, every channel, on a logarithmic colour scale (pixel pT in GeV).

// %%
for (const cls of [1, 0]) {
  const i = y.indexOf(cls);
  show(plotImageGrid({ images: channels.map((t, c) => ({ image: imageAt(images, i, c), title: t })), columns: 5, pixelSize: 0.02, log: true, title: cls ? 'a photon jet' : 'a QCD jet' }));
}

// %% [markdown]
// ## Average images, every channel
// The **mean** image of each class in each channel, on one colour scale per channel so that the two classes
// compare directly. Question 1 below asks which channel differs most.

// %%
for (let c = 0; c < channels.length; c++) {
  const mean = meanImagesByClass(images, y, { channel: c });   // mean[1]: photon jets, mean[0]: QCD jets
  show(plotImageGrid({ images: [{ image: mean[1], title: `photon jets: ${channels[c]}` }, { image: mean[0], title: `QCD jets: ${channels[c]}` }],
    sharedScale: true, pixelSize: 0.02, log: true, colorLabel: 'mean pixel pT [GeV]' }));
}

// %% [markdown]
// ## The baseline: the best single variable
// Before any network, the physicist's variables: the pT-weighted **jet width** Σ pT r / Σ pT (r from the jet
// axis) and the **photon energy fraction** (photon-channel pT over the jet pT). Each is used alone as a
// cut, in whichever direction separates; its ROC AUC is the number the CNN has to beat.

// %%
const variables = { 'jet width': jetWidth(images, { pixelSize: 0.02 }), 'photon energy fraction': channelFraction(images, 1) };
show(plotClassHistograms({ values: variables['jet width'], labels: y, classNames: classNames, bins: 30, range: [0, 0.15], density: true, xLabel: 'jet width Σ pT·r / Σ pT (r in Δη-Δφ)' }));
show(plotClassHistograms({ values: variables['photon energy fraction'], labels: y, classNames: classNames, bins: 40, range: [0, 1], density: true, xLabel: 'photon energy fraction pT(γ) / pT(jet)' }));

// %% [markdown]
// ## Image normalisation, then from NCHW to NHWC
// The jets have pT between 100 and 200 GeV, and that scale says nothing about photon or QCD. So each jet is
// **normalised**: every channel is divided by the jet's total pT (the sum of its "all" image), which then
// sums to 1, and the other channels become pT fractions of order one. TensorFlow.js convolutions expect
// channels **last**: `[N, 40, 40, 5]`; `nchwToNhwc` transposes the block once, before training.

// %%
const x = nchwToNhwc(normalizeImages(images));   // { data, shape: [N, 40, 40, 5] }, each jet's "all" channel sums to 1
const split = trainTestSplit(ds.length, { testSize: 0.25, seed: seed, stratify: y });
const model = cnn({ inputShape: [40, 40, 5], conv: [{ filters: 8, kernel: 3, pool: 2 }, { filters: 16, kernel: 3, pool: 2 }], dense: [32], dropout: 0.2, outputs: 1, seed: seed });
const yTrain = Int32Array.from(split.train, (i) => y[i]);
const history = await train(model, { x: takeRows(x, split.train), y: yTrain }, { epochs: quick ? 2 : epochs, batchSize: 128, learningRate: 1e-3, seed: seed, validationSplit: 0.1 });
show(plotHistory({ history: history.history, metrics: ['loss', 'accuracy'] }));

// %% [markdown]
// ## The CNN against the best single variable
// On the same test jets: the CNN's output per class, then the three ROC curves as background rejection 1/ε_B
// (log) against photon-jet efficiency ε_S, and the table with 1/ε_B at ε_S = 0.9 with its statistical
// uncertainty.

// %%
const scoreTest = predict(model, takeRows(x, split.test));
const yTest = Int32Array.from(split.test, (i) => y[i]);
const roc = rocCurve(yTest, scoreTest), auc = rocAucScore(yTest, scoreTest);
const rej = rejectionWithUncertainty(yTest, scoreTest, { signalEfficiency: 0.9 });
show(plotClassHistograms({ values: scoreTest, labels: yTest, classNames: classNames, bins: 40, range: [0, 1], density: true, logY: true, xLabel: 'CNN output (photon-jet probability, test jets)' }));
const single = Object.entries(variables).map(([name, v]) => {
  const values = Float32Array.from(split.test, (i) => v[i]), { auc, signalLow } = variableAucScore(yTest, values);
  const cut = signalLow ? values.map((t) => -t) : values;   // the cut in its separating direction
  return { name: name, auc: auc, signalLow: signalLow, roc: rocCurve(yTest, cut), rej: rejectionWithUncertainty(yTest, cut, { signalEfficiency: 0.9 }) };
}).sort((a, b) => b.auc - a.auc);
const best = single[0];

// %%
show(plotRoc({ curves: [{ label: 'CNN', fpr: roc.fpr, tpr: roc.tpr, auc: auc }, ...single.map((s) => ({ label: s.name, fpr: s.roc.fpr, tpr: s.roc.tpr, auc: s.auc }))], kind: 'rejection' }));
show(table({ classifier: ['CNN (5 channels)', ...single.map((s) => `${s.name} (photon jets ${s.signalLow ? 'low' : 'high'})`)], 'test AUC': [auc, ...single.map((s) => s.auc)],
  '1/ε_B at ε_S = 0.9': [rej, ...single.map((s) => s.rej)].map((r) => `${r.rejection.toFixed(2)} ± ${r.uncertainty.toFixed(2)}`) }));
model.dispose();
record({ testAuc: auc, rejectionAt90: rej.rejection, rejectionAt90Uncertainty: rej.uncertainty, aucCnn: auc, aucBestVariable: best.auc, bestVariable: best.name,
  aucJetWidth: single.find((s) => s.name === 'jet width').auc, aucPhotonFraction: single.find((s) => s.name === 'photon energy fraction').auc });

// %% [markdown]
// ## Questions and exercises
// 1. Which channel differs most between the two average images, and why?
// 2. Which single variable is the better cut, and by how much does the CNN beat it? Which QCD jets does
//    neither separate (think of the hard π⁰)?
// 3. Train without the normalisation (`nchwToNhwc(images)`, pixels in GeV). What changes in the loss curve
//    and the AUC?
// 4. Train on the "all" channel only (`inputShape: [40, 40, 1]`). How much do the other channels add?
// 5. Replace the CNN by an MLP on the flattened 8000 pixels. Compare AUC and the number of parameters.
//
// ## Summary
// Jet images turn jet substructure into a vision problem. Normalised per jet, the five channels feed a
// small CNN that separates narrow, photon-rich photon jets from QCD jets; the table above compares it with
// the best single variable, jet width or photon energy fraction. The lesson to check there: the CNN should
// win by a clear margin once it has trained long enough (`quick` trains two epochs), and neither is
// perfect, because some QCD jets are led by a hard π⁰.
