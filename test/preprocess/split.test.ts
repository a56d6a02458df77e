import { strict as assert } from 'node:assert';
import { HepmlError } from '../../lib/errors';
import { fromRows } from '../../lib/data/matrix';
import { mulberry32, Random, shuffleInPlace } from '../../lib/physics';
import { applySplit, balancedSample, foldAssignment, kFold, normalizeClassWeights, replaceSentinel, sentinelIndicator, trainTestSplit, trainValTestSplit } from '../../lib/preprocess';

const labels = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 30% signal

function isPartition(n: number, ...parts: Int32Array[]): void {
  const seen = new Uint8Array(n);
  for (const p of parts) for (const i of p) seen[i]++;
  assert.ok(seen.every((v) => v === 1), 'every row in exactly one part');
}

describe('preprocess/split, weights, sentinel', () => {
  it('trainTestSplit: sizes as sklearn (ceil), stratified proportions, seeded, a partition', () => {
    const s = trainTestSplit(labels, { testSize: 0.25, stratify: labels, seed: 3 });
    assert.equal(s.test.length, 250);
    isPartition(1000, s.train, s.test);
    assert.equal(s.test.reduce((a, i) => a + labels[i], 0), 75);
    assert.deepEqual(trainTestSplit(1000, { seed: 3 }), trainTestSplit(1000, { seed: 3 }));
    assert.notDeepEqual(trainTestSplit(1000, { seed: 3 }).test, trainTestSplit(1000, { seed: 4 }).test);
    assert.equal(trainTestSplit(10, { testSize: 0.33 }).test.length, 4);
    assert.deepEqual([...trainTestSplit(4, { testSize: 1, shuffle: false }).test], [3]);
    assert.throws(() => trainTestSplit(10, { testSize: 1.5 }), HepmlError);
  });

  it('trainValTestSplit gives 75/12.5/12.5', () => {
    const s = trainValTestSplit(labels, { stratify: labels, seed: 1 });
    assert.deepEqual([s.train.length, s.val.length, s.test.length], [750, 125, 125]);
    isPartition(1000, s.train, s.val, s.test);
  });

  it('kFold: sklearn fold sizes, each row tested once, stratified folds keep proportions', () => {
    const folds = kFold(11, { k: 3 });
    assert.deepEqual(folds.map((f) => f.test.length), [4, 4, 3]);
    isPartition(11, ...folds.map((f) => f.test));
    for (const f of folds) isPartition(11, f.train, f.test);
    for (const f of kFold(labels, { k: 5, stratify: labels, shuffle: true, seed: 2 })) {
      assert.equal(f.test.reduce((a, i) => a + labels[i], 0), 60);
    }
  });

  it('foldAssignment is the fold of each row in kFold (one fold assignment for kFold and trainKFold)', () => {
    for (const options of [{ k: 3 }, { k: 4, shuffle: true, seed: 9 }, { k: 5, stratify: labels, shuffle: true, seed: 2 }]) {
      const n = 'stratify' in options ? labels.length : 103;
      const fold = foldAssignment(n, options);
      const fromKFold = new Int32Array(n).fill(-1);
      kFold(n, options).forEach((f, k) => { for (const i of f.test) fromKFold[i] = k; });
      assert.deepEqual(fold, fromKFold);
    }
    assert.throws(() => foldAssignment(3, { k: 4 }), /kFold k: expected an integer in \[2, 3\]/);
  });

  it('shuffleInPlace is the one seeded Fisher–Yates: same stream, same permutation as Random.shuffle and a textbook loop', () => {
    const a = Int32Array.from({ length: 50 }, (_, i) => i);
    assert.deepEqual(shuffleInPlace(a.slice(), (() => { const r = new Random(3); return () => r.uniform(); })()), new Random(3).shuffle(a.slice()));
    const slow = Array.from(a);
    const rand = mulberry32(11);
    for (let i = slow.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [slow[i], slow[j]] = [slow[j], slow[i]]; }
    assert.deepEqual(Array.from(shuffleInPlace(a.slice(), mulberry32(11))), slow);
    assert.deepEqual([...shuffleInPlace(a.slice(), mulberry32(11))].sort((x, y) => x - y), Array.from(a));
  });

  it('balancedSample: 80% of the smaller class and as many of the larger for training; the rest for test', () => {
    const s = balancedSample(labels, { seed: 5 });
    const sig = s.train.reduce((a, i) => a + labels[i], 0);
    assert.equal(sig, 240);
    assert.equal(s.train.length, 480);
    isPartition(1000, s.train, s.test);
    assert.throws(() => balancedSample([1, 1, 1]), /exactly two classes/);
  });

  it('balancedSample with validation: a validation set holding both classes alike, even when rows are sorted by class', () => {
    const sorted = Int32Array.from({ length: 1000 }, (_, i) => (i < 540 ? 1 : 0)); // signal file, then background file
    const s = balancedSample(sorted, { seed: 5, validation: 0.2 });
    const sig = (idx: Int32Array) => idx.reduce((a, i) => a + sorted[i], 0);
    assert.equal(s.val!.length, 2 * Math.round(0.2 * 368));
    assert.equal(sig(s.val!), s.val!.length / 2);
    assert.equal(sig(s.train), s.train.length / 2);
    isPartition(1000, Int32Array.from([...s.train, ...s.val!]), s.test);
    assert.equal(balancedSample(sorted, { seed: 5 }).val, undefined);
  });

  it('applySplit keeps array kinds; normalizeClassWeights sums to 1 per class', () => {
    const x = fromRows([[1], [2], [3]]);
    const r = applySplit(Int32Array.from([2, 0]), { x, y: Int32Array.from([0, 1, 0]), weights: [0.5, 1, 2] });
    assert.deepEqual([...r.x!.data], [3, 1]);
    assert.ok(r.y instanceof Int32Array);
    assert.deepEqual([...r.weights!], [2, 0.5]);
    const w = normalizeClassWeights([0, 1, 0, 1, 1], [1, 2, 3, 2, 4]);
    assert.deepEqual([...w], [0.25, 0.25, 0.75, 0.25, 0.5]);
    assert.throws(() => normalizeClassWeights([0, 1], [1, -1]), /positive total weight/);
  });

  it('replaceSentinel with NaN, a value, the mean; sentinelIndicator', () => {
    const x = fromRows([[1, -999], [-999, 4], [3, 2]], ['a', 'b']);
    assert.ok(Number.isNaN(replaceSentinel(x).data[1]));
    assert.deepEqual([...replaceSentinel(x, { with: 0 }).data], [1, 0, 0, 4, 3, 2]);
    assert.deepEqual([...replaceSentinel(x, { with: 'mean' }).data], [1, 3, 2, 4, 3, 2]);
    assert.deepEqual([...replaceSentinel(fromRows([[-7, 1]]), { sentinel: -7, with: 5 }).data], [5, 1]);
    const ind = sentinelIndicator(x);
    assert.deepEqual(ind.names, ['a_missing', 'b_missing']);
    assert.deepEqual([...ind.data], [0, 1, 1, 0, 0, 0]);
  });
});
