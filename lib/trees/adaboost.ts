/**
 * AdaBoost over shallow Gini trees (the seeds' Tutorial 1), binary, following scikit-learn's
 * AdaBoostClassifier (sklearn/ensemble/_weight_boosting.py, version 1.2) step for step.
 * Zhu, Zou, Rosset, Hastie, "Multi-class AdaBoost", Statistics and Its Interface 2 (2009) 349:
 * - SAMME (Algorithm 2): err_m = Σ w·1[miss] / Σ w; α_m = ν·(log((1 − err_m)/err_m) + log(K − 1)); w ← w·exp(α_m·1[miss]);
 *   decision = Σ α_m·(±1) / Σ α_m.
 * - SAMME.R (Algorithm 4): h_m = (K − 1)(log p − mean log p), i.e. log(p₁/p₀) for K = 2;
 *   w ← w·exp(−ν·(K − 1)/K · yᵀ log p) with y coded 1 / −1/(K − 1); decision = mean_m h_m.
 * P(class 1) = sigmoid(decision) (scikit-learn's softmax of (−d/2, d/2)). Taught in 03-higgsml-bdt.
 */
import { HepmlError, check, warn } from '../errors';
import { BaseBoostingClassifier, type BoostContext, type BoostStepResult } from './boosting';
import type { GrowOptions } from './grower';
import { Tree } from './tree';

/** Options of {@link AdaBoostClassifier}. */
export interface AdaBoostOptions {
  /** Maximum number of trees. Default 50. */
  nEstimators?: number;
  /** Shrinkage ν of each tree's weight. Default 1. */
  learningRate?: number;
  /** 'SAMME' (discrete, the only one in scikit-learn >= 1.6) or 'SAMME.R' (real, probabilities). Default 'SAMME'. */
  algorithm?: 'SAMME' | 'SAMME.R';
  /** Depth of each tree. Default 1 (stumps). */
  maxDepth?: number;
  /** Minimum rows per leaf. Default 1. */
  minSamplesLeaf?: number;
  /** Quantile bins per feature, 2..255. Default 255. */
  maxBins?: number;
  /** Sentinel meaning "undefined" (e.g. -999), treated like NaN. Default: none. */
  missingValue?: number;
  /** Seed (binning subsample on more than 200k rows). Default 0. */
  seed?: number;
}

const DEFAULTS = { nEstimators: 50, learningRate: 1, algorithm: 'SAMME' as const, maxDepth: 1, minSamplesLeaf: 1, maxBins: 255, seed: 0 };
const EPS = 2.220446049250313e-16; // float64 machine epsilon, as np.finfo(float).eps

/**
 * Binary AdaBoost of Gini trees.
 *
 * @example
 * const model = new AdaBoostClassifier({ nEstimators: 200, maxDepth: 3, learningRate: 0.5 }).fit(xTrain, yTrain);
 * const yScore = model.decisionFunction(xTest); // or predictProba
 */
export class AdaBoostClassifier extends BaseBoostingClassifier<AdaBoostOptions> {
  protected readonly className = 'AdaBoostClassifier';
  /** Decision = weighted mean of the trees (SAMME.R: all weights 1, so the plain mean). */
  protected readonly normalised = true;
  /** Weighted training error of each kept tree. */
  estimatorErrors_?: Float64Array;
  private w = new Float64Array(0);
  /** The grower's score buffer (kernel memory, possibly shared with its helper thread). */
  private leafP: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private errors: number[] = [];
  /** The options one fit uses, resolved in begin(). */
  private settings = { lr: 1, real: true, missingValue: NaN };

  constructor(options: AdaBoostOptions = {}) {
    super(options);
  }

  protected resolvedCommon(): { nEstimators: number; maxBins: number; missingValue?: number; seed: number; grow: GrowOptions } {
    const o = this.options;
    const where = 'AdaBoostClassifier';
    const nEstimators = o.nEstimators ?? DEFAULTS.nEstimators;
    const maxDepth = o.maxDepth ?? DEFAULTS.maxDepth;
    const minSamplesLeaf = o.minSamplesLeaf ?? DEFAULTS.minSamplesLeaf;
    const algorithm = o.algorithm ?? DEFAULTS.algorithm;
    const lr = o.learningRate ?? DEFAULTS.learningRate;
    check(Number.isInteger(nEstimators) && nEstimators >= 1, `${where} nEstimators`, 'a positive integer', nEstimators);
    check(Number.isInteger(maxDepth) && maxDepth >= 1 && maxDepth <= 20, `${where} maxDepth`, 'an integer in 1..20', maxDepth);
    check(Number.isInteger(minSamplesLeaf) && minSamplesLeaf >= 1, `${where} minSamplesLeaf`, 'a positive integer', minSamplesLeaf);
    check(algorithm === 'SAMME' || algorithm === 'SAMME.R', `${where} algorithm`, "'SAMME' or 'SAMME.R'", algorithm);
    check(lr > 0, `${where} learningRate`, 'a positive number', lr);
    return {
      nEstimators, maxBins: o.maxBins ?? DEFAULTS.maxBins, missingValue: o.missingValue, seed: o.seed ?? DEFAULTS.seed,
      grow: { criterion: 'gini', maxDepth, maxLeaves: Infinity, minSamplesLeaf, minChildWeight: 0, lambda: 0, minGainToSplit: 0 },
    };
  }

  protected override reset(): void {
    super.reset();
    this.estimatorErrors_ = undefined;
  }

  protected begin(ctx: BoostContext): number {
    if (ctx.fitOptions.validation) warn('AdaBoostClassifier.fit: the validation option is ignored (no early stopping for AdaBoost); score it with stagedPredictProba instead.');
    const n = ctx.x.rows;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += ctx.weights[i];
    this.w = new Float64Array(n);
    this.divisor = 1;
    for (let i = 0; i < n; i++) this.w[i] = ctx.weights[i] / sum;
    this.leafP = ctx.grower.scoreBuffer();
    this.errors = [];
    // Options read once per fit (resolvedCommon has checked them).
    const o = this.options;
    this.settings = { lr: o.learningRate ?? DEFAULTS.learningRate, real: (o.algorithm ?? DEFAULTS.algorithm) === 'SAMME.R', missingValue: o.missingValue ?? NaN };
    return 0;
  }

  protected boostStep(m: number, ctx: BoostContext): BoostStepResult {
    const { lr, real, missingValue } = this.settings;
    const { labels } = ctx;
    const w = this.w;
    const n = w.length;
    // The last step's normalisation (w /= Σ w) happens in the same pass as the targets.
    ctx.grower.setGiniTargets(w, labels, this.divisor);
    this.divisor = 1;
    const p = this.leafP.fill(0);
    const grown = ctx.grower.grow(null, null, null, ctx.binner.thresholds_!, missingValue, (a, wsum) => (wsum > 0 ? a / wsum : 0), { out: p, scale: 1 });
    const tree = grown.tree;
    const err = weightedError(p, labels, w);
    const last = m === ctx.nEstimators - 1;
    const pos = (v: number) => Math.max(v, EPS);
    if (real) {
      const contribution = tree.value.map((v) => Math.log(pos(v)) - Math.log(pos(1 - v)));
      const out = withValues(tree, contribution);
      this.errors.push(err);
      this.estimatorErrors_ = Float64Array.from(this.errors);
      if (err <= 0) return { tree: out, weight: 1, stop: `stopped after ${m + 1} trees: the last tree classifies the training data perfectly.` };
      let sum = 0;
      if (!last) {
        for (let i = 0; i < n; i++) {
          // −ν·(K−1)/K·Σ_k y_k log p_k with y coded (1 for the true class, −1 for the other), K = 2.
          const lp1 = Math.log(pos(p[i]));
          const lp0 = Math.log(pos(1 - p[i]));
          const ew = -lr * 0.5 * (labels[i] === 1 ? lp1 - lp0 : lp0 - lp1);
          if (w[i] > 0 || ew < 0) w[i] *= Math.exp(ew);
          sum += w[i];
        }
      }
      return this.normalise(m, last, { tree: out, weight: 1 }, last ? undefined : sum);
    }
    if (err <= 0) {
      this.errors.push(err);
      this.estimatorErrors_ = Float64Array.from(this.errors);
      return { tree: withValues(tree, tree.value.map((v) => (v > 0.5 ? 1 : -1))), weight: 1, stop: `stopped after ${m + 1} trees: the last tree classifies the training data perfectly.` };
    }
    if (err >= 0.5) {
      if (m === 0) throw new HepmlError('AdaBoostClassifier.fit: the first tree is no better than random guessing (weighted error >= 0.5). Check the labels and features, or use deeper trees (maxDepth).');
      const reason = `stopped after ${m} trees: tree ${m + 1} had weighted error ${err.toFixed(4)} >= 0.5 (no better than guessing). Try a lower learningRate or deeper trees (maxDepth).`;
      warn(`AdaBoostClassifier.fit: ${reason}`);
      return { stop: reason };
    }
    this.errors.push(err);
    this.estimatorErrors_ = Float64Array.from(this.errors);
    const alpha = lr * Math.log((1 - err) / err); // + log(K − 1) = 0 for K = 2
    const sum = last ? undefined : sammeUpdate(p, labels, w, alpha);
    return this.normalise(m, last, { tree: withValues(tree, tree.value.map((v) => (v > 0.5 ? 1 : -1))), weight: alpha }, sum);
  }

  /** Divisor of the weights for the next step's {@link TreeGrower.setGiniTargets} (the deferred normalisation). */
  private divisor = 1;

  /** Checks Σ w (`given`: summed by the update loop, in row order) and sets the next step's w /= Σ w. */
  private normalise(m: number, last: boolean, step: BoostStepResult, given?: number): BoostStepResult {
    const w = this.w;
    let sum = 0;
    if (given !== undefined) sum = given;
    else for (let i = 0; i < w.length; i++) sum += w[i];
    if (!Number.isFinite(sum)) {
      const reason = `stopped after ${m + 1} trees: the sample weights overflowed. Try a lower learningRate.`;
      warn(`AdaBoostClassifier.fit: ${reason}`);
      return { ...step, stop: reason };
    }
    if (sum <= 0) return { ...step, stop: `stopped after ${m + 1} trees: all sample weights became 0.` };
    if (!last) this.divisor = sum;
    return step;
  }
}

/** Σ w·1[miss] / Σ w, a row predicted 1 where its leaf's P(class 1) > 0.5 (argmax, ties to class 0 as numpy). */
function weightedError(p: Float64Array, labels: Uint8Array, w: Float64Array): number {
  let err = 0;
  let wsum = 0;
  for (let i = 0; i < w.length; i++) {
    const pred = p[i] > 0.5 ? 1 : 0;
    if (pred !== labels[i]) err += w[i];
    wsum += w[i];
  }
  return err / wsum;
}

/** SAMME's update w ← w·exp(α) of the missed rows, as scikit-learn computes it: exp(log w + α); returns Σ w after it (in row order). */
function sammeUpdate(p: Float64Array, labels: Uint8Array, w: Float64Array, alpha: number): number {
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    const miss = (p[i] > 0.5 ? 1 : 0) !== labels[i];
    if (miss && w[i] > 0) w[i] = Math.exp(Math.log(w[i]) + alpha);
    sum += w[i];
  }
  return sum;
}

/** The same tree with other node values (each tree's contribution to the decision function). */
function withValues(t: Tree, value: Float64Array): Tree {
  return new Tree({ ...t, value, nodeCount: t.nodeCount, missingValue: t.missingValue });
}
