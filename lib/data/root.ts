/**
 * ROOT TTrees via jsroot (ESM-only, loaded lazily): flat branches become typed-array columns, jagged
 * branches (`Jet_Px[NJet]`) become offsets + values. jsroot decodes every compression ROOT writes
 * (zlib, lzma, lz4, zstd). Entries are delivered one by one into preallocated arrays, so memory is the
 * output columns plus jsroot's current baskets.
 */
import { statSync, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { HepmlError, safeText, quote, nameList } from '../errors';
import type { Column, DType } from './dataset';
import { ColumnBuilder } from './builder';

export interface RootReadOptions {
  /** Tree name; default: the only TTree in the file (an error lists them when there are several). */
  tree?: string;
  /** Branches to read, in this order; default all readable branches. */
  branches?: readonly string[];
  /** First entry. Default 0. */
  start?: number;
  /** One past the last entry. Default the tree's entry count. */
  stop?: number;
  /**
   * Read files up to 256 MiB into memory once and decode flat numeric branches straight from their zlib/uncompressed baskets (native zlib, one typed
   * pass per basket) instead of jsroot's per-entry loop. Default true; other branches, other
   * compressions and anything unusual go through jsroot either way. false: the reference path, everything
   * through jsroot reading the file itself (the reader as it was before the fast path).
   */
  fast?: boolean;
}

/** A jagged branch: values of entry i are `values[offsets[i] .. offsets[i+1])`. */
export interface JaggedColumn {
  offsets: Int32Array;
  values: Column;
}

export interface RootBranchInfo {
  name: string;
  /** Our dtype (int64 is stored in Float64Array, exact to 2**53). */
  dtype: DType;
  /** jsroot leaf class, e.g. `TLeafD`. */
  leaf: string;
  /** Count branch of a jagged branch (e.g. `NJet`). */
  count?: string;
}

export interface RootTreeInfo {
  name: string;
  entries: number;
  branches: RootBranchInfo[];
}

/** What {@link loadRoot} / {@link fromRoot} return. */
export interface RootArrays {
  file: string;
  tree: string;
  /** Number of entries read (stop - start). */
  entries: number;
  start: number;
  columns: Record<string, Column>;
  jagged: Record<string, JaggedColumn>;
  branches: RootBranchInfo[];
}

interface JsLeaf { _typename: string; fIsUnsigned?: boolean; fLeafCount?: { fName: string } | null; fLen?: number }
interface JsBranch { fName: string; fLeaves: { arr: JsLeaf[] }; fBranches?: { arr: JsBranch[] }; fBasketSeek?: ArrayLike<number>; fBasketEntry?: ArrayLike<number>; fBasketBytes?: ArrayLike<number>; fWriteBasket?: number; fEntryOffsetLen?: number; fBaskets?: { arr?: unknown[] } }
interface JsTree { _typename: string; fEntries: number; fBranches: { arr: JsBranch[] } }
interface JsKey { fName: string; fClassName: string; fCycle: number }
interface JsFile { fKeys: JsKey[]; fEND: number; readObject(name: string): Promise<JsTree> }
interface JsSelector { addBranch(name: string): void; tgtobj: Record<string, unknown>; Process: (entry: number) => void; Terminate: (ok: boolean) => void }

/** A real dynamic import of an ESM-only module (kept as import() in the CommonJS build). */
const importEsm = (specifier: string): Promise<unknown> => import(specifier);

const LEAF_TYPES: Record<string, [DType, DType?]> = {
  TLeafO: ['bool'], TLeafB: ['int8', 'uint8'], TLeafS: ['int16', 'uint16'], TLeafI: ['int32', 'uint32'],
  TLeafL: ['int64', 'int64'], TLeafF: ['float32'], TLeafD: ['float64'], TLeafF16: ['float32'], TLeafD32: ['float64'],
};
const CTORS: Partial<Record<DType, new (n: number) => Column>> = {
  bool: Uint8Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array,
  uint32: Uint32Array, int64: Float64Array, float32: Float32Array, float64: Float64Array,
};

async function openRoot(source: string | Uint8Array, name: string): Promise<JsFile> {
  const io = (await importEsm('jsroot/io')) as unknown as { openFile(s: string | ArrayBuffer): Promise<JsFile> };
  let size: number;
  let arg: string | ArrayBuffer;
  if (typeof source === 'string') {
    try {
      size = statSync(source).size;
    } catch (e) {
      throw new HepmlError(`${name}: expected a readable ROOT file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: name, cause: e });
    }
    arg = source;
  } else {
    size = source.byteLength;
    arg = source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) as ArrayBuffer;
  }
  const shown = safeText(name, 200);
  const head = typeof source === 'string' ? readHead(source) : source.subarray(0, 20);
  if (head.length < 4 || String.fromCharCode(...head.subarray(0, 4)) !== 'root') throw new HepmlError(`${shown}: expected a ROOT file (starting with "root"), found other content.`, { where: name });
  // the header's fEND says how long the file must be: a truncated file is named before jsroot reads it
  const end = rootEnd(head);
  if (end === undefined) throw new HepmlError(`${shown}: expected a ROOT header of at least 16 bytes, found ${size} bytes (truncated file). Download it again.`, { where: name });
  if (end > size) throw new HepmlError(`${shown}: expected ${end} bytes (the ROOT header's end of file), found ${size} (truncated file). Download it again.`, { where: name });
  let file: JsFile;
  try {
    file = await silenced(() => openFile(io, arg));
  } catch (e) {
    throw new HepmlError(`${shown}: expected a readable ROOT file, found a corrupt or truncated one (${safeText((e as Error).message, 120)}).`, { where: name, cause: e });
  }
  if (file.fEND > size) throw new HepmlError(`${shown}: expected ${file.fEND} bytes (the ROOT header's end of file), found ${size} (truncated file). Download it again.`, { where: name });
  return file;
}

/** fEND from the first 20 bytes of a ROOT file (32-bit, or 64-bit for fVersion >= 1000000). */
function rootEnd(head: Uint8Array): number | undefined {
  if (head.length < 16) return undefined;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = dv.getInt32(4);
  if (version >= 1000000) return head.length >= 20 ? Number(dv.getBigInt64(12)) : undefined;
  return dv.getInt32(12);
}

/** Runs jsroot with its console diagnostics (stack traces of decoding failures) held back. */
async function silenced<T>(fn: () => Promise<T>): Promise<T> {
  const { error, warn } = console;
  console.error = () => undefined;
  console.warn = () => undefined;
  try {
    return await fn();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(20);
    const got = readSync(fd, b, 0, 20, 0);
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

async function openFile(io: { openFile(s: string | ArrayBuffer): Promise<JsFile> }, arg: string | ArrayBuffer): Promise<JsFile> {
  return io.openFile(arg);
}

function treeKeys(file: JsFile): JsKey[] {
  return file.fKeys.filter((k) => k.fClassName === 'TTree' || k.fClassName === 'TNtuple');
}

const baseName = (k: JsKey) => k.fName.replace(/;\d+$/, '');

async function readTree(file: JsFile, name: string, want?: string): Promise<{ tree: JsTree; treeName: string }> {
  const keys = treeKeys(file);
  const names = [...new Set(keys.map(baseName))];
  if (!want && names.length !== 1) {
    throw new HepmlError(`${name}: expected exactly one TTree or a tree option, found ${names.length ? names.join(', ') : 'no trees'}. Pass {tree: NAME}.`, { where: name });
  }
  const treeName = want ?? names[0];
  const candidates = keys.filter((k) => baseName(k) === treeName || k.fName === treeName).sort((a, b) => b.fCycle - a.fCycle);
  if (candidates.length === 0) throw new HepmlError(`${name}: expected a tree ${JSON.stringify(treeName)}, found ${names.join(', ') || 'no trees'}.`, { where: name });
  const k = candidates[0];
  let tree: JsTree;
  try {
    tree = await silenced(() => file.readObject(`${k.fName};${k.fCycle}`));
  } catch (e) {
    throw new HepmlError(`${safeText(name, 200)}: expected a readable tree ${quote(treeName)}, found a corrupt one (${safeText((e as Error).message ?? String(e), 120)}).`, { where: name, cause: e });
  }
  return { tree, treeName };
}

function describeBranches(tree: JsTree): RootBranchInfo[] {
  const out: RootBranchInfo[] = [];
  for (const b of tree.fBranches.arr) {
    const leaf = b.fLeaves?.arr?.[0];
    if (!leaf || (b.fBranches?.arr?.length ?? 0) > 0 || b.fLeaves.arr.length !== 1) continue;
    const t = LEAF_TYPES[leaf._typename];
    if (!t) continue;
    if ((leaf.fLen ?? 1) > 1) continue; // fixed-size arrays per entry: not supported as columns
    out.push({ name: b.fName, dtype: leaf.fIsUnsigned && t[1] ? t[1] : t[0], leaf: leaf._typename, count: leaf.fLeafCount?.fName });
  }
  return out;
}

/**
 * Lists the trees of a ROOT file with their branches and entry counts.
 * @example
 * for (const t of await rootInfo('dataWW_d1.root')) console.log(t.name, t.entries);
 */
export async function rootInfo(source: string | Uint8Array): Promise<RootTreeInfo[]> {
  const name = typeof source === 'string' ? source : 'root';
  const file = await openRoot(source, name);
  const out: RootTreeInfo[] = [];
  for (const n of [...new Set(treeKeys(file).map(baseName))]) {
    const { tree } = await readTree(file, name, n);
    out.push({ name: n, entries: tree.fEntries, branches: describeBranches(tree) });
  }
  return out;
}

/**
 * Reads branches of a ROOT TTree from a file on disk.
 * @param path the .root file
 * @param options.tree default the only tree; options.branches default all; options.start/stop entry range
 * @example
 * const ww = await loadRoot('dataWW_d1.root', { tree: 'tree_event', branches: ['label', 'met_et'] });
 * ww.columns.met_et; // Float64Array
 */
export async function loadRoot(path: string, options: RootReadOptions = {}): Promise<RootArrays> {
  return readRoot(path, path, options);
}

/** Reads branches of a ROOT TTree from the bytes of a file (see {@link loadRoot}). */
export async function fromRoot(bytes: Uint8Array, options: RootReadOptions & { name?: string } = {}): Promise<RootArrays> {
  return readRoot(bytes, options.name ?? 'root', options);
}

/** Files up to this size are read into memory once: jsroot then parses from memory, not many async reads. */
const IN_MEMORY = 256 * 2 ** 20;

async function readRoot(path: string | Uint8Array, name: string, options: RootReadOptions): Promise<RootArrays> {
  let source = path;
  if (typeof path === 'string' && options.fast !== false) {
    let size = Infinity;
    try { size = statSync(path).size; } catch { /* openRoot names the problem */ }
    if (size <= IN_MEMORY) {
      try { source = readFileSync(path); } catch { /* openRoot names the problem */ }
    }
  }
  const file = await openRoot(source, name);
  const { tree, treeName } = await readTree(file, name, options.tree);
  const all = describeBranches(tree);
  const byName = new Map(all.map((b) => [b.name, b]));
  const chosen = (options.branches ?? all.map((b) => b.name)).map((b) => {
    const info = byName.get(b);
    if (!info) throw new HepmlError(`${safeText(name, 200)}: expected a branch ${quote(b)} in tree ${quote(treeName)}, found ${nameList(all.map((x) => x.name))}.`, { where: name });
    return info;
  });
  const start = options.start ?? 0;
  const stop = Math.min(options.stop ?? tree.fEntries, tree.fEntries);
  if (!Number.isInteger(start) || start < 0 || start > stop) throw new HepmlError(`${name}: expected 0 <= start <= stop <= ${tree.fEntries}, found start=${start}, stop=${stop}.`, { where: name });
  const n = stop - start;
  const columns: Record<string, Column> = {};
  const jaggedB: Record<string, { offsets: Int32Array; values: ColumnBuilder }> = {};
  for (const b of chosen) {
    if (b.count) jaggedB[b.name] = { offsets: new Int32Array(n + 1), values: new ColumnBuilder(CTORS[b.dtype]!) };
    else columns[b.name] = new (CTORS[b.dtype]!)(n);
  }
  let slow = chosen;
  if (n > 0 && options.fast !== false) {
    const raw = rawReader(source);
    try {
      slow = chosen.filter((b) => b.count || !readFlat(raw, tree, b, columns[b.name], start, n));
    } finally {
      raw.close();
    }
  }
  if (n > 0 && slow.length > 0) await processEntries(tree, slow, columns, jaggedB, start, n, name);
  const jagged: Record<string, JaggedColumn> = {};
  for (const [k, v] of Object.entries(jaggedB)) jagged[k] = { offsets: v.offsets, values: v.values.finish() };
  return { file: name, tree: treeName, entries: n, start, columns, jagged, branches: chosen };
}

async function processEntries(tree: JsTree, chosen: RootBranchInfo[], columns: Record<string, Column>, jagged: Record<string, { offsets: Int32Array; values: ColumnBuilder }>, start: number, n: number, name: string): Promise<void> {
  const mod = (await importEsm('jsroot/tree')) as unknown as { TSelector: new () => JsSelector; treeProcess(t: JsTree, s: JsSelector, a: object): Promise<unknown> };
  const sel = new mod.TSelector();
  // jagged branches need their count branch read first
  const counts = new Set(chosen.filter((b) => b.count).map((b) => b.count!));
  for (const c of counts) sel.addBranch(c);
  for (const b of chosen) if (!counts.has(b.name)) sel.addBranch(b.name);
  const flat = chosen.filter((b) => !b.count).map((b) => [b.name, columns[b.name]] as const);
  const jag = chosen.filter((b) => b.count).map((b) => [b.name, jagged[b.name]] as const);
  let i = 0;
  sel.Process = function (this: JsSelector) {
    const obj = this.tgtobj;
    if (i >= n) return;
    for (const [k, col] of flat) col[i] = Number(obj[k]);
    for (const [k, j] of jag) {
      const vals = obj[k] as ArrayLike<number>;
      const m = vals ? vals.length : 0;
      for (let q = 0; q < m; q++) j.values.push(Number(vals[q]));
      j.offsets[i + 1] = j.offsets[i] + m;
    }
    i++;
  };
  sel.Terminate = () => undefined;
  // jsroot reports some decoding failures as detached promise rejections or simply stops calling
  // Process: both become a HepmlError here instead of a hang or a crash of the process.
  let fail: (e: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => { fail = reject; });
  const onReject = (e: unknown) => fail(e);
  let seen = -1;
  let still = 0;
  const watchdog = setInterval(() => {
    still = seen === i ? still + 1 : 0;
    seen = i;
    if (still >= STALL_SECONDS) fail(new Error(`no progress for ${STALL_SECONDS} s at entry ${start + i}`));
  }, 1000);
  process.on('unhandledRejection', onReject);
  try {
    await silenced(() => Promise.race([mod.treeProcess(tree, sel, { firstentry: start, numentries: n }), failed]));
  } catch (e) {
    throw new HepmlError(`${name}: expected ${n} readable entries, found corrupt data after ${i} (${(e as Error).message}). The file is corrupt or truncated.`, { where: name, cause: e });
  } finally {
    clearInterval(watchdog);
    process.off('unhandledRejection', onReject);
  }
  if (i !== n) {
    throw new HepmlError(`${name}: expected ${n} entries, found ${i} decodable ones. The file is corrupt or truncated.`, { where: name });
  }
}

const STALL_SECONDS = 20;

/** Random access to the bytes of the ROOT file (for the fast basket path). */
interface RawReader { read(pos: number, len: number): Uint8Array | undefined; close(): void }

function rawReader(source: string | Uint8Array): RawReader {
  if (typeof source !== 'string') {
    return { read: (pos, len) => (pos >= 0 && pos + len <= source.length ? source.subarray(pos, pos + len) : undefined), close: () => undefined };
  }
  let fd: number | undefined;
  return {
    read(pos, len) {
      fd ??= openSync(source, 'r');
      const b = Buffer.allocUnsafe(len);
      return readSync(fd, b, 0, len, pos) === len ? b : undefined;
    },
    close() { if (fd !== undefined) closeSync(fd); },
  };
}

/** Bytes per value of the leaf types the fast path decodes (big-endian on disk). */
const FAST_SIZE: Record<string, number> = { TLeafO: 1, TLeafB: 1, TLeafS: 2, TLeafI: 4, TLeafL: 8, TLeafF: 4, TLeafD: 8 };

/** Inflates a ROOT compressed buffer (a series of 9-byte-header blocks); undefined unless all blocks are zlib. */
function rootInflate(src: Uint8Array, target: number): Uint8Array | undefined {
  const out = Buffer.allocUnsafe(target);
  let at = 0;
  let p = 0;
  while (at < target) {
    if (p + 9 > src.length || src[p] !== 0x5a || src[p + 1] !== 0x4c || src[p + 2] !== 8) return undefined; // 'ZL' deflate only
    const csize = src[p + 3] | (src[p + 4] << 8) | (src[p + 5] << 16);
    const usize = src[p + 6] | (src[p + 7] << 8) | (src[p + 8] << 16);
    if (p + 9 + csize > src.length || at + usize > target) return undefined;
    let block: Buffer;
    try {
      block = inflateSync(src.subarray(p + 9, p + 9 + csize));
    } catch {
      return undefined;
    }
    if (block.length !== usize) return undefined;
    out.set(block, at);
    at += usize;
    p += 9 + csize;
  }
  return out;
}

/**
 * Fills `col[0..n)` with entries [start, start+n) of a flat numeric branch by reading its baskets
 * directly. Returns false (and the caller uses jsroot) for anything it does not handle: baskets kept
 * inside the tree, compressions other than zlib, entry offsets, or sizes that do not add up.
 */
function readFlat(raw: RawReader, tree: JsTree, info: RootBranchInfo, col: Column, start: number, n: number): boolean {
  const br = tree.fBranches.arr.find((b) => b.fName === info.name);
  const leaf = br?.fLeaves?.arr?.[0];
  const size = leaf ? FAST_SIZE[leaf._typename] : undefined;
  if (!br || !leaf || !size || (leaf.fLen ?? 1) !== 1 || (br.fEntryOffsetLen ?? 0) > 0 || !br.fBasketSeek || !br.fBasketEntry || !br.fBasketBytes) return false;
  const nb = br.fWriteBasket ?? 0;
  const stop = start + n;
  if (nb === 0 || Number(br.fBasketEntry[nb] ?? -1) < stop) return false; // some entries live in unwritten baskets
  const signed = !leaf.fIsUnsigned;
  for (let k = 0; k < nb; k++) {
    const first = Number(br.fBasketEntry[k]);
    const last = Number(br.fBasketEntry[k + 1]);
    if (last <= start || first >= stop) continue;
    const seek = Number(br.fBasketSeek[k]);
    const nbytes = Number(br.fBasketBytes[k]);
    const key = raw.read(seek, nbytes);
    if (!key || nbytes < 26) return false;
    const kv = new DataView(key.buffer, key.byteOffset, key.byteLength);
    const objlen = kv.getInt32(6);
    const keylen = kv.getInt16(14);
    if (kv.getInt32(0) !== nbytes || keylen <= 0 || keylen > nbytes) return false;
    const entries = last - first;
    // TBasket's own fields close the key header: fVersion, fBufferSize, fNevBufSize, fNevBuf, fLast, flag
    if (kv.getInt32(keylen - 9) !== entries || kv.getInt32(keylen - 13) !== size) return false;
    const payload = key.subarray(keylen);
    const data = payload.length === objlen ? payload : rootInflate(payload, objlen);
    if (!data || data.length < entries * size) return false;
    const dv = new DataView(data.buffer, data.byteOffset, entries * size);
    const from = Math.max(start, first) - first;
    const to = Math.min(stop, last) - first;
    let o = first + from - start;
    switch (leaf._typename) {
      case 'TLeafD': for (let i = from; i < to; i++) col[o++] = dv.getFloat64(i * 8); break;
      case 'TLeafF': for (let i = from; i < to; i++) col[o++] = dv.getFloat32(i * 4); break;
      case 'TLeafI': if (signed) for (let i = from; i < to; i++) col[o++] = dv.getInt32(i * 4); else for (let i = from; i < to; i++) col[o++] = dv.getUint32(i * 4); break;
      case 'TLeafS': if (signed) for (let i = from; i < to; i++) col[o++] = dv.getInt16(i * 2); else for (let i = from; i < to; i++) col[o++] = dv.getUint16(i * 2); break;
      case 'TLeafB': if (signed) for (let i = from; i < to; i++) col[o++] = dv.getInt8(i); else for (let i = from; i < to; i++) col[o++] = dv.getUint8(i); break;
      case 'TLeafO': for (let i = from; i < to; i++) col[o++] = dv.getUint8(i) ? 1 : 0; break;
      case 'TLeafL': if (signed) for (let i = from; i < to; i++) col[o++] = Number(dv.getBigInt64(i * 8)); else for (let i = from; i < to; i++) col[o++] = Number(dv.getBigUint64(i * 8)); break;
      default: return false;
    }
  }
  return true;
}
