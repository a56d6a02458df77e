/** `hepml inspect FILE`: what is inside a ROOT / HDF5 / NPY / NPZ / CSV file. */
import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { UsageError } from '../command';
import { hdf5Info, loadCSV, npyFileHeader, npzInfo, rootInfo } from '../../lib/data';
import { HepmlError, safeText } from '../../lib/errors';

const usage = `usage: hepml inspect FILE [--max-bytes N]

Shows trees/branches/types/entries (ROOT), groups/datasets/dtypes/shapes and pandas frames (HDF5),
dtype/shape (NPY, each array of an NPZ: headers only), columns/types/rows (CSV, .dat, .csv.gz).
--max-bytes N: the most bytes a .csv.gz may decompress to (default 1 GiB, or HEPML_MAX_BYTES).
Names from the file are shown with control characters escaped.`;

/** The format of a file from its name (and first bytes). */
export function detectFormat(path: string): 'root' | 'hdf5' | 'npy' | 'npz' | 'csv' {
  if (/\.root$/i.test(path)) return 'root';
  if (/\.(h5|hdf5|hdf)$/i.test(path)) return 'hdf5';
  if (/\.npy$/i.test(path)) return 'npy';
  if (/\.npz$/i.test(path)) return 'npz';
  if (/\.(csv|dat|txt|tsv)(\.gz)?$/i.test(path)) return 'csv';
  throw new HepmlError(`${safeText(path, 200)}: expected a .root, .h5, .npy, .npz, .csv or .dat file, found an unknown extension.`, { where: path });
}

/** The value of `--max-bytes`, checked. */
export function maxBytesOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`expected --max-bytes to be a positive number of bytes, found ${safeText(v, 40)}.`);
  return n;
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { 'max-bytes': { type: 'string' } } });
  const [file] = positionals;
  if (!file) throw new UsageError('inspect: expected a FILE.');
  const maxBytes = maxBytesOption(values['max-bytes']);
  const s = (t: string, max = 200) => safeText(t, max);
  switch (detectFormat(file)) {
    case 'root':
      for (const t of await rootInfo(file)) {
        console.log(`tree ${s(t.name)}: ${t.entries} entries, ${t.branches.length} branches`);
        for (const b of t.branches) console.log(`  ${s(b.name).padEnd(28)} ${b.dtype}${b.count ? `[${s(b.count)}]` : ''} (${b.leaf})`);
      }
      break;
    case 'hdf5':
      for (const n of await hdf5Info(file)) {
        console.log(n.kind === 'group' ? `${s(n.path)}/${n.pandas ? `  (pandas ${n.pandas} frame: hepml export --key ${s(n.path.slice(1))})` : ''}` : `${s(n.path)}  ${s(n.dtype ?? '')} [${n.shape!.join(', ')}]`);
      }
      break;
    case 'npy': {
      const h = npyFileHeader(file);
      console.log(`${s(file)}: ${h.dtype} (${s(h.descr)}) shape [${h.shape.join(', ')}]${h.fortranOrder ? ' Fortran order' : ''}, NPY v${h.version}`);
      break;
    }
    case 'npz': {
      for (const m of npzInfo(file)) {
        console.log(m.header ? `${s(m.name)}: ${m.header.dtype} [${m.header.shape.join(', ')}]` : `${s(m.name)}: (not an array, ${m.bytes} bytes)`);
      }
      break;
    }
    case 'csv': {
      const t = await loadCSV(file, { maxBytes });
      console.log(`${s(file)}: ${t.rows} rows, ${t.schema.length} columns`);
      for (const c of t.schema) console.log(`  ${s(c.name, 80).padEnd(40)} ${c.dtype}${c.categories ? ` {${c.categories.slice(0, 8).map((x) => s(x, 40)).join(', ')}${c.categories.length > 8 ? ', ...' : ''}}` : ''}`);
      break;
    }
  }
  return 0;
}

export const command: Command = { name: 'inspect', summary: 'show what is inside a ROOT / HDF5 / NPY / NPZ / CSV file', usage, run };
