/**
 * The hot part of the HDF5 reader: decoding chunks of PyTables compound rows straight from h5wasm's
 * heap into typed-array columns (no per-row JS objects), and reading pandas' pickled column lists
 * without unpickling (only the protocol-0 string tokens are taken).
 */
import { HepmlError, quote } from '../errors';
import type { Column, DType } from './dataset';
import type { H5Dataset, H5Meta, H5Raw, Hdf5Table } from './hdf5-types';

type Ctor = new (n: number) => Column;

/**
 * A column of `n` values without the zero fill (Node's Buffer.allocUnsafeSlow: its own buffer, offset 0,
 * exactly n values), for columns the decoder writes in full: the fill is a pass over the column's memory
 * that the decoder's pass makes anyway. Elsewhere (no Buffer), an ordinary zeroed array.
 */
export function unfilled(ctor: Ctor, n: number): Column {
  const C = ctor as unknown as { BYTES_PER_ELEMENT: number; new (b: ArrayBuffer, at: number, n: number): Column };
  if (typeof Buffer === 'undefined' || n === 0) return new ctor(n);
  return new C(Buffer.allocUnsafeSlow(n * C.BYTES_PER_ELEMENT).buffer as ArrayBuffer, 0, n);
}

/** What the last {@link decodeRows} did, for tests that must see each fast path taken: columns moved by each word kernel. */
export const decodeStats = { block8: 0, block4: 0, single: 0 };

/** Our column type for an HDF5 integer/float type (int64 -> Float64Array, bool/bitfield -> Uint8Array). */
export function h5Types(m: H5Meta, file: string, column?: string): { ctor: Ctor; dtype: DType } {
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
  const what = m.type === 3 || m.type === 9 ? 'text' : `HDF5 type class ${m.type} of size ${m.size}`;
  const hint = m.type === 9 ? " (pandas' fixed format pickles text: write it with format='table', or pass columns without it)" : '';
  throw new HepmlError(`${file}: expected numeric columns (integer, float, bool)${column ? ` in ${quote(column, 60)}` : ''}, found ${what}${hint}.`, { where: file });
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
 * columns `matrix.names` into one row-major float32 matrix (in that order), and with `index` the frame's
 * index member into `index`, in one pass, chunk by chunk. Fixed-length text fields (pandas' string
 * columns, `S` dtype, UTF-8) become Int32Array codes into `categories` (first-seen order). Each chunk is
 * walked in row tiles that stay in cache, so every row is read from memory once whatever the number of columns.
 */
export function decodeRows(Module: H5Raw['Module'], file: string, key: string, t: H5Dataset, blocks: Block[], chosen: string[], total: number, start: number, stop: number, chunkRows: number, matrix?: RowMatrix, index?: Block['member']): Hdf5Table {
  const rowSize = t.metadata.size;
  const ds = t as unknown as { file_id: bigint; path: string };
  const where = new Map<string, { b: Block; j: number }>();
  for (const b of blocks) b.names.forEach((nm, j) => { if (!where.has(nm)) where.set(nm, { b, j }); });
  const typeOf = (el: H5Meta, name: string) => (el.type === 3 && !el.vlen ? { ctor: Int32Array as Ctor, dtype: 'string' as DType } : h5Types(el, file, name));
  const planOf = (name: string) => {
    const { b, j } = where.get(name)!;
    const el = b.member.array_type ?? b.member;
    return { name, type: typeOf(el, name), el, byteOffset: b.member.offset + j * el.size };
  };
  const plan = chosen.map(planOf);
  const mplan = (matrix?.names ?? []).map(planOf);
  for (const p of mplan) if (p.type.dtype === 'string') throw new HepmlError(`${file}: expected numeric columns for the float32 matrix, found text in ${quote(p.name, 60)}.`, { where: file });
  // the frame's index (a member of its own), decoded like a column
  const indexPlan = index ? { name: 'index', type: typeOf(index, 'index'), el: index as H5Meta, byteOffset: index.offset } : undefined;
  const n = stop - start;
  const columns: Record<string, Column> = {};
  const dtypes: Record<string, DType> = {};
  for (const p of plan) { dtypes[p.name] = p.type.dtype; columns[p.name] = unfilled(p.type.ctor, n); }
  const indexCol = indexPlan ? unfilled(indexPlan.type.ctor, n) : undefined;
  const hostLittle = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const rows = Math.max(1, Math.min(chunkRows, n));
  const ptr = Module._malloc(rows * rowSize);
  if (!ptr) throw new HepmlError(`${file}: expected ${rows * rowSize} bytes of wasm memory for a chunk, found none. Pass a smaller chunkRows.`, { where: file });
  // matrix columns: 4 = aligned float32 view, 8 = aligned float64 view, 0 = DataView read
  const kindOf = (p: ReturnType<typeof planOf>) => (p.el.type === 1 && p.el.littleEndian === hostLittle && (ptr + p.byteOffset) % p.el.size === 0 && rowSize % p.el.size === 0 ? p.el.size : 0);
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
  // Columns are moved as raw 32-bit words (bit-exact: no float round trip, NaN payloads kept), sorted by
  // their place in the row so that runs of eight (or four) adjacent 4-byte fields go through one block kernel.
  const words = rowSize % 4 === 0 && ptr % 4 === 0 ? rowSize / 4 : 0;
  const all = indexPlan ? [...plan.map((p) => ({ p, col: columns[p.name] })), { p: indexPlan, col: indexCol! }] : plan.map((p) => ({ p, col: columns[p.name] }));
  const copies = all.map(({ p, col }) => {
    const native = p.el.littleEndian === hostLittle || p.el.size === 1;
    const how = p.type.dtype === 'string' ? ('text' as const)
      : words && native && p.byteOffset % 4 === 0 ? wordKind(p.el)
      : native && !(p.el.type === 0 && p.el.size === 8) && col.BYTES_PER_ELEMENT === p.el.size ? ('bytes' as const) : ('scalar' as const);
    return { p, col, how, at: p.byteOffset / 4 };
  });
  // unaligned rows: values moved byte by byte, still bit-exact
  const bytewise = copies.filter((x) => x.how === 'bytes').map((x) => ({ o: new Uint8Array(x.col.buffer, x.col.byteOffset, x.col.byteLength), size: x.p.el.size, off: x.p.byteOffset }));
  const texts = copies.filter((x) => x.how === 'text').map((x) => ({ ...x, codes: new Map<string, number>() }));
  const octs: { o: Int32Array[]; at: number }[] = [];
  const quads: { o: Int32Array[]; at: number }[] = [];
  const singles: { o: Int32Array; at: number }[] = [];
  const pairs: { o: Int32Array; at: number }[] = [];
  const int64s: { o: Float64Array; at: number; signed: boolean }[] = [];
  const scalars = copies.filter((x) => x.how === 'scalar');
  const w1 = copies.filter((x) => x.how === 'w1').sort((a, b) => a.at - b.at);
  const view = (col: Column) => new Int32Array(col.buffer, col.byteOffset, col.byteLength / 4);
  const adjacent = (k: number, len: number) => k + len <= w1.length && w1.slice(k, k + len).every((x, d) => x.at === w1[k].at + d);
  for (let k = 0; k < w1.length;) {
    const len = adjacent(k, 8) ? 8 : adjacent(k, 4) ? 4 : 1;
    if (len === 1) singles.push({ o: view(w1[k].col), at: w1[k].at });
    else (len === 8 ? octs : quads).push({ o: w1.slice(k, k + len).map((x) => view(x.col)), at: w1[k].at });
    k += len;
  }
  Object.assign(decodeStats, { block8: 8 * octs.length, block4: 4 * quads.length, single: singles.length });
  for (const x of copies) {
    if (x.how === 'w2') pairs.push({ o: view(x.col), at: x.at });
    else if (x.how === 'i64') int64s.push({ o: x.col as Float64Array, at: x.at, signed: x.p.el.signed });
  }
  const mtab: MatrixPlan = { runs, kind: mkind, off: moff, bits: Uint8Array.from(mplan.map((p) => +(p.type.dtype === 'float32'))), byteOffset: mplan.map((p) => p.byteOffset), el: mplan.map((p) => p.el) };
  // without a row-major matrix, a chunk is one tile: ~1 MB of rows stay in cache while they are split
  const tile = matrix ? Math.max(4, Math.floor(1572864 / rowSize)) : rows; // matrix: ~1.5 MB of rows, measured best for it
  try {
    // reads end on the file's chunk boundaries when `rows` is a multiple of its chunk rows, so no HDF5
    // chunk is split between two reads (decompressed twice if it left HDF5's chunk cache in between)
    const fileChunk = t.metadata.chunks?.[0] ?? 1;
    const align = fileChunk > 1 && rows % fileChunk === 0 ? fileChunk : 1;
    for (let r = start, end: number; r < stop; r = end) {
      end = Math.min(stop, Math.floor(r / align) * align + rows);
      const count = end - r;
      const status = Module.get_dataset_data(ds.file_id, ds.path, [BigInt(count)], [BigInt(r)], [1n], BigInt(ptr));
      if (status < 0) throw new HepmlError(`${file}: expected readable rows ${r}..${r + count} of /${key}/table, found an HDF5 read error (corrupt or truncated file).`, { where: file });
      const buf = Module.HEAPU8.buffer;
      const dv = new DataView(buf, ptr, count * rowSize);
      const f32 = rowSize % 4 === 0 ? new Float32Array(buf, ptr, (count * rowSize) / 4) : undefined;
      const f64 = rowSize % 8 === 0 ? new Float64Array(buf, ptr, (count * rowSize) / 8) : undefined;
      const w32 = words ? new Int32Array(buf, ptr, count * words) : undefined;
      const base = r - start;
      for (let i0 = 0; i0 < count; i0 += tile) {
        const i1 = Math.min(count, i0 + tile);
        if (matrix) matrixTile(matrix.data, mtab, f32, f64, dv, base, i0, i1, rowSize);
        const q0 = i0 * words, cnt = i1 - i0, at = base + i0;
        for (const b of octs) block8(b.o[0], b.o[1], b.o[2], b.o[3], b.o[4], b.o[5], b.o[6], b.o[7], at, w32!, q0 + b.at, words, cnt);
        for (const b of quads) block4(b.o[0], b.o[1], b.o[2], b.o[3], at, w32!, q0 + b.at, words, cnt);
        for (const b of singles) words1(b.o, at, w32!, q0 + b.at, words, cnt);
        for (const b of pairs) words2(b.o, 2 * at, w32!, q0 + b.at, words, cnt);
        for (const b of int64s) (b.signed ? int64 : uint64)(b.o, at, w32!, q0 + b.at, words, cnt);
        for (const x of scalars) scalarTile(x.col, dv, x.p.byteOffset, x.p.el, base, i0, i1, rowSize);
        const u8 = Module.HEAPU8;
        for (const b of bytewise) bytes(b.o, at * b.size, u8, ptr + i0 * rowSize + b.off, rowSize, b.size, cnt);
        for (const x of texts) textTile(x.col, x.codes, u8, ptr + x.p.byteOffset, x.p.el.size, x.p.el.strpad === 2 ? 32 : 0, base, i0, i1, rowSize);
      }
    }
  } finally {
    Module._free(ptr);
  }
  const categories: Record<string, string[]> = {};
  for (const x of texts) if (x.p !== indexPlan) categories[x.p.name] = [...x.codes.keys()];
  const indexText = texts.find((x) => x.p === indexPlan);
  return {
    file, key, layout: 'table', totalRows: total, rows: n, start, columns, dtypes,
    ...(texts.length > (indexText ? 1 : 0) ? { categories } : {}),
    ...(indexCol ? { index: indexCol, ...(indexText ? { indexCategories: [...indexText.codes.keys()] } : {}) } : {}),
  };
}

const utf8 = new TextDecoder('utf-8');

// The per-tile loops live in small functions of their own, outside decodeRows: V8 optimises each
// quickly for its one set of argument types, where the large decodeRows (mostly set-up code run once per
// read) took ~0.4 s of optimising compiler each time (several times a run, after deopts) and left its
// inner loops in unoptimised code until then.

/** Matrix columns of decodeRows: runs of adjacent float32 fields, their kind (4/8/0) and place in the row. */
interface MatrixPlan { runs: [number, number][]; kind: Int32Array; off: Int32Array; bits: Uint8Array; byteOffset: number[]; el: H5Meta[] }

/** Rows [i0, i1) of a chunk into the row-major matrix (rows from `base`). */
function matrixTile(out: Float32Array, m: MatrixPlan, f32: Float32Array | undefined, f64: Float64Array | undefined, dv: DataView, base: number, i0: number, i1: number, rowSize: number): void {
  const outBits = new Int32Array(out.buffer, out.byteOffset, out.length);
  const f32Bits = f32 && new Int32Array(f32.buffer, f32.byteOffset, f32.length);
  const mc = m.kind.length, runs = m.runs, kind = m.kind, off = m.off;
  for (let i = i0; i < i1; i++) {
    const o = (base + i) * mc;
    const row4 = (i * rowSize) / 4, row8 = (i * rowSize) / 8;
    for (let r = 0; r < runs.length; r++) {
      const c0 = runs[r][0], len = runs[r][1];
      if (len > 1) { out.set(f32!.subarray(row4 + off[c0], row4 + off[c0] + len), o + c0); continue; } // adjacent float32 fields: one copy
      const k = kind[c0];
      if (k === 4 && m.bits[c0]) outBits[o + c0] = f32Bits![row4 + off[c0]]; // float32: its bits
      else out[o + c0] = k === 4 ? f32![row4 + off[c0]] : k === 8 ? f64![row8 + off[c0]] : readScalar(dv, i * rowSize + m.byteOffset[c0], m.el[c0]);
    }
  }
}

/** One column of rows [i0, i1) read value by value (other byte orders, odd sizes). */
function scalarTile(col: Column, dv: DataView, off: number, el: H5Meta, base: number, i0: number, i1: number, rowSize: number): void {
  for (let i = i0; i < i1; i++) col[base + i] = readScalar(dv, i * rowSize + off, el);
}

/** A fixed-length text field of rows [i0, i1) (at heap byte `at` of row 0) as codes into `codes` (first-seen order). */
function textTile(col: Column, codes: Map<string, number>, u8: Uint8Array, at: number, size: number, pad: number, base: number, i0: number, i1: number, rowSize: number): void {
  for (let i = i0; i < i1; i++) {
    const from = at + i * rowSize;
    let to = from + size;
    while (to > from && u8[to - 1] === pad) to--;
    const text = utf8.decode(u8.subarray(from, to));
    let c = codes.get(text);
    if (c === undefined) codes.set(text, (c = codes.size));
    col[base + i] = c;
  }
}

/**
 * How a column's values move as 32-bit words: `w1` one word (float32, int32, uint32 into the same
 * type), `w2` two words (float64), `i64` two words made into a double (int64/uint64 -> Float64Array,
 * rounded as Number(BigInt) rounds), `scalar` anything else (1- and 2-byte types: moved as bytes).
 */
function wordKind(el: H5Meta): 'w1' | 'w2' | 'i64' | 'scalar' {
  if (el.size === 4 && (el.type === 0 || el.type === 1)) return 'w1';
  if (el.size === 8 && el.type === 1) return 'w2';
  if (el.size === 8 && el.type === 0) return 'i64';
  return 'scalar';
}

// Small monomorphic copy loops over Int32Array views (V8 optimises each for its one pair of array
// types). `src` holds `count` rows of `stride` words; column values start at word `q` of the first row.

/**
 * Four adjacent word columns, 4 rows x 4 columns per step: each output gets four consecutive words
 * per step and each row's 16 bytes are read once (measured ~1.7x faster than four rows one at a time).
 */
function block4(o0: Int32Array, o1: Int32Array, o2: Int32Array, o3: Int32Array, at: number, src: Int32Array, q: number, stride: number, count: number): void {
  let i = 0;
  for (; i + 4 <= count; i += 4, q += 4 * stride) {
    const q1 = q + stride, q2 = q1 + stride, q3 = q2 + stride;
    const a0 = src[q], a1 = src[q + 1], a2 = src[q + 2], a3 = src[q + 3];
    const b0 = src[q1], b1 = src[q1 + 1], b2 = src[q1 + 2], b3 = src[q1 + 3];
    const c0 = src[q2], c1 = src[q2 + 1], c2 = src[q2 + 2], c3 = src[q2 + 3];
    const d0 = src[q3], d1 = src[q3 + 1], d2 = src[q3 + 2], d3 = src[q3 + 3];
    const j = at + i;
    o0[j] = a0; o0[j + 1] = b0; o0[j + 2] = c0; o0[j + 3] = d0;
    o1[j] = a1; o1[j + 1] = b1; o1[j + 2] = c1; o1[j + 3] = d1;
    o2[j] = a2; o2[j + 1] = b2; o2[j + 2] = c2; o2[j + 3] = d2;
    o3[j] = a3; o3[j + 1] = b3; o3[j + 2] = c3; o3[j + 3] = d3;
  }
  for (; i < count; i++, q += stride) { o0[at + i] = src[q]; o1[at + i] = src[q + 1]; o2[at + i] = src[q + 2]; o3[at + i] = src[q + 3]; }
}
/**
 * Eight adjacent word columns, 4 rows at a time: the 32 bytes of four rows are read column by column
 * and each output gets four consecutive words per step (measured ~15 % faster than two `block4`).
 */
function block8(o0: Int32Array, o1: Int32Array, o2: Int32Array, o3: Int32Array, o4: Int32Array, o5: Int32Array, o6: Int32Array, o7: Int32Array, at: number, src: Int32Array, q: number, stride: number, count: number): void {
  let i = 0;
  for (; i + 4 <= count; i += 4, q += 4 * stride) {
    const j = at + i, q1 = q + stride, q2 = q1 + stride, q3 = q2 + stride;
    let a = src[q], b = src[q1], c = src[q2], d = src[q3];
    o0[j] = a; o0[j + 1] = b; o0[j + 2] = c; o0[j + 3] = d;
    a = src[q + 1]; b = src[q1 + 1]; c = src[q2 + 1]; d = src[q3 + 1];
    o1[j] = a; o1[j + 1] = b; o1[j + 2] = c; o1[j + 3] = d;
    a = src[q + 2]; b = src[q1 + 2]; c = src[q2 + 2]; d = src[q3 + 2];
    o2[j] = a; o2[j + 1] = b; o2[j + 2] = c; o2[j + 3] = d;
    a = src[q + 3]; b = src[q1 + 3]; c = src[q2 + 3]; d = src[q3 + 3];
    o3[j] = a; o3[j + 1] = b; o3[j + 2] = c; o3[j + 3] = d;
    a = src[q + 4]; b = src[q1 + 4]; c = src[q2 + 4]; d = src[q3 + 4];
    o4[j] = a; o4[j + 1] = b; o4[j + 2] = c; o4[j + 3] = d;
    a = src[q + 5]; b = src[q1 + 5]; c = src[q2 + 5]; d = src[q3 + 5];
    o5[j] = a; o5[j + 1] = b; o5[j + 2] = c; o5[j + 3] = d;
    a = src[q + 6]; b = src[q1 + 6]; c = src[q2 + 6]; d = src[q3 + 6];
    o6[j] = a; o6[j + 1] = b; o6[j + 2] = c; o6[j + 3] = d;
    a = src[q + 7]; b = src[q1 + 7]; c = src[q2 + 7]; d = src[q3 + 7];
    o7[j] = a; o7[j + 1] = b; o7[j + 2] = c; o7[j + 3] = d;
  }
  for (; i < count; i++, q += stride) {
    const j = at + i;
    o0[j] = src[q]; o1[j] = src[q + 1]; o2[j] = src[q + 2]; o3[j] = src[q + 3]; o4[j] = src[q + 4]; o5[j] = src[q + 5]; o6[j] = src[q + 6]; o7[j] = src[q + 7];
  }
}
function bytes(out: Uint8Array, at: number, src: Uint8Array, q: number, stride: number, size: number, count: number): void {
  for (let i = 0; i < count; i++, q += stride) for (let k = 0; k < size; k++) out[at++] = src[q + k];
}
function words1(out: Int32Array, at: number, src: Int32Array, q: number, stride: number, count: number): void {
  for (let i = 0; i < count; i++, q += stride) out[at + i] = src[q];
}
function words2(out: Int32Array, at: number, src: Int32Array, q: number, stride: number, count: number): void {
  for (let i = 0; i < 2 * count; i += 2, q += stride) { out[at + i] = src[q]; out[at + i + 1] = src[q + 1]; }
}
// little-endian int64 as (low, high) words: high * 2**32 + low is exact, then rounded once, as Number(BigInt) rounds
function int64(out: Float64Array, at: number, src: Int32Array, q: number, stride: number, count: number): void {
  for (let i = 0; i < count; i++, q += stride) out[at + i] = src[q + 1] * 4294967296 + (src[q] >>> 0);
}
function uint64(out: Float64Array, at: number, src: Int32Array, q: number, stride: number, count: number): void {
  for (let i = 0; i < count; i++, q += stride) out[at + i] = (src[q + 1] >>> 0) * 4294967296 + (src[q] >>> 0);
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
