// %% [markdown]
// # 7 · Top tagging with a CNN on jet images
//
// The same top and QCD jets as notebook 6, now as **images**. The standard preprocessing:
// 1. **centre** the image on the jet's pT-weighted centroid in (η, φ);
// 2. **rotate** it so that the principal axis of the pT distribution points the same way in every jet;
// 3. **flip** it so that the hardest side is always on the same half;
// 4. **pixelate** into 40 × 40 bins of (Δη, Δφ), with constituent pT as the pixel intensity.
//
// After preprocessing, the three prongs of top jets line up; the average top image shows them, the average
// QCD image is a single blob. A convolutional network learns from these pictures (KIT exercise 2).

// %% tags=["parameters"]
let quick = false;
let events = 16000;
let seed = 42;
let dataPath = '';    // a top-tagging .h5 file with constituents (images are computed) or images
let epochs = 6;
let group = 'demo';
let modelName = 'cnn';

// %%
import { loadDataset, initBackend, jetImages, meanImage, imageAt, withChannel, takeSamples, trainValTestSplit, cnn, train, predict, rocCurve, rocAucScore,
  backgroundRejection, predictForCnnChallenge, show, table, record, plotImageGrid, plotHistory, plotRoc, plotHistograms } from 'hepml-course';
await initBackend();
const ds = await loadDataset('top-constituents', { path: dataPath, events: quick ? 4000 : events, seed: seed });
const y = ds.labels!;
const images = jetImages(ds.tensors.constituents, { pixels: 40 });   // { data, shape: [N, 40, 40] }
show(table({ jets: [ds.length], image: ['40 × 40'], topJets: [y.reduce((a, b) => a + b, 0)] }));

// %% [markdown]
// ## Single and average images

// %%
const idx = (cls: number, k: number) => { let seen = -1; for (let i = 0; i < y.length; i++) if (y[i] === cls && ++seen === k) return i; return 0; };
show(plotImageGrid({ images: [[1, 0], [1, 1], [0, 0], [0, 1]].map(([cls, k]) => ({ image: imageAt(images, idx(cls, k)), title: cls ? 'top' : 'QCD' })), log: true }));
show(plotImageGrid({ images: [{ image: meanImage(images, Array.from(y, (l) => l === 1)), title: 'top jets (mean)' },
  { image: meanImage(images, Array.from(y, (l) => l === 0)), title: 'QCD jets (mean)' }], log: true }));

// %% [markdown]
// ## The CNN
// Two convolution + max-pooling blocks, a dense layer and a sigmoid output. The images get a channel axis
// (`[N, 40, 40, 1]`) and are divided by their maximum pixel so the inputs are of order one.

// %%
const x = withChannel({ data: images.data.map((v) => v / 100), shape: images.shape });   // [N, 40, 40, 1]
const split = trainValTestSplit(ds.length, { seed: seed, stratify: y });
const model = cnn({ inputShape: [40, 40, 1], conv: [{ filters: 8, kernel: 4, pool: 2 }, { filters: 16, kernel: 4, pool: 2 }], dense: [64], dropout: 0.2, outputs: 1, seed: seed });
const [yTrain, yVal, yTest] = [split.train, split.val, split.test].map((idx) => Int32Array.from(idx, (i) => y[i]));
const history = await train(model, { x: takeSamples(x, split.train), y: yTrain }, { epochs: quick ? 2 : epochs, batchSize: 128, learningRate: 1e-3, seed: seed,
  validationData: { x: takeSamples(x, split.val), y: yVal } });
show(plotHistory({ history: history.history, metrics: ['loss', 'accuracy'] }));

// %%
const xTest = takeSamples(x, split.test);
const score = predict(model, xTest);
const roc = rocCurve(yTest, score), auc = rocAucScore(yTest, score);
const rejection = backgroundRejection(yTest, score, { signalEfficiency: 0.3 });
show(plotHistograms({ xLabel: 'CNN score (test jets)', bins: 40, density: true, series: [
  { label: 'top', values: score.filter((_, i) => yTest[i] === 1) }, { label: 'QCD', values: score.filter((_, i) => yTest[i] === 0) }] }));
show(plotRoc({ curves: [{ label: 'CNN', fpr: roc.fpr, tpr: roc.tpr, auc }], kind: 'rejection' }));
show(table({ AUC: [auc], '1/ε_B at ε_S = 0.3': [rejection] }));
record({ testAuc: auc, rejectionAt30: rejection });

// %% [markdown]
// ## The challenge
// As in notebook 6, write the predictions for the challenge's test jets (here: this notebook's test split).

// %%
const written = await predictForCnnChallenge(score, xTest, group, modelName);
model.dispose();
show(table({ file: [written.path], predictions: [written.rows], challenge: [written.challenge] }));

// %% [markdown]
// ## Questions and exercises
// 1. Which preprocessing step matters most? Turn off the rotation (`jetImages(..., { rotate: false })`)
//    and compare the average images and the AUC.
// 2. Compare with notebook 6: which tagger reaches the higher background rejection at ε_S = 0.3?
// 3. Make the network deeper (three convolution blocks). Does it help on this image size?
//
// ## Summary
// Preprocessed jet images line up the three-prong structure of top jets; a small CNN learns it directly
// from the pixels.
