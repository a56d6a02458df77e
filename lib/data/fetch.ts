/**
 * Downloading a dataset file into the cache: Node fetch, a progress bar, checksum verification, then an
 * atomic rename into place. Nothing here runs unless `fetchFile` / `fetchDataset` is called.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HepmlError } from '../errors';
import { progress } from '../display';
import { verifyFile } from './checksum';
import type { ManifestFile } from './manifest';
import { getManifest } from './manifest';

/** The data cache: `$HEPML_DATA`, else `$XDG_CACHE_HOME/hepml`, else `~/.cache/hepml`. */
export function dataDir(): string {
  return process.env.HEPML_DATA ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'hepml');
}

export interface FetchOptions {
  /** Target folder. Default {@link dataDir}. */
  dir?: string;
  /** Progress output; 'silent' for none. Default: automatic. */
  mode?: 'kernel' | 'text' | 'silent';
}

/**
 * Downloads one manifest file (trying its URLs in order), verifies size and checksums, and moves it
 * atomically into the cache. Returns the final path.
 */
export async function fetchFile(file: ManifestFile, options: FetchOptions = {}): Promise<string> {
  const dir = options.dir ?? dataDir();
  mkdirSync(dir, { recursive: true });
  const dest = join(dir, file.name);
  if (file.urls.length === 0) throw new HepmlError(`${file.name}: expected a download URL in the manifest, found none. ${file.note ?? 'Place the file in ' + dir + ' by hand.'}`, { where: file.name });
  const errors: string[] = [];
  for (const url of file.urls) {
    const tmp = `${dest}.part-${process.pid}`;
    try {
      const res = await fetch(url);
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const total = Number(res.headers.get('content-length') ?? file.bytes ?? 0);
      const bar = progress({ total: total || 1, label: file.name, mode: options.mode });
      const out = createWriteStream(tmp);
      let done = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        done += chunk.length;
        bar.update(Math.min(done, total || 1), `${(done / 1e6).toFixed(1)} MB`);
      }
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      bar.finish();
      await verifyFile(tmp, file.checksums, file.bytes);
      renameSync(tmp, dest);
      return dest;
    } catch (e) {
      rmSync(tmp, { force: true });
      if (e instanceof HepmlError) throw new HepmlError(e.message.replace(tmp, `${file.name} (downloaded from ${url})`), { where: file.name, cause: e });
      errors.push(`${url}: ${(e as Error).message}`);
    }
  }
  throw new HepmlError(`${file.name}: expected a download from one of ${file.urls.length} URLs, found failures: ${errors.join('; ')}.`, { where: file.name });
}

/** Downloads every file of a dataset that is not already in the cache. Returns the paths. */
export async function fetchDataset(id: string, options: FetchOptions = {}): Promise<string[]> {
  const m = getManifest(id);
  const dir = options.dir ?? dataDir();
  const out: string[] = [];
  for (const f of m.files) {
    const p = join(dir, f.name);
    out.push(existsSync(p) ? p : await fetchFile(f, options));
  }
  return out;
}
