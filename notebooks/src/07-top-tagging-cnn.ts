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
// QCD image is a single blob. A convolutional network learns from these pictures. Tasks, numbered as in
// KIT exercise 2 (and the challenge, exercise 3.1):
// - **2.1** look at single and average images of top and QCD jets and explain their differences;
// - **2.2** read the CNN and say what its convolution, pooling and flatten layers do;
// - train and evaluate it (ROC as background rejection, 1/ε_B at ε_S = 0.3 with its uncertainty);
// - **3.1** predict the unlabelled challenge images and hand in at most five models per group.
//
// *On the real data* (Kasieczka et al., SciPost Phys. 7, 014 (2019)): a CNN on jet images reaches AUC
// 0.981 and 1/ε_B(ε_S = 0.3) ≈ 900; a linear discriminant on the same images 0.955 and ≈ 150. A small CNN
// trained for a few epochs, as here, realistically lands at AUC 0.95–0.985 and 1/ε_B ≈ 150–1000.

// %% tags=["parameters"]
let quick = false;
let events = 16000;
let seed = 42;
let dataPath = '';    // a top-tagging .h5 file with constituents (images are computed) or images
let epochs = 6;
let group = 'demo';
let modelName = 'cnn';
let challengeDir = '';   // the student folder from `hepml challenge make top-tagging-cnn` (empty: make a practice one)

// %%
import { loadDataset, initBackend, jetImages, meanImagesByClass, firstImages, withChannel, takeRows, trainValTestSplit, cnn, train, predict, rocCurve, rocAucScore,
  rejectionWithUncertainty, loadChallengeTestSet, makePracticeChallenge, checkSubmissionQuota, groupSubmissions, predictForCnnChallenge, show, table, record,
  plotImageGrid, plotHistory, plotRoc, plotClassHistograms } from 'hepml-course';
await initBackend();
const ds = await loadDataset('top-constituents', { path: dataPath, events: quick ? 4000 : events, seed: seed });
const y = ds.labels;                                                   // 1 = top, 0 = QCD
const images = jetImages(ds.tensors.constituents, { pixels: 40 });   // { data, shape: [N, 40, 40] }: pT [GeV] per pixel of 0.04 × 0.04
show(table({ jets: [ds.length], image: ['40 × 40'], topJets: [y.reduce((a, b) => a + b, 0)] }));

// %% [markdown]
// ## 2.1 Single and average images
// The images span ±0.8 in Δη and Δφ (the R = 0.8 jets) in 40 × 40 pixels of 0.04 × 0.04; the colour is the
// pixel's pT in GeV on a log scale. **Question 2.1:** explain the differences between the average top and
// QCD images. Where do the second and third prongs sit, and why there? Why is a single jet so much
// sparser than the average?

// %%
const single = [1, 0].flatMap((cls) => firstImages(images, y, { label: cls, count: 2 }).map((image) => ({ image: image, title: cls ? 'a top jet' : 'a QCD jet' })));
show(plotImageGrid({ images: single, pixelSize: 0.04, log: true }));
const mean = meanImagesByClass(images, y);   // mean[1]: top jets, mean[0]: QCD jets
show(plotImageGrid({ images: [{ image: mean[1], title: 'top jets (mean)' }, { image: mean[0], title: 'QCD jets (mean)' }], pixelSize: 0.04, log: true, colorLabel: 'mean pixel pT [GeV]' }));

// %% [markdown]
// ## 2.2 The CNN
// Two convolution + max-pooling blocks, a dense layer and a sigmoid output. The images get a channel axis
// (`[N, 40, 40, 1]`) and every pixel pT is divided by 100 GeV, one fixed scale for all jets, so the inputs
// are of order one (the hardest pixels carry a few hundred GeV).
//
// **Questions 2.2:** what does a **convolution** layer compute (8 filters of 4 × 4 pixels: what does one
// filter respond to, and how many weights does it have)? What does **max pooling** (2 × 2) do to the image
// size, and why does it help against small shifts of the prongs? What does the **flatten** step before the
// dense layer do, and how many numbers does it pass on?

// %%
const x = withChannel({ data: images.data.map((v) => v / 100), shape: images.shape });   // [N, 40, 40, 1]
const split = trainValTestSplit(ds.length, { seed: seed, stratify: y });
const model = cnn({ inputShape: [40, 40, 1], conv: [{ filters: 8, kernel: 4, pool: 2 }, { filters: 16, kernel: 4, pool: 2 }], dense: [64], dropout: 0.2, outputs: 1, seed: seed });
const [yTrain, yVal, yTest] = [split.train, split.val, split.test].map((idx) => Int32Array.from(idx, (i) => y[i]));
const history = await train(model, { x: takeRows(x, split.train), y: yTrain }, { epochs: quick ? 2 : epochs, batchSize: 128, learningRate: 1e-3, seed: seed,
  validationData: { x: takeRows(x, split.val), y: yVal } });
show(plotHistory({ history: history.history, metrics: ['loss', 'accuracy'] }));

// %% [markdown]
// ## Evaluation
// The output per class, the ROC curve as background rejection 1/ε_B (log) against signal efficiency ε_S,
// and 1/ε_B at ε_S = 0.3 with its binomial uncertainty (it rests on the few QCD jets that pass). When no
// QCD test jet passes, 1/ε_B is only bounded from below: the table then gives the 68 % CL lower limit.

// %%
const xTest = takeRows(x, split.test);
const score = predict(model, xTest);
const roc = rocCurve(yTest, score), auc = rocAucScore(yTest, score);
const rej = rejectionWithUncertainty(yTest, score, { signalEfficiency: 0.3 });
show(plotClassHistograms({ values: score, labels: yTest, classNames: ['QCD', 'top'], xLabel: 'CNN output (top probability, test jets)', bins: 40, range: [0, 1], density: true, logY: true }));
show(plotRoc({ curves: [{ label: 'CNN', fpr: roc.fpr, tpr: roc.tpr, auc }], kind: 'rejection' }));
const rejText = rej.backgroundPassing > 0 ? `${rej.rejection.toFixed(1)} ± ${rej.uncertainty.toFixed(1)}` : `> ${rej.lowerLimit.toFixed(0)} (68 % CL)`;
show(table({ AUC: [auc], '1/ε_B at ε_S = 0.3': [rejText], 'QCD test jets passing': [rej.backgroundPassing.toFixed(1)], 'QCD test jets': [rej.background] }));
record({ testAuc: auc, rejectionAt30: rej.rejection, rejectionAt30Uncertainty: rej.uncertainty, rejectionAt30LowerLimit: rej.lowerLimit });

// %% [markdown]
// ## 3.1 The challenge
// As in notebook 6: the instructor's `hepml challenge make top-tagging-cnn --out DIR` writes the test images
// without labels (`DIR/student/test_features.npy`, [N, 40, 40], pixel pT in GeV, the same preprocessing as
// here). Set `challengeDir` to that folder; left empty, a practice folder is made with the same command.
// The images are scaled exactly as the training images; at most five models per group are accepted.

// %%
const test = loadChallengeTestSet(challengeDir || makePracticeChallenge('top-tagging-cnn', { events: quick ? 500 : 2000 }));
checkSubmissionQuota(group, modelName, { maxPerGroup: test.challenge.maxPerGroup });   // at most five models per group
const xChallenge = withChannel({ data: test.features.data.map((v) => v / 100), shape: test.features.shape });   // [N, 40, 40, 1], as in training
const written = await predictForCnnChallenge(predict(model, xChallenge), xChallenge, group, modelName, { challenge: test.dir });
model.dispose();
show(table({ file: [written.path], 'test images': [written.rows], challenge: [written.challenge], 'your submissions': [groupSubmissions(group).files.join(', ')] }));
record({ challengeRows: written.rows });

// %% [markdown]
// ## Questions and exercises
// - **2.1** Which preprocessing step matters most? Turn off the rotation (`jetImages(..., { rotate: false })`)
//   and compare the average images and the AUC.
// - **2.2** Count the parameters of each layer by hand and compare with `model.countParams()`.
// - Compare with notebook 6: which tagger reaches the higher background rejection at ε_S = 0.3, and are the
//   two rejections different beyond their uncertainties?
// - Make the network deeper (three convolution blocks). Does it help on this image size?
// - **3.1** Submit your best CNN under another `modelName` than your DNN submissions.
//
// ## Summary
// Preprocessed jet images line up the three-prong structure of top jets; a small CNN learns it directly
// from the pixels.
