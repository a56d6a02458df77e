import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { typecheckNotebooks, CROSS_CELL_SHORTHAND } from '../../harness/typecheck';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'check', 'shorthand.ipynb');

describe('harness/typecheck: the tslab cross-cell shorthand bug', function () {
  this.timeout(60_000);

  it('hepml check flags { seed } from an earlier cell, not { local } or { seed: seed }', () => {
    const diags = typecheckNotebooks([FIXTURE]).filter((d) => d.code === CROSS_CELL_SHORTHAND);
    assert.deepEqual(diags.map((d) => [d.cell, d.line, d.column]), [[2, 3, 15]]);
    assert.match(diags[0].message, /Write \{ seed: seed \}/);
  });

  it('the bug is real: the kernel throws ReferenceError on exactly that line', () => {
    const out = mkdtempSync(join(tmpdir(), 'hepml-shorthand-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'bin', 'hepml.js'), 'run', FIXTURE, '--allow-errors', '--out', out], { cwd: ROOT, stdio: 'pipe' });
      const nb = JSON.parse(readFileSync(join(out, 'shorthand.ipynb'), 'utf8'));
      const errors = nb.cells[1].outputs.filter((o: { output_type: string }) => o.output_type === 'error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].ename, 'ReferenceError');
      assert.match(errors[0].evalue, /seed is not defined/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
