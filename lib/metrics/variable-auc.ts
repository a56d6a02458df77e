/**
 * How well one physics variable separates signal from background on its own: the ROC AUC of the
 * variable used as a score, in whichever direction separates (a narrow photon jet has a *small* width).
 * The baseline a classifier must beat. Taught in 05-jet-images-cnn (jet width, photon energy fraction).
 */
import { check } from '../errors';
import { checkBinaryInput, rocAucFromCurve } from './roc';
import { binaryClfCurve } from './curve';
import type { Numbers } from './check';

/** Options of {@link variableAucScore}. */
export interface VariableAucOptions {
  /** Per-sample weights; default: all 1. */
  weights?: Numbers;
}

/** A variable's separating power as a cut. */
export interface VariableAuc {
  /** ROC AUC in the separating direction (≥ 0.5). */
  auc: number;
  /** True when signal sits at *low* values (the cut is `value < threshold`). */
  signalLow: boolean;
}

/**
 * ROC AUC of one variable as a score, in its better direction: max(AUC, 1 − AUC).
 * @param yTrue labels, 1 = signal
 * @param values the variable, one value per sample
 * @param options `weights` (default none)
 * @returns `{ auc, signalLow }`
 * @example
 * variableAucScore(y, jetWidth); // { auc: 0.85, signalLow: true } for narrow photon jets
 */
export function variableAucScore(yTrue: Numbers, values: Numbers, options: VariableAucOptions = {}): VariableAuc {
  checkBinaryInput('variableAucScore', yTrue, values, options.weights);
  const auc = rocAucFromCurve(binaryClfCurve(yTrue, values, options.weights));
  check(!Number.isNaN(auc), 'variableAucScore yTrue', 'both signal and background samples', 'a single class');
  return auc >= 0.5 ? { auc, signalLow: false } : { auc: 1 - auc, signalLow: true };
}
