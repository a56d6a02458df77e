/**
 * The working point of a classifier: the score threshold that keeps a target fraction of the signal,
 * and the efficiencies it gives (08-ship-hnl: "the threshold for a target signal efficiency"), or the
 * efficiencies of a given threshold or background efficiency (02-ww-mlp, 03-higgsml-bdt: TPR and FPR at the
 * chosen cut).
 */
import { check } from '../errors';
import { checkBinaryInput } from './roc';
import { binaryClfCurve } from './curve';
import type { Numbers } from './check';

/** Options of {@link thresholdAtEfficiency}. */
export interface WorkingPointOptions {
  /** Target signal efficiency in (0, 1]. Default 0.9. */
  signalEfficiency?: number;
  /** Per-event weights. Default: all 1. */
  weights?: Numbers;
}

/** A working point: select events with `score >= threshold`. */
export interface WorkingPoint {
  threshold: number;
  /** Fraction of (weighted) signal with score >= threshold: the smallest value >= the target. */
  signalEfficiency: number;
  /** Fraction of (weighted) background with score >= threshold. */
  backgroundEfficiency: number;
}

/**
 * The highest threshold whose signal efficiency reaches the target, with the resulting signal and
 * background efficiencies. Exact on the data (no interpolation): the efficiencies are those of the cut
 * `score >= threshold`.
 * @example
 * const wp = thresholdAtEfficiency(yTest, score, { signalEfficiency: 0.9 });
 */
export function thresholdAtEfficiency(yTrue: Numbers, yScore: Numbers, options: WorkingPointOptions = {}): WorkingPoint {
  const target = options.signalEfficiency ?? 0.9;
  check(Number.isFinite(target) && target > 0 && target <= 1, 'thresholdAtEfficiency signalEfficiency', 'a number in (0, 1]', target);
  const weights = options.weights;
  checkBinaryInput('thresholdAtEfficiency', yTrue, yScore, weights);
  const c = binaryClfCurve(yTrue, yScore, weights);
  const n = c.thresholds.length;
  const totalS = c.tps[n - 1], totalB = c.fps[n - 1];
  check(totalS > 0, 'thresholdAtEfficiency yTrue', 'at least one signal event (label 1)', 'none');
  let i = 0;
  while (i < n - 1 && c.tps[i] / totalS < target - 1e-12) i++;
  return {
    threshold: c.thresholds[i],
    signalEfficiency: c.tps[i] / totalS,
    backgroundEfficiency: totalB > 0 ? c.fps[i] / totalB : NaN,
  };
}

/** Options of {@link workingPoint}: exactly one of `threshold`, `signalEfficiency`, `backgroundEfficiency`. */
export interface WorkingPointAtOptions {
  /** Select `score >= threshold`. */
  threshold?: number;
  /** The highest threshold keeping at least this fraction of the signal, in (0, 1]. */
  signalEfficiency?: number;
  /** The lowest threshold keeping at most this fraction of the background, in [0, 1]. */
  backgroundEfficiency?: number;
  /** Per-event weights. Default: all 1. */
  weights?: Numbers;
}

/**
 * A classifier's working point fixed by a threshold, a signal efficiency or a background efficiency:
 * the cut `score >= threshold` with its true positive rate (signal efficiency ε_S) and false positive
 * rate (background efficiency ε_B), exact on the data.
 *
 * @param yTrue 1 = signal, 0 = background
 * @param yScore classifier scores (higher = more signal-like)
 * @param options one of `threshold`, `signalEfficiency`, `backgroundEfficiency`; `weights`
 * @returns `{ threshold, signalEfficiency, backgroundEfficiency }` (TPR = signalEfficiency, FPR = backgroundEfficiency)
 * @example
 * workingPoint(yTest, score, { threshold: 0.5 });             // TPR and FPR of the cut at 0.5
 * workingPoint(yTest, score, { backgroundEfficiency: 0.1 });  // TPR at 10 % FPR
 */
export function workingPoint(yTrue: Numbers, yScore: Numbers, options: WorkingPointAtOptions): WorkingPoint {
  const given = (['threshold', 'signalEfficiency', 'backgroundEfficiency'] as const).filter((k) => options?.[k] !== undefined);
  check(given.length === 1, 'workingPoint options', 'exactly one of threshold, signalEfficiency, backgroundEfficiency', given.length ? given.join(' and ') : 'none');
  if (options.signalEfficiency !== undefined) return thresholdAtEfficiency(yTrue, yScore, { signalEfficiency: options.signalEfficiency, weights: options.weights });
  checkBinaryInput('workingPoint', yTrue, yScore, options.weights);
  const c = binaryClfCurve(yTrue, yScore, options.weights);
  const n = c.thresholds.length;
  const totalS = c.tps[n - 1], totalB = c.fps[n - 1];
  check(totalS > 0, 'workingPoint yTrue', 'at least one signal event (label 1)', 'none');
  check(totalB > 0, 'workingPoint yTrue', 'at least one background event (label 0)', 'none');
  if (options.threshold !== undefined) {
    const t = options.threshold;
    check(Number.isFinite(t), 'workingPoint threshold', 'a finite number', t);
    // thresholds decrease: the last index with thresholds[i] >= t selects exactly score >= t
    let i = -1;
    while (i + 1 < n && c.thresholds[i + 1] >= t) i++;
    return { threshold: t, signalEfficiency: i < 0 ? 0 : c.tps[i] / totalS, backgroundEfficiency: i < 0 ? 0 : c.fps[i] / totalB };
  }
  const target = options.backgroundEfficiency as number;
  check(Number.isFinite(target) && target >= 0 && target <= 1, 'workingPoint backgroundEfficiency', 'a number in [0, 1]', target);
  let i = -1;
  while (i + 1 < n && c.fps[i + 1] / totalB <= target + 1e-12) i++;
  if (i < 0) return { threshold: c.thresholds[0] + 1, signalEfficiency: 0, backgroundEfficiency: 0 };
  return { threshold: c.thresholds[i], signalEfficiency: c.tps[i] / totalS, backgroundEfficiency: c.fps[i] / totalB };
}
