/**
 * Issue 16 item 4 (deadlines): submission times come from a manifest the instructor writes at
 * collection (`hepml challenge collect`), never from file times a student can set.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toNpy } from '../../lib/data/npy-write';
import { loadChallenge, type Challenge } from '../../grading/challenge';
import { gradeSubmissions } from '../../grading/grade';
import { recordSubmissions } from '../../grading/manifest';
import { binaryToy, tempDir, writeHidden } from './helpers';

describe('grading: submission times from the collection manifest', () => {
  const N = 200;
  const toy = binaryToy(N, 8);
  const base = loadChallenge('top-tagging-dnn');
  const challenge: Challenge = { ...base, deadline: '2026-06-01T00:00:00Z' };
  let root: string;
  let labels: string;
  let subs: string;
  beforeEach(() => {
    root = tempDir();
    labels = writeHidden(root, 'top-tagging-dnn', toy.labels);
    subs = join(root, 'subs');
    mkdirSync(subs);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a back-dated file time does not pass the deadline: the recorded time decides', () => {
    const manifest = join(root, 'manifest.json');
    writeFileSync(join(subs, 'early__m.npy'), toNpy(Float32Array.from(toy.scores)));
    recordSubmissions(subs, manifest, { now: new Date('2026-05-30T12:00:00Z') });
    writeFileSync(join(subs, 'cheat__m.npy'), toNpy(Float32Array.from(toy.scores)));
    utimesSync(join(subs, 'cheat__m.npy'), new Date('2026-01-01'), new Date('2026-01-01')); // back-dated
    const rec = recordSubmissions(subs, manifest, { now: new Date('2026-06-02T09:00:00Z') });
    assert.deepEqual(rec, { added: ['cheat__m.npy'], changed: [], unchanged: ['early__m.npy'] });
    const r = gradeSubmissions({ challenge, labels, submissions: subs, out: join(root, 'out'), manifest });
    const o = (f: string) => r.outcomes.find((x) => x.file === f)!;
    assert.equal(o('early__m.npy').status, 'ranked');
    assert.equal(o('early__m.npy').submitted, '2026-05-30T12:00:00.000Z');
    assert.deepEqual(o('cheat__m.npy').problems.map((p) => p.code), ['late']);
    assert.match(o('cheat__m.npy').problems[0].message, /recorded at 2026-06-02T09:00:00.000Z/);
  });

  it('a file changed or added after collection has no recorded time and is refused', () => {
    const manifest = join(root, 'manifest.json');
    writeFileSync(join(subs, 'a__m.npy'), toNpy(Float32Array.from(toy.scores)));
    recordSubmissions(subs, manifest, { now: new Date('2026-05-01T00:00:00Z') });
    writeFileSync(join(subs, 'a__m.npy'), toNpy(Float32Array.from(toy.scores, (v) => 1 - v))); // swapped after collection
    writeFileSync(join(subs, 'b__m.npy'), toNpy(Float32Array.from(toy.scores)));
    const r = gradeSubmissions({ challenge, labels, submissions: subs, out: join(root, 'out'), manifest });
    const msg = (f: string) => r.outcomes.find((x) => x.file === f)!.problems.map((p) => `${p.code} ${p.message}`).join();
    assert.match(msg('a__m.npy'), /^unrecorded .*changed after it was recorded/);
    assert.match(msg('b__m.npy'), /^unrecorded .*not in the collection manifest/);
  });

  it('a deadline without a manifest is an instructor error (file times can be set by anyone)', () => {
    writeFileSync(join(subs, 'a__m.npy'), toNpy(Float32Array.from(toy.scores)));
    assert.throws(() => gradeSubmissions({ challenge, labels, submissions: subs, out: join(root, 'out') }), /--manifest: expected the submission times recorded at collection .*hepml challenge collect/);
  });

  it('a malformed manifest is refused with one line', () => {
    const manifest = join(root, 'manifest.json');
    writeFileSync(manifest, '{"files": {"a__m.npy": {"submitted": "yesterday"}}}');
    assert.throws(() => gradeSubmissions({ challenge, labels, submissions: subs, out: join(root, 'out'), manifest }), /manifest\.json: files\["a__m\.npy"\]: expected "submitted" as an ISO date-time, found "yesterday"/);
  });

  it('collect keeps the first recorded time of unchanged files and re-stamps changed ones', () => {
    const manifest = join(root, 'manifest.json');
    writeFileSync(join(subs, 'a__m.npy'), toNpy(Float32Array.from(toy.scores)));
    recordSubmissions(subs, manifest, { now: new Date('2026-05-01T00:00:00Z') });
    recordSubmissions(subs, manifest, { now: new Date('2026-05-02T00:00:00Z') });
    let m = JSON.parse(readFileSync(manifest, 'utf8'));
    assert.equal(m.files['a__m.npy'].submitted, '2026-05-01T00:00:00.000Z');
    writeFileSync(join(subs, 'a__m.npy'), toNpy(Float32Array.from(toy.scores, (v) => v / 2)));
    const rec = recordSubmissions(subs, manifest, { now: new Date('2026-05-03T00:00:00Z') });
    assert.deepEqual(rec.changed, ['a__m.npy']);
    m = JSON.parse(readFileSync(manifest, 'utf8'));
    assert.equal(m.files['a__m.npy'].submitted, '2026-05-03T00:00:00.000Z');
  });
});
