/**
 * Text from files (column names, branch names, field values) shown on a terminal or in an error
 * message: control characters (C0, DEL, C1 — terminal escape sequences start with ESC or CSI) and
 * bidirectional overrides are replaced by visible escapes, and long values are cut to a short excerpt.
 * Also the decompression limit shared by the readers (`maxBytes`, `HEPML_MAX_BYTES`).
 */
import { HepmlError } from '../errors';

// C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, line/paragraph separators, BOM
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A printable, bounded rendering of text from a file: unsafe characters become `\xNN` / `\uNNNN`,
 * and text longer than `max` characters becomes its first characters, `…` and the total length.
 * @example
 * safeText('a\x1b[31mb'); // 'a\\x1b[31mb'
 */
export function safeText(s: string, max = 80): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  const clean = cut.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return s.length > max ? `${clean}… (${s.length} characters)` : clean;
}

/** `safeText` in double quotes, for names and values inside messages; the length of a cut value follows the quotes. */
export function quote(s: string, max = 80): string {
  const cut = s.length > max;
  const inner = safeText(cut ? s.slice(0, max) : s, max).replace(/"/g, '\\"');
  return cut ? `"${inner}…" (${s.length} characters)` : `"${inner}"`;
}

/** A bounded list of names for messages: the first `count`, then how many more. */
export function nameList(names: readonly string[], count = 12): string {
  const shown = names.slice(0, count).map((n) => safeText(n, 40)).join(', ');
  return names.length > count ? `${shown}, ... (${names.length} in all)` : shown;
}

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
