/**
 * The assignment format without a kernel: nbgrader metadata checks, solution / hidden-test regions,
 * nbgrader-compatible checksums (cross-checked with Python's md5 on nbgrader's formula), the release
 * written by assignNotebooks, and the nbgrader marks of tools/nbsrc.ts.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import { PROJECT_ROOT } from '../../harness/kernel/kernelspec';
import { readNotebook, sourceText } from '../../harness/notebook';
import { assignmentCells, computeChecksum, isLocked, pythonFloat } from '../../grading/assign/metadata';
import { clearSolutionRegions, removeHiddenTests, CODE_STUB } from '../../grading/assign/regions';
import { assignNotebooks, studentNotebook } from '../../grading/assign/assign';
import { convert } from '../../tools/nbsrc';
import { tempDir } from './helpers';

import { HOMEWORK } from './assign-fixture';

const byId = (nb: INotebookContent, id: string): ICell => nb.cells.find((c) => (c.metadata as { nbgrader?: { grade_id?: string } }).nbgrader?.grade_id === id)!;
const meta = (id: string, extra: Record<string, unknown> = {}) => ({ nbgrader: { schema_version: 3, grade: false, solution: true, locked: false, task: false, grade_id: id, ...extra } });
function nbOf(cells: Partial<ICell>[]): INotebookContent {
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((c, i) => ({ cell_type: 'code', source: '', metadata: {}, outputs: [], execution_count: null, id: `c${i}`, ...c })) as ICell[] };
}

describe('grading/assign: nbgrader metadata', () => {
  it('lists the assignment cells with their roles and points', () => {
    const cells = assignmentCells(readNotebook(HOMEWORK), HOMEWORK);
    assert.deepEqual(cells.map((c) => [c.gradeId, c.role, c.points]), [
      ['setup', 'locked', 0], ['square', 'solution', 0], ['test-square', 'test', 2], ['mean', 'solution', 0], ['test-mean', 'test', 3], ['explain', 'task', 1],
    ]);
  });

  it('refuses duplicate and missing grade_ids, naming the file and both cells', () => {
    const dup = nbOf([{ metadata: meta('a') }, { metadata: meta('a') }]);
    assert.throws(() => assignmentCells(dup, 'hw.ipynb'), /^HepmlError: hw\.ipynb: cell 2 \("a"\): expected unique grade_ids, found "a" also on cell 1\./);
    const none = nbOf([{ metadata: { nbgrader: { schema_version: 3, solution: true } } }]);
    assert.throws(() => assignmentCells(none, 'hw.ipynb'), /hw\.ipynb: cell 1: expected a "grade_id"/);
  });

  it('refuses a non-nbgrader notebook, an old schema, points missing on a test, markers in the wrong cell', () => {
    assert.throws(() => assignmentCells(nbOf([{ source: 'let x = 1;' }]), 'plain.ipynb'), /plain\.ipynb: expected an nbgrader assignment .* found none/);
    assert.throws(() => assignmentCells(nbOf([{ metadata: { nbgrader: { ...meta('a').nbgrader, schema_version: 1 } } }]), 'f.ipynb'), /cell 1 \("a"\): expected nbgrader schema_version 3, found 1/);
    assert.throws(() => assignmentCells(nbOf([{ metadata: meta('t', { solution: false, grade: true, locked: true }) }]), 'f.ipynb'), /cell 1 \("t"\): expected "points" as a number >= 0 on a test cell, found undefined/);
    assert.throws(() => assignmentCells(nbOf([{ metadata: meta('s'), source: 'x\n// END SOLUTION' }]), 'f.ipynb'), /line 2: expected "BEGIN SOLUTION" before "END SOLUTION"/);
    assert.throws(() => assignmentCells(nbOf([{ metadata: meta('s'), source: '// BEGIN SOLUTION\nx' }]), 'f.ipynb'), /line 1: expected "END SOLUTION" after "BEGIN SOLUTION", found the end of the cell/);
    assert.throws(() => assignmentCells(nbOf([{ metadata: meta('s') }, { source: '// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS' }]), 'f.ipynb'), /f\.ipynb: cell 2: line 1: expected "BEGIN HIDDEN TESTS" only in an autograder test cell/);
  });

  it('follows nbgrader: grade cells are locked, solution cells never', () => {
    assert.equal(isLocked(nbOf([{ metadata: meta('a', { solution: false, grade: true, points: 1 }) }]).cells[0]), true);
    assert.equal(isLocked(nbOf([{ metadata: meta('a', { locked: true }) }]).cells[0]), false);
    assert.equal(pythonFloat(2), '2.0');
    assert.equal(pythonFloat(1.5), '1.5');
    assert.equal(pythonFloat(1e-7), '1e-07');
  });

  it('computes the checksums nbgrader computes (Python md5 on nbgrader.utils.compute_checksum)', function () {
    const py = '/usr/bin/python3';
    if (!fs.existsSync(py)) {
      console.log('    skipped: /usr/bin/python3 not found');
      this.skip();
    }
    const nb = studentNotebook(readNotebook(HOMEWORK), HOMEWORK);
    // nbgrader.utils.compute_checksum, with is_grade / is_solution / is_locked, written out.
    const script = `
import json, sys, hashlib
nb = json.load(sys.stdin)
def g(c, k): return c['metadata'].get('nbgrader', {}).get(k, False)
def locked(c):
    if g(c, 'solution'): return False
    if g(c, 'grade'): return True
    return g(c, 'locked')
out = {}
for c in nb['cells']:
    if 'nbgrader' not in c['metadata']: continue
    m = hashlib.md5()
    src = c['source'] if isinstance(c['source'], str) else ''.join(c['source'])
    m.update(src.encode('utf-8')); m.update(c['cell_type'].encode('utf-8'))
    m.update(str(bool(g(c, 'grade'))).encode()); m.update(str(bool(g(c, 'solution'))).encode()); m.update(str(bool(locked(c))).encode())
    m.update(c['metadata']['nbgrader']['grade_id'].encode('utf-8'))
    if g(c, 'grade'): m.update(str(float(c['metadata']['nbgrader']['points'])).encode())
    out[c['metadata']['nbgrader']['grade_id']] = m.hexdigest()
print(json.dumps(out))`;
    const expected = JSON.parse(execFileSync(py, ['-c', script], { input: JSON.stringify(nb) }).toString()) as Record<string, string>;
    assert.equal(Object.keys(expected).length, 6);
    for (const [id, sum] of Object.entries(expected)) {
      assert.equal(computeChecksum(byId(nb, id)), sum, id);
      assert.equal((byId(nb, id).metadata as { nbgrader: { checksum: string } }).nbgrader.checksum, sum, `${id}: recorded`);
    }
  });
});

describe('grading/assign: regions', () => {
  it('replaces each solution region by the stub, indented as its BEGIN line', () => {
    const text = 'function f() {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}\nconst a = 1;\n// BEGIN SOLUTION\nconst b = 2;\n// END SOLUTION';
    assert.equal(clearSolutionRegions(text, CODE_STUB), `function f() {\n  ${CODE_STUB[0]}\n  ${CODE_STUB[1]}\n}\nconst a = 1;\n${CODE_STUB.join('\n')}`);
    assert.equal(clearSolutionRegions('no markers', CODE_STUB), undefined);
  });

  it('removes hidden tests with their markers', () => {
    assert.equal(removeHiddenTests('a;\n// BEGIN HIDDEN TESTS\nsecret;\n// END HIDDEN TESTS\nb;\n// BEGIN HIDDEN TESTS\nmore;\n// END HIDDEN TESTS\n'), 'a;\nb;');
  });
});

describe('grading/assign: the release', () => {
  const out = tempDir('hepml-assign-');
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes student and autograder copies; the student copy has no solution and no hidden test', () => {
    const [made] = assignNotebooks([HOMEWORK], out);
    assert.equal(made.student, path.join(out, 'student', 'homework.ipynb'));
    const student = readNotebook(made.student);
    const autograder = readNotebook(made.autograder);
    const all = (nb: INotebookContent) => nb.cells.map((c) => sourceText(c.source)).join('\n');
    assert.ok(!/BEGIN SOLUTION|return x \* x|BEGIN HIDDEN|square\(-2\)/.test(all(student)), all(student));
    assert.match(sourceText(byId(student, 'square').source), /\/\/ YOUR CODE HERE\n {2}throw new Error\('not implemented'\);/);
    assert.match(sourceText(byId(student, 'test-square').source), /square\(3\)/);
    assert.match(all(autograder), /return x \* x/);
    assert.match(all(autograder), /square\(-2\)/);
    assert.deepEqual(Object.keys(byId(student, 'test-square').metadata).sort(), ['deletable', 'editable', 'nbgrader']);
    assert.equal((byId(student, 'test-square').metadata as { editable: boolean }).editable, false);
    assert.equal((byId(student, 'square').metadata as { editable?: boolean }).editable, undefined);
    for (const c of [...student.cells, ...autograder.cells]) if (c.cell_type === 'code') assert.deepEqual((c as { outputs: unknown[] }).outputs, []);
  });

  it('checks every notebook before writing anything', () => {
    const bad = path.join(out, 'bad.ipynb');
    fs.writeFileSync(bad, '{ not json');
    const target = path.join(out, 'second');
    assert.throws(() => assignNotebooks([HOMEWORK, bad], target), /bad\.ipynb: expected JSON, found malformed JSON/);
    assert.equal(fs.existsSync(target), false);
    const plain = path.join(PROJECT_ROOT, 'test', 'fixtures', 'success.ipynb');
    assert.throws(() => assignNotebooks([plain], target), /success\.ipynb: expected an nbgrader assignment/);
  });
});

describe('tools/nbsrc: assignment marks', () => {
  const src = [
    '// %% solution=answer', 'let a = 1;',
    '// %% test=test-answer points=2 tags=["x"]', 'if (a !== 1) throw new Error();',
    '// %% [markdown] task=why points=1.5', '// Why?',
    '// %% nbgrader={"grade_id": "ro", "locked": true, "note": "a } b"}', 'const c = 3;',
  ].join('\n');

  it('turns the shorthands into nbgrader schema_version 3 metadata', () => {
    const nb = convert(src, 'x') as INotebookContent;
    const m = nb.cells.map((c) => c.metadata);
    assert.deepEqual(m[0], { nbgrader: { grade: false, locked: false, schema_version: 3, solution: true, task: false, grade_id: 'answer' } });
    assert.deepEqual(m[1], { tags: ['x'], nbgrader: { grade: true, locked: true, schema_version: 3, solution: false, task: false, points: 2, grade_id: 'test-answer' } });
    assert.deepEqual(m[2], { nbgrader: { grade: false, locked: true, schema_version: 3, solution: false, task: true, points: 1.5, grade_id: 'why' } });
    assert.deepEqual(m[3], { nbgrader: { grade: false, locked: true, schema_version: 3, solution: false, task: false, grade_id: 'ro', note: 'a } b' } });
    assert.equal(assignmentCells(nb, 'x.ipynb').length, 4);
  });

  it('names the line of a bad mark', () => {
    assert.throws(() => convert('// %%\nx\n// %% test=t', 'nb'), /nb\.ts:3: expected points=N on a test cell/);
    assert.throws(() => convert('// %% solution=a test=b', 'nb'), /nb\.ts:1: expected one of solution=/);
  });

  it('regenerates the fixture notebook from its percent source unchanged', () => {
    const dir = path.dirname(HOMEWORK);
    const made = JSON.stringify(convert(fs.readFileSync(path.join(dir, 'homework.ts'), 'utf8'), 'homework'), null, 1) + '\n';
    assert.equal(made, fs.readFileSync(HOMEWORK, 'utf8'));
  });
});
