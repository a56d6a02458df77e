import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toNpy } from '../../lib/data/npy-write';
import { rocAucScore } from '../../lib/metrics';
import { gradeSubmissions } from '../../grading/grade';
import { LEADERBOARD_FILES } from '../../grading/outputs';
import { partIndices, publicMask } from '../../grading/split';
import { loadChallenge } from '../../grading/challenge';
import { binaryToy, lcg, tempDir, writeHidden } from './helpers';

describe('grading/gradeSubmissions', () => {
  const N = 3000;
  const toy = binaryToy(N, 11);
  const ids = Int32Array.from({ length: N }, (_, i) => 1000 + 7 * i);

  /** A folder with 7 submissions of group A (scores of varying quality) and 2 of group B. */
  function setup(): { root: string; labels: string; subs: string } {
    const root = tempDir();
    const labels = writeHidden(root, 'top-tagging-dnn', toy.labels, { ids });
    const subs = join(root, 'subs');
    mkdirSync(subs);
    for (let k = 0; k < 9; k++) {
      const group = k < 7 ? 'A' : 'B';
      const noise = lcg(100 + k, N);
      const mix = 0.1 + 0.1 * k; // larger k = noisier
      const s = Float32Array.from(toy.scores, (v, i) => (1 - mix) * v + mix * noise[i]);
      const file = join(subs, `${group}__m${k}.npy`);
      writeFileSync(file, toNpy(s));
      const t = new Date(Date.UTC(2026, 10, 1 + k));
      utimesSync(file, t, t);
    }
    return { root, labels, subs };
  }

  it('scores public and private parts on the seeded split of the row ids', () => {
    const { root, labels, subs } = setup();
    const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(root, 'out'), maxPerGroup: 10 });
    const c = loadChallenge('top-tagging-dnn');
    const parts = partIndices(publicMask(ids, { fraction: c.publicFraction, seed: c.splitSeed }));
    assert.equal(r.rows.public, parts.public.length);
    assert.ok(Math.abs(r.rows.public / N - 0.3) < 0.03);
    const s = Float32Array.from(toy.scores, (v, i) => 0.9 * v + 0.1 * lcg(100, N)[i]);
    const o = r.outcomes.find((x) => x.file === 'A__m0.npy')!;
    for (const [part, ix] of [['public', parts.public], ['private', parts.private]] as const) {
      const want = rocAucScore(Array.from(ix, (i) => toy.labels[i]), Array.from(ix, (i) => s[i]));
      assert.ok(Math.abs(o[part]!['ROC AUC'] - want) < 1e-12, part);
    }
    assert.ok(o.public!['ROC AUC'] !== o.private!['ROC AUC']);
  });

  it('keeps the best N per group by public score (default) and says so', () => {
    const { root, labels, subs } = setup();
    const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(root, 'out') });
    const a = r.outcomes.filter((o) => o.group === 'A');
    const ranked = a.filter((o) => o.status === 'ranked');
    assert.equal(ranked.length, 5);
    const best5 = [...a].sort((x, y) => y.public!['ROC AUC'] - x.public!['ROC AUC']).slice(0, 5).map((o) => o.model).sort();
    assert.deepEqual(ranked.map((o) => o.model).sort(), best5);
    for (const o of a.filter((x) => x.status === 'not-ranked')) assert.match(o.note!, /best 5 by public score/);
    assert.equal(r.outcomes.filter((o) => o.group === 'B' && o.status === 'ranked').length, 2);
    assert.match(readFileSync(join(root, 'out', 'leaderboard.md'), 'utf8'), /at most 5 submission\(s\) per group are ranked: the best 5 by public score/);
  });

  it('keeps the latest N by file time with keep = latest', () => {
    const { root, labels, subs } = setup();
    const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(root, 'out'), maxPerGroup: 2, keep: 'latest' });
    assert.deepEqual(r.outcomes.filter((o) => o.group === 'A' && o.status === 'ranked').map((o) => o.model).sort(), ['m5', 'm6']);
    assert.ok(r.limitRule.includes('latest 2 by submission time'));
  });

  it('ranks by the primary metric (private part by default) with competition ranks', () => {
    const { root, labels, subs } = setup();
    const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(root, 'out'), maxPerGroup: 10 });
    const v = r.leaderboard.map((o) => o.private!['ROC AUC']);
    for (let i = 1; i < v.length; i++) assert.ok(v[i - 1] >= v[i]);
    assert.deepEqual(r.leaderboard.map((o) => o.rank), v.map((_, i) => i + 1));
    const pub = gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(root, 'out2'), maxPerGroup: 10, rankBy: 'public' });
    const pv = pub.leaderboard.map((o) => o.public!['ROC AUC']);
    for (let i = 1; i < pv.length; i++) assert.ok(pv[i - 1] >= pv[i]);
  });

  it('is deterministic: two runs write byte-identical outputs', () => {
    const { root, labels, subs } = setup();
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(root, 'o1') });
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out: join(root, 'o2') });
    const list = (d: string): string[] => [...LEADERBOARD_FILES, ...readdirSync(join(d, 'feedback')).map((f) => `feedback/${f}`)].sort();
    assert.deepEqual(list(join(root, 'o1')), list(join(root, 'o2')));
    for (const f of list(join(root, 'o1'))) assert.ok(readFileSync(join(root, 'o1', f)).equals(readFileSync(join(root, 'o2', f))), f);
  });

  it('a grading run that crashes mid-way leaves every previous leaderboard file intact', () => {
    const { root, labels, subs } = setup();
    const out = join(root, 'out');
    gradeSubmissions({ challenge: 'top-tagging-dnn', labels, submissions: subs, out, maxPerGroup: 1 });
    const before = Object.fromEntries(LEADERBOARD_FILES.map((f) => [f, readFileSync(join(out, f))]));
    assert.throws(() => gradeSubmissions({
      challenge: 'top-tagging-dnn', labels, submissions: subs, out, maxPerGroup: 5,
      afterWrite: (name) => { if (name === 'leaderboard.md') throw new Error('killed'); },
    }), /killed/);
    for (const f of LEADERBOARD_FILES) assert.ok(readFileSync(join(out, f)).equals(before[f]), f);
    assert.ok(!readdirSync(out).some((f) => f.includes('.tmp-')));
  });

  it('stops with one clear line on instructor errors', () => {
    const { root, labels, subs } = setup();
    assert.throws(() => gradeSubmissions({ challenge: 'top-tagging-dnn', labels: join(root, 'nope.npy'), submissions: subs, out: join(root, 'o') }), /--labels: expected the hidden labels file/);
    assert.throws(() => gradeSubmissions({ challenge: 'no-such', labels, submissions: subs, out: join(root, 'o') }), /challenge: expected a known challenge id.*Known challenges: higgsml-ams, top-tagging-cnn, top-tagging-dnn, vh-multiclass/);
    assert.throws(() => gradeSubmissions({ challenge: 'higgsml-ams', labels, submissions: subs, out: join(root, 'o') }), /labels of challenge higgsml-ams, found labels made for top-tagging-dnn/);
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...loadChallenge('top-tagging-dnn'), publicFraction: 2 }));
    assert.throws(() => gradeSubmissions({ challenge: bad, labels, submissions: subs, out: join(root, 'o') }), /\/publicFraction must be < 1/);
  });
});
