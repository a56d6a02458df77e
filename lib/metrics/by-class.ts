/**
 * Splitting values by their class label, once, inside the library: plots, statistics and metrics take
 * values with labels (and weights) and a `signal` option, so no notebook filters by class by hand.
 */
import { check, HepmlError, describe } from '../errors';
import { checkFinite, checkLength, type Numbers } from './check';

/** Values of one variable split into signal and background, with their weights when given. */
export interface ByClass {
  sig: Float64Array;
  bkg: Float64Array;
  /** Weights of the signal / background values (only when weights were given). */
  wSig?: Float64Array;
  wBkg?: Float64Array;
}

/** Options shared by the functions that take values with labels. */
export interface ByClassOptions {
  /** Per-event weights (same length as the values). Default: all 1. */
  weights?: Numbers;
  /** The label value that means signal; every other label is background. Default 1. */
  signal?: number;
  /** Leave out values equal to this sentinel (e.g. HiggsML's −999). Default: keep all. */
  exclude?: number;
}

/**
 * Splits `values` into signal (`labels[i] === signal`) and background (every other label).
 * @internal used by the plot, statistics and metric entry points that take labels
 * @param where - the public name used in error messages
 */
export function splitByLabel(where: string, values: Numbers, labels: Numbers | undefined, options: ByClassOptions = {}): ByClass {
  check(values !== null && values !== undefined && typeof values.length === 'number', `${where} values`, 'an array of numbers', values);
  if (labels === undefined || labels === null) {
    throw new HepmlError(`${where} labels: expected one class label per value, found ${describe(labels)}. Pass the dataset's labels (labelsOf(ds)).`, { where: `${where} labels` });
  }
  checkLength(`${where} labels`, labels, values.length, 'the values');
  const signal = options.signal ?? 1;
  check(Number.isFinite(signal), `${where} signal`, 'the label value of the signal class', signal);
  const w = options.weights;
  if (w !== undefined) {
    checkLength(`${where} weights`, w, values.length, 'the values');
    checkFinite(`${where} weights`, w);
  }
  const exclude = options.exclude;
  let nSig = 0;
  let nBkg = 0;
  for (let i = 0; i < values.length; i++) {
    if (exclude !== undefined && values[i] === exclude) continue;
    if (labels[i] === signal) nSig++;
    else nBkg++;
  }
  const sig = new Float64Array(nSig);
  const bkg = new Float64Array(nBkg);
  const wSig = w ? new Float64Array(nSig) : undefined;
  const wBkg = w ? new Float64Array(nBkg) : undefined;
  let a = 0;
  let b = 0;
  for (let i = 0; i < values.length; i++) {
    if (exclude !== undefined && values[i] === exclude) continue;
    if (labels[i] === signal) {
      if (wSig) wSig[a] = (w as Numbers)[i];
      sig[a++] = values[i];
    } else {
      if (wBkg) wBkg[b] = (w as Numbers)[i];
      bkg[b++] = values[i];
    }
  }
  return { sig, bkg, wSig, wBkg };
}

/**
 * The summed weights (or counts) of signal and background: the totals Kaggle's AMS renormalises to.
 * @param yTrue - class labels (signal = `options.signal`, default 1)
 * @param options - `weights` (default all 1), `signal` (default 1)
 * @returns `{ signal, background }`
 * @example
 * const totals = classTotals(labelsOf(ds), { weights: weightsOf(ds) }); // { signal: 692, background: 410999 }
 */
export function classTotals(yTrue: Numbers, options: { weights?: Numbers; signal?: number } = {}): { signal: number; background: number } {
  check(yTrue !== null && yTrue !== undefined && typeof yTrue.length === 'number', 'classTotals yTrue', 'an array of labels', yTrue);
  const signal = options.signal ?? 1;
  const w = options.weights;
  if (w !== undefined) {
    checkLength('classTotals weights', w, yTrue.length, 'yTrue');
    checkFinite('classTotals weights', w);
  }
  let s = 0;
  let b = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const wi = w ? w[i] : 1;
    if (yTrue[i] === signal) s += wi;
    else b += wi;
  }
  return { signal: s, background: b };
}
