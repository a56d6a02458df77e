/**
 * Permutation feature importance (L. Breiman, "Random Forests", Machine Learning 45 (2001) 5; as
 * sklearn.inspection.permutation_importance): the drop of a score when one feature column is shuffled.
 * Taught in 02-ww-mlp.
 */
import { check, HepmlError } from '../errors';
import type { Matrix } from '../data/matrix';
import { Random } from '../physics/random';
import { checkFinite, checkLength, type Numbers } from './check';
import { rocAucScore } from './roc';

/** Options of {@link permutationImportance}. */
export interface PermutationImportanceOptions {
  /** Score (higher is better) of predictions; default {@link rocAucScore}. For a loss, pass its negative. */
  metric?: (yTrue: Numbers, yScore: Numbers) => number;
  /** Shuffles per feature; default 5. */
  nRepeats?: number;
  /** Seed of the shuffles; default 0. */
  seed?: number;
}

/** Result of {@link permutationImportance}. */
export interface PermutationImportance {
  /** Score on the unshuffled data. */
  baseline: number;
  /** Mean drop of the score per feature (baseline − shuffled score). */
  importancesMean: Float64Array;
  /** Standard deviation (ddof 0, as sklearn) of the drop per feature. */
  importancesStd: Float64Array;
  /** All drops: `importances[feature][repeat]`. */
  importances: Float64Array[];
  /** Feature names when `x.names` has them, else "x0", "x1", .... */
  names: string[];
}

/**
 * How much the score drops when each feature is shuffled (the others left intact).
 *
 * @param predict maps a feature matrix to one score per row (e.g. `(x) => model.predictProba(x)`)
 * @param x features, [N, F] (use held-out data)
 * @param y labels
 * @param options `metric` (default rocAucScore), `nRepeats` (default 5), `seed` (default 0)
 * @example
 * const imp = permutationImportance((x) => gbm.predictProba(x), xTest, yTest, { nRepeats: 3 });
 */
export function permutationImportance(
  predict: (x: Matrix) => Numbers,
  x: Matrix,
  y: Numbers,
  options: PermutationImportanceOptions = {},
): PermutationImportance {
  const metric = options.metric ?? ((t: Numbers, s: Numbers) => rocAucScore(t, s));
  const nRepeats = options.nRepeats ?? 5;
  const seed = options.seed ?? 0;
  check(typeof predict === 'function', 'permutationImportance predict', 'a function (x: Matrix) => scores', predict);
  check(Number.isInteger(nRepeats) && nRepeats > 0, 'permutationImportance nRepeats', 'a positive integer', nRepeats);
  check(x && x.data instanceof Float32Array && x.data.length === x.rows * x.cols, 'permutationImportance x', 'a Matrix', x);
  checkLength('permutationImportance y', y, x.rows, 'x.rows');
  checkFinite('permutationImportance x', x.data);
  const score = (m: Matrix): number => {
    const s = predict(m);
    if (!s || s.length !== m.rows) throw new HepmlError(`permutationImportance predict: expected ${m.rows} scores, found ${s ? s.length : s}.`);
    return metric(y, s);
  };
  const baseline = score(x);
  const rng = new Random(seed);
  const work = new Float32Array(x.data);
  const shuffled: Matrix = { data: work, rows: x.rows, cols: x.cols, names: x.names };
  const col = new Float32Array(x.rows);
  const importances: Float64Array[] = [];
  const mean = new Float64Array(x.cols);
  const std = new Float64Array(x.cols);
  for (let f = 0; f < x.cols; f++) {
    const drops = new Float64Array(nRepeats);
    for (let i = 0; i < x.rows; i++) col[i] = x.data[i * x.cols + f];
    for (let r = 0; r < nRepeats; r++) {
      const perm = rng.permutation(x.rows);
      for (let i = 0; i < x.rows; i++) work[i * x.cols + f] = col[perm[i]];
      drops[r] = baseline - score(shuffled);
    }
    for (let i = 0; i < x.rows; i++) work[i * x.cols + f] = col[i];
    let m = 0;
    for (let r = 0; r < nRepeats; r++) m += drops[r];
    m /= nRepeats;
    let v = 0;
    for (let r = 0; r < nRepeats; r++) v += (drops[r] - m) ** 2;
    mean[f] = m;
    std[f] = Math.sqrt(v / nRepeats);
    importances.push(drops);
  }
  const names = x.names ? [...x.names] : Array.from({ length: x.cols }, (_, j) => `x${j}`);
  return { baseline, importancesMean: mean, importancesStd: std, importances, names };
}
