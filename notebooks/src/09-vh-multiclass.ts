// %% [markdown]
// # 9 · VH(WW): a multiclass classifier and significance-optimised binning
//
// Associated production of a Higgs boson with a W or Z boson (**VH**), with H → WW, gives final states
// with three or more leptons. Several processes look alike: the VH signal, the other Higgs production
// modes (**ggF**, **VBF**), and the backgrounds **top** (tt̄, tW), **Z+jets** and **WW/WZ**. Instead of one
// signal-versus-background network we train a **multiclass** network with six softmax outputs, one
// probability per process.
//
// Ingredients, following the analysis talk this exercise is based on: robust scaling (median and
// inter-quartile range, insensitive to tails), **class weights normalised so that every class has the
// same total weight** (the raw MC yields differ by orders of magnitude), Gaussian noise on the inputs,
// ELU activations and batch normalisation, categorical cross-entropy, early stopping, **5-fold**
// training and a small random hyper-parameter search.
//
// Finally, the VH output is a discriminant. We bin it to maximise the **Asimov discovery significance**
// Z0, with a 10% background uncertainty and at least three MC events of signal and of background per bin,
// and compare with the best single cut on the same discriminant (a cut-based selection).

// %% tags=["parameters"]
let quick = false;
let events = 60000;
let seed = 42;
let dataPath = '';
let epochs = 20;
let folds = 5;
let searchTrials = 4;

// %%
import { loadDataset, initBackend, RobustScaler, normalizeClassWeights, kFold, takeRows, mlp, train, predict, earlyStopping, multiclassRocAuc,
  rocCurve, rocAucScore, optimizeBinning, cutBasedZ0, Random, show, table, record, plotHistory, plotRoc, plotSignificance,
  plotConfusion, confusionMatrix } from 'hepml-course';
await initBackend();
const ds = await loadDataset('vh-multiclass', { path: dataPath, events: quick ? 6000 : events, seed: seed });
const classes = ds.classes!;
const features = ds.columnNames.filter((c) => c !== 'weight' && c !== 'class');
const x = new RobustScaler().fitTransform(ds.matrix(features));
const y = ds.labels!, mcWeight = ds.weights!;
// every class gets the same total weight; rescaled so the mean weight is 1 and the loss reads like an unweighted one
const trainWeight = normalizeClassWeights(y, mcWeight).map((v) => (v * y.length) / classes.length);
const yields = classes.map(() => ({ events: 0, sumW: 0 }));
for (let i = 0; i < y.length; i++) { yields[y[i]].events++; yields[y[i]].sumW += mcWeight[i]; }
show(table({ class: [...classes], events: yields.map((c) => c.events), 'MC yield (Σw)': yields.map((c) => c.sumW) }));

// %% [markdown]
// ## A small random search
// Each trial draws a width, a depth, a dropout rate and a learning rate, trains on one fold and reports the
// validation loss. The best setting is then used for the 5-fold training.

// %%
const rng = new Random(seed);
const folding = kFold(ds.length, { k: folds, shuffle: true, seed: seed, stratify: y });
const fold0 = folding[0];
const trials: { width: number; depth: number; dropout: number; lr: number; valLoss: number }[] = [];
for (let t = 0; t < (quick ? 2 : searchTrials); t++) {
  const hp = { width: [32, 64, 128][Math.floor(rng.uniform() * 3)], depth: 2 + Math.floor(rng.uniform() * 2), dropout: [0, 0.1, 0.2][Math.floor(rng.uniform() * 3)], lr: [3e-4, 1e-3, 3e-3][Math.floor(rng.uniform() * 3)] };
  const m = mlp({ inputs: features.length, hidden: Array(hp.depth).fill(hp.width), activation: 'elu', batchNorm: true, gaussianNoise: 0.05, dropout: hp.dropout, outputs: classes.length, seed: seed });
  const h = await train(m, { x: takeRows(x, fold0.train), y: Int32Array.from(fold0.train, (i) => y[i]), sampleWeights: Float32Array.from(fold0.train, (i) => trainWeight[i]) },
    { epochs: quick ? 2 : 8, batchSize: 256, learningRate: hp.lr, seed: seed, verbose: false,
      validationData: { x: takeRows(x, fold0.test), y: Int32Array.from(fold0.test, (i) => y[i]), sampleWeights: Float32Array.from(fold0.test, (i) => trainWeight[i]) } });
  trials.push({ ...hp, valLoss: Math.min(...h.history.val_loss!) });
  m.dispose();
}
const bestHp = trials.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
show(table({ width: trials.map((t) => t.width), depth: trials.map((t) => t.depth), dropout: trials.map((t) => t.dropout), lr: trials.map((t) => t.lr), 'val loss': trials.map((t) => t.valLoss) }));

// %% [markdown]
// ## 5-fold training
// Every event gets a score from the network that did **not** see it in training (out-of-fold
// prediction), so the whole sample can be used for the evaluation and the binning.

// %%
const probs = new Float32Array(ds.length * classes.length);
let lastHistory = null as null | Awaited<ReturnType<typeof train>>;
for (const fold of quick ? folding.slice(0, 2) : folding) {
  const m = mlp({ inputs: features.length, hidden: Array(bestHp.depth).fill(bestHp.width), activation: 'elu', batchNorm: true, gaussianNoise: 0.05, dropout: bestHp.dropout, outputs: classes.length, seed: seed });
  lastHistory = await train(m, { x: takeRows(x, fold.train), y: Int32Array.from(fold.train, (i) => y[i]), sampleWeights: Float32Array.from(fold.train, (i) => trainWeight[i]) },
    { epochs: quick ? 2 : epochs, batchSize: 256, learningRate: bestHp.lr, seed: seed, validationSplit: 0.1, callbacks: [earlyStopping({ patience: 4, restoreBestWeights: true })] });
  const p = predict(m, takeRows(x, fold.test));
  fold.test.forEach((i, r) => probs.set(p.subarray(r * classes.length, (r + 1) * classes.length), i * classes.length));
  m.dispose();
}
show(plotHistory({ history: lastHistory!.history, metrics: ['loss', 'accuracy'] }));

// %% [markdown]
// ## One-vs-rest ROC curves and the confusion matrix

// %%
const scored = quick ? Int32Array.from(folding.slice(0, 2).flatMap((f) => Array.from(f.test))) : Int32Array.from({ length: ds.length }, (_, i) => i);
const yS = Int32Array.from(scored, (i) => y[i]);
const pS = new Float32Array(scored.length * classes.length);
scored.forEach((i, r) => pS.set(probs.subarray(i * classes.length, (i + 1) * classes.length), r * classes.length));
const ovr = classes.map((c, k) => { const s = Float32Array.from(scored, (_, r) => pS[r * classes.length + k]); const yk = Int32Array.from(yS, (l) => (l === k ? 1 : 0)); const r = rocCurve(yk, s); return { label: c, fpr: r.fpr, tpr: r.tpr, auc: rocAucScore(yk, s) }; });
show(plotRoc({ curves: ovr, kind: 'tpr-fpr' }));
const predicted = Int32Array.from(scored, (_, r) => { let best = 0; for (let k = 1; k < classes.length; k++) if (pS[r * classes.length + k] > pS[r * classes.length + best]) best = k; return best; });
show(plotConfusion({ matrix: confusionMatrix(yS, predicted, { nClasses: classes.length }), classes: [...classes], normalize: 'true' }));

// %% [markdown]
// ## Binning the VH discriminant for the best significance
// Start with one bin of the VH probability in [0.2, 1]; try every split between 5% and 95% of each bin's
// range; keep the split that raises the **combined Z0** (the quadrature sum over bins of the Asimov
// significance with 10% background uncertainty) the most, as long as every bin keeps more than three MC
// events of signal and of background; stop when no split helps.

// %%
const vh = classes.indexOf('VH');
const disc = Float32Array.from(scored, (_, r) => pS[r * classes.length + vh]);
const wS = Float32Array.from(scored, (i) => mcWeight[i] * (quick ? folds / 2 : 1));
const isVh = Array.from(yS, (l) => l === vh);
const binning = optimizeBinning(disc.filter((_, i) => isVh[i]), wS.filter((_, i) => isVh[i]), disc.filter((_, i) => !isVh[i]), wS.filter((_, i) => !isVh[i]),
  { range: [0.2, 1], bkgUncertainty: 0.1, minSig: 3, minBkg: 3 });
show(plotSignificance({ z0: binning.history, xLabel: 'number of bins' }));
const cut = cutBasedZ0(disc.filter((_, i) => isVh[i]), wS.filter((_, i) => isVh[i]), disc.filter((_, i) => !isVh[i]), wS.filter((_, i) => !isVh[i]),
  { range: [0.2, 1], bkgUncertainty: 0.1, minSig: 3, minBkg: 3 });
show(table({ selection: ['optimised binning of the VH score', 'single best cut on the VH score'], Z0: [binning.totalZ0, cut.z0], bins: [binning.edges.length - 1, 1] }));
record({ macroAuc: multiclassRocAuc(yS, { data: pS, rows: yS.length, cols: classes.length }, { average: 'macro' }), z0Binned: binning.totalZ0, z0Cut: cut.z0, bins: binning.edges.length - 1 });

// %% [markdown]
// ## Questions and exercises
// 1. Which classes does the network confuse most? Is that physically sensible?
// 2. Train without the class-weight normalisation. What happens to the small classes?
// 3. Loosen the regularisation to N > 1 per bin. Does Z0 rise, and should you trust it?
//
// ## Summary
// A six-class network with normalised class weights, trained in five folds, gives a VH discriminant whose
// significance-optimised binning beats a cut-based selection.
