/**
 * Autograde parts without a kernel: putting the instructor's cells back (tampering), the output set
 * (an interrupted run leaves the previous output intact), grades.csv, and merging shards.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import { readNotebook, sourceText } from '../../harness/notebook';
import { assignmentCells } from '../../grading/assign/metadata';
import { autograderNotebook, studentNotebook, toLines } from '../../grading/assign/assign';
import { restoreInstructorCells } from '../../grading/autograde/restore';
import { gradesCsv, outputFiles, type GradesJson } from '../../grading/autograde/report';
import { mergeShards } from '../../grading/autograde/merge';
import { recoverOutput, writeOutputSet } from '../../grading/autograde/write-set';
import { feedbackHtml } from '../../grading/autograde/feedback-html';
import { listStudents, autograde } from '../../grading/autograde/autograde';
import { gradeSubmission } from '../../grading/autograde/submission';
import type { CellRun, Engine } from '../../harness/engine';
import { HepmlError } from '../../lib/errors';
import { HOMEWORK } from './assign-fixture';
import { tempDir } from './helpers';

const idOf = (c: ICell) => (c.metadata as { nbgrader?: { grade_id?: string } }).nbgrader?.grade_id;
const byId = (nb: INotebookContent, id: string) => nb.cells.find((c) => idOf(c) === id)!;
const ids = (nb: INotebookContent) => nb.cells.map((c) => idOf(c) ?? '-');

describe('grading/autograde: putting the instructor cells back', () => {
  const source = autograderNotebook(readNotebook(HOMEWORK), HOMEWORK);
  const cells = assignmentCells(source, HOMEWORK);
  const release = () => studentNotebook(readNotebook(HOMEWORK), HOMEWORK);

  it('leaves an untouched release as it is, hidden tests added, nothing reported', () => {
    const r = restoreInstructorCells(source, cells, release());
    assert.deepEqual(r.changes, []);
    assert.match(sourceText(byId(r.notebook, 'test-square').source), /square\(-2\)/);
    assert.match(sourceText(byId(r.notebook, 'square').source), /not implemented/, 'the answer stays the student\'s');
  });

  it('puts back an edited test cell and an edited read-only cell, and reports both', () => {
    const sub = release();
    byId(sub, 'test-square').source = ['console.log("all good");'];
    (byId(sub, 'test-square').metadata as { nbgrader: { points: number } }).nbgrader.points = 100;
    byId(sub, 'setup').source = toLines('const data = [2, 2, 2];');
    byId(sub, 'square').source = toLines('function square(x: number) { return x * x; }');
    const r = restoreInstructorCells(source, cells, sub);
    assert.deepEqual(r.changes, [{ gradeId: 'setup', kind: 'changed' }, { gradeId: 'test-square', kind: 'changed' }]);
    assert.deepEqual(byId(r.notebook, 'test-square'), { ...byId(source, 'test-square'), id: byId(sub, 'test-square').id });
    assert.match(sourceText(byId(r.notebook, 'setup').source), /const data = \[1, 2, 3\]/);
    assert.equal(sourceText(byId(r.notebook, 'square').source), 'function square(x: number) { return x * x; }');
  });

  it('puts a deleted test cell back where it was, and drops a duplicated copy', () => {
    const sub = release();
    sub.cells = sub.cells.filter((c) => idOf(c) !== 'test-mean');
    const copy = structuredClone(byId(sub, 'test-square'));
    copy.source = ['// my copy'];
    sub.cells.push(copy);
    const r = restoreInstructorCells(source, cells, sub);
    assert.deepEqual(r.changes, [{ gradeId: 'test-mean', kind: 'deleted' }]);
    assert.deepEqual(ids(r.notebook), ids(source));
  });

  it('reports a deleted answer cell', () => {
    const sub = release();
    sub.cells = sub.cells.filter((c) => idOf(c) !== 'mean');
    assert.deepEqual(restoreInstructorCells(source, cells, sub).changes, [{ gradeId: 'mean', kind: 'missing-solution' }]);
  });
});

function grades(shard: { index: number; count: number } | undefined, students: string[], sha = 'abc'): GradesJson {
  return {
    format: 'hepml-autograde/1', generated: 'now', source: [{ notebook: 'hw.ipynb', sha256: sha }], ...(shard ? { shard } : {}),
    options: { cellTimeout: 30, quick: false }, students,
    submissions: students.map((s, i) => ({ student: s, notebook: 'hw.ipynb', status: 'graded' as const, score: i, maxScore: 5, seconds: 1, changes: [], manual: [], tests: [{ gradeId: 't', points: i, maxPoints: 5, status: 'passed' as const }] })),
  };
}
function writeShard(dir: string, g: GradesJson): void {
  writeOutputSet(dir, outputFiles(g, new Map(g.submissions.map((s) => [`feedback/${s.student}/hw.html`, `<p>${s.student}</p>`]))));
}

describe('grading/autograde: outputs', () => {
  const root = tempDir('hepml-autograde-units-');
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('grades.csv: one row per test cell, quoted where needed', () => {
    const g = grades(undefined, ['ann', 'o"neil,b']);
    assert.equal(gradesCsv(g.submissions), 'student,notebook,grade_id,points,max_points\nann,hw.ipynb,t,0,5\n"o""neil,b",hw.ipynb,t,1,5\n');
  });

  it('an interrupted write leaves the previous output intact; a run stopped mid-swap is put back', () => {
    const out = path.join(root, 'out');
    writeOutputSet(out, new Map([['grades.csv', 'old\n'], ['feedback/a/hw.html', 'old page']]));
    assert.throws(() => writeOutputSet(out, new Map([['grades.csv', 'new\n']]), () => {
      throw new Error('killed');
    }), /killed/);
    assert.equal(fs.readFileSync(path.join(out, 'grades.csv'), 'utf8'), 'old\n');
    assert.equal(fs.readFileSync(path.join(out, 'feedback/a/hw.html'), 'utf8'), 'old page');
    assert.deepEqual(fs.readdirSync(root).sort(), ['out']);
    // As if the process died between its two renames: the old output sits aside, none in place.
    fs.renameSync(out, `${out}.previous-123-x`);
    assert.equal(recoverOutput(out), `${out}.previous-123-x`);
    assert.equal(fs.readFileSync(path.join(out, 'grades.csv'), 'utf8'), 'old\n');
    writeOutputSet(out, new Map([['grades.csv', 'new\n']]));
    assert.deepEqual(fs.readdirSync(out), ['grades.csv'], 'the set replaces the folder as a whole');
  });

  it('an autograde whose instructor input is wrong stops with one line before touching --out', async () => {
    const engine: Engine = { name: 'none', start: () => Promise.reject(new Error('no kernel in this test')) };
    const subs = path.join(root, 'subs');
    fs.mkdirSync(subs, { recursive: true });
    await assert.rejects(autograde({ source: path.join(root, 'nothing'), submissions: subs, out: path.join(root, 'o1'), engine }), /--source .*nothing: expected the autograder folder/);
    await assert.rejects(autograde({ source: path.dirname(HOMEWORK), submissions: subs, out: path.join(subs, 'o'), engine }), /--out .*: expected a folder outside the submissions/);
    assert.throws(() => listStudents(subs), /--submissions .*: expected one sub-folder per student .*found no folders/);
  });

  it('merges shards; refuses a missing, repeated or foreign shard', () => {
    const s1 = path.join(root, 's1'), s2 = path.join(root, 's2'), s3 = path.join(root, 's3');
    writeShard(s1, grades({ index: 1, count: 2 }, ['ann', 'cid']));
    writeShard(s2, grades({ index: 2, count: 2 }, ['bob']));
    const merged = path.join(root, 'merged');
    const g = mergeShards([s2, s1], merged);
    assert.deepEqual(g.students, ['ann', 'bob', 'cid']);
    assert.equal(fs.readFileSync(path.join(merged, 'grades.csv'), 'utf8'), 'student,notebook,grade_id,points,max_points\nann,hw.ipynb,t,0,5\nbob,hw.ipynb,t,0,5\ncid,hw.ipynb,t,1,5\n');
    assert.equal(fs.readFileSync(path.join(merged, 'feedback/bob/hw.html'), 'utf8'), '<p>bob</p>');
    assert.throws(() => mergeShards([s1], merged), /expected shards 1\.\.2, found none for 2\/2/);
    assert.throws(() => mergeShards([s1, s1], merged), /found shard 1\/2 also in/);
    writeShard(s3, grades({ index: 2, count: 2 }, ['bob'], 'other'));
    assert.throws(() => mergeShards([s1, s3], merged), /s3.grades\.json: expected the same autograder notebooks/);
    assert.throws(() => mergeShards([path.join(root, 'nope')], merged), /nope.grades\.json: expected the grades\.json of an autograde run, found none/);
  });

  it('feedback pages are inert: student output is escaped, no script runs', () => {
    const html = feedbackHtml({
      student: 'eve', notebook: 'hw.ipynb', status: 'graded', score: 0, maxScore: 1, seconds: 0, changes: [], manual: [],
      tests: [{ gradeId: 't', points: 0, maxPoints: 1, status: 'failed', message: '<script>alert(1)</script>' }],
      executed: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', id: 'a', metadata: { nbgrader: { grade_id: 't' } }, execution_count: 1, source: 'x', outputs: [
        { output_type: 'display_data', metadata: {}, data: { 'text/html': '<script>steal()</script>' } },
        { output_type: 'display_data', metadata: {}, data: { 'image/svg+xml': '<svg onload="x()"/>' } },
        { output_type: 'stream', name: 'stdout', text: '<img src=x onerror=y()>' }] }] },
    });
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(!/<img src=x/.test(html), 'stream text escaped');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /<iframe sandbox=""/);
  });
});

/** A fake kernel: fails to start `failStarts` times, then runs every cell ok until cell `dieAt` (1-based). */
function fakeEngine(failStarts: number, dieAt = Infinity): Engine & { starts: number } {
  const engine = {
    name: 'fake',
    starts: 0,
    async start() {
      engine.starts++;
      if (engine.starts <= failStarts) throw new HepmlError('kernel: expected the tslab kernel to answer within 60 s, found no answer.');
      let n = 0;
      return {
        async execute(): Promise<CellRun> {
          n++;
          if (n >= dieAt) return { status: 'dead', outputs: [], executionCount: null, error: { ename: 'KernelDied', evalue: 'exit code 1', traceback: [] } };
          return { status: 'ok', outputs: [], executionCount: n };
        },
        async shutdown() {},
      };
    },
  };
  return engine;
}

describe('grading/autograde: a kernel that does not start', () => {
  const root = tempDir('hepml-autograde-retry-');
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const source = autograderNotebook(readNotebook(HOMEWORK), HOMEWORK);
  const job = () => {
    fs.mkdirSync(path.join(root, 'ann'), { recursive: true });
    fs.writeFileSync(path.join(root, 'ann', 'homework.ipynb'), JSON.stringify(source));
    return { source, cells: assignmentCells(source, HOMEWORK), notebook: 'homework.ipynb', student: 'ann', folder: path.join(root, 'ann') };
  };

  it('is retried (no student code ran), then graded', async () => {
    const engine = fakeEngine(2);
    const r = await gradeSubmission(job(), { engine, cellTimeout: 10 });
    assert.equal(engine.starts, 3);
    assert.equal(r.status, 'graded');
    assert.equal(r.score, 5);
  });

  it('gives up after the retries; a kernel that died after running cells is not retried', async () => {
    const never = fakeEngine(10);
    assert.equal((await gradeSubmission(job(), { engine: never, cellTimeout: 10, startRetries: 1 })).status, 'died');
    assert.equal(never.starts, 2);
    const dies = fakeEngine(0, 5); // code cells: parameters, setup, square, test-square, mean (dies), test-mean
    const r = await gradeSubmission(job(), { engine: dies, cellTimeout: 10 });
    assert.equal(dies.starts, 1);
    assert.equal(r.status, 'died');
    assert.deepEqual(r.tests.map((t) => [t.gradeId, t.status]), [['test-square', 'passed'], ['test-mean', 'not-run']]);
  });
});
