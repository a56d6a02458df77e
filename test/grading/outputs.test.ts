/**
 * Issue 16, grader item 3: the output set is switched in as a whole (a versioned folder plus one
 * pointer), a killed run leaves the previous set whole, a second run on the same --out is refused, and
 * feedback never goes stale.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toNpy } from '../../lib/data/npy-write';
import { gradeSubmissions } from '../../grading/grade';
import { LEADERBOARD_FILES } from '../../grading/outputs';
import { binaryToy, tempDir, writeHidden } from './helpers';

const N = 200;
const toy = binaryToy(N, 3);
const ROOT = resolve(__dirname, '..', '..');

/** Every file under `dir` (recursive, following the folder's own links), relative names. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(dir, join(prefix, e.name)) : [join(prefix, e.name)]));
}

/** The set a reader sees through --out: leaderboard.json's files and run id, and the feedback names. */
function view(out: string): { files: string[]; groups: string[]; run: string; md: string; csv: string; html: string; feedback: string[] } {
  const json = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8')) as { run: string; outcomes: { file: string }[]; leaderboard: { group: string }[] };
  return {
    files: json.outcomes.map((o) => o.file).sort(),
    groups: json.leaderboard.map((o) => o.group).sort(),
    run: json.run,
    md: readFileSync(join(out, 'leaderboard.md'), 'utf8'),
    csv: readFileSync(join(out, 'leaderboard.csv'), 'utf8'),
    html: readFileSync(join(out, 'leaderboard.html'), 'utf8'),
    feedback: readdirSync(join(out, 'feedback')).sort(),
  };
}

/** Each board names the same run and the same files, and there is one feedback file per outcome. */
function assertConsistent(out: string, files: string[]): void {
  const v = view(out);
  assert.deepEqual(v.files, [...files].sort());
  for (const text of [v.md, v.html]) assert.ok(text.includes(v.run), `a board from another run than ${v.run}`);
  assert.deepEqual(v.csv.trim().split('\n').slice(1).map((l) => l.split(',')[1]).sort(), v.groups);
  assert.deepEqual(v.feedback, files.map((f) => `${f}.txt`).sort());
}

describe('grading: outputs switched in as a set (issue 16 item 3)', function () {
  this.timeout(60000);
  let root: string;
  let labels: string;
  before(() => {
    root = tempDir();
    labels = writeHidden(root, 'top-tagging-dnn', toy.labels);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function subsWith(name: string, files: string[]): string {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(join(dir, f), toNpy(Float32Array.from(toy.scores, (v, i) => v + 1e-3 * ((i * f.charCodeAt(0)) % 7))));
    return dir;
  }

  it('a rerun on another set leaves no feedback for files no longer graded', () => {
    const out = join(root, 'out-stale');
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subsWith('s1', ['a__m.npy', 'b__m.npy']), out });
    assertConsistent(out, ['a__m.npy', 'b__m.npy']);
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subsWith('s2', ['c__m.npy']), out });
    assertConsistent(out, ['c__m.npy']);
  });

  it('a crash at any point leaves the previous set whole, and no temporary file in --out', () => {
    const out = join(root, 'out-crash');
    const old = ['a__m.npy', 'b__m.npy'];
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subsWith('s3', old), out });
    const newSubs = subsWith('s4', ['c__m.npy', 'd__m.npy', 'e__m.npy']);
    for (const at of ['feedback/d__m.npy.txt', 'leaderboard.csv', 'leaderboard.json', 'switch']) {
      assert.throws(() => gradeSubmissions({
        challenge: 'top-tagging-dnn', labels, submissions: newSubs, out,
        afterWrite: (file) => { if (file === at) throw new Error(`killed at ${at}`); },
      }), /killed at/);
      assertConsistent(out, old);
      assert.ok(!walk(out).some((f) => /tmp|staging/.test(f)), walk(out).join(', '));
    }
  });

  it('kill -9 in the middle of writing leaves the previous set whole; the next run cleans up and succeeds', () => {
    const out = join(root, 'out-kill');
    const old = ['a__m.npy'];
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subsWith('s5', old), out });
    const newSubs = subsWith('s6', ['x__m.npy', 'y__m.npy']);
    for (const at of ['leaderboard.csv', 'switch']) {
      const script = `const { gradeSubmissions } = require(${JSON.stringify(join(ROOT, 'grading', 'grade.ts'))});
gradeSubmissions({ challenge: 'top-tagging-dnn', labels: ${JSON.stringify(labels)}, submissions: ${JSON.stringify(newSubs)}, out: ${JSON.stringify(out)},
  afterWrite: (f) => { if (f === ${JSON.stringify(at)}) process.kill(process.pid, 'SIGKILL'); } });`;
      const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.signal, 'SIGKILL', r.stderr);
      assertConsistent(out, old);
    }
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: newSubs, out });
    assertConsistent(out, ['x__m.npy', 'y__m.npy']);
    assert.ok(!walk(out).some((f) => /staging|\.lock/.test(f)), walk(out).join(', '));
  });

  it('a second run on the same --out is refused with a clear message while the first holds it', () => {
    const out = join(root, 'out-lock');
    const subs = subsWith('s7', ['a__m.npy']);
    let inner: Error | undefined;
    gradeSubmissions({
      challenge: 'top-tagging-dnn', labels, submissions: subs, out,
      afterWrite: (f) => {
        if (f !== 'leaderboard.md') return;
        try {
          gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out });
        } catch (e) {
          inner = e as Error;
        }
      },
    });
    assert.ok(inner, 'the second run was not refused');
    assert.match(inner.message, new RegExp(`--out ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: expected no other grading run writing here, found one \\(pid ${process.pid}, started .*\\)\\. Wait for it to finish`));
    assertConsistent(out, ['a__m.npy']);
  });

  it('a lock left by a killed run (its process is gone) is taken over', () => {
    const out = join(root, 'out-stale-lock');
    mkdirSync(out);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(out, '.hepml-grade.lock'), JSON.stringify({ pid: Number(dead.stdout), host: require('node:os').hostname(), started: '2026-01-01T00:00:00.000Z' }));
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subsWith('s8', ['a__m.npy']), out });
    assertConsistent(out, ['a__m.npy']);
  });

  it('replaces the files of an older grader (plain files in --out) by the switched set', () => {
    const out = join(root, 'out-legacy');
    mkdirSync(join(out, 'feedback'), { recursive: true });
    for (const f of LEADERBOARD_FILES) writeFileSync(join(out, f), 'old');
    writeFileSync(join(out, 'feedback', 'gone__m.npy.txt'), 'old');
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subsWith('s9', ['a__m.npy']), out });
    assertConsistent(out, ['a__m.npy']);
  });
});
