/**
 * Atomic file writes: write a temporary file in the same folder, flush it, then rename it over the
 * target. A reader (or a crash) sees either the old file or the new one, never half of one.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Test hook: called after the temporary file is written and before the rename (throw to simulate a crash). */
export type BeforeRename = (tmpPath: string, target: string) => void;

/**
 * Writes `data` to `path` atomically.
 * @param path target file
 * @param data text or bytes
 * @param beforeRename optional hook (tests inject crashes here)
 * @example
 * writeFileAtomic('out/leaderboard.md', text);
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, beforeRename?: BeforeRename): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const fd = openSync(tmp, 'w');
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    beforeRename?.(tmp, path);
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* not there */ }
    throw e;
  }
}
