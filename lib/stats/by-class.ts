/**
 * Per-class views of a column: the values (and weights) of each class, or of one class against all
 * the others (signal versus the rest). Taught in 09-vh-multiclass.
 */
import { check } from '../errors';

/** The values and weights of one group of events. */
export interface ClassGroup {
  values: Float64Array;
  weights: Float64Array;
}

function checked(where: string, values: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): void {
  check(values.length === labels.length, `${where} labels`, `${values.length} labels (one per value)`, labels.length);
  check(!weights || weights.length === values.length, `${where} weights`, `${values.length} weights (one per value)`, weights?.length);
}

function gather(values: ArrayLike<number>, weights: ArrayLike<number> | undefined, keep: (i: number) => boolean): ClassGroup {
  const v: number[] = [], w: number[] = [];
  for (let i = 0; i < values.length; i++) if (keep(i)) { v.push(values[i]); w.push(weights ? weights[i] : 1); }
  return { values: Float64Array.from(v), weights: Float64Array.from(w) };
}

/**
 * The values of every class, with their weights (all 1 without weights), index = class.
 *
 * @example
 * byClass(ds.column('DPHll'), ds.labels, 6, ds.weights)[0].values; // the VH events
 */
export function byClass(values: ArrayLike<number>, labels: ArrayLike<number>, nClasses: number, weights?: ArrayLike<number>): ClassGroup[] {
  checked('byClass', values, labels, weights);
  check(Number.isInteger(nClasses) && nClasses >= 1, 'byClass nClasses', 'a positive integer', nClasses);
  return Array.from({ length: nClasses }, (_, c) => gather(values, weights, (i) => labels[i] === c));
}

/**
 * One class as signal against all other classes as background.
 *
 * @example
 * const { signal, background } = oneVsRest(vhScore, yTest, 0, wTest);
 * optimizeBinning(signal.values, signal.weights, background.values, background.weights);
 */
export function oneVsRest(values: ArrayLike<number>, labels: ArrayLike<number>, signalClass: number, weights?: ArrayLike<number>): { signal: ClassGroup; background: ClassGroup } {
  checked('oneVsRest', values, labels, weights);
  return { signal: gather(values, weights, (i) => labels[i] === signalClass), background: gather(values, weights, (i) => labels[i] !== signalClass) };
}
