/**
 * Gradient boosting of histogram trees for binary classification with the logistic loss (Friedman 2001,
 * "Greedy function approximation"; second-order leaf values and gain as in XGBoost, Chen & Guestrin 2016,
 * eqs. 5-7): each tree fits the Newton step of the log-loss, leaf value -G/(H+λ), with g = w·(p − y),
 * h = w·p·(1 − p). The seeds' XGBoost role. Taught in 03-higgsml-bdt (boosted trees).
 */
import { HepmlError, check } from '../errors';
import type { Matrix } from '../data/matrix';
import type { BinnedMatrix } from './binned';
import { BaseBoostingClassifier, type BoostContext, type BoostStepResult } from './boosting';
import { checkFitInput } from './checks';
import type { GrowOptions } from './grower';
import { mulberry32, sampleWithoutReplacement } from './random';

/** Early stopping on a validation set (the one given to fit, else a seeded random fraction of x). */
export interface BoostingEarlyStopping {
  /** Fraction of the training rows held out when fit gets no `validation`. Default 0.1. */
  validationFraction?: number;
  /** Stop after this many trees without improvement. Default 10. */
  patience?: number;
  /** Minimum decrease of the validation log-loss that counts as improvement. Default 1e-7. */
  tol?: number;
}

/** Options of {@link GradientBoostingClassifier}. */
export interface GradientBoostingOptions {
  /** Number of trees. Default 100. */
  nEstimators?: number;
  /** Shrinkage of each tree. Default 0.1. */
  learningRate?: number;
  /** Maximum tree depth. Default 6 (XGBoost's default). */
  maxDepth?: number;
  /** Maximum leaves per tree (grown best-first when set). Default: none. */
  maxLeaves?: number;
  /** Minimum rows per leaf. Default 1. */
  minSamplesLeaf?: number;
  /** Minimum hessian sum per leaf (XGBoost's min_child_weight). Default 1e-3. */
  minChildWeight?: number;
  /** L2 regularisation λ of leaf values. Default 1 (XGBoost's default). */
  lambda?: number;
  /** Minimum gain to split (XGBoost's gamma). Default 0. */
  minGainToSplit?: number;
  /** Fraction of rows drawn (without replacement) for each tree. Default 1. */
  subsample?: number;
  /** Quantile bins per feature, 2..255. Default 255. */
  maxBins?: number;
  /** Sentinel meaning "undefined" (e.g. -999), treated like NaN. Default: none. */
  missingValue?: number;
  /** Early stopping; off unless given (an empty object uses its defaults). */
  earlyStopping?: BoostingEarlyStopping | false;
  /** Seed of subsampling, validation split and binning subsample. Default 0. */
  seed?: number;
}

const DEFAULTS = {
  nEstimators: 100, learningRate: 0.1, maxDepth: 6, minSamplesLeaf: 1, minChildWeight: 1e-3, lambda: 1,
  minGainToSplit: 0, subsample: 1, maxBins: 255, seed: 0, validationFraction: 0.1, patience: 10, tol: 1e-7,
};

/**
 * Binary gradient-boosted trees (logistic loss), a fast histogram implementation.
 *
 * @example
 * const model = new GradientBoostingClassifier({ nEstimators: 200, maxDepth: 4, earlyStopping: { patience: 20 } });
 * model.fit(xTrain, yTrain, { weights: wTrain, validation: { x: xVal, y: yVal } });
 * const yScore = model.predictProba(xTest);
 */
export class GradientBoostingClassifier extends BaseBoostingClassifier<GradientBoostingOptions> {
  protected readonly className = 'GradientBoostingClassifier';
  protected readonly normalised = false;
  /** Validation log-loss after each tree (when a validation set was used). */
  validationLoss_?: Float64Array;
  private state?: GbState;

  constructor(options: GradientBoostingOptions = {}) {
    super(options);
  }

  protected resolvedCommon(): { nEstimators: number; maxBins: number; missingValue?: number; seed: number; grow: GrowOptions } {
    const o = this.options;
    const where = 'GradientBoostingClassifier';
    const nEstimators = o.nEstimators ?? DEFAULTS.nEstimators;
    const maxDepth = o.maxDepth ?? DEFAULTS.maxDepth;
    const maxLeaves = o.maxLeaves ?? Infinity;
    const minSamplesLeaf = o.minSamplesLeaf ?? DEFAULTS.minSamplesLeaf;
    check(Number.isInteger(nEstimators) && nEstimators >= 1, `${where} nEstimators`, 'a positive integer', nEstimators);
    check((Number.isInteger(maxDepth) && maxDepth >= 1) || maxDepth === Infinity, `${where} maxDepth`, 'a positive integer', maxDepth);
    check((Number.isInteger(maxLeaves) && maxLeaves >= 2) || maxLeaves === Infinity, `${where} maxLeaves`, 'an integer >= 2', maxLeaves);
    check(maxDepth !== Infinity || maxLeaves !== Infinity, `${where} maxDepth`, 'a finite maxDepth or maxLeaves', 'neither');
    check(Number.isInteger(minSamplesLeaf) && minSamplesLeaf >= 1, `${where} minSamplesLeaf`, 'a positive integer', minSamplesLeaf);
    const lr = o.learningRate ?? DEFAULTS.learningRate;
    check(lr > 0 && lr <= 10, `${where} learningRate`, 'a number in (0, 10]', lr, 'Typical values are 0.05 to 0.3.');
    const sub = o.subsample ?? DEFAULTS.subsample;
    check(sub > 0 && sub <= 1, `${where} subsample`, 'a fraction in (0, 1]', sub);
    const lambda = o.lambda ?? DEFAULTS.lambda;
    check(lambda >= 0, `${where} lambda`, 'a number >= 0', lambda);
    const minChildWeight = o.minChildWeight ?? DEFAULTS.minChildWeight;
    check(minChildWeight >= 0, `${where} minChildWeight`, 'a number >= 0', minChildWeight);
    const minGainToSplit = o.minGainToSplit ?? DEFAULTS.minGainToSplit;
    check(minGainToSplit >= 0, `${where} minGainToSplit`, 'a number >= 0', minGainToSplit);
    return {
      nEstimators, maxBins: o.maxBins ?? DEFAULTS.maxBins, missingValue: o.missingValue, seed: o.seed ?? DEFAULTS.seed,
      grow: { criterion: 'newton', maxDepth, maxLeaves, minSamplesLeaf, minChildWeight, lambda, minGainToSplit },
    };
  }

  protected override reset(): void {
    super.reset();
    this.validationLoss_ = undefined;
  }

  protected begin(ctx: BoostContext): number {
    const o = this.options;
    const seed = o.seed ?? DEFAULTS.seed;
    const rand = mulberry32(seed ^ 0x9e3779b9);
    const n = ctx.x.rows;
    let trainRows: Uint32Array | null = null;
    let val: GbState['val'] = null;
    const es = o.earlyStopping ? o.earlyStopping : null;
    if (es) {
      const pat = es.patience ?? DEFAULTS.patience;
      check(Number.isInteger(pat) && pat >= 1, 'GradientBoostingClassifier earlyStopping.patience', 'a positive integer', pat);
    }
    const v = ctx.fitOptions.validation;
    if (v) {
      const t = checkFitInput('GradientBoostingClassifier validation', v.x, v.y, v.weights);
      check(v.x.cols === ctx.x.cols, 'GradientBoostingClassifier validation x', `${ctx.x.cols} columns (as x)`, v.x.cols);
      val = { binned: ctx.binner.transform(v.x), labels: t.labels, weights: t.weights, raw: new Float64Array(v.x.rows) };
    } else if (es) {
      const frac = es.validationFraction ?? DEFAULTS.validationFraction;
      check(frac > 0 && frac < 1, 'GradientBoostingClassifier earlyStopping.validationFraction', 'a fraction in (0, 1)', frac);
      const nVal = Math.max(1, Math.round(frac * n));
      const perm = new Uint32Array(n);
      const valRows = Uint32Array.from(sampleWithoutReplacement(n, nVal, rand, perm));
      const isVal = new Uint8Array(n);
      for (const r of valRows) isVal[r] = 1;
      trainRows = new Uint32Array(n - nVal);
      for (let i = 0, k = 0; i < n; i++) if (!isVal[i]) trainRows[k++] = i;
      val = { binned: takeBinned(ctx.binned, valRows), labels: ctx.labels.filter((_, i) => isVal[i] === 1), weights: ctx.weights.filter((_, i) => isVal[i] === 1), raw: new Float64Array(nVal) };
      for (const r of valRows) ctx.weights[r] = 0; // held-out rows do not train
    }
    let sw = 0;
    let swy = 0;
    const rows = trainRows ?? null;
    for (let i = 0; i < (rows ? rows.length : n); i++) {
      const r = rows ? rows[i] : i;
      sw += ctx.weights[r];
      swy += ctx.weights[r] * ctx.labels[r];
    }
    if (swy <= 0 || swy >= sw) throw new HepmlError('GradientBoostingClassifier.fit: the training rows (after the validation split) hold a single class. Use a smaller validationFraction or pass a validation set.');
    const init = Math.log(swy / (sw - swy));
    const raw = ctx.grower.scoreBuffer().fill(init);
    if (val) val.raw.fill(init);
    this.state = {
      raw, trainRows, rand, perm: new Uint32Array(trainRows ? trainRows.length : n),
      val, losses: [], best: Infinity, bestIter: -1,
      // Options read once per fit (resolvedCommon and the checks above have validated them).
      settings: {
        lr: o.learningRate ?? DEFAULTS.learningRate, lambda: o.lambda ?? DEFAULTS.lambda, subsample: o.subsample ?? DEFAULTS.subsample,
        missingValue: o.missingValue ?? NaN, earlyStopping: es ? { tol: es.tol ?? DEFAULTS.tol, patience: es.patience ?? DEFAULTS.patience } : null,
      },
    };
    return init;
  }

  protected boostStep(m: number, ctx: BoostContext): BoostStepResult {
    const s = this.state!;
    const { lr, lambda, subsample: sub, missingValue, earlyStopping: es } = s.settings;
    const { labels, weights } = ctx;
    const { raw } = s;
    ctx.grower.setLogisticGradients(raw, labels, weights);
    let rows = s.trainRows;
    if (sub < 1) {
      const base = rows ?? null;
      const nb = base ? base.length : raw.length;
      const pick = sampleWithoutReplacement(nb, Math.max(1, Math.round(sub * nb)), s.rand, s.perm);
      rows = base ? Uint32Array.from(pick, (i) => base[i]).sort() : pick;
    }
    // On all rows the grower adds the tree's in-sample scores itself (on the kernels where they run).
    const grown = ctx.grower.grow(null, null, rows, ctx.binner.thresholds_!, missingValue,
      (G, H) => (H + lambda > 0 ? -G / (H + lambda) : 0), rows === null ? { out: raw, scale: lr } : undefined);
    const tree = grown.tree;
    if (rows !== null) tree.addBinned(ctx.binned, raw, lr);
    const step: BoostStepResult = { tree, weight: lr };
    if (s.val) {
      tree.addBinned(s.val.binned, s.val.raw, lr);
      const loss = logLoss(s.val.raw, s.val.labels, s.val.weights);
      s.losses.push(loss);
      this.validationLoss_ = Float64Array.from(s.losses);
      if (es) {
        const { tol, patience } = es;
        if (loss < s.best - tol) {
          s.best = loss;
          s.bestIter = m;
        } else if (m - s.bestIter >= patience) {
          step.stop = `early stopping after ${m + 1} trees: the validation log-loss did not improve by more than tol=${tol} ` +
            `for ${patience} trees; kept the best ${s.bestIter + 1} trees (log-loss ${s.best.toFixed(5)}). ` +
            `To train longer, raise patience or lower learningRate.`;
          step.keep = s.bestIter + 1;
          this.validationLoss_ = Float64Array.from(s.losses.slice(0, s.bestIter + 1));
        }
      }
    }
    return step;
  }
}

interface GbState {
  raw: Float64Array; trainRows: Uint32Array | null; rand: () => number; perm: Uint32Array;
  val: { binned: BinnedMatrix; labels: Uint8Array; weights: Float64Array; raw: Float64Array } | null;
  losses: number[]; best: number; bestIter: number;
  /** The fit's options, resolved once in begin(). */
  settings: { lr: number; lambda: number; subsample: number; missingValue: number; earlyStopping: { tol: number; patience: number } | null };
}

/** Weighted mean binary log-loss of raw scores. */
function logLoss(raw: Float64Array, labels: Uint8Array, weights: Float64Array): number {
  let sum = 0;
  let sw = 0;
  for (let i = 0; i < raw.length; i++) {
    const z = raw[i];
    // log(1 + exp(-z)) for y = 1, log(1 + exp(z)) for y = 0, computed stably.
    const t = labels[i] === 1 ? -z : z;
    sum += weights[i] * (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));
    sw += weights[i];
  }
  return sum / sw;
}

function takeBinned(b: BinnedMatrix, rows: Uint32Array): BinnedMatrix {
  const n = rows.length;
  const bins = new Uint8Array(n * b.cols);
  for (let f = 0; f < b.cols; f++) for (let i = 0; i < n; i++) bins[f * n + i] = b.bins[f * b.rows + rows[i]];
  return { bins, rows: n, cols: b.cols };
}
