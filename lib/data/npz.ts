/**
 * NPZ: a zip of NPY files (numpy `savez` / `savez_compressed`), via fflate. Stored and deflated members
 * are read; written files are deflated with a fixed timestamp, so equal arrays give equal bytes.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { HepmlError } from '../errors';
import { readNpy, type NpyArray, type NpyReadOptions } from './npy';
import { toNpy, type NpyWritable } from './npy-write';

/** One array to write: a typed array, or a typed array with its shape. */
export type NpzEntry = NpyWritable | { data: NpyWritable; shape: readonly number[]; bool?: boolean };

export interface NpzReadOptions extends NpyReadOptions {
  /** Only these array names (without `.npy`). Default: all. */
  names?: readonly string[];
}

/**
 * Reads an NPZ archive held in memory; keys are the array names without `.npy`.
 * Non-`.npy` members (e.g. `hepml.json`) are returned raw in `extra`.
 * @example
 * const { arrays } = fromNpz(readFileSync('train_data.npz'));
 */
export function fromNpz(bytes: Uint8Array, options: NpzReadOptions = {}): { arrays: Record<string, NpyArray>; extra: Record<string, Uint8Array> } {
  const name = options.name ?? 'npz';
  let files: Record<string, Uint8Array>;
  const wanted = options.names ? new Set(options.names.map((n) => `${n}.npy`)) : undefined;
  try {
    files = unzipSync(bytes, { filter: (f) => !wanted || wanted.has(f.name) || !f.name.endsWith('.npy') });
  } catch (e) {
    throw new HepmlError(`${name}: expected an NPZ (zip) archive, found unreadable data (${(e as Error).message}). The file may be truncated or not an .npz.`, { where: name, cause: e });
  }
  const arrays: Record<string, NpyArray> = {};
  const extra: Record<string, Uint8Array> = {};
  for (const [member, data] of Object.entries(files)) {
    if (member.endsWith('.npy')) {
      const key = member.slice(0, -4);
      arrays[key] = readNpy(data, { maxBytes: options.maxBytes, name: `${name}[${key}]` });
    } else extra[member] = data;
  }
  if (options.names) {
    for (const n of options.names) {
      if (!arrays[n]) throw new HepmlError(`${name}: expected an array ${JSON.stringify(n)}, found only ${Object.keys(arrays).join(', ') || 'none'}.`, { where: name });
    }
  }
  return { arrays, extra };
}

/** Reads an NPZ file from disk. */
export function loadNpz(path: string, options: NpzReadOptions = {}): { arrays: Record<string, NpyArray>; extra: Record<string, Uint8Array> } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new HepmlError(`${path}: expected a readable NPZ file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: path, cause: e });
  }
  return fromNpz(bytes, { ...options, name: options.name ?? path });
}

/**
 * Encodes arrays (and optional extra raw members) as an NPZ archive numpy reads with `np.load`.
 * @param arrays name -> typed array (1-D) or `{data, shape}`
 * @param extra other members, e.g. `{ 'hepml.json': bytes }`
 * @example
 * writeFileSync('out.npz', toNpz({ x: { data: x, shape: [n, 3] }, y: labels }));
 */
export function toNpz(arrays: Record<string, NpzEntry>, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const files: Zippable = {};
  const mtime = new Date(Date.UTC(2000, 0, 1));
  for (const [k, v] of Object.entries(arrays)) {
    const bytes = ArrayBuffer.isView(v) ? toNpy(v) : toNpy(v.data, { shape: v.shape, bool: v.bool });
    files[`${k}.npy`] = [bytes, { level: 6, mtime }];
  }
  for (const [k, v] of Object.entries(extra)) files[k] = [v, { level: 6, mtime }];
  return zipSync(files);
}

/** Writes an NPZ file atomically. */
export function saveNpz(path: string, arrays: Record<string, NpzEntry>, extra: Record<string, Uint8Array> = {}): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, toNpz(arrays, extra));
  renameSync(tmp, path);
}
