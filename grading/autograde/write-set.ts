/**
 * Writes a folder of outputs as one set: everything goes into a fresh staging folder next to `out`,
 * then the staging folder replaces `out` by two renames (old out aside, staging in, old removed).
 * A run interrupted before the swap leaves the previous `out` untouched; one interrupted between the
 * two renames leaves it at `<out>.previous-*`, and the next run puts it back before anything else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HepmlError } from '../../lib/errors';
import { writeFileAtomic } from '../../lib/data';

/** Test hook: runs after the staging folder is complete and before the swap (throw to simulate a crash). */
export type BeforeSwap = (staging: string) => void;

/** Puts back `<out>.previous-*` when a run died between the two renames. Returns what was restored. */
export function recoverOutput(out: string): string | undefined {
  const dir = path.dirname(path.resolve(out));
  const base = path.basename(out);
  if (!fs.existsSync(dir)) return undefined;
  const previous = fs.readdirSync(dir).filter((f) => f.startsWith(`${base}.previous-`)).sort();
  if (previous.length === 0) return undefined;
  if (!fs.existsSync(out)) {
    const restored = path.join(dir, previous[previous.length - 1]);
    fs.renameSync(restored, out);
    previous.pop();
    for (const p of previous) fs.rmSync(path.join(dir, p), { recursive: true, force: true });
    return restored;
  }
  for (const p of previous) fs.rmSync(path.join(dir, p), { recursive: true, force: true });
  return undefined;
}

/**
 * Writes `files` (relative path -> content) as the whole content of `out`.
 * @param out the output folder (replaced as a whole)
 * @param files relative POSIX paths; none may leave the folder
 */
export function writeOutputSet(out: string, files: Map<string, string | Uint8Array>, beforeSwap?: BeforeSwap): void {
  const abs = path.resolve(out);
  if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw new HepmlError(`--out ${out}: expected a folder, found a file.`);
  recoverOutput(abs);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const staging = `${abs}.partial-${tag}`;
  fs.mkdirSync(staging);
  const aside = `${abs}.previous-${tag}`;
  try {
    for (const [rel, data] of files) {
      const target = path.resolve(staging, rel);
      if (!target.startsWith(staging + path.sep)) throw new HepmlError(`${rel}: expected a path inside the output folder, found one leaving it.`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeFileAtomic(target, data);
    }
    beforeSwap?.(staging);
    const had = fs.existsSync(abs);
    if (had) fs.renameSync(abs, aside);
    fs.renameSync(staging, abs);
    if (had) fs.rmSync(aside, { recursive: true, force: true });
  } catch (err) {
    if (!fs.existsSync(abs) && fs.existsSync(aside)) fs.renameSync(aside, abs);
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
