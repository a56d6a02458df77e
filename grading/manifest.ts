/**
 * The collection manifest: when each submission arrived, as the instructor recorded it. File times can
 * be set by anyone (`touch -d`), so deadlines are judged on this record instead: `hepml challenge collect`
 * (run at collection, e.g. by the upload service, a cron job, or once at the deadline) stamps every new or
 * changed file with the current time and its sha256; `hepml grade --manifest FILE` then takes each file's
 * time from it and refuses files that are missing from it or changed since.
 *
 * Format (JSON): `{ "format": "hepml-submissions/1", "files": { "<file>": { "submitted": ISO, "sha256": hex, "bytes": n } } }`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { HepmlError } from '../lib/errors';
import { writeFileAtomic } from '../lib/data';
import { readScanned, scanSubmissions } from './scan';

export const MANIFEST_FORMAT = 'hepml-submissions/1';

export interface ManifestEntry {
  /** When the file was recorded (ISO 8601, UTC). */
  submitted: string;
  /** sha256 of its bytes then. */
  sha256: string;
  bytes: number;
}

export interface SubmissionManifest {
  format: string;
  files: Record<string, ManifestEntry>;
}

/**
 * Reads and checks a manifest.
 * @throws HepmlError (one line) naming the file and the first bad entry
 */
export function loadManifest(path: string): SubmissionManifest {
  let raw: unknown;
  try {
    if (!statSync(path).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0].slice(0, 120);
    throw new HepmlError(`--manifest ${path}: expected a JSON collection manifest (from 'hepml challenge collect'), found ${why}.`, { where: '--manifest' });
  }
  const files = (raw as { files?: unknown } | null)?.files;
  if (files === null || typeof files !== 'object' || Array.isArray(files)) {
    throw new HepmlError(`--manifest ${path}: expected an object with "files" (from 'hepml challenge collect'), found ${raw === null ? 'null' : typeof files}.`, { where: '--manifest' });
  }
  for (const [file, e] of Object.entries(files as Record<string, unknown>)) {
    const entry = e as Partial<ManifestEntry> | null;
    const at = `--manifest ${path}: files[${JSON.stringify(file.slice(0, 80))}]`;
    if (!entry || typeof entry.submitted !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(entry.submitted) || Number.isNaN(Date.parse(entry.submitted))) {
      throw new HepmlError(`${at}: expected "submitted" as an ISO date-time, found ${JSON.stringify(entry?.submitted ?? null)?.slice(0, 60)}.`, { where: '--manifest' });
    }
    if (typeof entry.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
      throw new HepmlError(`${at}: expected "sha256" as 64 hex digits, found ${JSON.stringify(entry.sha256 ?? null)?.slice(0, 80)}.`, { where: '--manifest' });
    }
  }
  return { format: String((raw as { format?: unknown }).format ?? MANIFEST_FORMAT), files: files as Record<string, ManifestEntry> };
}

export interface RecordOptions {
  /** The time stamped on new and changed files. Default: now. */
  now?: Date;
}

export interface RecordResult {
  added: string[];
  changed: string[];
  unchanged: string[];
}

/**
 * Records the files of a submissions folder in a manifest (created when missing): new files and files
 * whose content changed get the time `now`; unchanged files keep their first recorded time. Only the
 * files the grader would read are recorded (regular, singly-linked, under the size limit of 1 GiB).
 * @param dir the submissions folder
 * @param manifestPath the manifest to create or update (written atomically)
 * @example
 * recordSubmissions('subs', 'manifest.json'); // at collection time
 */
export function recordSubmissions(dir: string, manifestPath: string, options: RecordOptions = {}): RecordResult {
  const now = (options.now ?? new Date()).toISOString();
  const manifest: SubmissionManifest = existsSync(manifestPath) ? loadManifest(manifestPath) : { format: MANIFEST_FORMAT, files: {} };
  const result: RecordResult = { added: [], changed: [], unchanged: [] };
  const pool = { buf: Buffer.alloc(0) };
  for (const f of scanSubmissions(dir)) {
    if (f.ignored || f.refused || f.notebookOf !== undefined) continue;
    const read = readScanned(f, 2 ** 30, pool);
    if (!('bytes' in read)) continue;
    const sha256 = createHash('sha256').update(read.bytes).digest('hex');
    const old = manifest.files[f.file];
    if (old && old.sha256 === sha256) {
      result.unchanged.push(f.file);
      continue;
    }
    (old ? result.changed : result.added).push(f.file);
    manifest.files[f.file] = { submitted: now, sha256, bytes: read.bytes.length };
  }
  const sorted = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileAtomic(manifestPath, JSON.stringify({ format: MANIFEST_FORMAT, files: sorted }, null, 2) + '\n');
  return result;
}
