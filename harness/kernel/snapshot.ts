/**
 * The kernel startup snapshot: tslab's TypeScript compiler loaded and the ~700 declaration files a cell
 * importing `hepml-course` needs already parsed (harness/kernel/snapshot-entry.js says how it is used).
 * A kernel started with `node --snapshot-blob BLOB …` skips 2-3 CPU-seconds of parsing, which is what
 * limits `hepml autograde --jobs N` (many short kernels on few cores).
 *
 * Built once per machine into `node_modules/.cache/hepml-kernel/` (about 50 MB, 5-10 s), rebuilt when Node,
 * the compiler or any of the parsed files changed (their size and mtime are in a manifest next to it).
 * A kernel started from a stale snapshot is still correct: it takes a parsed file only when the text
 * matches. Where a snapshot cannot be built (a Node without user-land snapshots, a tslab with another
 * compiler), kernels start as before and one warning line says why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from './kernelspec';

const ENTRY = path.join(PROJECT_ROOT, 'harness', 'kernel', 'snapshot-entry.js');

/**
 * V8 options of a kernel started from the snapshot (and of its build: a snapshot loads only under the V8
 * configuration it was built with). A 4x interrupt budget: V8 optimizes a function with TurboFan after 4x
 * more of its bytecode ran. A kernel's first seconds are TypeScript compiling one cell each, code that
 * runs too briefly to repay TurboFan: the background compiles took ~1.8 CPU-s per kernel (parallel to
 * the kernel's main thread, so free with one kernel at a time, not with one per core), ~0.9 s with it,
 * and the main thread was no slower. A cell that computes for long still gets optimized code, a little later.
 */
export function kernelV8Flags(): readonly string[] {
  if (v8Flags === undefined) v8Flags = INTERRUPT_BUDGET.filter(nodeAccepts);
  return v8Flags;
}
/** The budget flag; Node 24's V8 no longer has it ("bad option"), and there kernels run with V8's defaults. */
const INTERRUPT_BUDGET = ['--interrupt-budget=270336'];
let v8Flags: readonly string[] | undefined;

/** Whether this Node starts with `flag` (one short child process, once per process). */
function nodeAccepts(flag: string): boolean {
  return spawnSync(process.execPath, [flag, '-e', ''], { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

interface Manifest {
  typescript: string;
  files: [string, number, number][];
}

const FILES = path.join(PROJECT_ROOT, 'harness', 'kernel', 'snapshot-files.js');

/** tslab's compiler (the copy its converter loads) and its converter. */
function tslabPaths(): { typescript: string; converter: string } {
  const tslabDir = path.dirname(require.resolve('tslab/package.json', { paths: [PROJECT_ROOT] }));
  const converter = path.join(tslabDir, 'dist', 'converter.js');
  return { typescript: require.resolve('@tslab/typescript-for-tslab', { paths: [path.dirname(converter)] }), converter };
}

/** Names the snapshot by what it depends on besides the parsed files: Node, the compiler, tslab's converter (its options), the builder. */
function key(typescript: string, converter: string): string {
  const st = fs.statSync(typescript);
  const h = createHash('sha256');
  for (const part of [process.execPath, process.version, process.arch, typescript, String(st.size), String(st.mtimeMs), fs.readFileSync(converter, 'utf8'), fs.readFileSync(ENTRY, 'utf8'), fs.readFileSync(FILES, 'utf8'), ...kernelV8Flags()]) h.update(part).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** True when every parsed file still has the size and mtime it had at the build. */
function fresh(manifestFile: string): boolean {
  try {
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    return m.files.length > 0 && m.files.every(([f, size, mtime]) => {
      const st = fs.statSync(f, { throwIfNoEntry: false });
      return st !== undefined && st.size === size && st.mtimeMs === mtime;
    });
  } catch {
    return false;
  }
}

function run(argv: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => resolve({ code: -1, output: err.message }));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const failed = (what: string, r: { code: number | null; output: string }) => new Error(`${what} exited with ${r.code}: ${r.output.trim().split('\n').slice(-3).join(' | ')}`);

/**
 * Builds the snapshot into `dir`: lists the files (tslab's converter run where autograde runs a submission:
 * a folder whose node_modules/hepml-course is this package), then `node --build-snapshot`. Written under
 * temporary names and renamed, so concurrent builds are safe.
 */
async function build(dir: string, name: string, typescript: string, converter: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-snapshot-'));
  const tmp = path.join(dir, `.${name}.${process.pid}.${Date.now()}`);
  try {
    const sub = path.join(work, 'submission');
    fs.mkdirSync(path.join(sub, 'node_modules'), { recursive: true });
    fs.symlinkSync(PROJECT_ROOT, path.join(sub, 'node_modules', 'hepml-course'), 'dir');
    const list = path.join(work, 'files.json');
    const env: NodeJS.ProcessEnv = { ...process.env, HEPML_SNAPSHOT_CONVERTER: converter, HEPML_SNAPSHOT_TS: typescript, HEPML_SNAPSHOT_LIST: list, HEPML_SNAPSHOT_MANIFEST: `${tmp}.json` };
    delete env.NODE_OPTIONS;
    const listed = await run([FILES], env, sub);
    if (listed.code !== 0) throw failed('listing the declaration files', listed);
    const built = await run(['--no-warnings', ...kernelV8Flags(), '--snapshot-blob', `${tmp}.blob`, '--build-snapshot', ENTRY], env, sub);
    if (built.code !== 0 || !fs.existsSync(`${tmp}.blob`)) throw failed('node --build-snapshot', built);
    const blob = path.join(dir, `${name}.blob`);
    fs.renameSync(`${tmp}.blob`, blob);
    fs.renameSync(`${tmp}.json`, path.join(dir, `${name}.json`));
    // Snapshots of an earlier Node, tslab or builder are of no further use (50 MB each).
    for (const f of fs.readdirSync(dir)) if (/^tslab-[0-9a-f]{16}\.(blob|json)$/.test(f) && !f.startsWith(`${name}.`)) fs.rmSync(path.join(dir, f), { force: true });
    return blob;
  } finally {
    for (const f of [`${tmp}.blob`, `${tmp}.json`]) fs.rmSync(f, { force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

let pending: Promise<string | undefined> | undefined;

/**
 * The snapshot's path, built first when missing or stale; `undefined` (with one warning line) where it
 * cannot be built. Memoized per process: concurrent kernel starts wait for the same build.
 * @param dir where snapshots live. Default `<project>/node_modules/.cache/hepml-kernel`.
 */
export function kernelSnapshot(dir = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'hepml-kernel'), warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<string | undefined> {
  pending ??= (async () => {
    try {
      const { typescript, converter } = tslabPaths();
      const name = `tslab-${key(typescript, converter)}`;
      const blob = path.join(dir, `${name}.blob`);
      if (fs.existsSync(blob) && fresh(path.join(dir, `${name}.json`))) return blob;
      warn(`hepml: building the kernel startup snapshot in ${dir} (once; rebuilt when Node, tslab or the library's declarations change)`);
      return await build(dir, name, typescript, converter);
    } catch (err) {
      warn(`hepml: kernels start without the startup snapshot (${(err as Error).message.split('\n')[0]}); grading is slower but unchanged.`);
      return undefined;
    }
  })();
  return pending;
}

/** Forgets the memoized snapshot (tests). @internal */
export function resetKernelSnapshot(): void {
  pending = undefined;
}
