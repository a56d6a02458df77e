import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CellRun, Engine, KernelSession, StartOptions } from '../../harness/engine';
import { readNotebook, sourceText, writeNotebook, cellTags } from '../../harness/notebook';
import { runNotebook } from '../../harness/run-notebook';
import { runNotebooks, summaryTable, uniqueOutputNames } from '../../harness/run-all';
import { junitXml } from '../../harness/junit';

/** A fake kernel: `ok:TEXT` prints, `err:NAME:VALUE` raises, `timeout`, `die`, `record:JSON` writes HEPML_RESULTS. */
class FakeEngine implements Engine {
  readonly name = 'fake';
  executed: string[] = [];
  starts: StartOptions[] = [];
  shutdowns = 0;
  async start(options: StartOptions): Promise<KernelSession> {
    this.starts.push(options);
    let count = 0;
    return {
      execute: async (code: string): Promise<CellRun> => {
        this.executed.push(code);
        const [kind, a = '', b = ''] = code.split(':');
        if (kind === 'err' || kind === 'timeout' || kind === 'die') {
          const error = { ename: kind === 'err' ? a : kind === 'timeout' ? 'CellTimeoutError' : 'KernelDied', evalue: b || 'x', traceback: [] };
          return { status: kind === 'err' ? 'error' : kind === 'timeout' ? 'timeout' : 'dead', outputs: [{ output_type: 'error', ...error }], executionCount: kind === 'err' ? ++count : null, error };
        }
        if (kind === 'record') fs.writeFileSync(options.env!.HEPML_RESULTS, code.slice('record:'.length));
        return { status: 'ok', outputs: [{ output_type: 'stream', name: 'stdout', text: `${a}\n` }], executionCount: ++count };
      },
      shutdown: async () => void this.shutdowns++,
    };
  }
}

let dir: string;
function fixture(name: string, cells: (string | [string, string[]])[]): string {
  const file = path.join(dir, name);
  writeNotebook(file, {
    nbformat: 4, nbformat_minor: 5, metadata: {},
    cells: cells.map((c) => { const [src, tags] = typeof c === 'string' ? [c, []] : c; return src.startsWith('#') ? { cell_type: 'markdown', source: src, metadata: {} } : { cell_type: 'code', source: src, metadata: { tags }, outputs: [{ output_type: 'stream', name: 'stdout', text: 'stale' }], execution_count: 9 }; }),
  } as never);
  return file;
}

describe('harness/run-notebook (fake engine)', () => {
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-run-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs code cells in order, sets counts, outputs, timing and status; records results', async () => {
    const engine = new FakeEngine();
    const file = fixture('a.ipynb', ['# title', 'ok:one', ['skip:me', ['skip-execution']], '  ', 'record:{"auc":0.9}']);
    const out = path.join(dir, 'out', 'a.ipynb');
    const r = await runNotebook(file, { engine, output: out });
    assert.equal(r.status, 'passed');
    assert.equal(r.cells, 2);
    assert.deepEqual(r.results, { auc: 0.9 });
    assert.deepEqual(engine.executed, ['ok:one', 'record:{"auc":0.9}']);
    assert.equal(engine.starts[0].cwd, dir);
    assert.equal(engine.shutdowns, 1);
    const nb = readNotebook(out);
    const meta = nb.cells.map((c) => (c.metadata as { hepml?: { status: string } }).hepml?.status);
    assert.deepEqual(meta, [undefined, 'ok', 'skipped', 'empty', 'ok']);
    assert.equal((nb.cells[1] as { execution_count: number }).execution_count, 1);
    assert.deepEqual((nb.cells[2] as { outputs: unknown[] }).outputs, [], 'stale outputs cleared');
    const m = nb.cells[1].metadata as { hepml: { start_time: string; end_time: string; duration: number } };
    assert.ok(Date.parse(m.hepml.end_time) >= Date.parse(m.hepml.start_time) && m.hepml.duration >= 0);
    assert.deepEqual((nb.metadata as { hepml: { results: object } }).hepml.results, { auc: 0.9 });
    assert.equal(fs.existsSync(engine.starts[0].env!.HEPML_RESULTS), false, 'results file removed');
  });

  it('stops at an error: banner on top, anchor before the cell, one-line message', async () => {
    const engine = new FakeEngine();
    const file = fixture('b.ipynb', ['# t', 'ok:1', 'err:HepmlError:bad input', 'ok:never']);
    const out = path.join(dir, 'b.out.ipynb');
    const r = await runNotebook(file, { engine, output: out });
    assert.equal(r.status, 'failed');
    assert.equal(r.message, `${file}: cell 3: HepmlError: bad input`);
    assert.equal(r.error?.source, 'err:HepmlError:bad input');
    assert.deepEqual(engine.executed, ['ok:1', 'err:HepmlError:bad input']);
    const nb = readNotebook(out);
    assert.deepEqual(nb.cells.map((c) => cellTags(c)[0] ?? c.cell_type), ['hepml-error-banner', 'markdown', 'code', 'hepml-error-banner', 'code', 'code']);
    assert.match(sourceText(nb.cells[0].source), /href="#hepml-error-cell">cell 3<\/a>/);
    assert.match(sourceText(nb.cells[3].source), /id="hepml-error-cell"/);
    // A second run of the executed copy replaces the banners rather than stacking them.
    const again = await runNotebook(out, { engine: new FakeEngine(), output: out });
    assert.equal(again.message, `${out}: cell 3: HepmlError: bad input`);
    assert.equal(readNotebook(out).cells.filter((c) => cellTags(c).includes('hepml-error-banner')).length, 2);
  });

  it('raises-exception and --allow-errors go on; timeouts and deaths stop even with --allow-errors', async () => {
    const engine = new FakeEngine();
    const r1 = await runNotebook(fixture('c.ipynb', [['err:E:expected', ['raises-exception']], 'ok:after']), { engine });
    assert.equal(r1.status, 'passed');
    const r2 = await runNotebook(fixture('d.ipynb', ['err:E:one', 'ok:after']), { engine, allowErrors: true });
    assert.equal(r2.status, 'passed');
    assert.equal(r2.cells, 2);
    const r3 = await runNotebook(fixture('e.ipynb', ['timeout', 'ok:never']), { engine, allowErrors: true });
    assert.equal(r3.status, 'timeout');
    const r4 = await runNotebook(fixture('f.ipynb', ['die', 'ok:never']), { engine });
    assert.equal(r4.status, 'died');
    assert.match(r4.message!, /cell 1: KernelDied/);
    assert.ok(!engine.executed.includes('ok:never'));
  });

  it('injects parameters and quick, and reports bad ones as an invalid notebook', async () => {
    const engine = new FakeEngine();
    const file = fixture('p.ipynb', [['let epochs = 10;\nlet quick = false;', ['parameters']], 'ok:x']);
    const r = await runNotebook(file, { engine, parameters: { epochs: '3' }, quick: true });
    assert.equal(r.status, 'passed');
    assert.equal(engine.executed[1], '// Parameters injected by hepml run\nlet epochs = 3;\nlet quick = true;');
    const bad = await runNotebook(file, { engine, parameters: { epochs: 'many' } });
    assert.equal(bad.status, 'invalid');
    assert.equal(bad.message, `${file}: -p epochs=many: expected a number (the default is 10), found "many".`);
    const unknown = await runNotebook(file, { engine, parameters: { lr: '1' } });
    assert.match(unknown.message!, /unknown parameter "lr"/);
    const malformed = path.join(dir, 'm.ipynb');
    fs.writeFileSync(malformed, '{');
    assert.match((await runNotebook(malformed, { engine })).message!, /m\.ipynb: expected JSON, found malformed JSON/);
  });

  it('runs many with jobs, in input order; renders summary and JUnit', async () => {
    const files = ['x', 'y', 'z'].map((n) => fixture(`${n}.ipynb`, [n === 'y' ? 'err:E:boom' : 'ok:1']));
    const reports = await runNotebooks(files, { engine: new FakeEngine(), jobs: 2, outDir: path.join(dir, 'o') });
    assert.deepEqual(reports.map((r) => r.status), ['passed', 'failed', 'passed']);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'o')).sort(), ['x.ipynb', 'y.ipynb', 'z.ipynb']);
    const table = summaryTable(reports);
    assert.match(table, /^notebook\s+cells\s+seconds\s+status/);
    assert.match(table, /2\/3 notebooks passed$/);
    const xml = junitXml(reports);
    assert.match(xml, /tests="3" failures="1"/);
    assert.match(xml, /<failure type="E" message="[^"]*y\.ipynb: cell 1: E: boom">/);
    assert.deepEqual(uniqueOutputNames(['a/n.ipynb', 'b/n.ipynb', 'c/m.ipynb']), ['a__n.ipynb', 'b__n.ipynb', 'm.ipynb']);
  });
});
