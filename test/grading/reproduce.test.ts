/**
 * Issue 14 item 6: `hepml grade --reproduce` reruns the notebook beside a prediction file in a fresh
 * working copy, through the harness runner, and marks the submission "reproduced" (every score equal
 * within 1e-6) or "not reproducible" (with the reason). A fake engine tests the logic; one tiny
 * notebook goes through the real tslab kernel.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CellRun, Engine, KernelSession, StartOptions } from '../../harness/engine';
import { toNpy } from '../../lib/data/npy-write';
import { gradeSubmissionsAsync, type GradeResult } from '../../grading/grade';
import { binaryToy, tempDir, writeHidden } from './helpers';
import { skipWithoutZeromq } from '../zeromq';

/** Runs each cell as JavaScript with the kernel's working folder as cwd (what tslab does, minus TypeScript). */
class JsEngine implements Engine {
  readonly name = 'js';
  readonly cwds: string[] = [];
  async start(options: StartOptions): Promise<KernelSession> {
    this.cwds.push(options.cwd);
    return {
      async execute(code: string): Promise<CellRun> {
        const here = process.cwd();
        try {
          process.chdir(options.cwd);
          new Function('require', code)(require);
          return { status: 'ok', outputs: [], executionCount: 1 };
        } catch (e) {
          return { status: 'error', outputs: [], executionCount: 1, error: { ename: (e as Error).name, evalue: (e as Error).message, traceback: [] } };
        } finally {
          process.chdir(here);
        }
      },
      async shutdown() { /* nothing to stop */ },
    };
  }
}

/** A notebook whose one code cell writes `scores` as float32 NPY to `submission_predictions/<file>` (plain JS, valid TypeScript). */
function notebook(file: string, scores: ArrayLike<number> | null, extra = ''): string {
  const code = scores === null ? extra : `${extra}
const fs = require('fs');
const scores = ${JSON.stringify(Array.from(scores))};
let h = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + scores.length + ",), }";
h += ' '.repeat((64 - ((10 + h.length + 1) % 64)) % 64) + '\\n';
const len = Buffer.alloc(2);
len.writeUInt16LE(h.length, 0);
const body = Buffer.from(new Float32Array(scores).buffer);
fs.mkdirSync('submission_predictions', { recursive: true });
fs.writeFileSync('submission_predictions/${file}', Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]), len, Buffer.from(h, 'latin1'), body]));`;
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: [{ cell_type: 'code', id: 'c1', metadata: {}, source: code, outputs: [], execution_count: null }],
  });
}

describe('grading: --reproduce (issue 14 item 6)', function () {
  this.timeout(120000);
  const N = 200;
  const toy = binaryToy(N, 21);
  const scores = Float32Array.from(toy.scores);
  const other = Float32Array.from(toy.scores, (v, i) => (i % 3 === 0 ? 1 - v : v));
  let root: string;
  let labels: string;
  let subs: string;
  before(() => {
    root = tempDir();
    labels = writeHidden(root, 'top-tagging-dnn', toy.labels);
    mkdirSync(join(root, 'student'));
    writeFileSync(join(root, 'student', 'challenge.json'), '{"id": "top-tagging-dnn"}');
    subs = join(root, 'subs');
    mkdirSync(subs);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  describe('with a fake engine', () => {
    let r: GradeResult;
    const engine = new JsEngine();
    let subsBefore: string[];
    before(async () => {
      const put = (stem: string, npy: Float32Array, nb?: string): void => {
        writeFileSync(join(subs, `${stem}.npy`), toNpy(npy));
        if (nb !== undefined) writeFileSync(join(subs, `${stem}.ipynb`), nb);
      };
      put('good__m', scores, notebook('good__m.npy', scores, "if (!require('fs').existsSync('student/challenge.json')) throw new Error('no student folder');"));
      put('diff__m', scores, notebook('diff__m.npy', other));
      put('fail__m', scores, notebook('fail__m.npy', null, "throw new Error('out of coffee');"));
      put('none__m', scores, notebook('none__m.npy', null, 'const x = 1;'));
      put('plain__m', scores);
      subsBefore = readdirSync(subs).sort();
      r = await gradeSubmissionsAsync({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(root, 'out'), reproduce: { engine, student: join(root, 'student') } });
    });
    const o = (file: string) => r.outcomes.find((x) => x.file === file)!;

    it('marks a notebook that writes the same scores "reproduced"', () => {
      assert.equal(o('good__m.npy').reproduction?.status, 'reproduced', o('good__m.npy').reproduction?.note);
      assert.equal(o('good__m.npy').status, 'ranked');
    });

    it('marks different scores, a failing notebook and a missing output "not reproducible", with the reason', () => {
      assert.equal(o('diff__m.npy').reproduction?.status, 'not reproducible');
      assert.match(o('diff__m.npy').reproduction!.note, /ROC AUC.*differs/);
      assert.match(o('fail__m.npy').reproduction!.note, /the notebook failed: .*out of coffee/);
      assert.match(o('none__m.npy').reproduction!.note, /wrote no none__m\.npy/);
      assert.equal(o('plain__m.npy').reproduction, undefined);
      assert.equal(o('good__m.ipynb').status, 'ignored');
    });

    it('shows the mark on the board and in the feedback', () => {
      const md = readFileSync(join(root, 'out', 'leaderboard.md'), 'utf8');
      assert.match(md, /\| good \| m \|.*\| reproduced \|/);
      assert.match(md, /\| diff \| m \|.*\| not reproducible \|/);
      assert.match(readFileSync(join(root, 'out', 'feedback', 'fail__m.npy.txt'), 'utf8'), /reproduction: not reproducible: the notebook failed/);
    });

    it('runs each notebook in a fresh folder outside --submissions and --out, removed afterwards', () => {
      assert.equal(engine.cwds.length, 4);
      assert.equal(new Set(engine.cwds).size, 4);
      for (const cwd of engine.cwds) {
        assert.ok(!cwd.startsWith(subs) && !cwd.startsWith(join(root, 'out')), cwd);
        assert.ok(!existsSync(cwd), `${cwd} left behind`);
      }
      assert.deepEqual(readdirSync(subs).sort(), subsBefore);
    });
  });

  it('reproduces through the real tslab kernel', async function () {
    skipWithoutZeromq(this);
    const { KernelEngine } = require('../../harness/kernel') as typeof import('../../harness/kernel');
    (require('../../harness/build') as typeof import('../../harness/build')).ensureDist();
    const dir = join(root, 'real');
    mkdirSync(dir);
    writeFileSync(join(dir, 'k__m.npy'), toNpy(scores));
    writeFileSync(join(dir, 'k__m.ipynb'), notebook('k__m.npy', scores));
    const r = await gradeSubmissionsAsync({ challenge: 'top-tagging-dnn', labels, submissions: dir, out: join(root, 'out-real'), reproduce: { engine: new KernelEngine(), cellTimeout: 60 } });
    const rep = r.outcomes.find((x) => x.file === 'k__m.npy')!.reproduction;
    assert.equal(rep?.status, 'reproduced', rep?.note);
  });
});
