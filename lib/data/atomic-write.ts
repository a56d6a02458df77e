/**
 * The one crash-safe way to write a file: into a temporary file beside it, flushed to disk (fsync), then
 * renamed over the target. A reader, or a crash at any moment, sees the whole old file or the whole new
 * one, never a half-written file. Used by every writer of the project (NPY/NPZ, submissions, notebooks,
 * run logs, records, the runner's results and the grader's outputs).
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** Test hook: called after the temporary file is written and before the rename (throw to simulate a crash). */
export type BeforeRename = (tmpPath: string, target: string) => void;

/**
 * Writes bytes to a new file and flushes them to disk.
 * @param path the file
 * @param data text (UTF-8) or bytes
 * @param flag `'w'` (default) or `'wx'` (fail when the file exists: locks)
 * @example
 * writeFileDurable('out/.lock', String(process.pid), 'wx');
 */
export function writeFileDurable(path: string, data: string | Uint8Array, flag = 'w'): void {
  const fd = openSync(path, flag);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to `path` atomically: a temporary dot file in the same folder (never taken for a
 * submission or a notebook), fsync, rename. The temporary file is removed when anything fails.
 * The folder must exist.
 * @param path target file
 * @param data text (UTF-8) or bytes
 * @param beforeRename optional hook (tests inject crashes here)
 * @example
 * writeFileAtomic('out/leaderboard.md', text);
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, beforeRename?: BeforeRename): void {
  const tmp = join(dirname(path), `.${basename(path).slice(0, 100)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileDurable(tmp, data);
    beforeRename?.(tmp, path);
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* not there */ }
    throw e;
  }
}
