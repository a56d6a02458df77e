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
