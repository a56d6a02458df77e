/** `hepml export FILE [--tree T] [--key K] [--columns a,b] [--limit N] --format csv|json|npy --out F`. */
import { parseArgs } from 'node:util';
import { writeFileSync, renameSync } from 'node:fs';
import type { Command } from './command';
import { UsageError } from './command';
import { detectFormat } from './inspect';
import { loadRoot } from '../../lib/data/root';
import { loadHdf5 } from '../../lib/data/hdf5';
import { loadCSV } from '../../lib/data/csv';
import { loadNpy } from '../../lib/data/npy';
import { loadNpz } from '../../lib/data/npz';
import { toNpy } from '../../lib/data/npy-write';
import type { Column } from '../../lib/data/dataset';
import { HepmlError } from '../../lib/errors';

const usage = `usage: hepml export FILE [--tree T] [--key K] [--columns a,b,...] [--limit N] --format csv|json|npy --out F

Converts the flat columns of a ROOT tree, a pandas HDF5 frame, a CSV or the arrays of an NPY/NPZ into
plain columns. csv: a header + one row per event; json: {"column": [values...]}; npy: a float32 [N, C]
matrix with columns in the order given (names in F + '.columns.txt'). Jagged ROOT branches are skipped.`;

async function readColumns(file: string, o: { tree?: string; key?: string; columns?: string[]; limit?: number }): Promise<Record<string, Column>> {
  switch (detectFormat(file)) {
    case 'root': {
      const r = await loadRoot(file, { tree: o.tree, branches: o.columns, stop: o.limit });
      return r.columns;
    }
    case 'hdf5':
      return (await loadHdf5(file, { key: o.key, columns: o.columns, stop: o.limit })).columns;
    case 'csv':
      return (await loadCSV(file, { columns: o.columns, limit: o.limit })).columns;
    case 'npy':
    case 'npz': {
      const arrays = file.endsWith('.npy') ? { [o.key ?? 'array']: loadNpy(file) } : loadNpz(file).arrays;
      const out: Record<string, Column> = {};
      for (const [k, a] of Object.entries(arrays)) {
        if (a.shape.length > 1) continue;
        const d = a.data instanceof BigInt64Array || a.data instanceof BigUint64Array ? Float64Array.from(a.data, Number) : (a.data as Column);
        out[k] = o.limit !== undefined ? d.slice(0, o.limit) : d;
      }
      if (o.columns) for (const c of o.columns) if (!out[c]) throw new HepmlError(`${file}: expected a 1-D array ${JSON.stringify(c)}, found ${Object.keys(out).join(', ') || 'none'}.`, { where: file });
      return o.columns ? Object.fromEntries(o.columns.map((c) => [c, out[c]])) : out;
    }
  }
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { tree: { type: 'string' }, key: { type: 'string' }, columns: { type: 'string' }, limit: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  });
  const [file] = positionals;
  if (!file) throw new UsageError('export: expected a FILE.');
  if (!values.out) throw new UsageError('export: expected --out F.');
  const format = values.format ?? 'csv';
  if (!['csv', 'json', 'npy'].includes(format)) throw new UsageError(`export: expected --format csv, json or npy, found ${format}.`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new UsageError(`export: expected --limit to be a non-negative integer, found ${values.limit}.`);
  const columns = await readColumns(file, { tree: values.tree, key: values.key, columns: values.columns?.split(',').map((s) => s.trim()), limit });
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  const tmp = `${values.out}.tmp-${process.pid}`;
  if (format === 'csv') {
    const lines = [names.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')];
    for (let i = 0; i < n; i++) lines.push(names.map((c) => String(columns[c][i])).join(','));
    writeFileSync(tmp, lines.join('\n') + '\n');
  } else if (format === 'json') {
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(names.map((c) => [c, Array.from(columns[c], (v) => (Number.isFinite(v) ? v : null))]))));
  } else {
    const m = new Float32Array(n * names.length);
    names.forEach((c, j) => { const col = columns[c]; for (let i = 0; i < n; i++) m[i * names.length + j] = col[i]; });
    writeFileSync(tmp, toNpy(m, { shape: [n, names.length] }));
    writeFileSync(`${values.out}.columns.txt`, names.join('\n') + '\n');
  }
  renameSync(tmp, values.out);
  console.log(`${values.out}: ${n} rows x ${names.length} columns (${format})`);
  return 0;
}

export const command: Command = { name: 'export', summary: 'convert a tree / key / array into csv, json or npy', usage, run };
