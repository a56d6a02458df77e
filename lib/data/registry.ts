/**
 * `loadDataset(id)`: the one call notebooks use to get data. Resolves, in order:
 * an explicit `path` → a file of the manifest in the cache (`HEPML_DATA`, default ~/.cache/hepml) that
 * verifies (size + checksum, remembered in a `.verified` stamp) → the seeded synthetic stand-in from
 * `lib/data/synthetic`, announced once. Never touches the network (downloads: `fetchDataset`).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { HepmlError } from '../errors';
import { Dataset, type Column, type ColumnSchema } from './dataset';
import type { NdArray } from './matrix';
import { getManifest, type Manifest, type ManifestFile } from './manifest';
import { dataDir } from './fetch';
import { verifyDataFile, type DataFileCheck } from './checksum';
import { datasetFromNpz } from './dsfile';
import { readManifestFile } from './readers';

export interface LoadOptions {
  /**
   * An explicit file (a real-format file of the dataset, or a hepml dataset .npz from `hepml data synth`),
   * a folder holding the dataset's files (SHiP: both `kinematic_variables_*.dat`), or several of its files;
   * each file is matched to the manifest by name, so per-file labels (SHiP's class) come from the file.
   * Several files may also be given as one comma-separated string.
   */
  path?: string | readonly string[];
  /** Standard split (e.g. `train`, `val`, `test`; HiggsML: `train`, `public`, `private`, `unused`). */
  split?: string;
  /** At most this many events (real files: the first N; synthetic: exactly N). Default: all / manifest default. */
  events?: number;
  /** Seed of the synthetic stand-in. Default 42. */
  seed?: number;
  /** Do not announce the synthetic fallback. Default false. */
  quiet?: boolean;
}

const announced = new Set<string>();

/** Where a dataset would come from right now, without reading it. */
export function resolveDataset(id: string, options: Pick<LoadOptions, 'path' | 'split'> = {}): { kind: 'path' | 'cache' | 'synthetic'; files: string[] } {
  const m = getManifest(id);
  if (options.path) return { kind: 'path', files: typeof options.path === 'string' ? [options.path] : [...options.path] };
  const files = filesFor(m, options.split).map((f) => join(dataDir(), f.name));
  if (files.length > 0 && files.every((p) => existsSync(p))) return { kind: 'cache', files };
  return { kind: 'synthetic', files: [] };
}

function filesFor(m: Manifest, split?: string): ManifestFile[] {
  const bySplit = m.files.filter((f) => f.split !== undefined);
  if (bySplit.length === 0) return m.files;
  const want = split ?? 'train';
  const chosen = bySplit.filter((f) => f.split === want);
  if (chosen.length === 0) throw new HepmlError(`${m.id}: expected a split among ${[...new Set(bySplit.map((f) => f.split))].join(', ')}, found ${JSON.stringify(want)}.`, { where: 'split' });
  return chosen;
}

/**
 * What identifies one version of a file for the `.verified` stamp: size, mtime, ctime and inode. Any
 * write changes ctime, and ctime cannot be set back (unlike mtime with `touch -r`), so a same-size,
 * same-mtime corruption still invalidates the stamp.
 */
function stampKey(path: string, f: ManifestFile): string {
  const st = statSync(path);
  return JSON.stringify({ size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, checksums: f.checksums });
}

/** True when `<path>.verified` vouches for the file as it is now. */
export function hasValidStamp(path: string, f: ManifestFile): boolean {
  try {
    return readFileSync(`${path}.verified`, 'utf8') === stampKey(path, f);
  } catch {
    return false;
  }
}

/**
 * Verifies a cached file (size, manifest checksums, format) unless its `.verified` stamp vouches for
 * this exact version; a stamp file remembers success.
 * @internal exported for tests
 */
export async function verifyCached(path: string, f: ManifestFile): Promise<void> {
  if (hasValidStamp(path, f)) return;
  await verifyDataFile(path, f);
  try { writeFileSync(`${path}.verified`, stampKey(path, f)); } catch { /* read-only cache: verify again next time */ }
}

/** How a dataset's cache stands, without hashing: what `hepml data list` shows. */
export type CacheStatus =
  | { kind: 'synthetic' }
  | { kind: 'partial'; missing: string[] }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'verified' }
  | { kind: 'unverified'; reason: 'no checksum known' | 'not verified yet' };

/**
 * The state of a dataset's files in the cache: missing, corrupt (wrong size), verified (a stamp vouches
 * for the checksums), or present but unverified (no checksum is known, or not checked yet).
 */
export function cacheStatus(id: string): CacheStatus {
  const m = getManifest(id);
  if (m.files.length === 0) return { kind: 'synthetic' };
  const present = m.files.filter((f) => existsSync(join(dataDir(), f.name)));
  if (present.length === 0) return { kind: 'synthetic' };
  if (present.length < m.files.length) return { kind: 'partial', missing: m.files.filter((f) => !present.includes(f)).map((f) => f.name) };
  for (const f of m.files) {
    const size = statSync(join(dataDir(), f.name)).size;
    if (f.bytes != null && size !== f.bytes) return { kind: 'corrupt', reason: `${f.name}: ${size} bytes, expected ${f.bytes}` };
  }
  if (m.files.some((f) => Object.keys(f.checksums).length === 0)) return { kind: 'unverified', reason: 'no checksum known' };
  return m.files.every((f) => hasValidStamp(join(dataDir(), f.name), f)) ? { kind: 'verified' } : { kind: 'unverified', reason: 'not verified yet' };
}

export type { DataFileCheck };

/**
 * Loads a dataset by id as a {@link Dataset}: the real file when present, else the seeded synthetic stand-in.
 * Taught in 01-ww-exploration; every notebook loads its data with it.
 * @param id a manifest id (`hepml data list`)
 * @param options path, split, events, seed (default 42), quiet (default false)
 * @example
 * const ww = await loadDataset('ww', { events: 20000 });
 * ww.source; // "file:/…/dataWW_d1.root" or "synthetic:ww@42"
 */
export async function loadDataset(id: string, options: LoadOptions = {}): Promise<Dataset> {
  const m = getManifest(id);
  if (options.events !== undefined && !(Number.isInteger(options.events) && options.events >= 0)) {
    throw new HepmlError(`loadDataset: expected events to be a non-negative integer, found ${options.events}.`, { where: 'events' });
  }
  if (options.path) {
    // A string naming several files, "a.dat,b.dat" (as `-p dataPath=…` passes them), when no file has that whole name.
    const paths = typeof options.path !== 'string' ? options.path : options.path.includes(',') && !existsSync(resolveUserPath(options.path)) ? options.path.split(',').map((p) => p.trim()) : [options.path];
    if (paths.length === 1 && !isFolder(resolveUserPath(paths[0]))) return loadPath(m, paths[0], options);
    return finish(m, await readFiles(m, manifestFilesAt(m, paths, options.split), options), options);
  }
  const where = resolveDataset(id, options);
  if (where.kind === 'cache') {
    const fs = filesFor(m, options.split);
    for (let i = 0; i < fs.length; i++) await verifyCached(where.files[i], fs[i]);
    return finish(m, await readFiles(m, fs.map((f, i) => ({ f, path: where.files[i] })), options), options);
  }
  const events = options.events ?? m.synthetic.defaultEvents;
  const seed = options.seed ?? 42;
  if (!options.quiet && !announced.has(id)) {
    announced.add(id);
    console.log(`${id}: no local file, using the synthetic stand-in (${events} events, seed ${seed})`);
  }
  const synth = require('./synthetic') as { synthesize(id: string, o: { events: number; seed: number }): Dataset };
  return synth.synthesize(m.synthetic.generator, { events, seed });
}

/**
 * A relative path is tried against the working directory (a notebook's folder in a kernel), then against
 * HEPML_CWD (where `hepml run` was started), so `-p dataPath=../shared/...` means what the user typed.
 */
function resolveUserPath(path: string): string {
  if (existsSync(path) || isAbsolute(path)) return path;
  const base = typeof process !== 'undefined' ? process.env.HEPML_CWD : undefined;
  if (base && existsSync(join(base, path))) return join(base, path);
  return path;
}

async function loadPath(m: Manifest, given: string, options: LoadOptions): Promise<Dataset> {
  const path = resolveUserPath(given);
  if (!existsSync(path)) throw new HepmlError(`${given}: expected an existing file for dataset ${m.id}, found none (looked in ${process.cwd()}${process.env.HEPML_CWD ? ` and ${process.env.HEPML_CWD}` : ''}).`, { where: given });
  if (path.endsWith('.npz')) {
    const bytes = readFileSync(path);
    const { unzipSync } = await import('fflate');
    const names = Object.keys(unzipSync(bytes, { filter: (f) => f.name === 'hepml.json' }));
    if (names.length) {
      const ds = datasetFromNpz(bytes, path);
      return options.events !== undefined && options.events < ds.length ? ds.head(options.events) : ds;
    }
  }
  const f = m.files.find((x) => x.name === basename(path)) ?? m.files.find((x) => path.endsWith(`.${x.format === 'hdf5' ? 'h5' : x.format}`) || x.format === formatOf(path));
  if (!f) throw new HepmlError(`${path}: expected a file of dataset ${m.id} (${m.files.map((x) => x.name).join(', ') || 'synthetic only'}), found an unknown format.`, { where: path });
  return finish(m, await readFiles(m, [{ f, path }], options), options);
}

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** The manifest files a folder holds (all of the split's files, or an error naming the missing ones), or the files of a path list. */
function manifestFilesAt(m: Manifest, given: readonly string[], split?: string): { f: ManifestFile; path: string }[] {
  const out: { f: ManifestFile; path: string }[] = [];
  for (const g of given) {
    const path = resolveUserPath(g);
    if (isFolder(path)) {
      const want = filesFor(m, split);
      const missing = want.filter((f) => !existsSync(join(path, f.name)));
      if (want.length === 0 || missing.length > 0) {
        throw new HepmlError(`${g}: expected the folder to hold ${want.map((f) => f.name).join(' and ') || 'the dataset files'} (${m.id}), found ${missing.length ? `no ${missing.map((f) => f.name).join(', ')}` : 'none'}.`, { where: g });
      }
      for (const f of want) out.push({ f, path: join(path, f.name) });
      continue;
    }
    if (!existsSync(path)) throw new HepmlError(`${g}: expected an existing file for dataset ${m.id}, found none.`, { where: g });
    const f = m.files.find((x) => x.name === basename(path));
    if (!f) throw new HepmlError(`${g}: expected one of ${m.files.map((x) => x.name).join(', ')} (${m.id}), found another name. Pass the folder or the files with their original names.`, { where: g });
    out.push({ f, path });
  }
  return out;
}

function formatOf(path: string): string {
  if (/\.root$/.test(path)) return 'root';
  if (/\.(h5|hdf5)$/.test(path)) return 'hdf5';
  if (/\.(csv|dat|csv\.gz|txt)$/.test(path)) return 'csv';
  return path.split('.').pop() ?? '';
}

interface Parts { columns: Record<string, Column>; schema: ColumnSchema[]; tensors: Record<string, NdArray>; labels?: Int32Array; source: string }

async function readFiles(m: Manifest, files: { f: ManifestFile; path: string }[], options: LoadOptions): Promise<Parts> {
  const parts: Parts[] = [];
  const per = options.events !== undefined && files.length > 1 ? Math.ceil(options.events / files.length) : options.events;
  for (const { f, path } of files) parts.push(await readManifestFile(m, f, path, per));
  if (parts.length === 1) return parts[0];
  return concatParts(parts);
}

function concatParts(parts: Parts[]): Parts {
  const columns: Record<string, Column> = {};
  for (const n of Object.keys(parts[0].columns)) {
    const total = parts.reduce((a, p) => a + p.columns[n].length, 0);
    const out = new (parts[0].columns[n].constructor as new (k: number) => Column)(total);
    let at = 0;
    for (const p of parts) { out.set(p.columns[n] as never, at); at += p.columns[n].length; }
    columns[n] = out;
  }
  const labels = parts.every((p) => p.labels) ? Int32Array.from(parts.flatMap((p) => Array.from(p.labels!))) : undefined;
  return { columns, schema: parts[0].schema, tensors: {}, labels, source: parts.map((p) => p.source).join(' + ') };
}

function finish(m: Manifest, p: Parts, options: LoadOptions): Dataset {
  const lab = m.schema.label;
  let labels = p.labels;
  if (!labels && lab.column && p.columns[lab.column]) {
    const c = p.columns[lab.column];
    const sc = p.schema.find((s) => s.name === lab.column);
    if (sc?.categories && lab.map) {
      const codeToLabel = sc.categories.map((cat) => lab.map![cat] ?? -1);
      labels = Int32Array.from(c, (v) => codeToLabel[v]);
    } else labels = Int32Array.from(c);
  }
  const w = m.schema.weight ? p.columns[m.schema.weight] : undefined;
  const weights = w ? (w instanceof Float64Array ? w : Float32Array.from(w)) : undefined;
  let ds = new Dataset({ id: m.id, source: p.source, columns: p.columns, schema: p.schema, labels, classes: lab.classes, weights, tensors: p.tensors });
  const std = m.splits.standard as { column?: string; values?: Record<string, string> } | null;
  if (options.split && std?.column && std.values) {
    const code = std.values[options.split];
    const sc = ds.schema.find((s) => s.name === std.column);
    if (code === undefined || !sc?.categories) throw new HepmlError(`${m.id}: expected a split among ${Object.keys(std.values ?? {}).join(', ')}, found ${JSON.stringify(options.split)}.`, { where: 'split' });
    const k = sc.categories.indexOf(code);
    const col = ds.column(std.column);
    ds = ds.filter(Uint8Array.from(col, (v) => (v === k ? 1 : 0)));
  }
  return options.events !== undefined && options.events < ds.length ? ds.head(options.events) : ds;
}
