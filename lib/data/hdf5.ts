/**
 * HDF5 via h5wasm (ESM-only, loaded lazily): generic datasets with row slices, and the two pandas
 * layouts as columns — `to_hdf(format='fixed')` (group `/<key>` with axis0, axis1, blockN_items,
 * blockN_values; one block per dtype) and `format='table'` (PyTables table `/<key>/table` of compound
 * rows `index`, `values_block_K` with K's column names in the `values_block_K_kind` attribute).
 * Rows are read in chunks, so memory is the output columns plus one chunk. Values arrive bit-exact
 * (NaN payloads kept); columns come in the frame's own order; text columns of the table layout come as
 * Int32Array codes with `categories`; the index on request (`index: true`).
 */
import { statSync, openSync, readSync, closeSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HepmlError, safeText, quote, nameList } from '../errors';
import type { Column, DType } from './dataset';
import { h5Types, decodeRows, pickledNames, unfilled } from './hdf5-decode';
import type { H5Dataset, H5Group, H5Raw, Hdf5Table } from './hdf5-types';

export type { Hdf5Table } from './hdf5-types';

export interface Hdf5ReadOptions {
  /** pandas key (the group under the root). Default: the only top-level group. */
  key?: string;
  /** Columns to keep, in this order. Default all. */
  columns?: readonly string[];
  /** First row. Default 0. */
  start?: number;
  /** One past the last row. Default all rows. */
  stop?: number;
  /** Rows decoded per chunk. Default: about 1 MB of rows (table layout), 8192 rows (fixed layout). */
  chunkRows?: number;
  /**
   * Also read these columns into one row-major float32 matrix `matrix` (rows x names.length), in the
   * same pass and without per-column copies (jet constituents, images). They need not be in `columns`.
   */
  matrixColumns?: readonly string[];
  /** Also read the frame's index into `index` (int64 as Float64Array, text as codes into `indexCategories`). */
  index?: boolean;
}

/** One node of an HDF5 file, as `hepml inspect` shows it. */
export interface Hdf5Node {
  path: string;
  kind: 'group' | 'dataset';
  dtype?: string;
  shape?: number[];
  /** `fixed` / `table` for groups holding a pandas frame. */
  pandas?: 'fixed' | 'table';
}

/** Minimal view of the h5wasm file object used here. */
interface H5File extends H5Group { close(): void }
interface H5Module { ready: Promise<unknown>; File: new (p: string, m: string) => H5File }

/**
 * h5wasm, imported once: a dynamic import() of an already loaded module still goes through the
 * module loader each time (~1.6 ms a call under tsx's loader hooks, measured here; two a read).
 */
let h5wasm: Promise<{ default: H5Module } & H5Raw> | undefined;
const h5 = () => (h5wasm ??= (import('h5wasm/node') as unknown as Promise<{ default: H5Module } & H5Raw>).catch((e) => { h5wasm = undefined; throw e; }));

async function open(path: string): Promise<H5File> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new HepmlError(`${path}: expected a readable HDF5 file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: path, cause: e });
  }
  const sig = Buffer.alloc(8);
  const fd = openSync(path, 'r');
  try { readSync(fd, sig, 0, 8, 0); } finally { closeSync(fd); }
  if (sig.toString('latin1') !== '\x89HDF\r\n\x1a\n') throw new HepmlError(`${path}: expected an HDF5 file (signature \\x89HDF), found other content (${size} bytes).`, { where: path });
  const mod = (await h5()).default;
  await mod.ready;
  const shown = safeText(path, 200);
  const { value, stderr, error } = quiet(() => new mod.File(path, 'r'));
  if (error || !value || (value as unknown as { file_id?: bigint }).file_id! < 0n) {
    throw new HepmlError(`${shown}: expected a readable HDF5 file, found a corrupt or truncated one (HDF5 could not open it${hdf5Reason(stderr)}).`, { where: path, cause: error });
  }
  return value;
}

/**
 * Runs a synchronous h5wasm call with HDF5's diagnostic stack (printed to stderr by the wasm
 * library) captured instead of shown; returns the value or the error, and what was printed.
 */
function quiet<T>(fn: () => T): { value?: T; stderr: string; error?: unknown } {
  // the wasm C library writes fd 2 with fs.writeSync (Emscripten's raw node FS); JS code uses process.stderr
  const nodeFs = require('node:fs') as { writeSync: (fd: number, ...rest: unknown[]) => number };
  const writeSync = nodeFs.writeSync;
  const write = process.stderr.write;
  const lines: string[] = [];
  nodeFs.writeSync = (fd: number, ...rest: unknown[]) => {
    if (fd !== 2) return writeSync(fd, ...rest);
    const [buf, offset, length] = rest as [Uint8Array | string, number?, number?];
    const text = typeof buf === 'string' ? buf : Buffer.from(buf.buffer, buf.byteOffset + (offset ?? 0), length ?? buf.byteLength - (offset ?? 0)).toString('utf8');
    lines.push(text);
    return typeof buf === 'string' ? Buffer.byteLength(buf) : length ?? buf.byteLength - (offset ?? 0);
  };
  process.stderr.write = ((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; }) as typeof process.stderr.write;
  try {
    return { value: fn(), stderr: lines.join('') };
  } catch (error) {
    return { stderr: lines.join(''), error };
  } finally {
    nodeFs.writeSync = writeSync;
    process.stderr.write = write;
  }
}

/** The most specific line of an HDF5 diagnostic stack, e.g. "required filter 'blosc' is not registered". */
function hdf5Reason(stderr: string): string {
  const msgs = [...stderr.matchAll(/#\d+: .*? in [\w.]+\(\): (.*)/g)].map((m) => m[1]).filter((m) => !/^(can't|unable to) (synchronously )?(read|open)/.test(m));
  const m = msgs.find((x) => /filter '/i.test(x)) ?? msgs[msgs.length - 1];
  return m ? `: ${safeText(m, 120)}` : '';
}

/** Runs `fn` quietly (see {@link quiet}), turning h5wasm's raw errors into a HepmlError naming the file. */
function guard<T>(path: string, fn: () => T): T {
  const { value, stderr, error } = quiet(fn);
  if (error === undefined) return value as T;
  if (error instanceof HepmlError) throw error;
  const why = hdf5Reason(stderr);
  const blosc = /filter 'blosc/.test(stderr) ? ' (blosc compression not supported: rewrite the file with complib="zlib")' : '';
  throw new HepmlError(`${safeText(path, 200)}: expected a readable HDF5 file, found a corrupt or truncated one${why ? ` (${why.slice(2)})` : ` (${safeText(String(error), 120)})`}${blosc}.`, { where: path, cause: error });
}

/** HDF5 filters h5wasm decodes (deflate, shuffle, fletcher32, szip, nbit, scaleoffset). */
const FILTERS_OK = new Set([1, 2, 3, 4, 5, 6]);

/** Refuses a dataset compressed with a filter h5wasm lacks (blosc, lzf, bzip2, ...) before reading it. */
function checkFilters(path: string, d: H5Dataset, where: string): void {
  let filters: { id: number; name?: string }[] = [];
  try { filters = (d as unknown as { filters: { id: number; name?: string }[] }).filters ?? []; } catch { return; }
  for (const f of filters) {
    if (FILTERS_OK.has(f.id)) continue;
    const name = f.id === 32001 ? 'blosc' : f.id === 32004 ? 'lz4' : f.id === 307 ? 'bzip2' : f.id === 32000 ? 'lzf' : f.id === 32015 ? 'zstd' : safeText(f.name ?? `filter ${f.id}`, 40);
    throw new HepmlError(`${safeText(path, 200)}: expected zlib-compressed or uncompressed data in ${safeText(where, 80)}, found ${name} compression (HDF5 filter ${f.id}): ${name} compression not supported. Rewrite the file, e.g. df.to_hdf(..., complib='zlib').`, { where: path });
  }
}

const isDataset = (n: unknown): n is H5Dataset => !!n && typeof (n as H5Dataset).slice === 'function';

function pandasKind(g: H5Group): 'fixed' | 'table' | undefined {
  const t = attr(g, 'pandas_type');
  if (t === 'frame') return 'fixed';
  if (t === 'frame_table') return 'table';
  return undefined;
}

function attr(n: { attrs: Record<string, { value: unknown }> }, name: string): unknown {
  try {
    return n.attrs[name]?.value;
  } catch {
    return undefined;
  }
}

/**
 * Lists the groups and datasets of an HDF5 file (pandas frames are marked).
 * @example
 * for (const n of await hdf5Info('train.h5')) console.log(n.path, n.kind, n.shape);
 */
export async function hdf5Info(path: string): Promise<Hdf5Node[]> {
  const f = await open(path);
  const out: Hdf5Node[] = [];
  const walk = (g: H5Group, prefix: string) => {
    for (const k of g.keys()) {
      const p = `${prefix}/${k}`;
      const n = g.get(k);
      if (isDataset(n)) out.push({ path: p, kind: 'dataset', dtype: String(n.dtype === 'unknown' ? 'uint8' : typeof n.dtype === 'string' ? n.dtype : 'compound'), shape: n.shape ?? [] });
      else if (n) {
        out.push({ path: p, kind: 'group', pandas: pandasKind(n) });
        if (!p.includes('/_i_')) walk(n, p);
      }
    }
  };
  try { guard(path, () => walk(f, '')); } finally { f.close(); }
  return out;
}

/**
 * Reads rows [start, stop) of one dataset (any shape; rows = first axis) as a flat C-order array.
 * @example
 * const { data, shape } = await loadHdf5Dataset('images.h5', '/images', { start: 0, stop: 1000 });
 */
export async function loadHdf5Dataset(path: string, dataset: string, options: { start?: number; stop?: number } = {}): Promise<{ data: unknown; shape: number[]; dtype: string }> {
  const f = await open(path);
  try {
    return guard(path, () => readDataset(path, f, dataset, options));
  } finally {
    f.close();
  }
}

function readDataset(path: string, f: H5File, dataset: string, options: { start?: number; stop?: number }): { data: unknown; shape: number[]; dtype: string } {
  {
    const d = f.get(dataset);
    if (!isDataset(d)) throw new HepmlError(`${path}: expected a dataset ${JSON.stringify(dataset)}, found ${d ? 'a group' : 'nothing'}. Run 'hepml inspect ${path}' to list them.`, { where: path });
    const shape = d.shape ?? [];
    const [start, stop] = range(path, options, shape[0] ?? 1);
    const data = shape.length === 0 ? d.slice([]) : d.slice([[start, stop]]);
    return { data, shape: shape.length ? [stop - start, ...shape.slice(1)] : [], dtype: String(d.dtype) };
  }
}

function range(path: string, o: { start?: number; stop?: number }, total: number): [number, number] {
  const start = o.start ?? 0;
  const stop = Math.min(o.stop ?? total, total);
  if (!Number.isInteger(start) || start < 0 || start > stop) throw new HepmlError(`${path}: expected 0 <= start <= stop <= ${total}, found start=${start}, stop=${o.stop}.`, { where: path });
  return [start, stop];
}

/**
 * Reads a pandas DataFrame written by `to_hdf` (fixed or table format) as typed-array columns, in the
 * frame's column order, bit-identical to what pandas reads (int64 as Float64Array, exact to 2**53).
 * @param options.key default the only top-level group; options.columns default all; options.start/stop row slice;
 *   options.index also the frame's index; options.matrixColumns also those columns as one row-major float32 matrix
 * @example
 * const t = await loadHdf5('train.h5', { key: 'table', columns: ['E_0', 'is_signal_new'], stop: 10000 });
 */
export async function loadHdf5(path: string, options: Hdf5ReadOptions = {}): Promise<Hdf5Table> {
  const f = await open(path);
  const { Module } = await h5();
  try {
    return guard(path, () => readFrame(path, f, options, Module));
  } finally {
    f.close();
  }
}

function readFrame(path: string, f: H5File, options: Hdf5ReadOptions, Module: H5Raw['Module']): Hdf5Table {
  {
    const keys = f.keys();
    const key = options.key ?? (keys.length === 1 ? keys[0] : undefined);
    if (!key) throw new HepmlError(`${path}: expected one pandas key or a key option, found ${keys.join(', ')}. Pass {key: NAME}.`, { where: path });
    const g = f.get(key);
    if (!g || isDataset(g)) throw new HepmlError(`${path}: expected a pandas key ${JSON.stringify(key)}, found ${keys.join(', ') || 'no keys'}.`, { where: path });
    const layout = pandasKind(g);
    if (!layout) throw new HepmlError(`${path}: expected a pandas frame under ${JSON.stringify(key)} (pandas_type frame or frame_table), found ${String(attr(g, 'pandas_type') ?? 'a plain group')}. Use loadHdf5Dataset for plain datasets.`, { where: path });
    return layout === 'fixed' ? readFixed(path, key, g, options) : readTable(path, key, g, options, Module);
  }
}

/** Reads a pandas HDF5 file given as bytes (written to a temporary file for h5wasm). */
export async function fromHdf5(bytes: Uint8Array, options: Hdf5ReadOptions = {}): Promise<Hdf5Table> {
  const tmp = join(tmpdir(), `hepml-${process.pid}-${Date.now()}.h5`);
  writeFileSync(tmp, bytes);
  try {
    return await loadHdf5(tmp, options);
  } finally {
    unlinkSync(tmp);
  }
}

function newMatrix(path: string, n: number): Float32Array {
  try {
    return new Float32Array(n);
  } catch (e) {
    throw new HepmlError(`${safeText(path, 200)}: expected memory for ${n * 4} bytes of float32 values, found none (${(e as Error).message}). Read fewer rows (stop) or columns.`, { where: path, cause: e });
  }
}

/** Rows of a pandas array node (its `shape` attribute for pandas' empty placeholders). */
function lengthOf(d: H5Dataset): number {
  const shape = attr(d, 'shape');
  if (attr(d, 'value_type') !== undefined && shape !== undefined && shape !== null) {
    // a pickled tuple, e.g. "(I0\ntp0\n." for (0,), or an integer array
    const first = typeof shape === 'string' ? /I(\d+)/.exec(shape)?.[1] : (shape as ArrayLike<number | bigint>)[0];
    const n = Number(first);
    if (Number.isSafeInteger(n) && n >= 0) return n;
  }
  return d.shape?.[0] ?? 0;
}

/**
 * Bytes 0x80..0x9f as windows-1252 decodes them (the 27 it maps; the other five stay U+0080..U+009F): what the
 * WHATWG Encoding spec makes of the labels "ascii" and "latin1", and so Node 24's TextDecoder (Node 20's gave
 * ISO-8859-1, one character per byte).
 */
const CP1252: ReadonlyMap<string, number> = new Map(
  [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'].map((c, i) => [c, 0x80 + i] as [string, number]).filter(([c, b]) => c.charCodeAt(0) !== b),
);

/**
 * pandas stores fixed-format names as UTF-8 bytes, and h5wasm decodes them as ASCII, that is one character per
 * byte: ISO-8859-1 on Node 20, windows-1252 on Node 24. The bytes are recovered and read as UTF-8 where they are that.
 * Internal (exported for tests).
 */
export function utf8Name(s: string): string {
  if (!/[^\u0000-\u007f]/.test(s)) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const b = c <= 0xff ? c : CP1252.get(s[i]);
    if (b === undefined) return s; // a character no single byte decodes to: not a byte-wise decoded name
    bytes[i] = b;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return s;
  }
}

/** `names` (block order) in the frame's own column order `order` when that lists the same names. */
function frameOrder(names: string[], order: string[]): string[] {
  if (order.length !== names.length) return names;
  const have = new Set(names);
  return order.every((n) => have.has(n)) && new Set(order).size === order.length ? order : names;
}

function pick(path: string, names: string[], want?: readonly string[]): string[] {
  if (!want) return names;
  const have = new Set(names);
  for (const c of want) if (!have.has(c)) throw new HepmlError(`${safeText(path, 200)}: expected a column ${quote(c)}, found ${nameList(names)}.`, { where: path });
  return [...want];
}

function readFixed(path: string, key: string, g: H5Group, o: Hdf5ReadOptions): Hdf5Table {
  const nblocks = Number(attr(g, 'nblocks') ?? 0);
  const axis1 = g.get('axis1') as H5Dataset | null;
  // pandas writes an empty array as a 1-element placeholder with the true shape in its attribute `shape`
  const total = axis1 ? lengthOf(axis1) : 0;
  const [start, stop] = range(path, o, total);
  const blocks: { names: string[]; values: H5Dataset }[] = [];
  for (let b = 0; b < nblocks; b++) {
    const items = g.get(`block${b}_items`) as H5Dataset | null;
    const values = g.get(`block${b}_values`) as H5Dataset | null;
    if (!isDataset(items) || !isDataset(values)) throw new HepmlError(`${path}: expected block${b}_items and block${b}_values under /${key}, found them missing (corrupt pandas file).`, { where: path });
    checkFilters(path, values, `/${key}/block${b}_values`);
    blocks.push({ names: (items.slice([[0, items.shape![0]]]) as string[]).map((x) => utf8Name(String(x))), values });
  }
  const axis0 = g.get('axis0') as H5Dataset | null;
  const order = isDataset(axis0) && axis0.metadata.type === 3 ? (axis0.slice([[0, axis0.shape?.[0] ?? 0]]) as string[]).map((x) => utf8Name(String(x))) : [];
  const all = frameOrder(blocks.flatMap((b) => b.names), order);
  const asked = pick(path, all, o.columns ?? (o.matrixColumns ? [] : undefined));
  const extra = new Set(o.matrixColumns ? pick(path, all, o.matrixColumns).filter((c) => !asked.includes(c)) : []);
  const chosen = [...asked, ...extra];
  const columns: Record<string, Column> = {};
  const dtypes: Record<string, DType> = {};
  const chunk = o.chunkRows ?? 8192;
  for (const b of blocks) {
    const want = b.names.map((n, j) => [n, j] as const).filter(([n]) => chosen.includes(n));
    if (want.length === 0) continue;
    const k = b.names.length;
    const t = h5Types(b.values.metadata, path, want.map(([n]) => n).join(', '));
    // every row of each column is written below (one chunk after another): no zero fill needed
    for (const [n] of want) { columns[n] = unfilled(t.ctor, stop - start); dtypes[n] = t.dtype; }
    for (let r = start; r < stop; r += chunk) {
      const e = Math.min(stop, r + chunk);
      const raw = b.values.slice([[r, e], [0, k]]) as ArrayLike<number | bigint>;
      for (const [n, j] of want) blockColumn(columns[n], r - start, raw, j, k, e - r);
    }
  }
  const ordered: Record<string, Column> = {};
  for (const c of chosen) if (!extra.has(c)) ordered[c] = columns[c];
  let matrix: Float32Array | undefined;
  if (o.matrixColumns) {
    const names = o.matrixColumns, w = names.length, rows = stop - start;
    matrix = newMatrix(path, rows * w);
    const bits = new Int32Array(matrix.buffer);
    names.forEach((nm, j) => {
      const col = columns[nm];
      if (col instanceof Float32Array) { const from = new Int32Array(col.buffer, col.byteOffset, rows); for (let i = 0; i < rows; i++) bits[i * w + j] = from[i]; } // float32: its bits
      else for (let i = 0; i < rows; i++) matrix![i * w + j] = col[i];
    });
  }
  return { file: path, key, layout: 'fixed', totalRows: total, rows: stop - start, start, columns: ordered, dtypes, matrix, ...(o.index ? fixedIndex(path, axis1, start, stop) : {}) };
}

/**
 * Column `j` of `count` rows of a fixed-layout block (`k` values a row) into `col` at `at`: raw bits
 * where the types match (NaN payloads kept), int64 (BigInt64Array) from its two 32-bit halves.
 */
function blockColumn(col: Column, at: number, raw: ArrayLike<number | bigint>, j: number, k: number, count: number): void {
  const src = raw as unknown as ArrayBufferView & { BYTES_PER_ELEMENT: number };
  const w = col.BYTES_PER_ELEMENT;
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    const h = new Int32Array(src.buffer, src.byteOffset, count * k * 2);
    const signed = raw instanceof BigInt64Array;
    for (let i = 0, q = 2 * j; i < count; i++, q += 2 * k) col[at + i] = (signed ? h[q + 1] : h[q + 1] >>> 0) * 4294967296 + (h[q] >>> 0);
    return;
  }
  if (ArrayBuffer.isView(raw) && src.BYTES_PER_ELEMENT === w && (src.byteOffset % 4 === 0 || w < 4)) {
    // the same width: move bits (8-byte values as two 32-bit words)
    const per = w === 8 ? 2 : 1;
    const View = w === 1 ? Uint8Array : w === 2 ? Uint16Array : Uint32Array;
    // Views of the same bytes: the buffers may be shared (ArrayBufferLike), which the union of
    // constructors does not accept as typed, so the buffer's type is widened here only.
    const from = new View(src.buffer as ArrayBuffer, src.byteOffset, count * k * per);
    const to = new View(col.buffer as ArrayBuffer, col.byteOffset, col.length * per);
    for (let i = 0, q = j * per, o = at * per; i < count; i++, q += k * per) for (let d = 0; d < per; d++) to[o++] = from[q + d];
    return;
  }
  for (let i = 0; i < count; i++) col[at + i] = Number(raw[i * k + j]);
}

/** The index of a fixed-layout frame (axis1): numbers as Float64Array, text as codes. */
function fixedIndex(path: string, axis1: H5Dataset | null, start: number, stop: number): Pick<Hdf5Table, 'index' | 'indexCategories'> {
  if (!isDataset(axis1) || stop <= start || lengthOf(axis1) === 0) return { index: new Float64Array(0) };
  const raw = axis1.slice([[start, stop]]) as ArrayLike<number | bigint | string>;
  if (axis1.metadata.type !== 3) {
    h5Types(axis1.metadata, path, 'index');
    return { index: Float64Array.from(raw as ArrayLike<number | bigint>, Number) };
  }
  const codes = new Map<string, number>();
  const index = Int32Array.from(raw as ArrayLike<string>, (v) => {
    const text = utf8Name(String(v));
    let c = codes.get(text);
    if (c === undefined) codes.set(text, (c = codes.size));
    return c;
  });
  return { index, indexCategories: [...codes.keys()] };
}

function readTable(path: string, key: string, g: H5Group, o: Hdf5ReadOptions, Module: H5Raw['Module']): Hdf5Table {
  const t = g.get('table');
  if (!isDataset(t)) throw new HepmlError(`${path}: expected a PyTables table /${key}/table, found ${t ? 'a group' : 'nothing'}.`, { where: path });
  const total = t.shape?.[0] ?? 0;
  const [start, stop] = range(path, o, total);
  const members = t.metadata.compound_type?.members ?? [];
  const blocks = members.filter((m) => m.name !== 'index').map((m) => {
    const kind = attr(t, `${m.name}_kind`);
    const names = typeof kind === 'string' ? pickledNames(kind) : [];
    const width = m.array_type ? m.array_type.shape.reduce((a: number, b: number) => a * b, 1) : 1;
    if (names.length !== width) throw new HepmlError(`${path}: expected ${width} column names in attribute ${m.name}_kind of /${key}/table, found ${names.length}.`, { where: path });
    return { member: m, names };
  });
  const axes = attr(g, 'non_index_axes');
  const all = frameOrder(blocks.flatMap((b) => b.names), typeof axes === 'string' ? pickledNames(axes) : []);
  const chosen = pick(path, all, o.columns ?? (o.matrixColumns ? [] : undefined));
  checkFilters(path, t, `/${key}/table`);
  const index = o.index ? members.find((m) => m.name === 'index') : undefined;
  // ~1 MB chunks: the wasm heap holds one chunk, so peak memory stays near the decoded columns, and a
  // chunk stays in cache while it is split into columns (measured faster than 4 MB here)
  // (a whole number of the file's chunks, at least one: a chunk is never decompressed twice)
  const fileChunk = Math.max(1, t.metadata.chunks?.[0] ?? 1);
  const chunkRows = o.chunkRows ?? fileChunk * Math.max(1, Math.round(Math.max(64, Math.floor(1048576 / Math.max(1, t.metadata.size))) / fileChunk));
  if (!o.matrixColumns) return decodeRows(Module, path, key, t, blocks, chosen, total, start, stop, chunkRows, undefined, index);
  const names = pick(path, all, o.matrixColumns);
  const matrix = newMatrix(path, (stop - start) * names.length);
  const out = decodeRows(Module, path, key, t, blocks, chosen, total, start, stop, chunkRows, { data: matrix, names }, index);
  return { ...out, matrix };
}
