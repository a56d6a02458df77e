/**
 * The working point of a classifier: the score threshold that keeps a target fraction of the signal,
 * and the efficiencies it gives (08-ship-hnl: "the threshold for a target signal efficiency").
 */
import { check } from '../errors';
import { checkBinaryInput } from './roc';
import { binaryClfCurve } from './curve';
import type { Numbers } from './check';

/** Options of {@link thresholdAtEfficiency}. */
export interface WorkingPointOptions {
  /** Target signal efficiency in (0, 1]. Default 0.9. */
  signalEfficiency?: number;
  /** Per-sample weights. Default: all 1. */
  sampleWeight?: Numbers;
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
  checkBinaryInput('thresholdAtEfficiency', yTrue, yScore, options.sampleWeight);
  const c = binaryClfCurve(yTrue, yScore, options.sampleWeight);
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
