/**
 * The course's own assignment: notebooks 02 and 06 carry graded tasks, `assign` makes a real release of
 * them, and the student copies pass `hepml check` (the same type-check, with the library's types).
 * The autograder copies are the course notebooks minus outputs, so `npm run course` (test/notebooks)
 * running them green is the autograder copies running green.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDist } from '../../harness/build';
import { PROJECT_ROOT } from '../../harness/kernel/kernelspec';
import { readNotebook, sourceText } from '../../harness/notebook';
import { formatDiagnostic, typecheckNotebooks } from '../../harness/typecheck';
import { assignNotebooks } from '../../grading/assign/assign';

const COURSE = ['02-ww-mlp.ipynb', '06-top-tagging-dnn.ipynb'].map((f) => path.join(PROJECT_ROOT, 'notebooks', f));

describe('grading/assign: the course notebooks 02 and 06', function () {
  this.timeout(300000);
  // Inside the project (out/ is ignored), so that `import ... from 'hepml-course'` resolves as in a student's checkout.
  const out = path.join(PROJECT_ROOT, 'out', `test-assign-course-${process.pid}`);
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('yields a real assignment whose student copies type-check and hold no solution', () => {
    ensureDist();
    const made = assignNotebooks(COURSE, out);
    for (const m of made) {
      const tests = m.cells.filter((c) => c.role === 'test');
      assert.ok(m.cells.some((c) => c.role === 'solution'), `${m.name}: an answer cell`);
      assert.ok(tests.length >= 1 && tests.every((t) => t.points > 0), `${m.name}: test cells with points`);
      const student = readNotebook(m.student).cells.map((c) => sourceText(c.source)).join('\n');
      assert.ok(!/BEGIN SOLUTION|BEGIN HIDDEN TESTS/.test(student), m.name);
      assert.match(student, /throw new Error\('not implemented'\)/);
      const course = readNotebook(path.join(PROJECT_ROOT, 'notebooks', m.name));
      assert.deepEqual(readNotebook(m.autograder).cells.map((c) => sourceText(c.source)), course.cells.map((c) => sourceText(c.source)), `${m.name}: the autograder copy is the course notebook`);
    }
    const diags = typecheckNotebooks(made.map((m) => m.student));
    assert.deepEqual(diags.map(formatDiagnostic), []);
  });
});
