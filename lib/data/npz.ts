/**
 * NPZ: a zip of NPY files (numpy `savez` / `savez_compressed`), via fflate. Stored and deflated members
 * are read; written files are deflated with a fixed timestamp, so equal arrays give equal bytes.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import * as zlib from 'node:zlib';
import { kMaxLength } from 'node:buffer';
import { zipSync, type Zippable } from 'fflate';
import { HepmlError, safeText, quote, nameList } from '../errors';
import { writeFileAtomic } from './atomic-write';
import { fromNpy, parseNpyHeader, type NpyArray, type NpyHeader, type NpyReadOptions } from './npy';
import { maxDecompressed, tooBig } from './max-bytes';

const zlibCrc32 = (zlib as unknown as { crc32?: (b: Uint8Array) => number }).crc32;
import { toNpy, type NpyWritable } from './npy-write';

/** One array to write: a typed array, or a typed array with its shape. */
export type NpzEntry = NpyWritable | { data: NpyWritable; shape: readonly number[]; bool?: boolean };

export interface NpzReadOptions extends NpyReadOptions {
  /** Only these array names (without `.npy`). Default: all. */
  names?: readonly string[];
  /**
   * Refuse archives whose members decompress to more than this many bytes in all (declared sizes are
   * checked first, then the running total while inflating). Default 1 GiB, or `HEPML_MAX_BYTES`.
   * Each array is also checked against it, as in {@link fromNpy}.
   */
  maxBytes?: number;
}

/** One member of a zip archive, from its central directory. */
interface ZipMember { name: string; method: number; crc: number; csize: number; usize: number; offset: number }

/** The central directory of a zip archive (zip64 included, as numpy writes it). */
function zipMembers(bytes: Uint8Array, name: string): ZipMember[] {
  const bad = (what: string): never => {
    throw new HepmlError(`${name}: expected an NPZ (zip) archive, found ${what}. The file may be truncated or not an .npz.`, { where: name });
  };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) bad(bytes.length < 22 ? `${bytes.length} bytes` : 'no zip end-of-directory record');
  let count = dv.getUint16(eocd + 10, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && dv.getUint32(eocd - 20, true) === 0x07064b50) {
    const z = Number(dv.getBigUint64(eocd - 12, true));
    if (z + 56 > bytes.length || dv.getUint32(z, true) !== 0x06064b50) bad('a broken zip64 end-of-directory record');
    count = Number(dv.getBigUint64(z + 32, true));
    cdOffset = Number(dv.getBigUint64(z + 48, true));
  }
  const out: ZipMember[] = [];
  let p = cdOffset;
  const dec = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== 0x02014b50) bad(`a broken central directory (entry ${k})`);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    let csize = dv.getUint32(p + 20, true);
    let usize = dv.getUint32(p + 24, true);
    const nlen = dv.getUint16(p + 28, true), xlen = dv.getUint16(p + 30, true), clen = dv.getUint16(p + 32, true);
    let offset = dv.getUint32(p + 42, true);
    const member = dec.decode(bytes.subarray(p + 46, p + 46 + nlen));
    // zip64 extra field: the 64-bit values of the fields that read 0xffffffff, in this order
    for (let x = p + 46 + nlen; x + 4 <= p + 46 + nlen + xlen;) {
      const id = dv.getUint16(x, true), len = dv.getUint16(x + 2, true);
      if (id === 1) {
        let q = x + 4;
        if (usize === 0xffffffff) { usize = Number(dv.getBigUint64(q, true)); q += 8; }
        if (csize === 0xffffffff) { csize = Number(dv.getBigUint64(q, true)); q += 8; }
        if (offset === 0xffffffff) { offset = Number(dv.getBigUint64(q, true)); }
      }
      x += 4 + len;
    }
    out.push({ name: member, method, crc, csize, usize, offset });
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

/** The compressed bytes of a member (after its local header). */
function memberData(bytes: Uint8Array, m: ZipMember, name: string): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (m.offset + 30 > bytes.length || dv.getUint32(m.offset, true) !== 0x04034b50) {
    throw new HepmlError(`${name}: expected a zip member ${quote(m.name)} at byte ${m.offset}, found other data. The file is corrupt or truncated.`, { where: name });
  }
  const start = m.offset + 30 + dv.getUint16(m.offset + 26, true) + dv.getUint16(m.offset + 28, true);
  if (start + m.csize > bytes.length) throw new HepmlError(`${name}: expected ${m.csize} bytes of member ${quote(m.name)}, found ${Math.max(0, bytes.length - start)} (truncated file).`, { where: name });
  return bytes.subarray(start, start + m.csize);
}

/** Inflates one member within `budget` bytes and checks its size and CRC-32 as numpy's zipfile does. */
function inflateMember(bytes: Uint8Array, m: ZipMember, name: string, budget: number, limit: number): Uint8Array {
  const raw = memberData(bytes, m, name);
  let data: Uint8Array;
  if (m.method === 0) data = raw;
  else if (m.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(budget + 1, kMaxLength)) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig(name, `member ${quote(m.name)} inflating past the limit`, limit);
      throw new HepmlError(`${name}: expected deflate data in member ${quote(m.name)}, found corrupt data (${(e as Error).message.slice(0, 80)}).`, { where: name, cause: e });
    }
  } else throw new HepmlError(`${name}: expected stored or deflated members, found compression method ${m.method} in ${quote(m.name)}. Save with numpy.savez or savez_compressed.`, { where: name });
  if (data.length > budget) throw tooBig(name, `member ${quote(m.name)} inflating past the limit`, limit);
  if (data.length !== m.usize) throw new HepmlError(`${name}: expected ${m.usize} bytes in member ${quote(m.name)}, found ${data.length}. The file is corrupt.`, { where: name });
  const crc = crc32(data);
  if (crc !== m.crc) throw new HepmlError(`${name}: expected CRC-32 ${hex(m.crc)} for member ${quote(m.name)}, found ${hex(crc)} (bad CRC: the file is corrupt; numpy refuses it too).`, { where: name });
  return data;
}

const hex = (x: number) => x.toString(16).padStart(8, '0');

let CRC_TABLE: Int32Array | undefined;
/** CRC-32 (zip's), through zlib when Node has it. */
function crc32(b: Uint8Array): number {
  const z = zlibCrc32 as ((b: Uint8Array) => number) | undefined;
  if (z) return z(b) >>> 0;
  if (!CRC_TABLE) {
    CRC_TABLE = new Int32Array(256);
    for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; CRC_TABLE[n] = c; }
  }
  let c = -1;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * Reads an NPZ archive held in memory; keys are the array names without `.npy`.
 * Non-`.npy` members (e.g. `hepml.json`) are returned raw in `extra`. Every member's size and CRC-32
 * are checked, and the decompressed total (declared, then actual) against `maxBytes`.
 * @example
 * const { arrays } = fromNpz(readFileSync('train_data.npz'));
 */
export function fromNpz(bytes: Uint8Array, options: NpzReadOptions = {}): { arrays: Record<string, NpyArray>; extra: Record<string, Uint8Array> } {
  const name = safeText(options.name ?? 'npz', 200);
  const limit = maxDecompressed(options.maxBytes);
  const wanted = options.names ? new Set(options.names.map((n) => `${n}.npy`)) : undefined;
  const members = zipMembers(bytes, name).filter((m) => !wanted || wanted.has(m.name) || !m.name.endsWith('.npy'));
  const declared = members.reduce((a, m) => a + m.usize, 0);
  if (declared > limit) throw tooBig(name, `members declaring ${declared} bytes`, limit);
  const arrays: Record<string, NpyArray> = {};
  const extra: Record<string, Uint8Array> = {};
  let used = 0;
  for (const m of members) {
    const data = inflateMember(bytes, m, name, limit - used, limit);
    used += data.length;
    if (m.name.endsWith('.npy')) {
      const key = m.name.slice(0, -4);
      arrays[key] = fromNpy(data, { maxBytes: options.maxBytes ?? 2 ** 32, name: `${name}[${safeText(key, 60)}]` });
    } else extra[m.name] = data;
  }
  if (options.names) {
    for (const n of options.names) {
      if (!arrays[n]) throw new HepmlError(`${name}: expected an array ${quote(n)}, found only ${nameList(Object.keys(arrays)) || 'none'}.`, { where: name });
    }
  }
  return { arrays, extra };
}

/** Reads an NPZ file from disk. */
export function loadNpz(path: string, options: NpzReadOptions = {}): { arrays: Record<string, NpyArray>; extra: Record<string, Uint8Array> } {
  return fromNpz(readArchive(path), { ...options, name: options.name ?? path });
}

function readArchive(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HepmlError(`${safeText(path, 200)}: expected a readable NPZ file, found ${code === 'ERR_FS_FILE_TOO_LARGE' ? 'a file over 2 GiB (read its arrays with numpy and save smaller files)' : code ?? 'an error'}.`, { where: path, cause: e });
  }
}

/** One array of an NPZ as {@link npzInfo} lists it. */
export interface NpzMemberInfo { name: string; header?: NpyHeader; bytes: number }

/**
 * Lists the members of an NPZ file with their NPY headers, inflating only the first bytes of each
 * (what `hepml inspect` shows): no array is decompressed whole.
 * @example
 * for (const m of npzInfo('train_data.npz')) console.log(m.name, m.header?.shape);
 */
export function npzInfo(path: string): NpzMemberInfo[] {
  const bytes = readArchive(path);
  const name = safeText(path, 200);
  return zipMembers(bytes, name).map((m) => {
    if (!m.name.endsWith('.npy')) return { name: m.name, bytes: m.usize };
    const raw = memberData(bytes, m, name);
    const key = m.name.slice(0, -4);
    for (let take = 1024; ; take *= 8) {
      let head: Uint8Array;
      if (m.method === 0) head = raw.subarray(0, Math.min(raw.length, take * 64));
      else {
        try {
          head = inflateRawSync(raw.subarray(0, Math.min(raw.length, take)), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
        } catch (e) {
          throw new HepmlError(`${name}: expected deflate data in member ${quote(m.name)}, found corrupt data (${(e as Error).message.slice(0, 80)}).`, { where: name, cause: e });
        }
      }
      try {
        return { name: key, header: parseNpyHeader(head, `${name}[${safeText(key, 60)}]`), bytes: m.usize };
      } catch (e) {
        if (take >= raw.length || !/truncated/.test((e as Error).message)) throw e;
      }
    }
  });
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

/** Writes an NPZ file atomically (temporary file, fsync, rename: see {@link writeFileAtomic}). */
export function saveNpz(path: string, arrays: Record<string, NpzEntry>, extra: Record<string, Uint8Array> = {}): void {
  writeFileAtomic(path, toNpz(arrays, extra));
}
