/**
 * Crash-safe outputs for the grading commands.
 *
 * - `writeFileAtomic` (from lib/data): one file through a temporary file, fsync and a rename.
 * - `publishVersion`: a whole set of outputs at once. The set is written into a fresh folder
 *   `OUT/runs/<id>/`, then one rename switches the pointer `OUT/current` (a symbolic link) to it. The
 *   stable names `OUT/<entry>` are links through `current`, so a reader, or a crash at any moment, sees
 *   either the whole old set or the whole new one, never a mix and never stale files.
 * - `lockFolder`: one writer per output folder; a second run is refused with a clear message, and a lock
 *   left by a killed process (its pid gone) is taken over.
 * - `checkOutputFolder`: the output folder's own problems (under /proc, a file, not writable) as one line.
 */
import { closeSync, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { HepmlError } from '../lib/errors';
import { processAlive as alive, writeFileDurable } from '../lib/data';

/** Kernel interfaces, not file systems: writing there hangs or fails in odd ways (/dev/shm, a tmpfs, is allowed). */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

/** The deepest existing path at or above `path` (unresolved). */
function existingAncestorPath(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** The deepest existing folder at or above `path`, resolved. */
function existingAncestor(path: string): string {
  const p = existingAncestorPath(path);
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

const under = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * Checks an output folder before anything is written: not under /proc, /sys or /dev, not a file, and
 * (when given) separate from an input folder. Creates nothing.
 * @param out the output folder
 * @param flag the option name used in messages. Default `'--out'`.
 * @param input an input folder the output must neither be in nor hold, with its option name
 * @throws HepmlError (one line) naming the path and the problem
 */
export function checkOutputFolder(out: string, flag = '--out', input?: { path: string; flag: string }): void {
  const abs = resolve(out);
  const real = existingAncestor(abs);
  for (const root of SPECIAL_ROOTS) {
    if (under(real, '/dev/shm')) break; // a tmpfs, fine
    if (under(abs, root) || under(real, root)) throw new HepmlError(`${flag} ${out}: expected a folder on a regular file system, found a path under ${root}.`, { where: flag });
  }
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new HepmlError(`${flag} ${out}: expected a folder, found a file.`, { where: flag });
  if (input && existsSync(input.path)) {
    const inReal = realpathSync(input.path);
    const outReal = join(real, relative(existingAncestorPath(abs), abs));
    if (under(outReal, inReal)) throw new HepmlError(`${flag} ${out}: expected an output folder outside ${input.flag} (${input.path}), found ${outReal === inReal ? 'the same folder' : 'a folder inside it'}.`, { where: flag });
    if (under(inReal, outReal)) throw new HepmlError(`${flag} ${out}: expected an output folder that does not hold ${input.flag} (${input.path}), found it inside.`, { where: flag });
  }
}

/** Creates the output folder; one line naming it when that is impossible. */
export function makeOutputFolder(out: string, flag = '--out'): void {
  try {
    mkdirSync(out, { recursive: true });
    if (!statSync(out).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (e) {
    throw new HepmlError(`${flag} ${out}: expected a writable folder, found ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { where: flag, cause: e });
  }
}

/** The lock file of an output folder. */
export const LOCK_FILE = '.hepml-grade.lock';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

/**
 * Takes the lock of an output folder (creating the folder). A lock whose process is gone (same host,
 * pid not running) is taken over; a live one is refused.
 * @param out the output folder
 * @param what what holds it, for the message. Default `'grading run'`.
 * @returns a function that releases the lock (idempotent)
 * @throws HepmlError (one line) when another run holds it or the folder is not writable
 */
export function lockFolder(out: string, what = 'grading run', flag = '--out'): () => void {
  makeOutputFolder(out, flag);
  const lock = join(out, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const text = JSON.stringify(mine) + '\n';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileDurable(lock, text, 'wx');
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lock, 'utf8') === text) unlinkSync(lock);
        } catch { /* gone already */ }
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new HepmlError(`${flag} ${out}: expected a writable folder, found ${code ?? (e as Error).message}.`, { where: flag, cause: e });
    }
    let held: string;
    try {
      held = readFileSync(lock, 'utf8');
    } catch {
      continue; // released in between: try again
    }
    let info: Partial<LockInfo> = {};
    try {
      info = JSON.parse(held) as LockInfo;
    } catch { /* unreadable: treat as held */ }
    const stale = typeof info.pid === 'number' && info.host === mine.host && !alive(info.pid);
    if (!stale) {
      throw new HepmlError(`${flag} ${out}: expected no other ${what} writing here, found one (pid ${info.pid ?? '?'}, started ${info.started ?? '?'}; lock ${lock}). Wait for it to finish, or delete the lock file if that process is gone.`, { where: flag });
    }
    // Take a stale lock over: move it aside (only one process wins the rename), check it is the one we read.
    const aside = `${lock}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(lock, aside);
    } catch {
      continue;
    }
    const moved = readFileSync(aside, 'utf8');
    if (moved !== held) {
      try { linkSync(aside, lock); } catch { /* someone holds it now */ }
    }
    unlinkSync(aside);
  }
  throw new HepmlError(`${flag} ${out}: expected to take the lock ${lock}, found it changing hands repeatedly. Run again.`, { where: flag });
}

/** Test hook of {@link publishVersion}: called with each entry's relative name once written, then with `'switch'`. */
export type AfterWrite = (name: string) => void;

export interface PublishOptions {
  /** Called after each written file (relative name) and before the switch (`'switch'`). */
  afterWrite?: AfterWrite;
  /** Keep the previous version besides the new one (for readers still inside it): 1 (default) or 0. */
  keep?: number;
  /** Entries that are folders, made empty when no file was written into them (e.g. `feedback`). */
  folders?: readonly string[];
}

/** The files one version writes: relative name -> content (a trailing `/` makes a folder). */
export type VersionFiles = ReadonlyArray<readonly [name: string, data: string | Uint8Array]>;

/**
 * Publishes a set of files as one version of `out`: writes them into `out/runs/<id>/`, switches
 * `out/current` to it with one rename, makes sure each top-level entry `out/<entry>` is a link through
 * `current`, and removes older versions (and the leftovers of killed runs). Hold {@link lockFolder}.
 * @param out the output folder (exists)
 * @param entries the top-level names to link (e.g. `leaderboard.json`, `feedback`)
 * @param files the files, by relative name, in the order to write them
 * @returns the version folder
 * @example
 * publishVersion('board', ['leaderboard.json'], [['leaderboard.json', text]]);
 */
export function publishVersion(out: string, entries: readonly string[], files: VersionFiles, options: PublishOptions = {}): string {
  const runs = join(out, 'runs');
  mkdirSync(runs, { recursive: true });
  const id = `${new Date().toISOString().replace(/[-:.]/g, '')}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const dir = join(runs, id);
  mkdirSync(dir);
  let previous: string | undefined;
  try {
    const made = new Set<string>();
    for (const [name, data] of files) {
      const parent = dirname(name);
      if (parent !== '.' && !made.has(parent)) {
        mkdirSync(join(dir, parent), { recursive: true });
        made.add(parent);
      }
      writeFileDurable(join(dir, name), data, 'wx');
      options.afterWrite?.(name);
    }
    for (const e of options.folders ?? []) mkdirSync(join(dir, e), { recursive: true });
    for (const e of entries) if (!existsSync(join(dir, e))) throw new Error(`publishVersion: expected the set to hold ${e}, found no such file.`);
    syncFolder(dir);
    options.afterWrite?.('switch');
    previous = currentVersion(out);
    const next = join(out, `.current-${id}`);
    symlinkSync(join('runs', id), next);
    try {
      renameSync(next, join(out, 'current'));
    } catch (e) {
      try { unlinkSync(next); } catch { /* gone */ }
      throw e;
    }
    syncFolder(out);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  for (const e of entries) linkEntry(out, e, id);
  pruneVersions(out, new Set([id, ...((options.keep ?? 1) > 0 && previous ? [previous] : [])]));
  return dir;
}

/** The id of the version `out/current` points to, if any. */
export function currentVersion(out: string): string | undefined {
  try {
    return basename(readlinkSync(join(out, 'current')));
  } catch {
    return undefined;
  }
}

function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch { /* not supported everywhere */ } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Makes `out/<entry>` a link to `current/<entry>`, replacing a plain file or folder of an older layout. */
function linkEntry(out: string, entry: string, id: string): void {
  const path = join(out, entry);
  const target = join('current', entry);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink() && readlinkSync(path) === target) return;
  if (st?.isDirectory()) renameSync(path, join(out, 'runs', `legacy-${entry}-${id}`));
  const tmp = join(out, `.${entry}-link-${id}`);
  symlinkSync(target, tmp);
  renameSync(tmp, path);
}

/** Removes every version but `keep` (leftovers of killed runs included) and leftover pointer links. */
function pruneVersions(out: string, keep: ReadonlySet<string>): void {
  const runs = join(out, 'runs');
  for (const n of readdirSync(runs)) if (!keep.has(n)) rmSync(join(runs, n), { recursive: true, force: true });
  for (const n of readdirSync(out)) if (/^\.(current-|.*-link-)/.test(n)) rmSync(join(out, n), { force: true });
}
