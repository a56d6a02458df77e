/**
 * k-fold training: k fresh models, each trained on k−1 folds and scored on the held-out fold, giving
 * out-of-fold predictions for every sample (for an unbiased ROC on the full data set).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { check } from '../errors';
import { type TrainData, describeX } from './data';
import { predict } from './predict';
import { foldAssignment } from '../preprocess/split';
import { takeRows } from '../data/matrix';
import { type History, type TrainOptions, train } from './train';

/** Options of {@link trainKFold}: those of {@link train} plus the fold seed. */
export interface KFoldOptions extends TrainOptions {
  /** Seed of the fold assignment (`foldAssignment` of lib/preprocess, shuffled). Default `0`. */
  foldSeed?: number;
}

/** Result of {@link trainKFold}. */
export interface KFoldResult {
  /** The k trained models (dispose them when done). */
  models: tfl.LayersModel[];
  histories: History[];
  /** Fold of each sample (0..k−1). */
  folds: Int32Array;
  /** Out-of-fold predictions (N × outputs), each sample scored by the model that did not see it. */
  outOfFold: Float32Array;
}

/** The samples at `idx` of x, y and the weights (the training or held-out part of one fold). */
function foldPart(data: TrainData, idx: number[]): TrainData {
  const weights = data.weights;
  return { x: takeRows(data.x, idx), y: idx.map((r) => data.y[r]), weights: weights ? idx.map((r) => weights[r]) : undefined };
}

/**
 * Trains `build()` k times on k−1 folds each; the remaining fold is the validation set of that run.
 *
 * @param k - number of folds (≥ 2)
 * @param build - returns a fresh model (called k times)
 * @param data - `{ x, y, weights? }`
 * @param options - {@link train} options plus `foldSeed` (default 0)
 * @example
 * const { outOfFold } = await trainKFold(5, () => mlp({ inputs: 20 }), { x: X, y }, { epochs: 10 });
 */
export async function trainKFold(k: number, build: () => tfl.LayersModel, data: TrainData, options: KFoldOptions = {}): Promise<KFoldResult> {
  const { n } = describeX(data.x, 'trainKFold');
  check(Number.isInteger(k) && k >= 2 && k <= n, 'trainKFold: k', `an integer in [2, ${n}]`, k);
  const folds = foldAssignment(n, { k, shuffle: true, seed: options.foldSeed ?? 0 });
  const models: tfl.LayersModel[] = [];
  const histories: History[] = [];
  let outOfFold = new Float32Array(0);
  for (let f = 0; f < k; f++) {
    const inFold: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < n; i++) (folds[i] === f ? inFold : rest).push(i);
    const model = build();
    const held = foldPart(data, inFold);
    histories.push(await train(model, foldPart(data, rest), { ...options, validationData: held, validationSplit: 0 }));
    const scores = predict(model, held.x);
    const outputs = scores.length / inFold.length;
    if (outOfFold.length === 0) outOfFold = new Float32Array(n * outputs);
    inFold.forEach((r, i) => outOfFold.set(scores.subarray(i * outputs, (i + 1) * outputs), r * outputs));
    models.push(model);
  }
  return { models, histories, folds, outOfFold };
}
