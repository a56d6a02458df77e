/**
 * `hepml grade` and `hepml challenge collect` as an instructor runs them: instructor errors are one line
 * on stderr with a non-zero exit (no stack trace), `--public-fraction 0` is accepted, a collection
 * manifest feeds the deadline check.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toNpy } from '../../lib/data/npy-write';
import { binaryToy, tempDir, writeHidden } from './helpers';

const ROOT = resolve(__dirname, '..', '..');
const hepml = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'hepml.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });

describe('grading: the hepml grade / challenge collect commands', function () {
  this.timeout(120000);
  const N = 200;
  const toy = binaryToy(N, 4);
  let root: string;
  let labels: string;
  let subs: string;
  before(() => {
    root = tempDir();
    labels = writeHidden(root, 'top-tagging-dnn', toy.labels);
    subs = join(root, 'subs');
    mkdirSync(subs);
    writeFileSync(join(subs, 'a__m.npy'), toNpy(Float32Array.from(toy.scores)));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a null hidden.json is one line naming the file, exit 1, no stack trace', () => {
    const bad = join(root, 'bad');
    const l = writeHidden(bad, 'top-tagging-dnn', toy.labels);
    writeFileSync(join(bad, 'hidden', 'hidden.json'), 'null');
    const r = hepml(['grade', '--challenge', 'top-tagging-dnn', '--labels', l, '--submissions', subs, '--out', join(root, 'o1')]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /hidden\.json: expected an object/);
  });

  it('--public-fraction 0 ranks on every row', () => {
    const r = hepml(['grade', '--challenge', 'top-tagging-dnn', '--labels', labels, '--submissions', subs, '--out', join(root, 'o2'), '--public-fraction', '0']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 ranked.*all 200 rows, no public part/);
    assert.match(readFileSync(join(root, 'o2', 'leaderboard.md'), 'utf8'), /ROC AUC \(all rows\)/);
  });

  it('collect writes the manifest that grade --manifest reads', () => {
    const manifest = join(root, 'manifest.json');
    const c = hepml(['challenge', 'collect', '--submissions', subs, '--manifest', manifest]);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /1 new, 0 changed/);
    const g = hepml(['grade', '--challenge', 'top-tagging-dnn', '--labels', labels, '--submissions', subs, '--out', join(root, 'o3'), '--manifest', manifest]);
    assert.equal(g.status, 0, g.stderr);
    const json = JSON.parse(readFileSync(join(root, 'o3', 'leaderboard.json'), 'utf8'));
    assert.equal(json.times, 'manifest');
    assert.equal(json.outcomes[0].submitted, JSON.parse(readFileSync(manifest, 'utf8')).files['a__m.npy'].submitted);
  });
});
