/**
 * Lists the submission files of a folder: only its direct, regular files (symlinks, sub-folders and
 * anything resolving outside the folder are ignored, with a note), dot files skipped silently (they
 * are temporary files of writers). Sorted by name, so grading order never depends on the file system.
 */
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HepmlError } from '../lib/errors';
import { parseSubmissionName, type SubmissionName } from '../lib/submission';

export interface ScannedFile {
  /** File name inside the folder. */
  file: string;
  path: string;
  size: number;
  mtimeMs: number;
  /** Parsed name, when acceptable. */
  name?: SubmissionName;
  /** Why it is ignored (not graded) or refused by name. */
  ignored?: string;
  nameProblem?: string;
}

/**
 * Scans a submissions folder.
 * @throws HepmlError when the folder itself cannot be read (an instructor-side error)
 */
export function scanSubmissions(dir: string): ScannedFile[] {
  let names: string[];
  let real: string;
  try {
    names = readdirSync(dir).sort();
    real = realpathSync(dir);
  } catch (e) {
    throw new HepmlError(`--submissions: expected a readable folder, found ${(e as NodeJS.ErrnoException).code ?? 'an error'} for ${dir}.`, { where: '--submissions' });
  }
  const out: ScannedFile[] = [];
  for (const file of names) {
    if (file.startsWith('.')) continue;
    const path = join(dir, file);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue; // vanished between readdir and lstat
    }
    const base = { file, path, size: st.size, mtimeMs: st.mtimeMs };
    if (st.isSymbolicLink()) {
      out.push({ ...base, ignored: 'a symbolic link: ignored (submit the file itself)' });
      continue;
    }
    if (!st.isFile()) {
      out.push({ ...base, ignored: st.isDirectory() ? 'a folder: ignored (submissions are files directly in the folder)' : 'not a regular file: ignored' });
      continue;
    }
    let inside = true;
    try {
      inside = dirname(realpathSync(path)) === real;
    } catch {
      inside = false;
    }
    if (!inside) {
      out.push({ ...base, ignored: 'resolves outside the submissions folder: ignored' });
      continue;
    }
    const parsed = parseSubmissionName(file);
    if ('problem' in parsed) out.push({ ...base, nameProblem: parsed.problem });
    else out.push({ ...base, name: parsed });
  }
  return out;
}
