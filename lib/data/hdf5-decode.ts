/**
 * The hot part of the HDF5 reader: decoding chunks of PyTables compound rows straight from h5wasm's
 * heap into typed-array columns (no per-row JS objects), and reading pandas' pickled column lists
 * without unpickling (only the protocol-0 string tokens are taken).
 */
import { HepmlError } from '../errors';
import type { Column, DType } from './dataset';
import type { H5Dataset, H5Meta, H5Raw, Hdf5Table } from './hdf5-types';

type Ctor = new (n: number) => Column;

/** Our column type for an HDF5 integer/float type (int64 -> Float64Array, bool/bitfield -> Uint8Array). */
export function h5Types(m: H5Meta, file: string): { ctor: Ctor; dtype: DType } {
  if (m.type === 1) return m.size === 4 ? { ctor: Float32Array, dtype: 'float32' } : { ctor: Float64Array, dtype: 'float64' };
  if (m.type === 0) {
    switch (m.size) {
      case 1: return m.signed ? { ctor: Int8Array, dtype: 'int8' } : { ctor: Uint8Array, dtype: 'uint8' };
      case 2: return m.signed ? { ctor: Int16Array, dtype: 'int16' } : { ctor: Uint16Array, dtype: 'uint16' };
      case 4: return m.signed ? { ctor: Int32Array, dtype: 'int32' } : { ctor: Uint32Array, dtype: 'uint32' };
      case 8: return { ctor: Float64Array, dtype: 'int64' };
    }
  }
  if ((m.type === 4 || m.type === 8) && m.size === 1) return { ctor: Uint8Array, dtype: 'bool' };
  throw new HepmlError(`${file}: expected numeric columns (integer, float, bool), found HDF5 type class ${m.type} of size ${m.size}.`, { where: file });
}

/** Column names from a pandas protocol-0 pickle of a list of strings (tokens `V<name>` / `S'<name>'`). */
export function pickledNames(text: string): string[] {
  // Walk the protocol-0 opcodes: V/S carry strings; p/g/I/L/F/P carry a newline-terminated argument;
  // the rest ((, l, a, t, ., N, d, s, ...) are single characters. Nothing is executed.
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const op = text[i++];
    if ('VSpgILFP'.includes(op)) {
      const end = text.indexOf('\n', i);
      const arg = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 1;
      if (op === 'V') out.push(arg.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, h, H) => String.fromCodePoint(parseInt(h ?? H, 16))));
      else if (op === 'S') out.push(arg.replace(/^'(.*)'$/, '$1'));
    }
  }
  return out;
}

interface Block { member: H5Meta & { name: string; offset: number }; names: string[] }

/** Where {@link decodeRows} puts values: one typed array per column, or one row-major float32 matrix. */
export interface RowMatrix { data: Float32Array; names: readonly string[] }

/**
 * Decodes rows [start, stop) of a PyTables table into the chosen columns and, with `matrix`, the
 * columns `matrix.names` into one row-major float32 matrix (in that order), in one pass, chunk by chunk. Each chunk is walked in small row tiles
 * that stay in cache, so every row is read from memory once whatever the number of columns.
 */
export function decodeRows(Module: H5Raw['Module'], file: string, key: string, t: H5Dataset, blocks: Block[], chosen: string[], total: number, start: number, stop: number, chunkRows: number, matrix?: RowMatrix): Hdf5Table {
  const rowSize = t.metadata.size;
  const ds = t as unknown as { file_id: bigint; path: string };
  const where = new Map<string, { b: Block; j: number }>();
  for (const b of blocks) b.names.forEach((nm, j) => { if (!where.has(nm)) where.set(nm, { b, j }); });
  const planOf = (name: string) => {
    const { b, j } = where.get(name)!;
    const el = b.member.array_type ?? b.member;
    const type = h5Types(el, file);
    return { name, type, el, byteOffset: b.member.offset + j * el.size };
  };
  const plan = chosen.map(planOf);
  const mplan = (matrix?.names ?? []).map(planOf);
  const n = stop - start;
  const columns: Record<string, Column> = {};
  const dtypes: Record<string, DType> = {};
  for (const p of plan) { dtypes[p.name] = p.type.dtype; columns[p.name] = new p.type.ctor(n); }
  const hostLittle = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const rows = Math.max(1, Math.min(chunkRows, n));
  const tile = Math.max(4, Math.floor(1572864 / rowSize)); // ~1.5 MB of rows: measured best here (vs 64 kB-6 MB tiles)
  const ptr = Module._malloc(rows * rowSize);
  if (!ptr) throw new HepmlError(`${file}: expected ${rows * rowSize} bytes of wasm memory for a chunk, found none. Pass a smaller chunkRows.`, { where: file });
  // per column: 4 = aligned float32 view, 8 = aligned float64 view, 0 = DataView read
  const kindOf = (p: ReturnType<typeof planOf>) => (p.el.type === 1 && p.el.littleEndian === hostLittle && (ptr + p.byteOffset) % p.el.size === 0 && rowSize % p.el.size === 0 ? p.el.size : 0);
  const kind = plan.map(kindOf);
  const mkind = Int32Array.from(mplan.map(kindOf));
  const moff = Int32Array.from(mplan.map((p) => p.byteOffset / (kindOf(p) || 1)));
  // runs of matrix columns that are adjacent float32 fields in the file, in the same order: [first, length]
  const runs: [number, number][] = [];
  for (let c = 0; c < mplan.length;) {
    let len = 1;
    if (mkind[c] === 4) while (c + len < mplan.length && mkind[c + len] === 4 && moff[c + len] === moff[c] + len) len++;
    runs.push([c, len]);
    c += len;
  }
  const cols = plan.map((p) => columns[p.name]);
  const m = plan.length;
  const f32col = (c: number) => kind[c] === 4 && cols[c] instanceof Float32Array;
  const run4 = plan.map((p, c) => c + 3 < m && [0, 1, 2, 3].every((d) => f32col(c + d) && plan[c + d].byteOffset === p.byteOffset + 4 * d));
  try {
    for (let r = start; r < stop; r += rows) {
      const count = Math.min(rows, stop - r);
      const status = Module.get_dataset_data(ds.file_id, ds.path, [BigInt(count)], [BigInt(r)], [1n], BigInt(ptr));
      if (status < 0) throw new HepmlError(`${file}: expected readable rows ${r}..${r + count} of /${key}/table, found an HDF5 read error (corrupt or truncated file).`, { where: file });
      const buf = Module.HEAPU8.buffer;
      const dv = new DataView(buf, ptr, count * rowSize);
      const f32 = rowSize % 4 === 0 ? new Float32Array(buf, ptr, (count * rowSize) / 4) : undefined;
      const f64 = rowSize % 8 === 0 ? new Float64Array(buf, ptr, (count * rowSize) / 8) : undefined;
      const base = r - start;
      for (let i0 = 0; i0 < count; i0 += tile) {
        const i1 = Math.min(count, i0 + tile);
        if (matrix) {
          const out = matrix.data;
          const mc = mplan.length;
          for (let i = i0; i < i1; i++) {
            const o = (base + i) * mc;
            const row4 = (i * rowSize) / 4, row8 = (i * rowSize) / 8;
            for (const [c0, len] of runs) {
              if (len > 1) { out.set(f32!.subarray(row4 + moff[c0], row4 + moff[c0] + len), o + c0); continue; } // adjacent float32 fields: one copy
              const k = mkind[c0];
              out[o + c0] = k === 4 ? f32![row4 + moff[c0]] : k === 8 ? f64![row8 + moff[c0]] : readScalar(dv, i * rowSize + mplan[c0].byteOffset, mplan[c0].el);
            }
          }
        }
        for (let c = 0; c < m; c++) {
          const col = cols[c];
          const k = kind[c];
          if (run4[c]) {
            // four adjacent float32 fields into four float32 columns: each row's bytes read once per four columns
            strided4(col as Float32Array, cols[c + 1] as Float32Array, cols[c + 2] as Float32Array, cols[c + 3] as Float32Array, base + i0, f32!, i0 * (rowSize / 4) + plan[c].byteOffset / 4, rowSize / 4, i1 - i0);
            c += 3;
          } else if (k === 4) {
            if (col instanceof Float32Array) strided32(col, base + i0, f32!, i0 * (rowSize / 4) + plan[c].byteOffset / 4, rowSize / 4, i1 - i0);
            else strided(col, base + i0, f32!, i0 * (rowSize / 4) + plan[c].byteOffset / 4, rowSize / 4, i1 - i0);
          } else if (k === 8) {
            if (col instanceof Float64Array) strided64(col, base + i0, f64!, i0 * (rowSize / 8) + plan[c].byteOffset / 8, rowSize / 8, i1 - i0);
            else strided(col, base + i0, f64!, i0 * (rowSize / 8) + plan[c].byteOffset / 8, rowSize / 8, i1 - i0);
          } else {
            for (let i = i0; i < i1; i++) col[base + i] = readScalar(dv, i * rowSize + plan[c].byteOffset, plan[c].el);
          }
        }
      }
    }
  } finally {
    Module._free(ptr);
  }
  return { file, key, layout: 'table', totalRows: total, rows: n, start, columns, dtypes };
}

// small monomorphic copy loops (V8 optimises each for its one pair of array types)
function strided32(out: Float32Array, at: number, src: Float32Array, q: number, stride: number, count: number): void {
  for (let i = 0; i < count; i++, q += stride) out[at + i] = src[q];
}
function strided4(o0: Float32Array, o1: Float32Array, o2: Float32Array, o3: Float32Array, at: number, src: Float32Array, q: number, stride: number, count: number): void {
  for (let i = 0; i < count; i++, q += stride) { o0[at + i] = src[q]; o1[at + i] = src[q + 1]; o2[at + i] = src[q + 2]; o3[at + i] = src[q + 3]; }
}
function strided64(out: Float64Array, at: number, src: Float64Array, q: number, stride: number, count: number): void {
  for (let i = 0; i < count; i++, q += stride) out[at + i] = src[q];
}
function strided(out: Column, at: number, src: Float32Array | Float64Array, q: number, stride: number, count: number): void {
  for (let i = 0; i < count; i++, q += stride) out[at + i] = src[q];
}

function readScalar(dv: DataView, at: number, m: H5Meta): number {
  const le = m.littleEndian;
  if (m.type === 1) return m.size === 4 ? dv.getFloat32(at, le) : dv.getFloat64(at, le);
  switch (m.size) {
    case 1: return m.signed ? dv.getInt8(at) : dv.getUint8(at);
    case 2: return m.signed ? dv.getInt16(at, le) : dv.getUint16(at, le);
    case 4: return m.signed ? dv.getInt32(at, le) : dv.getUint32(at, le);
    default: return Number(m.signed ? dv.getBigInt64(at, le) : dv.getBigUint64(at, le));
  }
}
