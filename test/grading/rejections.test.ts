import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { toNpy } from '../../lib/data/npy-write';
import { loadChallenge, type Challenge } from '../../grading/challenge';
import { gradeSubmissions, type GradeResult } from '../../grading/grade';
import { recordSubmissions } from '../../grading/manifest';
import { binaryToy, rawNpy, tempDir, writeHidden } from './helpers';

/** Every rejection rule, each with a real malformed file, graded in one run. */
describe('grading/rejections', () => {
  const N = 200;
  const toy = binaryToy(N, 7);
  const f32 = Float32Array.from(toy.scores);
  let result: GradeResult;
  let root: string;
  const expectations: Record<string, string> = {};

  before(() => {
    root = tempDir();
    const labels = writeHidden(root, 'top-tagging-dnn', toy.labels);
    const subs = join(root, 'subs');
    mkdirSync(subs);
    const put = (file: string, bytes: Uint8Array | string, code?: string): void => {
      writeFileSync(join(subs, file), bytes);
      if (code) expectations[file] = code;
    };
    // valid ones
    put('good__f32.npy', toNpy(f32));
    put('good__f64col.npy', toNpy(Float64Array.from(toy.scores), { shape: [N, 1] }));
    const order = Array.from({ length: N }, (_, i) => N - 1 - i);
    put('good__csv.csv', 'id,score\n' + order.map((i) => `${i},${toy.scores[i]}`).join('\n') + '\n');
    // names
    put('bad name__x.npy', toNpy(f32), 'name');
    put('nogroup.npy', toNpy(f32), 'name');
    put('a__b__c.npy', toNpy(f32), 'name');
    put('team__m.txt', 'hello', 'name');
    put('-dash__m.npy', toNpy(f32), 'name');
    // header and dtype
    put('hdr__garbage.npy', new TextEncoder().encode('this is not an npy file at all'), 'header');
    put('hdr__nodict.npy', rawNpy("{'descr': '<f4', 'shape': (200,), }"), 'header');
    const pickle = new Uint8Array([0x80, 0x02, 0x5d, 0x71, 0x00, 0x2e]);
    put('dt__object.npy', rawNpy("{'descr': '|O', 'fortran_order': False, 'shape': (200,), }", pickle), 'dtype');
    put('dt__unicode.npy', rawNpy("{'descr': '<U5', 'fortran_order': False, 'shape': (200,), }", new Uint8Array(4000)), 'dtype');
    put('dt__int32.npy', toNpy(Int32Array.from(toy.labels)), 'dtype');
    // shape, rows, size, truncation
    put('sh__2col.npy', toNpy(new Float32Array(2 * N), { shape: [N, 2] }), 'shape');
    put('sh__3d.npy', toNpy(new Float32Array(N), { shape: [N, 1, 1] }), 'shape');
    put('rows__short.npy', toNpy(f32.subarray(0, N - 1)), 'rows');
    put('size__huge.npy', rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }", new Uint8Array(16)), 'size'); // (also 'rows')
    put('trunc__half.npy', rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (200,), }", new Uint8Array(400)), 'truncated');
    // values
    const nan = Float32Array.from(f32); nan[17] = NaN;
    put('val__nan.npy', toNpy(nan), 'nonfinite');
    const inf = Float32Array.from(f32); inf[3] = -Infinity;
    put('val__inf.npy', toNpy(inf), 'nonfinite');
    const out = Float32Array.from(f32); out[5] = 1.5;
    put('val__range.npy', toNpy(out), 'range');
    // csv
    put('csv__header.csv', 'row,prob\n0,0.5\n', 'csv');
    put('csv__dup.csv', 'id,score\n' + Array.from({ length: N }, (_, i) => `${i === 9 ? 8 : i},0.5`).join('\n'), 'csv');
    put('csv__unknown.csv', 'id,score\n' + Array.from({ length: N }, (_, i) => `${i === 9 ? 99999 : i},0.5`).join('\n'), 'csv');
    put('csv__text.csv', 'id,score\n' + Array.from({ length: N }, (_, i) => `${i},${i === 4 ? 'high' : 0.5}`).join('\n'), 'csv');
    put('csv__missing.csv', 'id,score\n' + Array.from({ length: N - 3 }, (_, i) => `${i},0.5`).join('\n'), 'rows');
    // ignored: a symlink (pointing inside and outside), a folder
    writeFileSync(join(root, 'outside.npy'), toNpy(f32));
    symlinkSync(join(root, 'outside.npy'), join(subs, 'link__outside.npy'));
    symlinkSync(join(subs, 'good__f32.npy'), join(subs, 'link__inside.npy'));
    mkdirSync(join(subs, 'dir__x.npy'));
    writeFileSync(join(subs, '.good__f32.npy.tmp-1'), 'partial');
    result = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(root, 'out') });
  });

  const outcome = (file: string) => result.outcomes.find((o) => o.file === file)!;

  it('ranks the three valid files (npy [N], npy [N,1], shuffled csv) with identical scores', () => {
    assert.deepEqual(result.leaderboard.map((o) => o.file).sort(), ['good__csv.csv', 'good__f32.npy', 'good__f64col.npy']);
    const a = outcome('good__f64col.npy').private!['ROC AUC'];
    assert.equal(outcome('good__csv.csv').private!['ROC AUC'], a);
    assert.ok(Math.abs(outcome('good__f32.npy').private!['ROC AUC'] - a) < 1e-6);
  });

  it('refuses every malformed file with the expected reason code', () => {
    for (const [file, code] of Object.entries(expectations)) {
      const o = outcome(file);
      assert.ok(o, `${file} missing from outcomes`);
      assert.equal(o.status, 'rejected', file);
      assert.ok(o.problems.map((p) => p.code).includes(code as never), `${file}: ${JSON.stringify(o.problems)}`);
      if (file !== 'size__huge.npy') assert.equal(o.problems.length, 1, file);
      assert.ok(o.problems[0].message.length > 20);
    }
  });

  it('says what was found in the messages', () => {
    assert.match(outcome('dt__object.npy').problems[0].message, /never unpickled/);
    assert.match(outcome('size__huge.npy').problems.find((p) => p.code === 'size')!.message, /1000000000000.*refused before reading/);
    assert.match(outcome('rows__short.npy').problems[0].message, /expected 200 rows.*found 199/);
    assert.match(outcome('val__nan.npy').problems[0].message, /first at row 17/);
    assert.match(outcome('csv__dup.csv').problems[0].message, /line 11: .*id 8 again/);
  });

  it('ignores symlinks and folders, skips dot files', () => {
    for (const f of ['link__outside.npy', 'link__inside.npy', 'dir__x.npy']) assert.equal(outcome(f).status, 'ignored', f);
    assert.equal(outcome('.good__f32.npy.tmp-1'), undefined);
  });

  it('writes one feedback file per submission with every reason', () => {
    const text = readFileSync(join(root, 'out', 'feedback', 'val__range.npy.txt'), 'utf8');
    assert.match(text, /status: rejected/);
    assert.match(text, /\[range\] expected probabilities in \[0, 1\]/);
    const bad = readFileSync(join(root, 'out', 'feedback', outcome('bad name__x.npy').feedback), 'utf8');
    assert.match(bad, /\[name\]/);
    const md = readFileSync(join(root, 'out', 'leaderboard.md'), 'utf8');
    assert.match(md, /dt__object\.npy` \(rejected\): \[dtype\]/);
    assert.match(md, /\| 1 \| good \| f32 \| /);
  });

  it('refuses files over the size limit before reading, and late files', () => {
    const c: Challenge = { ...loadChallenge('top-tagging-dnn'), deadline: '2030-01-01T00:00:00Z', submission: { ...loadChallenge('top-tagging-dnn').submission, maxBytes: 512 } };
    const dir = tempDir();
    const labels = writeHidden(dir, 'top-tagging-dnn', toy.labels);
    const subs = join(dir, 'subs');
    mkdirSync(subs);
    writeFileSync(join(subs, 'big__data.npy'), toNpy(f32)); // 800 data bytes > 512
    writeFileSync(join(subs, 'big__file.npy'), new Uint8Array(512 + 65552 + 1));
    const manifest = join(dir, 'manifest.json');
    recordSubmissions(subs, manifest, { now: new Date('2029-12-01') });
    writeFileSync(join(subs, 'late__m.npy'), toNpy(f32));
    utimesSync(join(subs, 'late__m.npy'), new Date('2029-01-01'), new Date('2029-01-01')); // a back-dated file time changes nothing
    recordSubmissions(subs, manifest, { now: new Date('2030-02-01') });
    const r = gradeSubmissions({ challenge: c, labels, submissions: subs, out: join(dir, 'out'), manifest });
    const code = (f: string) => r.outcomes.find((o) => o.file === f)!.problems.map((p) => p.code);
    assert.deepEqual(code('big__data.npy'), ['size']);
    assert.deepEqual(code('big__file.npy'), ['size']);
    assert.deepEqual(code('late__m.npy'), ['late']);
  });
});
