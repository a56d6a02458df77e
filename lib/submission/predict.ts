/**
 * The challenge cells of notebooks 06 (DNN) and 07 (CNN): predict the unlabeled test set and write a
 * checked submission in one call. No tfjs here: pass a predict function (e.g. wrapping
 * `model.predict`) or precomputed scores.
 */
import { HepmlError } from '../errors';
import type { Matrix, NdArray } from '../data/matrix';
import type { StudentChallengeRef } from './challenge-ref';
import { writeSubmission, type WrittenSubmission } from './write';

/** Features of the test set: a row-major {@link Matrix} or an {@link NdArray} such as jet images [N, H, W(, C)]. */
export type ChallengeFeatures = Matrix | NdArray;

/** A model's predict function, or scores already computed (one per test row). */
export type ChallengePredictor<F> = ((features: F) => ArrayLike<number> | Promise<ArrayLike<number>>) | ArrayLike<number>;

export interface ChallengePredictOptions {
  /** Challenge id or the student folder from `hepml challenge make`. Defaults per helper. */
  challenge?: StudentChallengeRef;
  /** Output folder. Default `'submission_predictions'`. */
  dir?: string;
}

function eventsOf(features: ChallengeFeatures): number {
  if ('shape' in features && features.shape?.length > 0) return features.shape[0];
  if ('rows' in features && features.rows !== undefined) return features.rows;
  throw new HepmlError('features: expected a matrix {data, rows, cols} or a block {data, shape}, found neither rows nor shape.', { where: 'features' });
}

async function predictAndWrite<F extends ChallengeFeatures>(predictor: ChallengePredictor<F>, features: F, group: string, model: string, challenge: StudentChallengeRef, dir?: string): Promise<WrittenSubmission> {
  const scores = typeof predictor === 'function' ? await predictor(features) : predictor;
  const n = eventsOf(features);
  if (scores.length !== n) {
    throw new HepmlError(`scores: expected one score per test event (${n}), found ${scores.length}. Predict on the challenge's test features, in their order.`, { where: 'scores' });
  }
  return writeSubmission(scores, { challenge, group, model, dir });
}

/**
 * Notebook 06: scores the DNN challenge's test features and writes `<group>__<model>.npy`.
 * @param predictor `(x) => scores` or precomputed scores (signal probabilities in [0, 1])
 * @param features the challenge's test features (Matrix)
 * @param group group name; @param model model name
 * @param options.challenge default `'top-tagging-dnn'`; options.dir default `'submission_predictions'`
 * @example
 * await predictForDnnChallenge((x) => predictProba(model, x), xTest, 'team_03', 'dnn_64x3');
 */
export function predictForDnnChallenge<F extends ChallengeFeatures>(predictor: ChallengePredictor<F>, features: F, group: string, model: string, options: ChallengePredictOptions = {}): Promise<WrittenSubmission> {
  return predictAndWrite(predictor, features, group, model, options.challenge ?? 'top-tagging-dnn', options.dir);
}

/**
 * Notebook 07: scores the CNN challenge's test jet images and writes `<group>__<model>.npy`.
 * @param predictor `(images) => scores` or precomputed scores
 * @param images the challenge's test images `{ data, shape: [N, 40, 40] }`
 * @param group group name; @param model model name
 * @param options.challenge default `'top-tagging-cnn'`; options.dir default `'submission_predictions'`
 * @example
 * await predictForCnnChallenge(yScore, images, 'team_03', 'cnn_small');
 */
export function predictForCnnChallenge<F extends ChallengeFeatures>(predictor: ChallengePredictor<F>, images: F, group: string, model: string, options: ChallengePredictOptions = {}): Promise<WrittenSubmission> {
  return predictAndWrite(predictor, images, group, model, options.challenge ?? 'top-tagging-cnn', options.dir);
}
