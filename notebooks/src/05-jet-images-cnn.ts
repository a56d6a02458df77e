// %% [markdown]
// # 5 · Photon jets versus QCD jets: a convolutional network on jet images
//
// A **jet image** treats the calorimeter as a camera: the energy deposited around the jet axis is binned
// in a 40 × 40 grid of (Δη, Δφ) pixels. This dataset has **five channels** per jet: all particles,
// photons, charged hadrons, neutral hadrons and tracks, stored as `[N, 5, 40, 40]` (channels first, NCHW,
// as PyTorch writes them).
//
// Photon jets (signal) are narrow and dominated by photons; QCD jets (background) are broader and
// richer in charged hadrons. A **convolutional network** learns such local patterns with small filters
// that slide over the image.

// %% tags=["parameters"]
let quick = false;
let events = 10000;
let seed = 42;
let dataPath = '';   // an .npz with images [N,5,40,40] and labels [N]
let epochs = 6;

// %%
import { loadDataset, initBackend, nchwToNhwc, meanImage, trainTestSplit, takeSamples, cnn, train, predict, rocCurve, rocAucScore,
  backgroundRejection, show, table, record, plotImageGrid, plotHistory, plotRoc, plotHistograms } from 'hepml-course';
await initBackend();
const ds = await loadDataset('jet-images-gamma', { path: dataPath, events: quick ? 2000 : events, seed: seed });
const images = ds.tensors.images;           // shape [N, 5, 40, 40]
const y = ds.labels!;
show(table({ jets: [ds.length], shape: [JSON.stringify(images.shape)], photonJets: [y.reduce((a, b) => a + b, 0)] }));

// %% [markdown]
// ## What the images look like
// One photon jet and one QCD jet, every channel, on a logarithmic colour scale; then the **average** image
// of each class, where the difference in width is obvious.

// %%
const channels = ['all', 'photons', 'charged hadrons', 'neutral hadrons', 'tracks'];
const first = (cls: number) => y.indexOf(cls);
for (const cls of [1, 0]) {
  const jet = images.data.subarray(first(cls) * 5 * 1600, (first(cls) + 1) * 5 * 1600);
  show(plotImageGrid({ images: channels.map((t, c) => ({ image: jet.subarray(c * 1600, (c + 1) * 1600), title: t })), columns: 5, log: true, title: cls ? 'a photon jet' : 'a QCD jet' }));
}
const avg = (cls: number) => meanImage(images, Array.from(y, (l) => l === cls), { channel: 0 });
show(plotImageGrid({ images: [{ image: avg(1), title: 'photon jets (mean)' }, { image: avg(0), title: 'QCD jets (mean)' }], log: true }));

// %% [markdown]
// ## From NCHW to NHWC
// TensorFlow.js convolutions expect channels **last**: `[N, 40, 40, 5]`. `nchwToNhwc` transposes the
// block once, before training.

// %%
const x = nchwToNhwc(images);              // { data, shape: [N, 40, 40, 5] }
const split = trainTestSplit(ds.length, { testSize: 0.25, seed: seed, stratify: y });
const model = cnn({ inputShape: [40, 40, 5], conv: [{ filters: 8, kernel: 3, pool: 2 }, { filters: 16, kernel: 3, pool: 2 }], dense: [32], dropout: 0.2, outputs: 1, seed: seed });
const yTrain = Int32Array.from(split.train, (i) => y[i]);
const history = await train(model, { x: takeSamples(x, split.train), y: yTrain }, { epochs: quick ? 2 : epochs, batchSize: 128, learningRate: 1e-3, seed: seed, validationSplit: 0.1 });
show(plotHistory({ history: history.history, metrics: ['loss', 'accuracy'] }));

// %%
const scoreTest = predict(model, takeSamples(x, split.test));
const yTest = Int32Array.from(split.test, (i) => y[i]);
const roc = rocCurve(yTest, scoreTest), auc = rocAucScore(yTest, scoreTest);
const rejection = backgroundRejection(yTest, scoreTest, { signalEfficiency: 0.9 });
show(plotRoc({ curves: [{ label: 'CNN', fpr: roc.fpr, tpr: roc.tpr, auc }], kind: 'rejection' }));
show(plotHistograms({ xLabel: 'CNN score (test jets)', bins: 40, density: true, series: [
  { label: 'photon jets', values: scoreTest.filter((_, i) => yTest[i] === 1) }, { label: 'QCD jets', values: scoreTest.filter((_, i) => yTest[i] === 0) }] }));
model.dispose();
record({ testAuc: auc, rejectionAt90: rejection });

// %% [markdown]
// ## Questions and exercises
// 1. Which channel differs most between the two average images?
// 2. Train on the "all" channel only (`inputShape: [40, 40, 1]`). How much do the other channels add?
// 3. Replace the CNN by an MLP on the flattened 8000 pixels. Compare AUC and the number of parameters.
//
// ## Summary
// Jet images turn jet substructure into a vision problem; a small CNN separates narrow, photon-rich photon
// jets from QCD jets.
