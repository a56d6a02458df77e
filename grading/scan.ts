/**
 * Lists the submission files of a folder: only its direct, regular, singly-linked files. Symlinks, hard
 * links, sub-folders, devices and FIFOs are never read (they are listed with the reason); dot files are
 * skipped silently (temporary files of writers). A notebook `<group>__<model>.ipynb` beside a prediction
 * file is attached to it (for `--reproduce`). Names are read as bytes, so a name that is not UTF-8 still
 * gets its own, collision-free feedback key. Sorted by name: the order never depends on the file system.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { HepmlError, displayText } from '../lib/errors';
import { SUBMISSION_PROBLEMS, parseSubmissionName, submissionIdentity, type SubmissionName, type SubmissionProblem } from '../lib/submission';

export { submissionIdentity };
import { feedbackFileName } from './leaderboard/feedback';

export interface ScannedFile {
  /** File name inside the folder, display-safe (control and bidi characters escaped). */
  file: string;
  /** Path to open (bytes when the name is not UTF-8). */
  path: string | Buffer;
  /** Feedback file name: bounded, collision-free. */
  feedback: string;
  size: number;
  mtimeMs: number;
  /** Device and inode seen by the scan (the read checks it still holds the same file). */
  dev: number;
  ino: number;
  /** Parsed name, when acceptable. */
  name?: SubmissionName;
  /** `group__model`, case-folded: one identity per group and model. */
  identity?: string;
  /** Why it is not read (link, folder, ...) or refused by name. */
  ignored?: string;
  refused?: SubmissionProblem;
  nameProblem?: string;
  /** A notebook beside a prediction file: the prediction file it belongs to. */
  notebookOf?: string;
  /** A prediction file's notebook (same stem, `.ipynb`), read with {@link readScanned}. */
  notebook?: ScannedFile;
}

/**
 * Scans a submissions folder.
 * @throws HepmlError when the folder itself cannot be read (an instructor-side error)
 */
export function scanSubmissions(dir: string): ScannedFile[] {
  let raw: Buffer[];
  try {
    raw = readdirSync(dir, { encoding: 'buffer' });
  } catch (e) {
    throw new HepmlError(`--submissions ${dir}: expected a readable folder, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: '--submissions' });
  }
  raw.sort(Buffer.compare);
  const out: ScannedFile[] = [];
  for (const bytes of raw) {
    if (bytes[0] === 0x2e) continue; // dot file
    const text = bytes.toString('utf8');
    const utf8 = Buffer.from(text, 'utf8').equals(bytes);
    const path: string | Buffer = utf8 ? join(dir, text) : Buffer.concat([Buffer.from(join(dir, '/')), bytes]);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue; // vanished between readdir and lstat
    }
    const file = displayText(text);
    const base = { file, path, feedback: feedbackFileName(file, bytes), size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino };
    if (st.isSymbolicLink()) out.push({ ...base, ignored: 'a symbolic link: ignored (submit the file itself)' });
    else if (st.isDirectory()) out.push({ ...base, ignored: 'a folder: ignored (submissions are files directly in the folder)' });
    else if (!st.isFile()) out.push({ ...base, ignored: 'not a regular file (a device, FIFO or socket): ignored, never read' });
    else if (st.nlink > 1) out.push({ ...base, refused: SUBMISSION_PROBLEMS.hardLink(st.nlink) });
    else if (!utf8) out.push({ ...base, nameProblem: `file name ${JSON.stringify(file)}: expected a UTF-8 name of letters, digits, "_" and "-", found bytes that are not UTF-8.` });
    else {
      const parsed = parseSubmissionName(text);
      if ('problem' in parsed) out.push({ ...base, nameProblem: parsed.problem });
      else out.push({ ...base, name: parsed, identity: submissionIdentity(parsed) });
    }
  }
  attachNotebooks(out);
  return out;
}

/** Pairs `<stem>.ipynb` with `<stem>.npy|csv`: the notebook is listed as the prediction file's. */
function attachNotebooks(files: ScannedFile[]): void {
  const byStem = new Map<string, ScannedFile>();
  for (const f of files) if (f.name) byStem.set(f.file.slice(0, f.file.lastIndexOf('.')), f);
  for (const f of files) {
    const m = /^(.*)\.ipynb$/i.exec(f.file);
    const owner = m ? byStem.get(m[1]) : undefined;
    if (!owner || !f.nameProblem) continue;
    delete f.nameProblem;
    f.notebookOf = owner.file;
    f.ignored = `the notebook of ${owner.file} (rerun by hepml grade --reproduce)`;
    owner.notebook = f;
  }
}

/**
 * Reads a scanned file without following links and only if it is still the same regular, singly-linked
 * file of at most `maxBytes`: never blocks on a FIFO, never reads a file swapped in after the scan.
 * @param f the scanned file
 * @param maxBytes the largest size read
 * @param pool a buffer reused across calls (grown as needed)
 * @returns the bytes (a view of the pool), or the reason it was not read
 */
export function readScanned(f: Pick<ScannedFile, 'path' | 'dev' | 'ino'>, maxBytes: number, pool: { buf: Buffer }): { bytes: Uint8Array } | { problem: SubmissionProblem } {
  let fd: number;
  try {
    fd = openSync(f.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    return { problem: SUBMISSION_PROBLEMS.read((e as NodeJS.ErrnoException).code ?? 'an error') };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: SUBMISSION_PROBLEMS.read('it is no longer a regular file') };
    if (st.nlink > 1) return { problem: SUBMISSION_PROBLEMS.hardLink(st.nlink) };
    if (st.dev !== f.dev || st.ino !== f.ino) return { problem: SUBMISSION_PROBLEMS.read('it was replaced while the folder was graded') };
    if (st.size > maxBytes) return { problem: SUBMISSION_PROBLEMS.size(st.size, maxBytes) };
    const size = st.size;
    if (pool.buf.length < size) pool.buf = Buffer.allocUnsafeSlow(size);
    const buf = pool.buf;
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { bytes: buf.subarray(0, off) };
  } catch (e) {
    return { problem: SUBMISSION_PROBLEMS.read((e as NodeJS.ErrnoException).code ?? (e as Error).message) };
  } finally {
    closeSync(fd);
  }
}
