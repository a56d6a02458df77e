/**
 * Training on given folds: for every fold a fresh network trains on the fold's training rows and is
 * validated (early stopping) on its held-out rows, which it then scores. Every row of the training
 * sample gets an out-of-fold score from the network that never saw it; an independent test sample is
 * scored by every fold's network and the scores averaged (the k networks as one ensemble).
 * Taught in 09-vh-multiclass (5-fold on the 80 % training part, the 20 % held out).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { check } from '../errors';
import { takeRows, type Matrix } from '../data/matrix';
import { predict } from './predict';
import { type History, type TrainOptions, train } from './train';

/** Options of {@link trainOutOfFold}: those of {@link train} (validation comes from the folds). */
export interface OutOfFoldOptions extends Omit<TrainOptions, 'validationData' | 'validationSplit'> {
  /** Also score this sample with every fold's network and average. Default: none. */
  test?: Matrix;
  /**
   * Also score every row with the fold networks that trained on it, averaged (the training-sample
   * scores of the overtraining check). Default `false`.
   */
  trainScores?: boolean;
  /** Called after each fold with its history (e.g. to print progress). Default: none. */
  onFold?: (fold: number, history: History) => void;
}

/** Result of {@link trainOutOfFold}. */
export interface OutOfFold {
  /** Out-of-fold outputs, rows × outputs (rows outside every fold's test part stay 0). */
  outOfFold: Float32Array;
  /** Mean output of the fold networks on `options.test` (empty without a test sample). */
  test: Float32Array;
  /** With `trainScores`: mean output of the networks that trained on each row (else empty). */
  inFold: Float32Array;
  /** Fold of each row (−1 for rows in no test part). */
  foldOf: Int32Array;
  histories: History[];
}

/**
 * Trains `build()` once per fold and collects out-of-fold (and averaged test) predictions.
 *
 * @param build returns a fresh model (called once per fold)
 * @param data `{ x, y, weights? }` of the training sample
 * @param folds `[{ train, test }]` row indices into `data`, e.g. from `kFold(y, { k: 5, stratify: y })`
 * @param options {@link train} options plus `test`, `trainScores` (false) and `onFold`
 * @example
 * const oof = await trainOutOfFold(() => mlp({ inputs: 17, outputs: 6 }), { x, y, weights: w }, kFold(y.length, { k: 5 }), { epochs: 20, test: xTest });
 * oof.outOfFold; oof.test;
 */
export async function trainOutOfFold(
  build: () => tfl.LayersModel,
  data: { x: Matrix; y: ArrayLike<number>; weights?: ArrayLike<number> },
  folds: readonly { train: ArrayLike<number>; test: ArrayLike<number> }[],
  options: OutOfFoldOptions = {},
): Promise<OutOfFold> {
  check(folds.length >= 1, 'trainOutOfFold folds', 'at least one fold', folds.length);
  check(data.y.length === data.x.rows, 'trainOutOfFold y', `${data.x.rows} labels (one per row)`, data.y.length);
  const { test, onFold, trainScores, ...trainOptions } = options;
  const n = data.x.rows;
  const foldOf = new Int32Array(n).fill(-1);
  const histories: History[] = [];
  let outOfFold = new Float32Array(0);
  let testSum = new Float32Array(0);
  let inSum = new Float32Array(0);
  const inCount = new Int32Array(n);
  const pick = (a: ArrayLike<number> | undefined, idx: ArrayLike<number>) => (a ? Float32Array.from(idx, (i) => a[i]) : undefined);
  for (let f = 0; f < folds.length; f++) {
    const { train: tr, test: va } = folds[f];
    const model = build();
    try {
      const held = { x: takeRows(data.x, va), y: pick(data.y, va)!, weights: pick(data.weights, va) };
      const history = await train(model, { x: takeRows(data.x, tr), y: pick(data.y, tr)!, weights: pick(data.weights, tr) }, { ...trainOptions, validationData: held });
      histories.push(history);
      const scores = predict(model, held.x);
      const k = scores.length / Math.max(va.length, 1);
      if (outOfFold.length === 0) outOfFold = new Float32Array(n * k);
      for (let r = 0; r < va.length; r++) {
        outOfFold.set(scores.subarray(r * k, (r + 1) * k), va[r] * k);
        foldOf[va[r]] = f;
      }
      if (trainScores) {
        const t = predict(model, takeRows(data.x, tr));
        if (inSum.length === 0) inSum = new Float32Array(n * k);
        for (let r = 0; r < tr.length; r++) {
          inCount[tr[r]]++;
          for (let j = 0; j < k; j++) inSum[tr[r] * k + j] += t[r * k + j];
        }
      }
      if (test) {
        const t = predict(model, test);
        if (testSum.length === 0) testSum = new Float32Array(t.length);
        for (let i = 0; i < t.length; i++) testSum[i] += t[i] / folds.length;
      }
      onFold?.(f, history);
    } finally {
      model.dispose();
    }
  }
  if (trainScores) {
    const k = inSum.length / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) inSum[i * k + j] = inCount[i] ? inSum[i * k + j] / inCount[i] : 0;
  }
  return { outOfFold, test: testSum, inFold: inSum, foldOf, histories };
}
