/**
 * A dataset's labels and weights, checked: notebooks call `labelsOf(ds)` instead of asserting `ds.labels!`,
 * and get a sentence naming the dataset when it has none (an unlabelled challenge test file, say).
 */
import { HepmlError } from '../errors';
import type { Dataset } from './dataset';

/**
 * The class label of every event (0/1 for two classes; `ds.classes[label]` names it).
 * @param ds - a labelled dataset
 * @returns `ds.labels`
 * @example
 * const y = labelsOf(ds);
 */
export function labelsOf(ds: Dataset): Int32Array {
  if (!ds.labels) throw new HepmlError(`${ds.id}: expected a labelled dataset, found no labels (source ${ds.source}). Load the training file, not the unlabelled test file.`);
  return ds.labels;
}

/**
 * The weight of every event (the manifest's weight column, e.g. HiggsML `Weight`, WW `mcWeight`).
 * @param ds - a weighted dataset
 * @returns `ds.weights`
 * @example
 * const w = weightsOf(ds);
 */
export function weightsOf(ds: Dataset): Float32Array | Float64Array {
  if (!ds.weights) throw new HepmlError(`${ds.id}: expected event weights, found none (source ${ds.source}). Use a dataset whose manifest names a weight column.`);
  return ds.weights;
}

/**
 * The class names, index = label value (`classesOf(ds)[labelsOf(ds)[i]]` names event i's class).
 * @param ds - a labelled dataset whose manifest or generator names its classes
 * @returns a copy of `ds.classes`
 * @example
 * const classes = classesOf(ds);   // ['VH', 'ggF', 'VBF', 'top', 'Z+jets', 'WW']
 */
export function classesOf(ds: Dataset): string[] {
  if (!ds.classes || ds.classes.length === 0) throw new HepmlError(`${ds.id}: expected class names, found none (source ${ds.source}). Use a labelled dataset whose manifest names its classes.`);
  return [...ds.classes];
}
