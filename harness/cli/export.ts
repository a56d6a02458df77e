/** `hepml export FILE [--tree T] [--key K] [--columns a,b] [--limit N] [--max-bytes N] --format csv|json|npy --out F`. */
import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { UsageError } from '../command';
import { detectFormat, maxBytesOption } from './inspect';
import { HepmlError, nameList, quote, safeText } from '../../lib/errors';
import { loadCSV, loadHdf5, loadNpy, loadNpz, loadRoot, toNpy, writeFileAtomic, type Column, type JaggedColumn, type NpyArray } from '../../lib/data';

const usage = `usage: hepml export FILE [--tree T] [--key K] [--columns a,b,...] [--limit N] [--max-bytes N] --format csv|json|npy --out F

Converts the columns of a ROOT tree, a pandas HDF5 frame, a CSV or the arrays of an NPY/NPZ into
plain columns. csv: a header + one row per event; json: {"column": [values...]}; npy: a float32 [N, C]
matrix with columns in the order given (names in F + '.columns.txt').
Jagged ROOT branches (a list per entry) go to json as lists; csv/npy skip them, or refuse when named.
An [N, ...] array of an NPY/NPZ becomes columns NAME_0, NAME_1, ... (its trailing axes flattened in
C order); the arrays exported together must have the same number of rows.
--max-bytes N: the most bytes an .npz or .csv.gz may decompress to (default 1 GiB, or HEPML_MAX_BYTES).`;

interface Read { columns: Record<string, Column>; jagged: Record<string, JaggedColumn & { count?: string }> }

/** Columns of an [N, ...] array: one per trailing index (C order), named NAME_j; 0-D/1-D keep NAME. */
function arrayColumns(key: string, a: NpyArray, limit: number | undefined): Record<string, Column> {
  const d = a.data instanceof BigInt64Array || a.data instanceof BigUint64Array ? Float64Array.from(a.data, Number) : (a.data as Column);
  const rows = a.shape.length === 0 ? 1 : a.shape[0];
  const keep = Math.min(rows, limit ?? Infinity);
  if (a.shape.length <= 1) return { [key]: d.slice(0, keep) };
  const width = a.shape.slice(1).reduce((x, y) => x * y, 1);
  const out: Record<string, Column> = {};
  for (let j = 0; j < width; j++) {
    const col = new (d.constructor as new (n: number) => Column)(keep);
    for (let i = 0; i < keep; i++) col[i] = d[i * width + j];
    out[`${key}_${j}`] = col;
  }
  return out;
}

async function readColumns(file: string, o: { tree?: string; key?: string; columns?: string[]; limit?: number; maxBytes?: number }): Promise<Read> {
  switch (detectFormat(file)) {
    case 'root': {
      const r = await loadRoot(file, { tree: o.tree, branches: o.columns, stop: o.limit });
      const counts = Object.fromEntries(r.branches.map((b) => [b.name, b.count]));
      const jagged = Object.fromEntries(Object.entries(r.jagged).map(([k, v]) => [k, { ...v, count: counts[k] }]));
      return { columns: r.columns, jagged };
    }
    case 'hdf5':
      return { columns: (await loadHdf5(file, { key: o.key, columns: o.columns, stop: o.limit })).columns, jagged: {} };
    case 'csv':
      return { columns: (await loadCSV(file, { columns: o.columns, limit: o.limit, maxBytes: o.maxBytes })).columns, jagged: {} };
    case 'npy':
    case 'npz': {
      const arrays = /\.npy$/i.test(file) ? { [o.key ?? 'array']: loadNpy(file) } : loadNpz(file, { maxBytes: o.maxBytes }).arrays;
      const out: Record<string, Column> = {};
      for (const [k, a] of Object.entries(arrays)) {
        // a named 2-D array selects all its columns
        if (o.columns && !o.columns.includes(k) && !o.columns.some((c) => c.startsWith(`${k}_`))) continue;
        Object.assign(out, arrayColumns(k, a, o.limit));
      }
      const chosen = o.columns ? o.columns.flatMap((c) => (out[c] ? [c] : Object.keys(out).filter((n) => n.startsWith(`${c}_`) && arrays[c]))) : Object.keys(out);
      if (o.columns) for (const c of o.columns) if (!out[c] && !arrays[c]) throw new HepmlError(`${safeText(file, 200)}: expected an array or column ${quote(c)}, found ${nameList(Object.keys(arrays))}.`, { where: file });
      return { columns: Object.fromEntries(chosen.map((c) => [c, out[c]])), jagged: {} };
    }
  }
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { tree: { type: 'string' }, key: { type: 'string' }, columns: { type: 'string' }, limit: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'max-bytes': { type: 'string' } },
  });
  const [file] = positionals;
  if (!file) throw new UsageError('export: expected a FILE.');
  if (!values.out) throw new UsageError('export: expected --out F.');
  const format = values.format ?? 'csv';
  if (!['csv', 'json', 'npy'].includes(format)) throw new UsageError(`export: expected --format csv, json or npy, found ${safeText(format, 40)}.`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new UsageError(`export: expected --limit to be a non-negative integer, found ${safeText(values.limit!, 40)}.`);
  const want = values.columns?.split(',').map((s) => s.trim());
  const { columns, jagged } = await readColumns(file, { tree: values.tree, key: values.key, columns: want, limit, maxBytes: maxBytesOption(values['max-bytes']) });
  const shown = safeText(file, 200);
  if (format !== 'json') {
    const named = Object.keys(jagged).filter((k) => want?.includes(k));
    if (named.length) {
      const j = jagged[named[0]];
      throw new HepmlError(`${shown}: expected flat branches for --format ${format}, found ${quote(named[0])}, a jagged branch (a list per entry${j.count ? `, count ${quote(j.count)}` : ''}). Export it with --format json, or pick flat branches.`, { where: file });
    }
  }
  const jaggedOut = format === 'json' ? jagged : {};
  const names = want ? want.filter((c) => c in columns || c in jaggedOut).concat(Object.keys(columns).filter((c) => !want.includes(c))) : [...Object.keys(columns), ...Object.keys(jaggedOut)];
  const lengths = names.map((c) => (c in columns ? columns[c].length : jaggedOut[c].offsets.length - 1));
  if (lengths.some((l) => l !== lengths[0])) {
    throw new HepmlError(`${shown}: expected columns of equal length to export together, found ${names.map((c, i) => `${safeText(c, 40)}: ${lengths[i]}`).slice(0, 8).join(', ')}. Pick columns of one length with --columns.`, { where: file });
  }
  const n = lengths.length ? lengths[0] : 0;
  let bytes: string | Uint8Array;
  if (format === 'csv') {
    const parts: string[] = [names.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\n'];
    const cols = names.map((c) => columns[c]);
    for (let i = 0; i < n; i++) parts.push(cols.map((c) => String(c[i])).join(',') + '\n');
    bytes = parts.join('');
  } else if (format === 'json') {
    const num = (v: number) => (Number.isFinite(v) ? v : null);
    const obj: Record<string, unknown> = {};
    for (const c of names) {
      if (c in columns) obj[c] = Array.from(columns[c], num);
      else {
        const { offsets, values: v } = jaggedOut[c];
        obj[c] = Array.from({ length: n }, (_, i) => Array.from(v.subarray(offsets[i], offsets[i + 1]), num));
      }
    }
    bytes = JSON.stringify(obj);
  } else {
    const m = new Float32Array(n * names.length);
    names.forEach((c, j) => { const col = columns[c]; for (let i = 0; i < n; i++) m[i * names.length + j] = col[i]; });
    bytes = toNpy(m, { shape: [n, names.length] });
    writeFileAtomic(`${values.out}.columns.txt`, names.join('\n') + '\n');
  }
  writeFileAtomic(values.out, bytes);
  console.log(`${safeText(values.out, 200)}: ${n} rows x ${names.length} columns (${format})`);
  return 0;
}

export const command: Command = { name: 'export', summary: 'convert a tree / key / array into csv, json or npy', usage, run };
