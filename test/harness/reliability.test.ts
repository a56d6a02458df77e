/**
 * Issue 16, runner items 6–9, through the real tslab kernel and the `hepml run` CLI: asynchronous errors,
 * huge output, no orphan kernels or connection files after a signal, concurrent runs to one --out, and
 * the one-line refusals (an --out that is a file, a kernelspec of another language, out of memory).
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ICodeCell, IOutput } from '@jupyterlab/nbformat';
import { ensureDist } from '../../harness/build';
import { KernelEngine, PROJECT_ROOT } from '../../harness/kernel';
import { readNotebook, writeNotebook } from '../../harness/notebook';
import type { NotebookReport } from '../../harness/run-notebook';
import { runNotebooks } from '../../harness/run-all';
import { skipWithoutZeromq } from '../zeromq';

const HEPML = path.join(PROJECT_ROOT, 'bin', 'hepml.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes a TypeScript notebook with these code cells. */
function notebook(file: string, cells: string[], metadata: Record<string, unknown> = { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } }): string {
  writeNotebook(file, { nbformat: 4, nbformat_minor: 5, metadata, cells: cells.map((source) => ({ cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null })) } as never);
  return file;
}
function text(o: IOutput): string {
  const t = (o as { text?: string | string[] }).text ?? '';
  return Array.isArray(t) ? t.join('') : t;
}
function codeCells(file: string): ICodeCell[] {
  return readNotebook(file).cells.filter((c): c is ICodeCell => c.cell_type === 'code');
}
/** PIDs of processes whose command line contains `needle` (from /proc; none on other systems). */
function processesWith(needle: string): number[] {
  const out: number[] = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(needle)) out.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return out;
}
async function waitFor(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r({ code: child.exitCode, signal: child.signalCode }) : child.once('exit', (code, signal) => r({ code, signal }))));
}

describe('harness: reliability (issue 16 items 6-9)', function () {
  this.timeout(180000);
  let dir: string;
  before(function () {
    skipWithoutZeromq(this);
    ensureDist();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-rel-'));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  describe('through the kernel (item 6: asynchronous errors, item 7: huge output)', function () {
    const reports = new Map<string, NotebookReport>();
    const out = () => path.join(dir, 'kernel-out');
    const o = (name: string) => path.join(out(), `${name}.ipynb`);
    before(async function () {
      const files = [
        notebook(path.join(dir, 'late-throw.ipynb'), ['setTimeout(() => { throw new Error("late boom"); }, 300);\nconsole.log("scheduled");', 'await new Promise((r) => setTimeout(r, 1500));\nconsole.log("cell 2 ran");', 'console.log("three");']),
        notebook(path.join(dir, 'lost-rejection.ipynb'), ['console.log("one");', 'Promise.reject(new Error("lost promise"));\nconsole.log("two");', 'await new Promise((r) => setTimeout(r, 500));\nconsole.log("three");']),
        notebook(path.join(dir, 'huge.ipynb'), ['const line = "x".repeat(999) + "\\n";\nfor (let i = 0; i < 4000; i++) process.stdout.write(line);', 'console.log("after");']),
        notebook(path.join(dir, 'handled.ipynb'), ['const p = Promise.reject(new Error("handled later"));\nPromise.resolve().then(() => p.catch(() => console.log("caught")));\nsetTimeout(() => { try { throw new Error("caught inside"); } catch {} }, 10);', 'await new Promise((r) => setTimeout(r, 300));\nconsole.log("fine");']),
      ];
      const rs = await runNotebooks(files, { engine: new KernelEngine(), jobs: 2, outDir: out(), cellTimeout: 60, maxOutputBytes: 1 << 20 });
      files.forEach((f, i) => reports.set(path.basename(f, '.ipynb'), rs[i]));
    });

    it('6: an exception thrown in a setTimeout callback fails the notebook, reported on the cell that scheduled it', () => {
      const r = reports.get('late-throw')!;
      assert.equal(r.status, 'failed', r.message);
      assert.match(r.message!, /late-throw\.ipynb: cell 1: UncaughtException: .*late boom/);
      assert.equal(r.error?.cell, 1);
      const cells = codeCells(o('late-throw'));
      const err = cells[0].outputs.find((x) => x.output_type === 'error') as unknown as { ename: string; evalue: string };
      assert.ok(err, 'the error output is on cell 1');
      assert.match(err.evalue, /late boom/);
      assert.match(err.evalue, /asynchronous/);
      assert.equal((cells[2].metadata as { hepml: { status: string } }).hepml.status, 'pending', 'the run stopped');
    });

    it('6: an unhandled rejection fails the notebook on the cell that created it', () => {
      const r = reports.get('lost-rejection')!;
      assert.equal(r.status, 'failed', r.message);
      assert.match(r.message!, /lost-rejection\.ipynb: cell 2: UnhandledRejection: .*lost promise/);
    });

    it('6: a rejection handled within the same turn, or an exception caught in its callback, is not an error', () => {
      const r = reports.get('handled')!;
      assert.equal(r.status, 'passed', r.message);
    });

    it('7: output past the per-cell cap is dropped with a note; the pump lives on and the next cell runs', () => {
      const r = reports.get('huge')!;
      assert.equal(r.status, 'passed', r.message);
      const cells = codeCells(o('huge'));
      const stored = cells[0].outputs.map(text).join('');
      assert.ok(stored.length <= (1 << 20) + 1000, `stored ${stored.length} characters`);
      assert.match(stored, /output truncated: this cell produced \d+\.\d MB of output; only the first 1\.0 MB are kept.*--max-output/s);
      assert.equal(cells[1].outputs.map(text).join(''), 'after\n');
      assert.ok(fs.statSync(o('huge')).size < 2 << 20);
    });
  });

  describe('9: out of memory', function () {
    it('is reported as "out of memory" with how to raise the heap, without V8 frames', async function () {
      const session = await new KernelEngine().start({ cwd: dir, env: { NODE_OPTIONS: '--max-old-space-size=192' } });
      try {
        const run = await session.execute('const keep: number[][] = [];\nwhile (true) keep.push(new Array(1 << 20).fill(1.5));', { timeoutMs: 120000 });
        assert.equal(run.status, 'dead');
        assert.equal(run.error?.ename, 'OutOfMemory');
        assert.match(run.error!.evalue, /out of memory/);
        assert.match(run.error!.evalue, /--max-old-space-size/);
        assert.ok(!run.error!.traceback.some((l) => /node::|v8::|^\s*\d+: 0x/.test(l)), run.error!.traceback.join('\n'));
      } finally {
        await session.shutdown();
      }
    });
  });

  describe('8: signals to `hepml run` leave no kernel and no connection file', function () {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
      it(`${signal}`, async function () {
        const tmp = fs.mkdtempSync(path.join(dir, `tmp-${signal}-`));
        const mark = path.join(tmp, 'cell1.done');
        const nb = notebook(path.join(dir, `sig-${signal}.ipynb`), [`console.log("first");\nrequire("fs").writeFileSync(${JSON.stringify(mark)}, "x");`, 'await new Promise((r) => setTimeout(r, 120000));', 'console.log("never");']);
        const out = path.join(dir, `sig-out-${signal}`);
        const child = spawn(process.execPath, [HEPML, 'run', nb, '--out', out], { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
        let log = '';
        child.stdout!.on('data', (d) => (log += d));
        child.stderr!.on('data', (d) => (log += d));
        const needle = `hepml-kernel-${child.pid}-`;
        try {
          await waitFor(`cell 1 of ${nb}`, () => fs.existsSync(mark), 90000);
          await sleep(500);
          assert.equal(processesWith(needle).length, 1, 'one kernel runs');
          child.kill(signal);
          const end = await exited(child);
          if (signal === 'SIGKILL') assert.equal(end.signal, 'SIGKILL');
          else assert.equal(end.code, signal === 'SIGINT' ? 130 : 143, log);
          await waitFor('the kernel to exit', () => processesWith(needle).length === 0, 10000);
          assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.startsWith('hepml-')), [], 'no connection or results file left');
          if (signal !== 'SIGKILL') {
            const cells = codeCells(path.join(out, path.basename(nb)));
            assert.equal(cells[0].outputs.map(text).join(''), 'first\n', 'the partial notebook was saved');
            assert.equal((readNotebook(path.join(out, path.basename(nb))).metadata as { hepml: { status: string } }).hepml.status, 'interrupted');
            const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
            assert.equal(results.notebooks[nb].status, 'interrupted');
            assert.match(log, new RegExp(`${signal}`));
          }
        } finally {
          for (const pid of processesWith(needle)) process.kill(pid, 'SIGKILL');
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
      });
    }
  });

  describe('9: the command line', function () {
    it('two concurrent runs to one --out keep both notebooks in results.json', async function () {
      const out = path.join(dir, 'shared-out');
      const a = notebook(path.join(dir, 'conc-a.ipynb'), ['console.log("a");']);
      const b = notebook(path.join(dir, 'conc-b.ipynb'), ['await new Promise((r) => setTimeout(r, 1000));\nconsole.log("b");']);
      const runs = [a, b].map((nb) => spawn(process.execPath, [HEPML, 'run', nb, '--out', out], { cwd: PROJECT_ROOT, stdio: 'ignore' }));
      const ends = await Promise.all(runs.map(exited));
      assert.deepEqual(ends.map((e) => e.code), [0, 0]);
      const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
      assert.deepEqual(Object.keys(results.notebooks).sort(), [a, b]);
      assert.deepEqual(fs.readdirSync(out).filter((f) => /lock|tmp/.test(f)), []);
    });

    it('an --out that is a file is refused before any notebook runs', function () {
      const file = path.join(dir, 'not-a-dir');
      fs.writeFileSync(file, 'x');
      const nb = notebook(path.join(dir, 'never.ipynb'), [`require("fs").writeFileSync(${JSON.stringify(path.join(dir, 'ran'))}, "x");`]);
      const r = spawnSync(process.execPath, [HEPML, 'run', nb, '--out', file], { cwd: PROJECT_ROOT, encoding: 'utf8' });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr.trim(), `hepml run: --out ${file}: expected a directory, found a file.`);
      assert.ok(!fs.existsSync(path.join(dir, 'ran')), 'the notebook did not run');
    });

    it('a notebook whose kernelspec names another language is refused clearly', function () {
      const nb = notebook(path.join(dir, 'python.ipynb'), ['print("hello")'], { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } });
      const r = spawnSync(process.execPath, [HEPML, 'run', nb, '--out', path.join(dir, 'py-out')], { cwd: PROJECT_ROOT, encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`${nb.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected a TypeScript or JavaScript notebook \\(kernelspec tslab or jslab\\), found kernelspec "python3" \\(language python\\)`));
      assert.doesNotMatch(r.stderr, /CompileError/);
    });
  });
});

