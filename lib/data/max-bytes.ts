/**
 * The decompression limit shared by the readers (`maxBytes` option, `HEPML_MAX_BYTES`): NPZ members
 * and .csv.gz files stop with a clear error past it, so a decompression bomb cannot fill the memory.
 */
import { HepmlError, quote } from '../errors';

/** Default limit on decompressed bytes (NPZ members, .csv.gz): 1 GiB; `HEPML_MAX_BYTES` overrides. */
export const DEFAULT_MAX_DECOMPRESSED = 2 ** 30;

/** The decompression limit in force: the option, else `HEPML_MAX_BYTES`, else 1 GiB. */
export function maxDecompressed(option?: number): number {
  if (option !== undefined) return option;
  const env = process.env.HEPML_MAX_BYTES;
  if (env !== undefined && env !== '') {
    const v = Number(env);
    if (!(v > 0)) throw new HepmlError(`HEPML_MAX_BYTES: expected a positive number of bytes, found ${quote(env)}.`, { where: 'HEPML_MAX_BYTES' });
    return v;
  }
  return DEFAULT_MAX_DECOMPRESSED;
}

/** The error for data that decompresses past the limit. */
export function tooBig(name: string, what: string, limit: number): HepmlError {
  return new HepmlError(`${name}: expected at most ${limit} bytes after decompression (maxBytes), found ${what} (a decompression bomb or a very large file). If the file is genuine, raise the limit: option maxBytes, 'hepml inspect/export --max-bytes N' or HEPML_MAX_BYTES=N.`, { where: name });
}
