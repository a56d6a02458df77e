import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { TslabSession } from '../../../harness/kernel/session';
import { skipWithoutZeromq } from '../../zeromq';

describe('harness/kernel/session with a fake kernel', function () {
  this.timeout(60000);
  before(function () {
    skipWithoutZeromq(this);
  });

  it('a cell whose iopub idle is lost finishes after a short iopub silence, not at the cell timeout (issue 16.7)', async () => {
    const fake = path.join(__dirname, 'fake-kernel.ts');
    const spec = { argv: [process.execPath, '--require', 'tsx/cjs', fake, '{connection_file}'], display_name: 'fake', language: 'typescript', file: path.join(__dirname, 'kernels', 'fake', 'kernel.json') };
    const session = await TslabSession.start(spec, { cwd: __dirname }, { iopubGraceMs: 500 });
    try {
      const t0 = Date.now();
      const run = await session.execute('anything', { timeoutMs: 30000 });
      const seconds = (Date.now() - t0) / 1000;
      assert.equal(run.status, 'ok');
      assert.equal(run.executionCount, 1);
      assert.deepEqual(run.outputs, [{ output_type: 'stream', name: 'stdout', text: 'out\n' }]);
      assert.ok(seconds < 10, `took ${seconds} s`);
    } finally {
      await session.shutdown();
    }
  });
});
