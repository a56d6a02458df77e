/** `autograde --jobs N`: kernels side by side keep their network training to one thread (HEPML_NN_THREADS=1). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeNotebook, readNotebook } from '../../harness/notebook';
import type { Engine, StartOptions } from '../../harness/engine';
import { assignNotebooks } from '../../grading/assign/assign';
import { autograde } from '../../grading/autograde/autograde';
import { HOMEWORK } from './assign-fixture';
import { tempDir } from './helpers';

describe('grading/autograde: network threads of parallel kernels', () => {
  const root = tempDir('hepml-autograde-threads-');
  const subs = path.join(root, 'subs');
  const [made] = assignNotebooks([HOMEWORK], path.join(root, 'assignment'));
  for (const s of ['ann', 'bob']) {
    fs.mkdirSync(path.join(subs, s), { recursive: true });
    writeNotebook(path.join(subs, s, 'homework.ipynb'), readNotebook(made.student));
  }
  const source = path.join(root, 'assignment', 'autograder');

  for (const [jobs, env, want] of [[2, undefined, '1'], [1, undefined, undefined], [2, '2', undefined]] as const) {
    it(`--jobs ${jobs}${env ? ` with HEPML_NN_THREADS=${env} set` : ''}: kernels get HEPML_NN_THREADS=${want ?? '(not set by autograde)'}`, async () => {
      const starts: StartOptions[] = [];
      const engine: Engine = { name: 'none', start: (o) => (starts.push(o), Promise.reject(new Error('no kernel in this test'))) };
      const before = process.env.HEPML_NN_THREADS;
      if (env) process.env.HEPML_NN_THREADS = env;
      else delete process.env.HEPML_NN_THREADS;
      try {
        await autograde({ source, submissions: subs, out: path.join(root, `out-${jobs}-${env}`), engine, jobs }).catch(() => undefined);
      } finally {
        if (before === undefined) delete process.env.HEPML_NN_THREADS;
        else process.env.HEPML_NN_THREADS = before;
      }
      assert.ok(starts.length >= 1, "a kernel was started");
      for (const s of starts) assert.equal(s.env?.HEPML_NN_THREADS, want);
      assert.equal(process.env.HEPML_NN_THREADS, before, 'this process\'s environment is left alone');
    });
  }
});
