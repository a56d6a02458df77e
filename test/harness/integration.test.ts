/**
 * Runs the fixture notebooks through the real tslab kernel once (two kernels at a time) and checks one
 * behaviour per fixture. Also `hepml check` on a fixture with type errors, and a cross-check against
 * Debian's nbconvert when it is installed (stored reference outputs otherwise).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ICodeCell, IOutput } from '@jupyterlab/nbformat';
import { ensureDist } from '../../harness/build';
import { KernelEngine, PROJECT_ROOT } from '../../harness/kernel';
import { readNotebook, sourceText } from '../../harness/notebook';
import { runNotebook, type NotebookReport } from '../../harness/run-notebook';
import { runNotebooks } from '../../harness/run-all';
import { typecheckNotebooks, formatDiagnostic } from '../../harness/typecheck';
import { skipWithoutZeromq } from '../zeromq';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const fx = (name: string) => path.join(FIXTURES, `${name}.ipynb`);
/** What tslab prints for success.ipynb's code cells (also what nbconvert records; checked below when present). */
const SUCCESS_STDOUT = ['hello from tslab\nsecond line\n', '42\n'];

function codeCells(file: string): ICodeCell[] {
  return readNotebook(file).cells.filter((c): c is ICodeCell => c.cell_type === 'code');
}
function text(o: IOutput): string {
  const t = (o as { text?: string | string[] }).text ?? '';
  return Array.isArray(t) ? t.join('') : t;
}

describe('harness: integration through the tslab kernel', function () {
  this.timeout(120000);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-it-'));
  const reports = new Map<string, NotebookReport>();
  const o = (name: string) => path.join(out, `${name}.ipynb`);

  before(async function () {
    skipWithoutZeromq(this);
    ensureDist();
    const engine = new KernelEngine();
    // Cells that import the library type-check it in tslab: 10-15 s on a loaded machine, so only the
    // timeout fixture runs with the short 10 s limit.
    const names = ['success', 'error', 'raises', 'skip', 'crash', 'display'];
    const [many, [params, timeout]] = await Promise.all([
      runNotebooks(names.map(fx), { engine, jobs: 2, outDir: out, cellTimeout: 90 }),
      (async () => [
        await runNotebook(fx('params'), { engine, output: o('params'), parameters: { epochs: '3', name: 'jets', sizes: '[4,5]' }, quick: true }),
        await runNotebook(fx('timeout'), { engine, output: o('timeout'), cellTimeout: 10 }),
      ])(),
    ]);
    names.forEach((n, i) => reports.set(n, many[i]));
    reports.set('params', params);
    reports.set('timeout', timeout);
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('success: stdout, last values as stdout, recorded figures in metadata', () => {
    const r = reports.get('success')!;
    assert.equal(r.status, 'passed', r.message);
    assert.deepEqual(r.results, { answer: 42, label: 'ok' });
    const cells = codeCells(o('success'));
    assert.deepEqual(cells.slice(0, 2).map((c) => c.outputs.map(text).join('')), SUCCESS_STDOUT);
    assert.deepEqual(cells.map((c) => c.execution_count), [1, 2, 3]);
    assert.match(String((cells[2].outputs[0] as { data: Record<string, string> }).data['text/html']), /<td>answer<\/td><td>42<\/td>/);
    assert.ok(r.startupSeconds! > 0 && r.startupSeconds! < 60);
  });

  it('error: a HepmlError becomes an error output; the run stops with notebook, cell and message', () => {
    const r = reports.get('error')!;
    assert.equal(r.status, 'failed');
    assert.equal(r.message, `${fx('error')}: cell 2: HepmlError: data.csv: expected a number, found "abc".`);
    const cells = codeCells(o('error'));
    const err = cells[1].outputs.find((x) => x.output_type === 'error') as unknown as { ename: string; evalue: string };
    assert.deepEqual([err.ename, err.evalue], ['HepmlError', 'data.csv: expected a number, found "abc".']);
    assert.ok(cells[1].outputs.some((x) => x.output_type === 'stream' && x.name === 'stderr'), 'stderr kept');
    assert.deepEqual(cells[2].outputs, []);
    assert.equal((cells[2].metadata as { hepml: { status: string } }).hepml.status, 'pending');
  });

  it('raises-exception: runtime and compile errors are expected; the next cell runs', () => {
    const r = reports.get('raises')!;
    assert.equal(r.status, 'passed', r.message);
    const cells = codeCells(o('raises'));
    const enames = cells.slice(0, 2).map((c) => (c.outputs.find((x) => x.output_type === 'error') as unknown as { ename: string; evalue: string }));
    assert.equal(enames[0].ename, 'RangeError');
    assert.equal(enames[1].ename, 'CompileError');
    assert.match(enames[1].evalue, /Cannot find name 'notDefinedAnywhere'/);
    assert.equal(cells[2].outputs.map(text).join(''), 'after the expected errors\n');
  });

  it('skip-execution: the cell is not run', () => {
    const r = reports.get('skip')!;
    assert.equal(r.status, 'passed', r.message);
    assert.equal(r.cells, 1);
    const cells = codeCells(o('skip'));
    assert.deepEqual(cells[0].outputs, []);
    assert.equal(cells[1].outputs.map(text).join(''), 'ran\n');
  });

  it('timeout: interrupt, kill, partial notebook saved, next notebooks still run', () => {
    const r = reports.get('timeout')!;
    assert.equal(r.status, 'timeout', r.message);
    assert.match(r.message!, /timeout\.ipynb: cell 2: CellTimeoutError: the cell ran longer than 10 s/);
    assert.ok(r.seconds < 30, `took ${r.seconds} s`);
    const cells = codeCells(o('timeout'));
    assert.equal(cells[0].outputs.map(text).join(''), 'start\n');
    assert.equal((cells[1].metadata as { hepml: { status: string } }).hepml.status, 'timeout');
  });

  it('kernel crash: process.exit() in a cell is a clear error, not a hang', () => {
    const r = reports.get('crash')!;
    assert.equal(r.status, 'died');
    assert.equal(r.message, `${fx('crash')}: cell 1: KernelDied: the kernel died while running this cell (exit code 3)`);
    assert.equal(text(codeCells(o('crash'))[0].outputs[0]), 'about to exit\n');
  });

  it('display: an SVG via show(), a progress bar updated in place, HTML', () => {
    const r = reports.get('display')!;
    assert.equal(r.status, 'passed', r.message);
    const [svg, bar, htm] = codeCells(o('display')).map((c) => c.outputs);
    assert.equal(svg.length, 1);
    assert.match(String((svg[0] as { data: Record<string, string> }).data['image/svg+xml']), /^<svg .*<circle/);
    assert.equal(bar.length, 1, 'updates replace the first display');
    assert.match(String((bar[0] as { data: Record<string, string> }).data['text/plain']), /^epochs \[#+\] 5\/5 100% .* done$/);
    assert.deepEqual((htm[0] as { data: object }).data, { 'text/html': '<b>bold</b>', 'text/plain': 'bold' });
  });

  it('parameters: -p values typed from the defaults and --quick reach the cells', () => {
    const r = reports.get('params')!;
    assert.equal(r.status, 'passed', r.message);
    const cells = codeCells(o('params'));
    assert.equal(sourceText(cells[1].source), '// Parameters injected by hepml run\nlet epochs = 3;\nlet name = "jets";\nlet sizes = [4,5];\nlet quick = true;');
    assert.deepEqual(JSON.parse(text(cells[2].outputs[0])), { epochs: 3, rate: 0.5, name: 'jets', quick: true, sizes: [4, 5] });
  });

  it('hepml check: reports notebook:cell:line:col, accepts top-level await and re-declarations', () => {
    const file = path.join(FIXTURES, 'check', 'typeerrors.ipynb');
    const lines = typecheckNotebooks([file]).map(formatDiagnostic);
    assert.deepEqual(lines.map((l) => l.split(' ')[0]), [`${file}:3:2:7`, `${file}:4:4:12`]);
    assert.match(lines[0], /Type 'string' is not assignable to type 'number'/);
    assert.match(lines[1], /'totl' does not exist in type 'ProgressOptions'/);
    const clean = ['success', 'error', 'skip', 'display', 'params', 'raises'].map(fx);
    assert.deepEqual(typecheckNotebooks(clean).map(formatDiagnostic), []);
  });

  it('cross-check: nbconvert --execute records the same stdout for success.ipynb', function () {
    const python = '/usr/bin/python3';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-nbc-'));
    try {
      execFileSync(python, ['-m', 'nbconvert', '--execute', '--to', 'notebook', '--output-dir', dir, fx('success')], { env: { ...process.env, JUPYTER_PATH: path.join(PROJECT_ROOT, '.jupyter') }, stdio: 'pipe', timeout: 60000 });
    } catch (err) {
      console.log(`    nbconvert not usable here (${(err as Error).message.split('\n')[0]}); the stored reference was checked above`);
      fs.rmSync(dir, { recursive: true, force: true });
      this.skip();
    }
    const cells = codeCells(path.join(dir, 'success.ipynb'));
    fs.rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(cells.slice(0, 2).map((c) => c.outputs.map(text).join('')), SUCCESS_STDOUT);
    // nbconvert leaves execution_count empty: tslab sends no execute_input, which nbclient reads it from.
    assert.deepEqual(cells.map((c) => c.execution_count), [null, null, null]);
  });
});
