/** `hepml inspect FILE`: what is inside a ROOT / HDF5 / NPY / NPZ / CSV file. */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import type { Command } from './command';
import { UsageError } from './command';
import { rootInfo } from '../../lib/data/root';
import { hdf5Info } from '../../lib/data/hdf5';
import { parseNpyHeader } from '../../lib/data/npy';
import { loadNpz } from '../../lib/data/npz';
import { loadCSV } from '../../lib/data/csv';
import { HepmlError } from '../../lib/errors';

const usage = `usage: hepml inspect FILE

Shows trees/branches/types/entries (ROOT), groups/datasets/dtypes/shapes and pandas frames (HDF5),
dtype/shape (NPY, each array of an NPZ), columns/types/rows (CSV, .dat, .csv.gz).`;

/** The format of a file from its name (and first bytes). */
export function detectFormat(path: string): 'root' | 'hdf5' | 'npy' | 'npz' | 'csv' {
  if (/\.root$/i.test(path)) return 'root';
  if (/\.(h5|hdf5|hdf)$/i.test(path)) return 'hdf5';
  if (/\.npy$/i.test(path)) return 'npy';
  if (/\.npz$/i.test(path)) return 'npz';
  if (/\.(csv|dat|txt|tsv)(\.gz)?$/i.test(path)) return 'csv';
  throw new HepmlError(`${path}: expected a .root, .h5, .npy, .npz, .csv or .dat file, found an unknown extension.`, { where: path });
}

async function run(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const [file] = positionals;
  if (!file) throw new UsageError('inspect: expected a FILE.');
  switch (detectFormat(file)) {
    case 'root':
      for (const t of await rootInfo(file)) {
        console.log(`tree ${t.name}: ${t.entries} entries, ${t.branches.length} branches`);
        for (const b of t.branches) console.log(`  ${b.name.padEnd(28)} ${b.dtype}${b.count ? `[${b.count}]` : ''} (${b.leaf})`);
      }
      break;
    case 'hdf5':
      for (const n of await hdf5Info(file)) {
        console.log(n.kind === 'group' ? `${n.path}/${n.pandas ? `  (pandas ${n.pandas} frame: hepml export --key ${n.path.slice(1)})` : ''}` : `${n.path}  ${n.dtype} [${n.shape!.join(', ')}]`);
      }
      break;
    case 'npy': {
      const h = parseNpyHeader(readFileSync(file), file);
      console.log(`${file}: ${h.dtype} (${h.descr}) shape [${h.shape.join(', ')}]${h.fortranOrder ? ' Fortran order' : ''}, NPY v${h.version}`);
      break;
    }
    case 'npz': {
      const { arrays, extra } = loadNpz(file);
      for (const [k, a] of Object.entries(arrays)) console.log(`${k}: ${a.dtype} [${a.shape.join(', ')}]`);
      for (const k of Object.keys(extra)) console.log(`${k}: (not an array)`);
      break;
    }
    case 'csv': {
      const t = await loadCSV(file);
      console.log(`${file}: ${t.rows} rows, ${t.schema.length} columns`);
      for (const s of t.schema) console.log(`  ${s.name.padEnd(40)} ${s.dtype}${s.categories ? ` {${s.categories.slice(0, 8).join(', ')}${s.categories.length > 8 ? ', ...' : ''}}` : ''}`);
      break;
    }
  }
  return 0;
}

export const command: Command = { name: 'inspect', summary: 'show what is inside a ROOT / HDF5 / NPY / NPZ / CSV file', usage, run };
