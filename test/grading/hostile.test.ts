/**
 * Issue 16, grader items 1, 2, 4 and 5: hostile names and contents, identities, instructor errors. Each
 * test reproduces one defect found by the hostile-input sweep (it failed before the fix).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toNpy } from '../../lib/data/npy-write';
import { HepmlError } from '../../lib/errors';
import { rocAucScore } from '../../lib/metrics';
import { gradeSubmissions } from '../../grading/grade';
import { LEADERBOARD_FILES } from '../../grading/outputs';
import { binaryToy, lcg, rawNpy, tempDir, writeHidden } from './helpers';

const N = 300;
const toy = binaryToy(N, 5);
const good = toNpy(Float32Array.from(toy.scores));

/** All text the run wrote (leaderboard files and feedback), by relative path. */
function outputs(out: string): Record<string, string> {
  const all: Record<string, string> = {};
  for (const f of LEADERBOARD_FILES) all[f] = readFileSync(join(out, f), 'utf8');
  for (const f of readdirSync(join(out, 'feedback'))) all[`feedback/${f}`] = readFileSync(join(out, 'feedback', f), 'utf8');
  return all;
}

describe('grading: hostile submissions (issue 16)', () => {
  const roots: string[] = [];
  after(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });
  function setup(labels: Int32Array = toy.labels, ids?: Int32Array): { root: string; labels: string; subs: string; out: string } {
    const root = tempDir();
    roots.push(root);
    const subs = join(root, 'subs');
    mkdirSync(subs);
    return { root, labels: writeHidden(root, 'top-tagging-dnn', labels, ids ? { ids } : {}), subs, out: join(root, 'out') };
  }

  describe('1. output names', () => {
    it('a 253-character safe file name does not abort the run; every feedback name is bounded', () => {
      const { labels, subs, out } = setup();
      const long = `${'g'.repeat(124)}__${'m'.repeat(123)}.npy`;
      assert.equal(long.length, 253);
      writeFileSync(join(subs, long), good);
      writeFileSync(join(subs, 'ok__m.npy'), good);
      const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out });
      assert.equal(r.outcomes.find((o) => o.file === 'ok__m.npy')!.status, 'ranked');
      assert.equal(r.outcomes.find((o) => o.file === long)!.status, 'rejected');
      const names = readdirSync(join(out, 'feedback'));
      assert.equal(names.length, 2);
      for (const f of names) assert.ok(Buffer.byteLength(f) <= 160, `${f.length} bytes`);
    });

    it('names that differ only in unsafe characters or in case get separate feedback files', () => {
      const { labels, subs, out } = setup();
      const files = ['col__a b.npy', 'col__a#b.npy', 'col__a?b.npy', 'x__m.npy', 'X__m.npy'];
      for (const f of files) writeFileSync(join(subs, f), good);
      const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out });
      const names = readdirSync(join(out, 'feedback'));
      assert.equal(names.length, files.length);
      assert.equal(new Set(names.map((n) => n.toLowerCase())).size, files.length, names.join(', '));
      for (const o of r.outcomes) {
        const text = readFileSync(join(out, 'feedback', o.feedback!), 'utf8');
        assert.ok(text.includes(JSON.stringify(o.file)), o.file);
      }
    });
  });

  describe('2. nothing of a submission is echoed onto the board', () => {
    it('a 2 MB one-line CSV is quoted as a short excerpt only', () => {
      const { labels, subs, out } = setup();
      writeFileSync(join(subs, 'big__line.csv'), 'x'.repeat(2_000_000));
      const bad = `id,score\n0,${'7'.repeat(500_000)}z\n`;
      writeFileSync(join(subs, 'big__value.csv'), bad);
      gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out });
      for (const [f, text] of Object.entries(outputs(out))) assert.ok(text.length < 20_000, `${f}: ${text.length} characters`);
      assert.match(readFileSync(join(out, 'leaderboard.md'), 'utf8'), /big__line\.csv.*\[csv\].*xxxx…/);
    });

    it('a 10 000-character NPY dtype is quoted as a short excerpt only', () => {
      const { labels, subs, out } = setup();
      writeFileSync(join(subs, 'hdr__long.npy'), rawNpy(`{'descr': '<${'f'.repeat(10000)}', 'fortran_order': False, 'shape': (300,), }`, new Uint8Array(1200)));
      const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out });
      const msg = r.outcomes[0].problems[0].message;
      assert.ok(msg.length < 300, `${msg.length} characters`);
      assert.match(msg, /ffff…" \(10001 characters\)/);
    });

    it('a hard link to another file is refused without being read', () => {
      const { root, labels, subs, out } = setup();
      const secret = join(root, 'secret.csv');
      writeFileSync(secret, 'SECRET-TOKEN-4711,do not publish\n');
      chmodSync(secret, 0o600);
      linkSync(secret, join(subs, 'evil__x.csv'));
      const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out });
      const o = r.outcomes.find((x) => x.file === 'evil__x.csv')!;
      assert.notEqual(o.status, 'ranked');
      assert.match(o.note ?? o.problems.map((p) => p.message).join(' '), /hard link/);
      for (const [f, text] of Object.entries(outputs(out))) assert.ok(!text.includes('SECRET-TOKEN'), f);
    });

    it('control and bidi characters in names are never shown raw; a newline does not break leaderboard.md', () => {
      const { labels, subs, out } = setup();
      writeFileSync(join(subs, 'nl__a\nb.npy'), good);
      writeFileSync(join(subs, 'rtl__a\u202eypn.b.npy'), good);
      writeFileSync(join(subs, 'esc__\u001b[31mred.npy'), good);
      gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out });
      for (const [f, text] of Object.entries(outputs(out))) {
        assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u001b]/.test(text), `${f} holds a raw control/bidi character`);
      }
      const md = readFileSync(join(out, 'leaderboard.md'), 'utf8').split('\n');
      const entries = md.filter((l) => l.startsWith('- '));
      assert.equal(entries.length, 3);
      for (const l of entries) assert.match(l, /\((rejected|ignored)\): \[?/);
      assert.ok(!md.some((l) => /^b\.npy/.test(l)), 'a name continued on its own line');
    });
  });

  describe('4. one identity per group and model', () => {
    it('x__m.npy, x__m.NPY and X__M.csv are one identity: refused as duplicates, never ranked twice', () => {
      const { labels, subs, out } = setup();
      writeFileSync(join(subs, 'x__m.npy'), good);
      writeFileSync(join(subs, 'x__m.NPY'), good);
      writeFileSync(join(subs, 'X__M.csv'), 'id,score\n' + Array.from(toy.scores, (s, i) => `${i},${s}`).join('\n') + '\n');
      writeFileSync(join(subs, 'y__m.npy'), good);
      const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out });
      assert.deepEqual(r.leaderboard.map((o) => o.file), ['y__m.npy']);
      for (const f of ['x__m.npy', 'x__m.NPY', 'X__M.csv']) {
        const o = r.outcomes.find((x) => x.file === f)!;
        assert.equal(o.status, 'rejected', f);
        assert.deepEqual(o.problems.map((p) => p.code), ['duplicate'], f);
        assert.match(o.problems[0].message, /X__M\.csv, x__m\.NPY, x__m\.npy/);
      }
    });

    it('team, Team and TEAM are one group under the per-group limit', () => {
      const { labels, subs, out } = setup();
      for (const [j, g] of ['team', 'Team', 'TEAM'].entries()) {
        for (let k = 0; k < 4; k++) {
          const noise = lcg(10 * j + k, N);
          writeFileSync(join(subs, `${g}__m${j}${k}.npy`), toNpy(Float32Array.from(toy.scores, (v, i) => 0.7 * v + 0.3 * noise[i])));
        }
      }
      const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out });
      assert.equal(r.leaderboard.length, 5);
      assert.equal(r.outcomes.filter((o) => o.status === 'not-ranked').length, 7);
    });
  });

  describe('5. instructor errors stop with one line naming the path', () => {
    const oneLine = (fn: () => unknown, re: RegExp): void => {
      assert.throws(fn, (e: Error) => {
        assert.ok(e instanceof HepmlError, `${e.constructor.name}: ${e.message}`);
        assert.ok(!e.message.includes('\n'), e.message);
        assert.match(e.message, re);
        return true;
      });
    };

    it('single-class labels', () => {
      const { labels, subs, out } = setup(new Int32Array(N));
      writeFileSync(join(subs, 'a__m.npy'), good);
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out }), /labels\.npy: expected both classes \(0 and 1\).*found only class 0/);
    });

    it('duplicate row ids', () => {
      const { labels, subs, out } = setup(toy.labels, new Int32Array(N).fill(3));
      writeFileSync(join(subs, 'a__m.npy'), good);
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out }), /ids\.npy: expected unique row ids, found id 3 at rows 0 and 1/);
    });

    it('a public fraction that leaves no public row', () => {
      const { labels, subs, out } = setup();
      writeFileSync(join(subs, 'a__m.npy'), good);
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out, publicFraction: 1e-9 }), /--public-fraction: .*0 of 300 rows.*--public-fraction 0/);
    });

    it('a part holding one class only', () => {
      const y = Int32Array.from(toy.labels);
      const { labels, subs, out } = setup(y);
      writeFileSync(join(subs, 'a__m.npy'), good);
      // ~3 public rows out of 300: almost surely a single class there, or refused as too few
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out, publicFraction: 0.004 }), /--public-fraction: .*public part/);
    });

    it('a bad or null hidden.json', () => {
      const { root, labels, subs, out } = setup();
      writeFileSync(join(root, 'hidden', 'hidden.json'), '{not json');
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out }), /hidden\.json: expected JSON/);
      writeFileSync(join(root, 'hidden', 'hidden.json'), 'null');
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out }), /hidden\.json: expected an object/);
    });

    it('a hidden.json or manifest that is a FIFO is refused, not waited on', () => {
      const { root, labels, subs, out } = setup();
      const meta = join(root, 'hidden', 'hidden.json');
      rmSync(meta);
      execFileSync('mkfifo', [meta]);
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out }), /hidden\.json: expected a JSON file .*found something that is not a regular file/);
      rmSync(meta);
      const manifest = join(root, 'manifest.json');
      execFileSync('mkfifo', [manifest]);
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out, manifest }), /manifest\.json: expected a JSON collection manifest .*found not a regular file/);
    });

    it('labels that are a directory', () => {
      const { root, subs, out } = setup();
      const dir = join(root, 'labels-dir.npy');
      mkdirSync(dir);
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels: dir, submissions: subs, out }), /labels-dir\.npy: expected a file.*found a folder/);
    });

    it('--out under /proc or /sys, a file, or below a file', () => {
      const { root, labels, subs } = setup();
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: '/proc/self/hepml-out' }), /\/proc\/self\/hepml-out: expected a folder on a regular file system, found a path under \/proc/);
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: '/sys/kernel/x' }), /under \/sys/);
      const file = join(root, 'afile');
      writeFileSync(file, 'x');
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: file }), /afile: expected a folder, found a file/);
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(file, 'sub') }), /afile\/sub: expected a writable folder, found ENOTDIR/);
      oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: subs }), /expected an output folder outside --submissions/);
    });

    it('an unwritable --out (as root: the command run as user nobody)', () => {
      const { root, labels, subs } = setup();
      writeFileSync(join(subs, 'a__m.npy'), good);
      const ro = join(root, 'ro');
      mkdirSync(ro, { mode: 0o555 });
      const out = join(ro, 'out');
      if (process.getuid?.() !== 0) {
        oneLine(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out }), /ro\/out: expected a writable folder, found EACCES/);
        return;
      }
      chmodSync(root, 0o755); // readable by nobody
      const cli = join(__dirname, '..', '..', 'bin', 'hepml.js');
      const r = spawnSync(process.execPath, [cli, 'grade', '--challenge', 'top-tagging-dnn', '--labels', labels, '--submissions', subs, '--out', out], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /ro\/out: expected a writable folder, found EACCES/);
    });

    it('rows summing to 1.0009 are accepted and every metric, one-vs-rest AUC included, is computed', () => {
      const root = tempDir();
      roots.push(root);
      const n = 600;
      const u = lcg(9, n * 7);
      const y = Int32Array.from({ length: n }, (_, i) => i % 6);
      const labels = writeHidden(root, 'vh-multiclass', y);
      const p = new Float64Array(n * 6);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < 6; c++) s += p[i * 6 + c] = u[i * 7 + c] + (c === y[i] ? 2 * u[i * 7 + 6] : 0);
        for (let c = 0; c < 6; c++) p[i * 6 + c] *= (i % 2 === 0 ? 1.0009 : 1) / s;
      }
      const subs = join(root, 'subs');
      mkdirSync(subs);
      writeFileSync(join(subs, 'a__m.npy'), toNpy(p, { shape: [n, 6] }));
      const r = gradeSubmissions({ challenge: 'vh-multiclass', labels, submissions: subs, out: join(root, 'out') });
      const o = r.outcomes[0];
      assert.equal(o.status, 'ranked', JSON.stringify(o.problems));
      for (const part of ['public', 'private'] as const) for (const m of r.metrics) assert.ok(Number.isFinite(o[part]![m]), `${m} ${part}: ${o[part]![m]}`);
    });
  });

  describe('issue 14 item 6: --public-fraction 0', () => {
    it('ranks on all hidden labels, with no public part on the board', () => {
      const { labels, subs, out } = setup();
      const s = Float32Array.from(toy.scores, (v, i) => 0.8 * v + 0.2 * lcg(3, N)[i]);
      writeFileSync(join(subs, 'a__m.npy'), toNpy(s));
      const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out, publicFraction: 0 });
      assert.deepEqual(r.rows, { total: N, public: 0, private: N });
      assert.equal(r.leaderboard[0].private!['ROC AUC'], rocAucScore(toy.labels, s));
      assert.equal(r.leaderboard[0].public, undefined);
      const md = readFileSync(join(out, 'leaderboard.md'), 'utf8');
      assert.ok(!/\(public\)/.test(md), 'no public columns');
      assert.ok(!readFileSync(join(out, 'leaderboard.csv'), 'utf8').includes('public_'));
      assert.match(md, /all 300 rows/);
    });
  });
});
