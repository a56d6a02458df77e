/**
 * The hepml dataset file: a whole {@link Dataset} as one NPZ numpy can open.
 * Members: `columns/<name>.npy` (one per column, schema order), `labels.npy` (int32), `weights.npy`,
 * `tensors/<name>.npy` (float32, full shape), and `hepml.json` ({id, source, schema, classes, columns,
 * tensors}). Written by `hepml data synth`; read back by {@link loadDatasetFile} and `loadDataset`.
 * Deterministic: the same Dataset gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import { HepmlError } from '../errors';
import { Dataset, type Column, type ColumnSchema } from './dataset';
import type { NdArray } from './matrix';
import { fromNpz, saveNpz, toNpz, type NpzEntry } from './npz';
import type { NpyArray } from './npy';

interface Meta { format: 'hepml-dataset'; version: 1; id: string; source: string; schema: ColumnSchema[]; classes?: string[]; columns: string[]; tensors: string[] }

function entries(ds: Dataset): { arrays: Record<string, NpzEntry>; meta: Uint8Array } {
  const arrays: Record<string, NpzEntry> = {};
  for (const n of ds.columnNames) arrays[`columns/${n}`] = ds.columns[n];
  if (ds.labels) arrays.labels = ds.labels;
  if (ds.weights) arrays.weights = ds.weights;
  for (const [n, t] of Object.entries(ds.tensors)) arrays[`tensors/${n}`] = { data: t.data, shape: t.shape };
  const meta: Meta = { format: 'hepml-dataset', version: 1, id: ds.id, source: ds.source, schema: [...ds.schema], classes: ds.classes ? [...ds.classes] : undefined, columns: ds.columnNames, tensors: Object.keys(ds.tensors) };
  return { arrays, meta: new TextEncoder().encode(JSON.stringify(meta)) };
}

/** Encodes a Dataset as hepml-dataset NPZ bytes. */
export function datasetToNpz(ds: Dataset): Uint8Array {
  const { arrays, meta } = entries(ds);
  return toNpz(arrays, { 'hepml.json': meta });
}

/**
 * Writes a Dataset as a hepml-dataset NPZ (atomically).
 * @example
 * saveDatasetFile('ww-synth.npz', synthesize('ww', { events: 1000, seed: 1 }));
 */
export function saveDatasetFile(path: string, ds: Dataset): void {
  const { arrays, meta } = entries(ds);
  saveNpz(path, arrays, { 'hepml.json': meta });
}

const toColumn = (a: NpyArray): Column => {
  const d = a.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) return Float64Array.from(d, Number);
  return d as Column;
};

/** Reads a hepml-dataset NPZ held in memory. */
export function datasetFromNpz(bytes: Uint8Array, name = 'dataset.npz'): Dataset {
  const { arrays, extra } = fromNpz(bytes, { name });
  const raw = extra['hepml.json'];
  if (!raw) throw new HepmlError(`${name}: expected a hepml dataset NPZ (with hepml.json), found a plain NPZ with ${Object.keys(arrays).join(', ')}. Read it with loadNpz.`, { where: name });
  const meta = JSON.parse(new TextDecoder().decode(raw)) as Meta;
  const columns: Record<string, Column> = {};
  for (const n of meta.columns) {
    const a = arrays[`columns/${n}`];
    if (!a) throw new HepmlError(`${name}: expected column ${JSON.stringify(n)}, found it missing.`, { where: name });
    columns[n] = toColumn(a);
  }
  const tensors: Record<string, NdArray> = {};
  for (const n of meta.tensors) {
    const a = arrays[`tensors/${n}`];
    if (!a || !(a.data instanceof Float32Array)) throw new HepmlError(`${name}: expected float32 tensor ${JSON.stringify(n)}, found ${a ? a.dtype : 'nothing'}.`, { where: name });
    tensors[n] = { data: a.data, shape: a.shape };
  }
  const labels = arrays.labels ? Int32Array.from(arrays.labels.data as ArrayLike<number>) : undefined;
  const w = arrays.weights?.data;
  const weights = w instanceof Float32Array || w instanceof Float64Array ? w : undefined;
  return new Dataset({ id: meta.id, source: meta.source, columns, schema: meta.schema, labels, classes: meta.classes, weights, tensors });
}

/** Reads a hepml-dataset NPZ file. */
export function loadDatasetFile(path: string): Dataset {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new HepmlError(`${path}: expected a readable dataset file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: path, cause: e });
  }
  return datasetFromNpz(bytes, path);
}
