import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadChallengeTestSet, groupSubmissions, checkSubmissionQuota, makePracticeChallenge, writeSubmission, HepmlError } from '../../lib';

describe('submission/test-set (KIT 3.1: the challenge end to end)', () => {
  let tmp: string;
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'hepml-testset-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('makePracticeChallenge + loadChallengeTestSet: the unlabelled test set, then a valid submission', function () {
    this.timeout(120000);
    const student = makePracticeChallenge('top-tagging-dnn', { events: 50, out: join(tmp, 'ch') });
    const test = loadChallengeTestSet(student);
    assert.deepEqual(test.features.shape, [50, 200, 4]);
    assert.equal(test.ids.length, 50);
    assert.equal(test.challenge.id, 'top-tagging-dnn');
    assert.equal(test.challenge.maxPerGroup, 5);
    assert.ok(!JSON.stringify(test.challenge).includes('labels.npy'));
    const out = join(tmp, 'subs');
    const w = writeSubmission(new Float32Array(50).fill(0.5), { challenge: student, group: 'g1', model: 'm1', dir: out });
    assert.equal(w.path, join(out, 'g1__m1.npy'));
    // the parent folder works too
    assert.equal(loadChallengeTestSet(join(tmp, 'ch')).rows, 50);
    // made again with the same size and seed: reused, not remade (the file is not rewritten)
    const before = statSync(join(student, 'test_features.npy')).mtimeMs;
    assert.equal(makePracticeChallenge('top-tagging-dnn', { events: 50, out: join(tmp, 'ch') }), student);
    assert.equal(statSync(join(student, 'test_features.npy')).mtimeMs, before);
  });

  it('groupSubmissions counts a group\'s files only, against the limit', () => {
    const dir = join(tmp, 'count');
    mkdirSync(dir);
    for (const f of ['a__m1.npy', 'a__m2.csv', 'b__m1.npy', 'a_m3.npy', '.a__tmp.npy']) writeFileSync(join(dir, f), '');
    const g = groupSubmissions('a', { dir, maxPerGroup: 5 });
    assert.deepEqual(g.files, ['a__m1.npy', 'a__m2.csv']);
    assert.equal(g.left, 3);
    assert.equal(groupSubmissions('c', { dir: join(tmp, 'nowhere') }).left, 5);
    assert.throws(() => groupSubmissions('../x'), HepmlError);
    assert.throws(() => checkSubmissionQuota('a', 'm3', { dir, maxPerGroup: 2 }), /at most 2 models per group/);
    assert.equal(checkSubmissionQuota('a', 'm1', { dir, maxPerGroup: 2 }).files.length, 2); // replacing m1 is allowed
    assert.equal(checkSubmissionQuota('a', 'm3', { dir, maxPerGroup: 3 }).left, 1);
  });

  it('a folder without the student files says which is missing', () => {
    assert.throws(() => loadChallengeTestSet(tmp), /test_features\.npy|challenge\.json/);
  });
});
