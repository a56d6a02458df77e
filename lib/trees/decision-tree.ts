/**
 * A single Gini decision tree on quantile bins (notebook 03 shows one tree before the ensembles).
 * With at most `maxBins` distinct values per feature it finds the same splits as scikit-learn's exact
 * DecisionTreeClassifier (cuts half-way between neighbouring values).
 */
import { check } from '../errors';
import type { Matrix } from '../data/matrix';
import { FeatureBinner } from './binning';
import { importances, type TreeFitOptions } from './boosting';
import { checkFitInput, checkMatrix, notFitted } from './checks';
import { TreeGrower } from './grower';
import type { Tree } from './tree';

/** Options of {@link DecisionTreeClassifier}. */
export interface DecisionTreeOptions {
  /** Maximum depth. Default: none (Infinity). */
  maxDepth?: number;
  /** Maximum number of leaves (grown best-first when set). Default: none. */
  maxLeaves?: number;
  /** Minimum rows per leaf. Default 1. */
  minSamplesLeaf?: number;
  /** Minimum weighted Gini decrease (relative to the root weight) to split. Default 0. */
  minGainToSplit?: number;
  /** Quantile bins per feature, 2..255. Default 255. */
  maxBins?: number;
  /** Sentinel meaning "undefined" (e.g. -999), treated like NaN. Default: none. */
  missingValue?: number;
  /** Seed (binning subsample on more than 200k rows). Default 0. */
  seed?: number;
}

/**
 * One binary classification tree (Gini).
 *
 * @example
 * const tree = new DecisionTreeClassifier({ maxDepth: 3 }).fit(x, y);
 * const p = tree.predictProba(x); // fraction of signal in each row's leaf
 */
export class DecisionTreeClassifier {
  readonly options: Readonly<DecisionTreeOptions>;
  /** The fitted tree; leaf `value` = weighted fraction of class 1. */
  tree_?: Tree;
  /** Gini-decrease importance per feature, summing to 1. */
  featureImportances_?: Float64Array;
  nFeatures_?: number;
  binner_?: FeatureBinner;

  constructor(options: DecisionTreeOptions = {}) {
    this.options = { ...options };
  }

  /** Fits the tree on features `x` and 0/1 labels `y`; replaces an earlier fit; returns this. */
  fit(x: Matrix, y: ArrayLike<number>, fitOptions: TreeFitOptions = {}): this {
    const o = this.options;
    const where = 'DecisionTreeClassifier';
    const maxDepth = o.maxDepth ?? Infinity;
    const maxLeaves = o.maxLeaves ?? Infinity;
    const minSamplesLeaf = o.minSamplesLeaf ?? 1;
    check((Number.isInteger(maxDepth) && maxDepth >= 1) || maxDepth === Infinity, `${where} maxDepth`, 'a positive integer', maxDepth);
    check((Number.isInteger(maxLeaves) && maxLeaves >= 2) || maxLeaves === Infinity, `${where} maxLeaves`, 'an integer >= 2', maxLeaves);
    check(Number.isInteger(minSamplesLeaf) && minSamplesLeaf >= 1, `${where} minSamplesLeaf`, 'a positive integer', minSamplesLeaf);
    const { labels, weights } = checkFitInput(where, x, y, fitOptions.weights);
    this.tree_ = this.featureImportances_ = this.nFeatures_ = this.binner_ = undefined;
    const binner = new FeatureBinner({ maxBins: o.maxBins, missingValue: o.missingValue, seed: o.seed }).fit(x);
    const binned = binner.transform(x);
    const grower = new TreeGrower(binned, binner.nBins_!, {
      criterion: 'gini', maxDepth, maxLeaves, minSamplesLeaf, minChildWeight: 0, lambda: 0, minGainToSplit: o.minGainToSplit ?? 0,
    });
    const g = new Float32Array(x.rows);
    const h = new Float32Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      h[i] = weights[i];
      g[i] = labels[i] === 1 ? weights[i] : 0;
    }
    this.tree_ = grower.grow(g, h, null, binner.thresholds_!, o.missingValue ?? NaN, (a, w) => (w > 0 ? a / w : 0)).tree;
    this.featureImportances_ = importances([this.tree_], [1], x.cols);
    this.nFeatures_ = x.cols;
    this.binner_ = binner;
    return this;
  }

  /** Weighted fraction of class 1 in each row's leaf. */
  predictProba(x: Matrix): Float32Array {
    if (!this.tree_) throw notFitted('DecisionTreeClassifier.predictProba');
    checkMatrix('DecisionTreeClassifier.predictProba x', x, this.nFeatures_);
    const acc = new Float64Array(x.rows);
    this.tree_.addRaw(x, acc, 1);
    return Float32Array.from(acc);
  }

  /** Predicted class (0 or 1): 1 where the leaf's class-1 fraction is > 0.5. */
  predict(x: Matrix): Int32Array {
    const p = this.predictProba(x);
    return Int32Array.from(p, (v) => (v > 0.5 ? 1 : 0));
  }
}
