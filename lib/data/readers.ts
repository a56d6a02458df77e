/**
 * Reads one real file of a manifest with its format's reader and maps it into Dataset parts:
 * columns in schema order, tensors assembled from `fromColumns` patterns (top-tagging E_i/PX_i/PY_i/PZ_i,
 * img_0…img_1599), NPZ image arrays, and per-file labels (SHiP).
 */
import { HepmlError } from '../errors';
import type { Column, ColumnSchema } from './dataset';
import type { NdArray } from './matrix';
import type { Manifest, ManifestFile } from './manifest';
import { loadRoot } from './root';
import { loadCSV } from './csv';
import { loadHdf5 } from './hdf5';
import { loadNpz } from './npz';

export interface FileParts { columns: Record<string, Column>; schema: ColumnSchema[]; tensors: Record<string, NdArray>; labels?: Int32Array; source: string }

function schemaFor(m: Manifest, names: string[], got: Record<string, ColumnSchema | undefined>): ColumnSchema[] {
  return names.map((n) => {
    const ms = m.schema.columns.find((c) => c.name === n);
    return { ...(ms ?? { name: n, dtype: 'float32' }), ...(got[n]?.categories ? { categories: got[n]!.categories, dtype: 'string' as const } : {}) };
  });
}

/** Reads `path` (one of `m.files`) into columns/tensors/labels, the first `events` rows when given. */
export async function readManifestFile(m: Manifest, f: ManifestFile, path: string, events?: number): Promise<FileParts> {
  const source = `file:${path}`;
  const tensorsSpec = m.schema.tensors ?? [];
  const wanted = m.schema.columns.map((c) => c.name);
  switch (f.format) {
    case 'root': {
      const r = await loadRoot(path, { tree: f.reader.tree, branches: wanted, stop: events });
      return { columns: r.columns, schema: schemaFor(m, wanted, {}), tensors: {}, source };
    }
    case 'csv': {
      const t = await loadCSV(path, { separator: f.reader.separator, columns: wanted, limit: events, float64: wanted.some((n) => m.schema.columns.find((c) => c.name === n)?.dtype === 'float64') });
      const got = Object.fromEntries(t.schema.map((s) => [s.name, s]));
      const labels = f.label !== undefined ? new Int32Array(t.rows).fill(f.label) : undefined;
      return { columns: t.columns, schema: schemaFor(m, wanted, got), tensors: {}, labels, source };
    }
    case 'hdf5': {
      const expand = (p: string, count: number) => Array.from({ length: count }, (_, i) => p.replace('{i}', String(i)));
      // the first column-built tensor is decoded straight into its row-major array (one pass, no
      // per-column copies: peak memory is the decoded data); any further ones are packed from columns
      const specs = tensorsSpec.filter((t) => (t.fromColumns ?? []).length > 0);
      const colsOf = (t: (typeof specs)[number]) => Array.from({ length: t.count ?? 1 }, (_, i) => (t.fromColumns ?? []).map((p) => p.replace('{i}', String(i)))).flat();
      const [first, ...rest] = specs;
      const restCols = rest.flatMap(colsOf);
      const t = await loadHdf5(path, { key: f.reader.key, columns: [...wanted, ...restCols], stop: events, matrixColumns: first ? colsOf(first) : undefined });
      const tensors: Record<string, NdArray> = {};
      if (first) tensors[first.name] = { data: t.matrix!, shape: [t.rows, ...first.shape] };
      for (const spec of rest) {
        const names = colsOf(spec);
        const per = names.length;
        const data = new Float32Array(t.rows * per);
        // constituents: [N, count, pats] (E,PX,PY,PZ per constituent); images: [N, count] reshaped to spec.shape
        names.forEach((nm, j) => {
          const col = t.columns[nm];
          for (let r = 0; r < t.rows; r++) data[r * per + j] = col[r];
          if (!wanted.includes(nm)) delete t.columns[nm];
        });
        tensors[spec.name] = { data, shape: [t.rows, ...spec.shape] };
      }
      const got = Object.fromEntries(Object.entries(t.categories ?? {}).map(([n, categories]) => [n, { name: n, dtype: 'string' as const, categories }]));
      return { columns: t.columns, schema: schemaFor(m, wanted, got), tensors, source };
    }
    case 'npz': {
      const { arrays } = loadNpz(path);
      const imgName = f.reader.images ?? 'images';
      const labName = f.reader.labels ?? 'labels';
      const img = arrays[imgName];
      const lab = arrays[labName];
      if (!img || !lab) throw new HepmlError(`${path}: expected arrays ${imgName} and ${labName}, found ${Object.keys(arrays).join(', ')}. Set reader.images / reader.labels in the manifest.`, { where: path });
      const n = Math.min(img.shape[0], events ?? Infinity);
      const per = img.shape.slice(1).reduce((a, b) => a * b, 1);
      const data = Float32Array.from((img.data as Float32Array).subarray(0, n * per));
      const labels = Int32Array.from(Array.from(lab.data as ArrayLike<number | bigint>).slice(0, n), Number);
      return { columns: {}, schema: [], tensors: { [m.schema.tensors?.[0]?.name ?? 'images']: { data, shape: [n, ...img.shape.slice(1)] } }, labels, source };
    }
    default:
      throw new HepmlError(`${path}: expected a supported format, found ${f.format}.`, { where: path });
  }
}
