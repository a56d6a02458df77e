/**
 * k-fold training: k fresh models, each trained on k−1 folds and scored on the held-out fold, giving
 * out-of-fold predictions for every sample (for an unbiased ROC on the full data set).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { check } from '../errors';
import { type TrainData, describeX } from './data';
import { predict } from './predict';
import { mulberry32 } from './shuffle';
import { type History, type TrainOptions, train } from './train';

/** Options of {@link trainKFold}: those of {@link train} plus the fold seed. */
export interface KFoldOptions extends TrainOptions {
  /** Seed of the fold assignment. Default `0`. */
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

function takeSamples(data: TrainData, idx: number[]): TrainData {
  const { sampleShape } = describeX(data.x, 'trainKFold');
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(idx.length * size);
  idx.forEach((r, i) => values.set(data.x.data.subarray(r * size, (r + 1) * size), i * size));
  const x = 'shape' in data.x
    ? { data: values, shape: [idx.length, data.x.shape[1], data.x.shape[2], data.x.shape[3]] as [number, number, number, number] }
    : { data: values, rows: idx.length, cols: data.x.cols, names: data.x.names };
  return { x, y: idx.map((r) => data.y[r]), sampleWeights: data.sampleWeights ? idx.map((r) => data.sampleWeights![r]) : undefined };
}

/**
 * Trains `build()` k times on k−1 folds each; the remaining fold is the validation set of that run.
 *
 * @param k - number of folds (≥ 2)
 * @param build - returns a fresh model (called k times)
 * @param data - `{ x, y, sampleWeights? }`
 * @param options - {@link train} options plus `foldSeed` (default 0)
 * @example
 * const { outOfFold } = await trainKFold(5, () => mlp({ inputs: 20 }), { x: X, y }, { epochs: 10 });
 */
export async function trainKFold(k: number, build: () => tfl.LayersModel, data: TrainData, options: KFoldOptions = {}): Promise<KFoldResult> {
  const { n } = describeX(data.x, 'trainKFold');
  check(Number.isInteger(k) && k >= 2 && k <= n, 'trainKFold: k', `an integer in [2, ${n}]`, k);
  const rand = mulberry32(options.foldSeed ?? 0);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const folds = new Int32Array(n);
  perm.forEach((r, i) => (folds[r] = i % k));
  const models: tfl.LayersModel[] = [];
  const histories: History[] = [];
  let outOfFold = new Float32Array(0);
  for (let f = 0; f < k; f++) {
    const inFold: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < n; i++) (folds[i] === f ? inFold : rest).push(i);
    const model = build();
    const held = takeSamples(data, inFold);
    histories.push(await train(model, takeSamples(data, rest), { ...options, validationData: held, validationSplit: 0 }));
    const scores = predict(model, held.x);
    const outputs = scores.length / inFold.length;
    if (outOfFold.length === 0) outOfFold = new Float32Array(n * outputs);
    inFold.forEach((r, i) => outOfFold.set(scores.subarray(i * outputs, (i + 1) * outputs), r * outputs));
    models.push(model);
  }
  return { models, histories, folds, outOfFold };
}
