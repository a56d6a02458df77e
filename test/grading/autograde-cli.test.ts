/**
 * The assignment commands' command line, without a kernel: usage errors and instructor errors are one
 * line naming the flag or file (exit 2 / 1), never a stack trace; `hepml assign` writes the release.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../harness/kernel/kernelspec';
import { HOMEWORK } from './assign-fixture';
import { tempDir } from './helpers';

function hepml(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'hepml.js'), ...args], { encoding: 'utf8', timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const oneLine = (s: string) => s.trim().split('\n').length === 1 && !/\n\s+at /.test(s);

describe('hepml assign / autograde / validate: command line', function () {
  this.timeout(300000);
  const root = tempDir('hepml-assign-cli-');
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('assign writes the release and says what it holds', () => {
    const r = hepml('assign', HOMEWORK, '--out', path.join(root, 'hw'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /homework\.ipynb: 2 answer cell\(s\), 2 test cell\(s\) worth 5 point\(s\), 1 graded by hand/);
    assert.ok(fs.existsSync(path.join(root, 'hw', 'student', 'homework.ipynb')) && fs.existsSync(path.join(root, 'hw', 'autograder', 'homework.ipynb')));
  });

  it('bad input is one line naming the flag or the file and cell', () => {
    const dup = path.join(root, 'dup.ipynb');
    const nb = JSON.parse(fs.readFileSync(HOMEWORK, 'utf8'));
    nb.cells[4].metadata.nbgrader.grade_id = 'square';
    fs.writeFileSync(dup, JSON.stringify(nb));
    const subs = path.join(root, 'subs');
    fs.mkdirSync(subs, { recursive: true });
    const cases: [string[], number, RegExp][] = [
      [['assign', HOMEWORK], 2, /^hepml assign: --out DIR is required/],
      [['assign', dup, '--out', path.join(root, 'x')], 1, /^hepml assign: .*dup\.ipynb: cell 5 \("square"\): expected unique grade_ids, found "square" also on cell 4\./],
      [['assign', path.join(PROJECT_ROOT, 'test', 'fixtures', 'success.ipynb'), '--out', path.join(root, 'x')], 1, /success\.ipynb: expected an nbgrader assignment/],
      [['autograde', '--source', path.join(root, 'hw', 'autograder'), '--submissions', subs], 2, /^hepml autograde: --out is required/],
      [['autograde', '--source', path.join(root, 'hw', 'autograder'), '--submissions', subs, '--out', path.join(root, 'o'), '--shard', '3/2'], 2, /--shard: expected K between 1 and 2/],
      [['autograde', '--source', path.join(root, 'nope'), '--submissions', subs, '--out', path.join(root, 'o')], 1, /--source .*nope: expected the autograder folder written by `hepml assign`, found nothing/],
      [['autograde', '--source', path.join(root, 'hw', 'autograder'), '--submissions', subs, '--out', path.join(subs, 'graded')], 1, /--out .*graded: expected a folder outside the submissions/],
      [['autograde', 'merge', path.join(root, 'hw'), '--out', path.join(root, 'm')], 1, /hw.grades\.json: expected the grades\.json of an autograde run, found none/],
      [['validate', path.join(PROJECT_ROOT, 'test', 'fixtures', 'success.ipynb')], 1, /success\.ipynb: expected an nbgrader assignment/],
    ];
    for (const [args, code, message] of cases) {
      const r = hepml(...args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.ok(oneLine(r.stderr), `${args.join(' ')}: one line, found ${r.stderr}`);
    }
    assert.equal(fs.existsSync(path.join(root, 'x')), false, 'nothing written for a refused assignment');
  });
});
