import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNpy } from '../../lib/data/npy';
import { writeSubmission } from '../../lib/submission';
import { makeChallenge } from '../../grading/make';
import { gradeSubmissions } from '../../grading/grade';
import { tempDir } from './helpers';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** A hidden-labels file, wherever it might sit. */
const HIDDEN = /(^|\/)hidden\/|(^|\/)(labels|weights)\.npy$/;

describe('grading/makeChallenge', () => {
  const root = tempDir('hepml-make-');
  const ids = ['top-tagging-dnn', 'top-tagging-cnn', 'higgsml-ams', 'vh-multiclass'];

  before(async () => {
    for (const id of ids) await makeChallenge(id, { out: join(root, id), events: 400, seed: 3 });
  });

  it('writes the student set without labels, with ids and the sha256 of the hidden labels', () => {
    for (const id of ids) {
      const student = join(root, id, 'student');
      const hiddenLabels = readFileSync(join(root, id, 'hidden', 'labels.npy'));
      const files = readdirSync(student).sort();
      assert.ok(!files.some((f) => HIDDEN.test(f)), `${id}: ${files}`);
      for (const f of files) assert.notEqual(sha(readFileSync(join(student, f))), sha(hiddenLabels), `${id}/${f} is the labels file`);
      const meta = JSON.parse(readFileSync(join(student, 'challenge.json'), 'utf8'));
      assert.equal(meta.labelsSha256, sha(hiddenLabels));
      assert.equal(meta.rows, 400);
      assert.equal(loadNpy(join(student, 'ids.npy')).shape[0], 400);
      assert.equal(loadNpy(join(student, 'test_features.npy')).shape[0], 400);
      assert.match(readFileSync(join(student, 'README.md'), 'utf8'), new RegExp(sha(hiddenLabels)));
    }
  });

  it('gives features that do not contain the labels, in the expected shapes', () => {
    assert.deepEqual(loadNpy(join(root, 'top-tagging-cnn', 'student', 'test_features.npy')).shape, [400, 40, 40]);
    assert.deepEqual(loadNpy(join(root, 'top-tagging-dnn', 'student', 'test_features.npy')).shape, [400, 200, 4]);
    const names: string[] = JSON.parse(readFileSync(join(root, 'higgsml-ams', 'student', 'feature_names.json'), 'utf8'));
    for (const bad of ['Label', 'Weight', 'KaggleWeight', 'KaggleSet', 'EventId']) assert.ok(!names.includes(bad), bad);
    assert.equal(names.length, 30);
  });

  it('writes weights only where a metric needs them', () => {
    assert.ok(existsSync(join(root, 'higgsml-ams', 'hidden', 'weights.npy')));
    assert.ok(!existsSync(join(root, 'top-tagging-dnn', 'hidden', 'weights.npy')));
  });

  it('npm pack of the package lists no hidden-labels file', function () {
    this.timeout(60000);
    const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: join(__dirname, '..', '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    assert.ok(files.length > 10 && files.includes('package.json'));
    assert.deepEqual(files.filter((f) => HIDDEN.test(f) || (f.endsWith('.npy') && /label/i.test(f))), []);
  });

  it('round trip: students write submissions from the student folder, the grader ranks them', () => {
    const dir = join(root, 'higgsml-ams');
    const subs = join(root, 'subs-higgs');
    const features = loadNpy(join(dir, 'student', 'test_features.npy'));
    const names: string[] = JSON.parse(readFileSync(join(dir, 'student', 'feature_names.json'), 'utf8'));
    const col = names.indexOf('DER_mass_transverse_met_lep');
    const x = features.data as Float32Array;
    const scores = Float32Array.from({ length: 400 }, (_, i) => 1 / (1 + Math.exp((x[i * names.length + col] - 40) / 10)));
    writeSubmission(scores, { challenge: join(dir, 'student'), group: 'g1', model: 'mt_cut', dir: subs });
    writeSubmission(Float32Array.from(scores, (v) => (v > 0.5 ? 1 : 0)), { challenge: join(dir, 'student'), group: 'g2', model: 'decision', dir: subs });
    assert.throws(() => writeSubmission(scores.subarray(1), { challenge: join(dir, 'student'), group: 'g1', model: 'short', dir: subs }), /\[rows\] expected 400 rows/);
    const r = gradeSubmissions({ challenge: 'higgsml-ams', labels: join(dir, 'hidden', 'labels.npy'), submissions: subs, out: join(root, 'board-higgs') });
    assert.equal(r.leaderboard.length, 2);
    for (const o of r.leaderboard) assert.ok(Number.isFinite(o.private!.AMS ?? o.private![r.primary]));
  });
});
