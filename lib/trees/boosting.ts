/**
 * The shared skeleton of the boosted-tree classifiers (scikit-learn's BaseWeightBoosting shape):
 * `fit` checks the input, bins the features, then calls the subclass's `boostStep` once per tree until
 * `nEstimators` trees or a stop that explains itself (`stopReason_`). Every ensemble predicts
 *
 *   decision_m(x) = (init_ + Σ_{k<m} treeWeights_[k] · trees_[k](x)) / (normalised ? Σ_{k<m} treeWeights_[k] : 1)
 *
 * and, for binary classification, P(signal | x) = 1 / (1 + exp(-decision)) (the logistic link of
 * gradient boosting; for AdaBoost the same as scikit-learn's softmax of (-d/2, d/2)).
 */
import type { Matrix } from '../data/matrix';
import { FeatureBinner, type BinnedMatrix } from './binning';
import { checkFitInput, checkMatrix, notFitted } from './checks';
import { TreeGrower, type GrowOptions } from './grower';
import { packForest, type PackedForest } from './forest';
import { ForestPredictor } from './kernels';
import type { Tree } from './tree';

/** Rows × trees below which prediction walks the raw rows (setting up the kernels' memory costs more). */
const KERNEL_MIN_WORK = 1 << 12;

/** Options of `fit` shared by the tree estimators. */
export interface TreeFitOptions {
  /** Per-event weights (>= 0), e.g. MC weights. Default: all 1. */
  weights?: ArrayLike<number>;
  /** A validation set: monitored each iteration (`validationLoss_`) and used by early stopping. */
  validation?: { x: Matrix; y: ArrayLike<number>; weights?: ArrayLike<number> };
}

/** What a subclass sees in `boostStep`. */
export interface BoostContext {
  x: Matrix;
  binned: BinnedMatrix;
  binner: FeatureBinner;
  labels: Uint8Array;
  weights: Float64Array;
  grower: TreeGrower;
  nEstimators: number;
  fitOptions: TreeFitOptions;
}

/** The result of one boosting step: a tree (with its weight) and/or a reason to stop. */
export interface BoostStepResult {
  tree?: Tree;
  weight?: number;
  /** Why boosting stops after this step (becomes `stopReason_`). */
  stop?: string;
  /** Keep only this many trees when stopping (early stopping keeps the best iteration). */
  keep?: number;
}

export abstract class BaseBoostingClassifier<O> {
  readonly options: Readonly<O>;
  /** The fitted trees; each tree's `value` is its contribution to the decision function. */
  trees_?: Tree[];
  /** Weight of each tree in the decision function. */
  treeWeights_?: Float64Array;
  /** Constant start of the decision function. */
  init_?: number;
  /** Number of trees actually kept. */
  nEstimators_?: number;
  /** Gain-based importance per feature, summing to 1. */
  featureImportances_?: Float64Array;
  /** Why fitting stopped before `nEstimators` trees, or null. */
  stopReason_?: string | null;
  /** Number of features seen in fit. */
  nFeatures_?: number;
  /** The binner learned in fit (quantile cuts per feature). */
  binner_?: FeatureBinner;

  private packed?: { trees: Tree[]; forest: PackedForest | undefined };

  constructor(options: O) {
    this.options = { ...options };
  }

  protected abstract readonly className: string;
  /** Whether the decision function is divided by the sum of tree weights (AdaBoost SAMME). */
  protected abstract readonly normalised: boolean;
  protected abstract resolvedCommon(): { nEstimators: number; maxBins: number; missingValue?: number; seed: number; grow: GrowOptions };
  /** Sets up per-fit state (checking the subclass's own options); returns init_. */
  protected abstract begin(ctx: BoostContext): number;
  /** Grows one tree and updates the boosting state. */
  protected abstract boostStep(iteration: number, ctx: BoostContext): BoostStepResult;

  /** Fits the ensemble on features `x` and 0/1 labels `y`. Replaces an earlier fit; returns this. */
  fit(x: Matrix, y: ArrayLike<number>, fitOptions: TreeFitOptions = {}): this {
    const common = this.resolvedCommon();
    const { labels, weights } = checkFitInput(this.className, x, y, fitOptions.weights);
    this.reset();
    const binner = new FeatureBinner({ maxBins: common.maxBins, missingValue: common.missingValue, seed: common.seed }).fit(x);
    const binned = binner.transform(x);
    const grower = new TreeGrower(binned, binner.nBins_!, common.grow);
    const ctx: BoostContext = { x, binned, binner, labels, weights, grower, nEstimators: common.nEstimators, fitOptions };
    const init = this.begin(ctx);
    const trees: Tree[] = [];
    const treeWeights: number[] = [];
    let stopReason: string | null = null;
    for (let m = 0; m < common.nEstimators; m++) {
      const step = this.boostStep(m, ctx);
      if (step.tree) {
        trees.push(step.tree);
        treeWeights.push(step.weight ?? 1);
      }
      if (step.stop !== undefined) {
        stopReason = step.stop;
        if (step.keep !== undefined) {
          trees.length = step.keep;
          treeWeights.length = step.keep;
        }
        break;
      }
    }
    this.binner_ = binner;
    this.trees_ = trees;
    this.treeWeights_ = Float64Array.from(treeWeights);
    this.init_ = init;
    this.nEstimators_ = trees.length;
    this.nFeatures_ = x.cols;
    this.stopReason_ = stopReason;
    this.featureImportances_ = importances(trees, this.treeWeights_, x.cols);
    return this;
  }

  /** Clears learned state (subclasses extend it for their own `_` attributes). */
  protected reset(): void {
    this.trees_ = undefined;
    this.treeWeights_ = undefined;
    this.init_ = undefined;
    this.nEstimators_ = undefined;
    this.featureImportances_ = undefined;
    this.stopReason_ = undefined;
    this.nFeatures_ = undefined;
    this.binner_ = undefined;
    this.packed = undefined;
  }

  /** The decision function (log-odds for gradient boosting) per row of `x`. */
  decisionFunction(x: Matrix): Float32Array {
    let out: Float32Array = new Float32Array(0);
    for (const stage of this.sums('decisionFunction', x, false)) out = stage;
    return out;
  }

  /** The decision function after 1, 2, ..., nEstimators_ trees (for score-versus-trees plots). */
  *stagedDecisionFunction(x: Matrix): Generator<Float32Array> {
    yield* this.sums('stagedDecisionFunction', x, true);
  }

  /**
   * The one prediction loop: decision(x) after every tree (`staged`) or after all of them. The packed
   * forest walks binned rows on the kernels (lib/trees/kernels/predict.ts) where they are available and the
   * work is not tiny, else each tree walks the raw rows (tree.ts); both add the same float64 values in the
   * same order per row, so they agree bit for bit.
   */
  private *sums(method: string, x: Matrix, staged: boolean): Generator<Float32Array> {
    const trees = this.fitted(method);
    checkMatrix(`${this.className}.${method} x`, x, this.nFeatures_);
    const weights = this.treeWeights_!;
    const init = this.init_!;
    const forest = x.rows * trees.length >= KERNEL_MIN_WORK ? this.packedForest() : undefined;
    const predictor = forest && ForestPredictor.create(x, this.binner_!.thresholds_!, this.binner_!.options.missingValue, forest, init);
    const acc = predictor ? predictor.acc : new Float64Array(x.rows).fill(init);
    // Blocks of rows small enough to stay in cache while every tree walks them (the data is read once).
    const block = Math.max(64, Math.floor(16384 / Math.max(1, x.cols)));
    let norm = 0;
    const steps = staged ? trees.length : 1;
    try {
      for (let s = 0; s < steps; s++) {
        const t0 = staged ? s : 0;
        const t1 = staged ? s + 1 : trees.length;
        if (predictor) predictor.add(t0, t1);
        else {
          for (let start = 0; start < x.rows; start += block) {
            const end = Math.min(x.rows, start + block);
            for (let k = t0; k < t1; k++) trees[k].addRaw(x, acc, weights[k], start, end);
          }
        }
        for (let k = t0; k < t1; k++) norm += weights[k];
        const scale = this.normalised && norm > 0 ? 1 / norm : 1;
        const out = new Float32Array(x.rows);
        for (let i = 0; i < x.rows; i++) out[i] = acc[i] * scale;
        yield out;
      }
    } finally {
      // Its memory goes to the next prediction (a staged one abandoned early releases it on return()).
      predictor?.release();
    }
  }

  /** The fitted trees in the predict kernel's layout (packed once per fit), or undefined for deep trees. */
  private packedForest(): PackedForest | undefined {
    let p = this.packed;
    if (!p || p.trees !== this.trees_) this.packed = p = { trees: this.trees_!, forest: packForest(this.trees_!, this.treeWeights_!) };
    return p.forest;
  }

  /** P(class 1 | x) per row. */
  predictProba(x: Matrix): Float32Array {
    return sigmoidInPlace(this.decisionFunction(x));
  }

  /** P(class 1 | x) after each tree. */
  *stagedPredictProba(x: Matrix): Generator<Float32Array> {
    for (const d of this.stagedDecisionFunction(x)) yield sigmoidInPlace(d);
  }

  /** Predicted class (0 or 1) per row: 1 where P(class 1) > 0.5. */
  predict(x: Matrix): Int32Array {
    const p = this.predictProba(x);
    const out = new Int32Array(p.length);
    for (let i = 0; i < p.length; i++) out[i] = p[i] > 0.5 ? 1 : 0;
    return out;
  }

  protected fitted(method: string): Tree[] {
    if (this.trees_ === undefined) throw notFitted(`${this.className}.${method}`);
    return this.trees_;
  }
}

function sigmoidInPlace(d: Float32Array): Float32Array {
  for (let i = 0; i < d.length; i++) d[i] = 1 / (1 + Math.exp(-d[i]));
  return d;
}

/** Σ over trees of weight × split gain per feature, normalised to sum 1 (all zero without splits). */
export function importances(trees: Tree[], weights: ArrayLike<number>, cols: number): Float64Array {
  const imp = new Float64Array(cols);
  for (let k = 0; k < trees.length; k++) {
    const t = trees[k];
    for (let i = 0; i < t.nodeCount; i++) if (t.feature[i] >= 0) imp[t.feature[i]] += weights[k] * t.gain[i];
  }
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += imp[j];
  if (sum > 0) for (let j = 0; j < cols; j++) imp[j] /= sum;
  return imp;
}
