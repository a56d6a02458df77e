/**
 * Runs many notebooks, `jobs` at a time (one kernel each), and renders the summary table and
 * results.json (every notebook's recorded figures).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HepmlError } from '../lib/errors';
import type { NotebookReport, RunOptions } from './run-notebook';
import { runNotebook } from './run-notebook';
import { processAlive as alive, writeFileAtomic } from '../lib/data';

/** Runs `files` with at most `jobs` kernels at once; reports come back in input order. */
export async function runNotebooks(files: string[], options: Omit<RunOptions, 'output'> & { outDir?: string; jobs?: number }): Promise<NotebookReport[]> {
  const jobs = Math.max(1, options.jobs ?? 1);
  const reports: NotebookReport[] = new Array(files.length);
  let next = 0;
  const names = uniqueOutputNames(files);
  async function worker(): Promise<void> {
    while (next < files.length) {
      const i = next++;
      const output = options.outDir ? path.join(options.outDir, names[i]) : undefined;
      reports[i] = await runNotebook(files[i], { ...options, output });
      options.log?.(`${statusWord(reports[i])} ${files[i]} (${reports[i].seconds.toFixed(1)} s)`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  return reports;
}

/** Output file names: the basename, or folder-prefixed when two inputs share one. */
export function uniqueOutputNames(files: string[]): string[] {
  const base = files.map((f) => path.basename(f));
  return files.map((f, i) => (base.filter((b) => b === base[i]).length > 1 ? path.normalize(f).replace(/^(\.\.[\\/])+/, '').split(/[\\/]/).join('__') : base[i]));
}

function statusWord(r: NotebookReport): string {
  return r.status === 'passed' ? 'ok  ' : 'FAIL';
}

/** The summary table: notebook, cells, seconds, status. */
export function summaryTable(reports: NotebookReport[]): string {
  const rows = reports.map((r) => [r.notebook, String(r.cells), r.seconds.toFixed(1), r.status]);
  const header = ['notebook', 'cells', 'seconds', 'status'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((x, c) => (c === 1 || c === 2 ? x.padStart(widths[c]) : x.padEnd(widths[c]))).join('  ').trimEnd();
  const passed = reports.filter((r) => r.status === 'passed').length;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '', `${passed}/${reports.length} notebooks passed`].join('\n');
}

/** results.json: per notebook its status, duration and recorded figures. */
export function resultsJson(reports: NotebookReport[]): { generated: string; notebooks: Record<string, unknown> } {
  const generated = new Date().toISOString();
  return {
    generated,
    notebooks: Object.fromEntries(reports.map((r) => [r.notebook, { status: r.status, seconds: r.seconds, cells: r.cells, finished: generated, results: r.results, ...(r.message ? { error: r.message } : {}) }])),
  };
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `fn` holding `lock` (a file created exclusively, holding this process's pid). A lock whose owner
 * is gone is taken over; one held longer than `waitMs` is a HepmlError naming the lock file.
 */
export function withLockSync<T>(lock: string, fn: () => T, waitMs = 30000): T {
  const end = Date.now() + waitMs;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new HepmlError(`${lock}: cannot create the lock file (${(e as NodeJS.ErrnoException).code}).`, { where: lock });
      const owner = Number(fs.readFileSync(lock, { encoding: 'utf8', flag: 'a+' }).trim());
      if (owner > 0 && !alive(owner)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > end) throw new HepmlError(`${lock}: expected the lock to be released within ${waitMs / 1000} s, found it held by process ${owner || '(unknown)'}. Remove the file if that process is gone.`, { where: lock });
      sleepSync(25);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * Writes `<outDir>/results.json`, merged with what is already there: runs to the same --out (concurrent
 * or one after another) each add their notebooks; a notebook run again replaces its entry. The
 * read-merge-write holds `results.json.lock`; the file is replaced atomically.
 */
export function writeResultsJson(outDir: string, reports: NotebookReport[]): string {
  const file = path.join(outDir, 'results.json');
  fs.mkdirSync(outDir, { recursive: true });
  withLockSync(`${file}.lock`, () => {
    let previous: Record<string, unknown> = {};
    try {
      const old = JSON.parse(fs.readFileSync(file, 'utf8')) as { notebooks?: unknown };
      if (old.notebooks && typeof old.notebooks === 'object' && !Array.isArray(old.notebooks)) previous = old.notebooks as Record<string, unknown>;
    } catch {
      /* none yet, or unreadable: start afresh */
    }
    const now = resultsJson(reports);
    const merged = { generated: now.generated, notebooks: Object.assign(Object.create(null) as Record<string, unknown>, previous, now.notebooks) };
    writeFileAtomic(file, JSON.stringify(merged, null, 2) + '\n');
  });
  return file;
}

/** A `--shard K/N` request: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parses `K/N` (1 <= K <= N). Throws a HepmlError naming the problem; the CLI turns it into a
 * usage error.
 * @example parseShard('2/3') // { index: 2, count: 3 }
 */
export function parseShard(raw: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new HepmlError(`--shard: expected K/N with whole numbers 1 <= K <= N (e.g. 2/3), found ${JSON.stringify(raw)}.`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new HepmlError(`--shard: expected N >= 1 shards, found ${JSON.stringify(raw)}.`);
  if (index < 1 || index > count) throw new HepmlError(`--shard: expected K between 1 and ${count}, found ${JSON.stringify(raw)}. Shards are numbered from 1.`);
  return { index, count };
}

/**
 * The notebooks of one shard: the list is sorted (so the split does not depend on argument order)
 * and dealt round-robin, item i going to shard (i mod N) + 1. Every notebook lands in exactly one
 * shard; a shard may be empty when N exceeds the number of notebooks.
 * @param files notebooks, in any order; duplicates are kept once
 * @param shard which shard, 1-based
 * @example shardFiles(['c', 'a', 'b', 'd'], { index: 1, count: 2 }) // ['a', 'c']
 */
export function shardFiles(files: readonly string[], shard: Shard): string[] {
  const sorted = [...new Set(files)].sort();
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}
