/**
 * Downloading a dataset file into the cache: Node fetch with connect and idle timeouts, retries and
 * failover between the manifest's URLs, a progress bar, verification (size, checksums, Content-Length,
 * format checks), then an atomic rename into place. Nothing here runs unless `fetchFile` /
 * `fetchDataset` is called.
 *
 * A download in progress is `<file>.part-<pid>`; one whose process is gone (killed by a signal) is removed
 * by the next fetch into the same folder.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HepmlError } from '../errors';
import { progress } from '../display';
import { verifyDataFile, type DataFileCheck } from './checksum';
import type { Manifest, ManifestFile } from './manifest';
import { getManifest } from './manifest';
import { processAlive as alive } from './process-alive';

/** The data cache: `$HEPML_DATA`, else `$XDG_CACHE_HOME/hepml`, else `~/.cache/hepml`. */
export function dataDir(): string {
  return process.env.HEPML_DATA ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'hepml');
}

export interface FetchOptions {
  /** Target folder. Default {@link dataDir}. */
  dir?: string;
  /** Progress output; 'silent' for none. Default: automatic. */
  mode?: 'kernel' | 'text' | 'silent';
  /** Milliseconds to wait for a server's response headers. Default 30000. */
  connectTimeoutMs?: number;
  /** Milliseconds without a byte of the body before the download counts as stalled. Default 60000. */
  idleTimeoutMs?: number;
  /** Further attempts per URL after a network failure (then the next URL). Default 2. */
  retries?: number;
  /** Milliseconds before the first retry (doubling after each). Default 1000. */
  retryDelayMs?: number;
}

const DEFAULTS = { connectTimeoutMs: 30000, idleTimeoutMs: 60000, retries: 2, retryDelayMs: 1000 };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The cache folder, created if needed; a folder that cannot be written is one HepmlError line naming it
 * (a read-only HEPML_DATA, a path under a file).
 */
export function ensureWritableDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new HepmlError(`${dir}: expected a writable data folder, found ${code === 'EACCES' || code === 'EROFS' || code === 'EPERM' ? 'it read-only' : code} (${code}). Set HEPML_DATA to a folder you can write.`, { where: dir });
  }
  return dir;
}

/** Removes `<name>.part-<pid>` files in `dir` whose process is gone. Returns the removed names. */
export function cleanStaleParts(dir: string, name?: string): string[] {
  const removed: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const e of entries) {
    const m = /^(.*)\.part-(\d+)$/.exec(e);
    if (!m || (name !== undefined && m[1] !== name)) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, e), { force: true });
    removed.push(e);
  }
  return removed;
}

/** Network-level failure of one attempt (retried; then the next URL). */
class AttemptError extends Error {}

/** One download attempt of `url` into `tmp`; resolves with the bytes written. */
async function download(url: string, tmp: string, file: ManifestFile, o: Required<Pick<FetchOptions, 'connectTimeoutMs' | 'idleTimeoutMs'>> & FetchOptions): Promise<number> {
  const ctrl = new AbortController();
  let why = '';
  let timer = setTimeout(() => {
    why = `no answer within ${o.connectTimeoutMs / 1000} s`;
    ctrl.abort();
  }, o.connectTimeoutMs);
  const idle = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      why = `stalled: no data for ${o.idleTimeoutMs / 1000} s`;
      ctrl.abort();
    }, o.idleTimeoutMs);
  };
  let fh;
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: ctrl.signal });
    } catch (e) {
      throw new AttemptError(why || describeNetworkError(e));
    }
    if (!res.ok || !res.body) throw new AttemptError(`HTTP ${res.status}`);
    const header = res.headers.get('content-length');
    const declared = header !== null && /^\d+$/.test(header) ? Number(header) : null;
    if (declared !== null && file.bytes != null && declared !== file.bytes) throw new AttemptError(`the server announces ${declared} bytes, the manifest ${file.bytes}`);
    const total = declared ?? file.bytes ?? 0;
    const bar = progress({ total: total || 1, label: file.name, mode: o.mode });
    fh = await open(tmp, 'w');
    let done = 0;
    idle();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        idle();
        await fh.write(chunk);
        done += chunk.length;
        bar.update(Math.min(done, total || 1), `${(done / 1e6).toFixed(1)} MB`);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code && !why) throw e; // a file-system error: not the network's
      throw new AttemptError(why || `the connection broke after ${done} bytes (${describeNetworkError(e)})`);
    }
    bar.finish();
    if (declared !== null && done !== declared) throw new AttemptError(`truncated: received ${done} of the ${declared} bytes the server announced`);
    return done;
  } finally {
    clearTimeout(timer);
    await fh?.close();
  }
}

function describeNetworkError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message;
}

/**
 * Downloads one manifest file, trying its URLs in order (each with retries), verifies it (size,
 * checksums, Content-Length, format) and moves it atomically into the cache. Returns the final path.
 */
export async function fetchFile(file: ManifestFile, options: FetchOptions = {}): Promise<string> {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<FetchOptions>;
  const dir = ensureWritableDir(options.dir ?? dataDir());
  const dest = join(dir, file.name);
  if (file.urls.length === 0) throw new HepmlError(`${file.name}: expected a download URL in the manifest, found none. ${file.note ?? 'Place the file in ' + dir + ' by hand.'}`, { where: file.name });
  cleanStaleParts(dir, file.name);
  const errors: string[] = [];
  const tmp = `${dest}.part-${process.pid}`;
  for (const url of file.urls) {
    for (let attempt = 0; attempt <= o.retries; attempt++) {
      try {
        await download(url, tmp, file, o);
        try {
          await verifyDataFile(tmp, file);
        } catch (e) {
          if (!(e instanceof HepmlError)) throw e;
          errors.push(`${url}: ${e.message.replace(`${tmp}: `, '').replace(/ Delete (the file|it) and fetch (it )?again\.$/, '')}`);
          rmSync(tmp, { force: true });
          break; // the content is wrong: another attempt at this URL would bring the same; try the next
        }
        renameSync(tmp, dest);
        return dest;
      } catch (e) {
        rmSync(tmp, { force: true });
        if (!(e instanceof AttemptError)) {
          const code = (e as NodeJS.ErrnoException).code;
          throw new HepmlError(`${dest}: cannot write the download (${code ?? (e as Error).message}). Set HEPML_DATA to a folder you can write.`, { where: dest, cause: e });
        }
        errors.push(`${url}: ${e.message}${attempt < o.retries ? ' (retrying)' : ''}`);
        if (attempt < o.retries) await sleep(o.retryDelayMs * 2 ** attempt);
      }
    }
  }
  throw new HepmlError(`${file.name}: expected a download from one of ${file.urls.length} URL${file.urls.length > 1 ? 's' : ''}, found failures: ${errors.join('; ')}.`, { where: file.name });
}

/** What {@link fetchManifest} did for one file. */
export interface FetchedFile {
  path: string;
  /** `cached`: a cached copy passed verification; `downloaded`: fetched now; `replaced`: a corrupt cached copy was fetched again. */
  action: 'cached' | 'downloaded' | 'replaced';
  /** What the check of the final file proved (verified = a checksum matched). */
  check: DataFileCheck;
  /** Why a cached copy was replaced. */
  reason?: string;
}

/**
 * Makes every file of a manifest present and checked in the cache: a cached copy is verified first
 * (size, checksums, format) and fetched again when it fails; a missing one is downloaded.
 */
export async function fetchManifest(m: Manifest, options: FetchOptions = {}): Promise<FetchedFile[]> {
  const dir = options.dir ?? dataDir();
  const out: FetchedFile[] = [];
  for (const f of m.files) {
    const p = join(dir, f.name);
    let reason: string | undefined;
    if (existsSync(p) && statSync(p).isFile()) {
      try {
        out.push({ path: p, action: 'cached', check: await verifyDataFile(p, f) });
        continue;
      } catch (e) {
        if (!(e instanceof HepmlError)) throw e;
        reason = e.message.replace(`${p}: `, '').replace(/ Delete (the file|it) and fetch (it )?again\.$/, '');
      }
    }
    let path: string;
    try {
      path = await fetchFile(f, { ...options, dir });
    } catch (e) {
      if (!(e instanceof HepmlError) || !reason) throw e;
      throw new HepmlError(`${p}: the cached copy failed verification (${reason}) and fetching it again failed: ${e.message}`, { where: p, cause: e });
    }
    out.push({ path, action: reason ? 'replaced' : 'downloaded', check: await verifyDataFile(path, f), ...(reason ? { reason } : {}) });
  }
  return out;
}

/** Downloads every file of a dataset that is not already in the cache and verified. Returns the paths. */
export async function fetchDataset(id: string, options: FetchOptions = {}): Promise<string[]> {
  return (await fetchManifest(getManifest(id), options)).map((f) => f.path);
}
