/**
 * File checksums the manifests use: sha256, md5, adler32 and git-blob-sha1 (sha1 of "blob <size>\0"
 * + content, what `git hash-object` prints). Streams the file once for all requested algorithms.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { HepmlError } from '../errors';

export type ChecksumKind = 'sha256' | 'md5' | 'adler32' | 'git-blob-sha1';

/** Running Adler-32 (zlib's checksum; CERN open data lists it). */
export function adler32(bytes: Uint8Array, start = 1): number {
  let a = start & 0xffff;
  let b = (start >>> 16) & 0xffff;
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(bytes.length, i + 3800);
    for (; i < end; i++) { a += bytes[i]; b += a; }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Computes the requested checksums of a file (lower-case hex).
 * @example
 * await fileChecksums('dataWW_d1.root', ['git-blob-sha1']);
 */
export async function fileChecksums(path: string, kinds: readonly ChecksumKind[]): Promise<Partial<Record<ChecksumKind, string>>> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new HepmlError(`${path}: expected a readable file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: path, cause: e });
  }
  const hashes: Partial<Record<ChecksumKind, Hash>> = {};
  if (kinds.includes('sha256')) hashes.sha256 = createHash('sha256');
  if (kinds.includes('md5')) hashes.md5 = createHash('md5');
  if (kinds.includes('git-blob-sha1')) hashes['git-blob-sha1'] = createHash('sha1').update(`blob ${size}\0`);
  let ad = 1;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    const c = chunk as Buffer;
    for (const h of Object.values(hashes)) h!.update(c);
    if (kinds.includes('adler32')) ad = adler32(c, ad);
  }
  const out: Partial<Record<ChecksumKind, string>> = {};
  for (const [k, h] of Object.entries(hashes)) out[k as ChecksumKind] = h!.digest('hex');
  if (kinds.includes('adler32')) out.adler32 = ad.toString(16).padStart(8, '0');
  return out;
}

/**
 * Checks a file against expected checksums; throws a HepmlError naming the file and the mismatch.
 * Returns the kinds that were checked (empty when none are known).
 */
export async function verifyFile(path: string, expected: Partial<Record<ChecksumKind, string>>, bytes?: number | null): Promise<ChecksumKind[]> {
  const size = statSync(path).size;
  if (bytes != null && size !== bytes) throw new HepmlError(`${path}: expected ${bytes} bytes, found ${size}. The file is incomplete or a different version; delete it and fetch again.`, { where: path });
  const kinds = Object.keys(expected) as ChecksumKind[];
  if (kinds.length === 0) return [];
  const got = await fileChecksums(path, kinds);
  for (const k of kinds) {
    if (got[k] !== expected[k]!.toLowerCase()) throw new HepmlError(`${path}: expected ${k} ${expected[k]}, found ${got[k]} (checksum mismatch). Delete the file and fetch it again.`, { where: path });
  }
  return kinds;
}

/** What a file's format says about it, from its first bytes (and, for zip files, its last). */
export interface FormatCheck {
  /** What was checked, e.g. `HDF5 signature`, `HDF5 end-of-file address`. */
  checked: string[];
}

const HTML = /^\s*(<!doctype html|<html|<head|<body|<\?xml)/i;

/** Reads `length` bytes at `position` (fewer at the end of the file). */
async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const { open } = await import('node:fs/promises');
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function describeStart(head: Buffer): string {
  if (head.length === 0) return 'an empty file';
  const text = head.subarray(0, 256).toString('latin1');
  if (HTML.test(text)) return 'an HTML page (the server sent a web page, not the data)';
  const printable = text.slice(0, 16).replace(/[^\x20-\x7e]/g, '.');
  return `bytes starting ${JSON.stringify(printable)}`;
}

/**
 * Checks what can be checked without a checksum: the format's magic bytes and, where the format records
 * its own length (HDF5 superblock end-of-file address, ROOT header fEND, the zip end-of-central-directory
 * record of an NPZ), that the file is complete. Text (CSV) must not be an HTML page or contain NUL bytes.
 * Throws a HepmlError naming the file and what was found.
 */
export async function checkFormat(path: string, format: 'root' | 'hdf5' | 'npy' | 'npz' | 'csv', options: { gzip?: boolean } = {}): Promise<FormatCheck> {
  const size = statSync(path).size;
  const head = await readAt(path, 0, 4096);
  const bad = (expected: string): never => {
    throw new HepmlError(`${path}: expected ${expected}, found ${describeStart(head)}. Delete the file and fetch it again.`, { where: path });
  };
  const truncated = (what: string, want: number): never => {
    throw new HepmlError(`${path}: expected ${want} bytes (${what}), found ${size}: the file is truncated. Delete it and fetch it again.`, { where: path });
  };
  const gz = options.gzip || path.endsWith('.gz');
  switch (format) {
    case 'hdf5': {
      const SIG = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
      // The superblock sits at 0, 512, 1024, 2048, … (after a user block).
      let at = -1;
      for (let p = 0; p < size && p <= 1 << 20; p = p === 0 ? 512 : p * 2) {
        const b = p < head.length ? head.subarray(p, p + 8) : await readAt(path, p, 8);
        if (b.equals(SIG)) { at = p; break; }
      }
      if (at < 0) bad('an HDF5 file (signature \\x89HDF)');
      const sb = await readAt(path, at, 64);
      const version = sb[8];
      const O = version <= 1 ? sb[13] : sb[9];
      const base = version === 0 ? 24 : version === 1 ? 28 : 12;
      const eofAt = base + 2 * O; // after the base address and the free-space (v0/1) or extension (v2/3) address
      if (O === 8 && sb.length >= eofAt + 8) {
        const baseAddr = Number(sb.readBigUInt64LE(base));
        const eof = Number(sb.readBigUInt64LE(eofAt));
        if (eof > 0 && Number.isSafeInteger(eof) && size < baseAddr + eof) truncated('the HDF5 superblock end-of-file address', baseAddr + eof);
        return { checked: ['HDF5 signature', 'HDF5 end-of-file address'] };
      }
      return { checked: ['HDF5 signature'] };
    }
    case 'root': {
      if (head.subarray(0, 4).toString('latin1') !== 'root') bad('a ROOT file (magic "root")');
      if (head.length >= 20) {
        const version = head.readUInt32BE(4);
        const end = version >= 1000000 ? Number(head.readBigUInt64BE(12)) : head.readUInt32BE(12);
        if (end > 0 && size < end) truncated('the ROOT header fEND', end);
      }
      return { checked: ['ROOT magic', 'ROOT fEND'] };
    }
    case 'npz': {
      if (!(head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5))) bad('an NPZ (zip) file (magic "PK")');
      const tail = await readAt(path, Math.max(0, size - 65557), Math.min(size, 65557));
      if (tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) < 0) throw new HepmlError(`${path}: expected a complete NPZ (zip) file, found no end-of-central-directory record: the file is truncated. Delete it and fetch it again.`, { where: path });
      return { checked: ['zip magic', 'zip end record'] };
    }
    case 'npy':
      if (head.subarray(0, 6).toString('latin1') !== '\x93NUMPY') bad('an NPY file (magic \\x93NUMPY)');
      return { checked: ['NPY magic'] };
    case 'csv': {
      if (gz) {
        if (!(head[0] === 0x1f && head[1] === 0x8b)) bad('a gzip-compressed CSV file (magic \\x1f\\x8b)');
        return { checked: ['gzip magic'] };
      }
      if (HTML.test(head.subarray(0, 256).toString('latin1')) || head.includes(0)) bad('a text (CSV) file');
      return { checked: ['text'] };
    }
    default:
      return { checked: [] };
  }
}

/** The result of {@link verifyDataFile}: what was checked, and whether a checksum proved the content. */
export interface DataFileCheck {
  /** e.g. `['bytes', 'sha256', 'HDF5 signature']`. */
  checked: string[];
  /** True only when a known checksum matched; false means "unverified" (size and format only). */
  verified: boolean;
}

/**
 * Verifies a data file against its manifest entry: size (when known), checksums (when known) and the
 * format checks of {@link checkFormat} (always). Throws a HepmlError on the first mismatch.
 */
export async function verifyDataFile(path: string, f: { bytes: number | null; checksums: Partial<Record<ChecksumKind, string>>; format: 'root' | 'hdf5' | 'npy' | 'npz' | 'csv'; reader?: { gzip?: boolean } }): Promise<DataFileCheck> {
  const kinds = await verifyFile(path, f.checksums, f.bytes);
  const format = await checkFormat(path, f.format, { gzip: f.reader?.gzip });
  return { checked: [...(f.bytes != null ? ['bytes'] : []), ...kinds, ...format.checked], verified: kinds.length > 0 };
}
