/**
 * Autograde and validate through the real tslab kernel, on the tiny fixture assignment: a class of
 * submissions (right, untouched, failing a hidden test, tampered tests and read-only cells, a hang, a
 * process.exit, a missing and a malformed notebook), graded as two shards and merged. Each behaviour is
 * asserted on grades.csv / grades.json / the feedback pages.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import { ensureDist } from '../../harness/build';
import { KernelEngine } from '../../harness/kernel';
import { readNotebook, writeNotebook } from '../../harness/notebook';
import { assignNotebooks, toLines } from '../../grading/assign/assign';
import { autograde } from '../../grading/autograde/autograde';
import { mergeShards } from '../../grading/autograde/merge';
import type { GradesJson } from '../../grading/autograde/report';
import { validateSubmission } from '../../grading/autograde/validate';
import { HOMEWORK } from './assign-fixture';
import { tempDir } from './helpers';
import { skipWithoutZeromq } from '../zeromq';

const idOf = (c: ICell) => (c.metadata as { nbgrader?: { grade_id?: string } }).nbgrader?.grade_id;
const SQUARE = 'function square(x: number): number {\n  return x * x;\n}';
const MEAN = 'function mean(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0) / xs.length;\n}';

/** The student release with some cells' sources replaced (by grade_id) and some cells removed. */
function answered(release: INotebookContent, sources: Record<string, string>, drop: string[] = []): INotebookContent {
  const nb = structuredClone(release);
  nb.cells = nb.cells.filter((c) => !drop.includes(idOf(c) ?? ''));
  for (const c of nb.cells) {
    const id = idOf(c);
    if (id && sources[id] !== undefined) c.source = toLines(sources[id]);
  }
  return nb;
}

describe('grading/autograde through the tslab kernel', function () {
  this.timeout(900000);
  const root = tempDir('hepml-autograde-it-');
  const subs = path.join(root, 'subs');
  let merged: GradesJson;
  let release: INotebookContent;
  const sub = (student: string) => merged.submissions.find((s) => s.student === student)!;
  const test = (student: string, id: string) => sub(student).tests.find((t) => t.gradeId === id)!;

  before(async function () {
    skipWithoutZeromq(this);
    ensureDist();
    const [made] = assignNotebooks([HOMEWORK], path.join(root, 'assignment'));
    release = readNotebook(made.student);
    const put = (student: string, nb: INotebookContent | string) => {
      fs.mkdirSync(path.join(subs, student), { recursive: true });
      const file = path.join(subs, student, 'homework.ipynb');
      if (typeof nb === 'string') fs.writeFileSync(file, nb);
      else writeNotebook(file, nb);
    };
    put('ada', answered(release, { square: SQUARE, mean: MEAN }));
    put('ben', release);
    put('cy', answered(release, { square: 'function square(x: number): number {\n  return 3 * x;\n}', mean: MEAN }));
    put('dee', answered(release, { square: 'function square(x: number): number { return 0; }', mean: MEAN, 'test-square': 'console.log("tests? what tests");' }));
    put('eli', answered(release, { square: 'function square(x: number): number { return 0; }', mean: MEAN }, ['test-square']));
    put('fay', answered(release, { square: SQUARE, mean: MEAN, setup: "import { rocAucScore } from 'hepml-course';\nconst data = [5, 5, 5];\nconst perfect = 1;" }));
    put('gus', answered(release, { square: 'function square(x: number): number {\n  while (true) {}\n}', mean: MEAN }));
    put('hal', answered(release, { square: SQUARE, mean: 'function mean(xs: number[]): number {\n  process.exit(1);\n}' }));
    fs.mkdirSync(path.join(subs, 'ivy'));
    fs.writeFileSync(path.join(subs, 'ivy', 'notes.txt'), 'forgot the notebook');
    put('jo', '{ "cells": [ oops');
    put('kim', readNotebook(made.autograder));
    const source = path.join(root, 'assignment', 'autograder');
    const engine = new KernelEngine();
    const common = { source, submissions: subs, engine, jobs: 2, cellTimeout: 40 };
    await autograde({ ...common, out: path.join(root, 'shard1'), shard: { index: 1, count: 2 } });
    await autograde({ ...common, out: path.join(root, 'shard2'), shard: { index: 2, count: 2 } });
    merged = mergeShards([path.join(root, 'shard1'), path.join(root, 'shard2')], path.join(root, 'out'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('shards split the class and merge back to every student once', () => {
    assert.deepEqual(merged.students, ['ada', 'ben', 'cy', 'dee', 'eli', 'fay', 'gus', 'hal', 'ivy', 'jo', 'kim']);
    const csv = fs.readFileSync(path.join(root, 'out', 'grades.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'student,notebook,grade_id,points,max_points');
    assert.equal(csv.length, 1 + 2 * 11);
    assert.ok(csv.includes('ada,homework.ipynb,test-square,2,2') && csv.includes('ada,homework.ipynb,test-mean,3,3'), csv.join('\n'));
    for (const s of merged.students) assert.ok(fs.existsSync(path.join(root, 'out', 'feedback', s, 'homework.html')), s);
  });

  it('right answers earn full points; the untouched release earns 0 with the stub message', () => {
    assert.equal(sub('ada').score, 5, JSON.stringify(sub('ada')));
    assert.deepEqual(sub('ada').changes, []);
    assert.equal(sub('ben').score, 0);
    assert.equal(test('ben', 'test-square').message, 'Error: not implemented');
    assert.deepEqual(sub('ada').manual, [{ gradeId: 'explain', maxPoints: 1 }]);
  });

  it('the autograder copy itself runs green (its test cells differ from the release: hidden parts)', () => {
    assert.equal(sub('kim').score, 5, JSON.stringify(sub('kim')));
    assert.deepEqual(sub('kim').changes, [{ gradeId: 'test-square', kind: 'changed' }]);
  });

  it('hidden tests count: passing only the public part is not enough', () => {
    assert.equal(test('cy', 'test-square').points, 0);
    assert.match(test('cy', 'test-square').message!, /square\(-2\): expected 4, found -6/);
    assert.equal(test('cy', 'test-mean').points, 3);
  });

  it('an edited or deleted test cell is put back and graded; an edited read-only cell too', () => {
    assert.deepEqual(sub('dee').changes, [{ gradeId: 'test-square', kind: 'changed' }]);
    assert.equal(test('dee', 'test-square').points, 0);
    assert.match(test('dee', 'test-square').message!, /square\(3\): expected 9, found 0/);
    assert.deepEqual(sub('eli').changes, [{ gradeId: 'test-square', kind: 'deleted' }]);
    assert.equal(test('eli', 'test-square').status, 'failed');
    assert.equal(sub('eli').score, 3);
    assert.deepEqual(sub('fay').changes, [{ gradeId: 'setup', kind: 'changed' }]);
    assert.equal(sub('fay').score, 5, 'the released setup cell ran, not the edited one');
    const page = fs.readFileSync(path.join(root, 'out', 'feedback', 'dee', 'homework.html'), 'utf8');
    assert.match(page, /test-square<\/code> was edited; the instructor's version was graded/);
  });

  it('a hang scores the blocked tests 0 and stops only that student', () => {
    assert.equal(sub('gus').status, 'timeout');
    assert.equal(test('gus', 'test-square').status, 'failed');
    assert.match(test('gus', 'test-square').message!, /CellTimeoutError/);
    assert.equal(test('gus', 'test-mean').status, 'not-run');
    assert.match(test('gus', 'test-mean').message!, /not run: an earlier cell timed out/);
    assert.equal(sub('gus').score, 0);
  });

  it('process.exit in an answer scores what it blocks 0 and keeps what ran before', () => {
    assert.equal(sub('hal').status, 'died');
    assert.equal(test('hal', 'test-square').points, 2);
    assert.equal(test('hal', 'test-mean').points, 0);
    assert.match(test('hal', 'test-mean').message!, /KernelDied/);
  });

  it('a missing or malformed notebook is reported with its file, and scores 0', () => {
    assert.equal(sub('ivy').status, 'missing');
    assert.match(sub('ivy').message!, /subs\/ivy\/homework\.ipynb: expected the submitted notebook homework\.ipynb, found none\./);
    assert.equal(sub('jo').status, 'invalid');
    assert.match(sub('jo').message!, /subs\/jo\/homework\.ipynb: expected JSON, found malformed JSON/);
    assert.equal(sub('jo').score + sub('ivy').score, 0);
  });

  it('grading never writes into the submissions', () => {
    const files = fs.readdirSync(subs, { recursive: true }).map(String).sort();
    assert.deepEqual(files, ['ada', 'ada/homework.ipynb', 'ben', 'ben/homework.ipynb', 'cy', 'cy/homework.ipynb', 'dee', 'dee/homework.ipynb', 'eli', 'eli/homework.ipynb', 'fay', 'fay/homework.ipynb', 'gus', 'gus/homework.ipynb', 'hal', 'hal/homework.ipynb', 'ivy', 'ivy/notes.txt', 'jo', 'jo/homework.ipynb', 'kim', 'kim/homework.ipynb']);
  });

  it('validate: the public tests of a student copy, answers not yet written, edited read-only cells', async () => {
    const [hidden, untouched] = await Promise.all([
      validateSubmission(path.join(subs, 'cy', 'homework.ipynb'), { engine: new KernelEngine(), cellTimeout: 40 }),
      validateSubmission(path.join(subs, 'fay', 'homework.ipynb'), { engine: new KernelEngine(), cellTimeout: 40 }),
    ]);
    assert.deepEqual(hidden.tests.map((t) => [t.gradeId, t.status]), [['test-square', 'passed'], ['test-mean', 'passed']], 'square = 3x passes the public test');
    assert.equal(hidden.ok, true);
    assert.deepEqual(untouched.changed, ['setup']);
    assert.equal(untouched.ok, false);
    const stub = await validateSubmission(path.join(subs, 'ben', 'homework.ipynb'), { engine: new KernelEngine(), cellTimeout: 40 });
    assert.deepEqual(stub.unanswered, ['square', 'mean']);
    assert.deepEqual(stub.tests.map((t) => t.status), ['failed', 'failed']);
  });
});
