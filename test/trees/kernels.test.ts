/**
 * The trees' fast paths against their plain references: the radix sort of the binner against
 * Float32Array.sort, the WebAssembly histogram / partition kernels (one and two threads) against the
 * JavaScript loops of lib/trees/histogram.ts, and whole ensembles fitted on every path, which must agree
 * bit for bit.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { matrix } from '../../lib/data/matrix';
import { AdaBoostClassifier, DecisionTreeClassifier, GradientBoostingClassifier } from '../../lib/trees';
import { FeatureBinner, sortFloat32 } from '../../lib/trees/binning';
import { TreeGrower } from '../../lib/trees/grower';
import { buildHistogram, findBestSplit, type SplitResult, type SplitRule } from '../../lib/trees/histogram';
import { TreeMemory } from '../../lib/trees/kernels';
import { ColumnSorter } from '../../lib/trees/kernels/sort';
import { mulberry32 } from '../../lib/trees/random';
import { synth30, withEnv } from './helpers';

function randomBins(rows: number, cols: number, seed: number) {
  const r = mulberry32(seed);
  const bins = new Uint8Array(rows * cols); // row-major
  for (let i = 0; i < bins.length; i++) bins[i] = r() < 0.05 ? 255 : Math.floor(r() * r() * 200);
  const g = new Float32Array(rows);
  const h = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    g[i] = r() - 0.4;
    h[i] = r() * 0.25;
  }
  return { bins, g, h };
}

/** Counts the calls of method `name` of `proto` until `restore()`. */
function countCalls(proto: object, name: string): { count: number; restore(): void } {
  const p = proto as Record<string, (...a: unknown[]) => unknown>;
  const f = p[name];
  const c = { count: 0, restore: () => { p[name] = f; } };
  p[name] = function (this: unknown, ...a: unknown[]) {
    c.count++;
    return f.apply(this, a);
  };
  return c;
}

describe('trees/kernels', () => {
  it('sortFloat32 sorts like Float32Array.sort (negatives, -0, infinities, duplicates)', () => {
    const r = mulberry32(3);
    for (const n of [600, 5000]) {
      const v = new Float32Array(n);
      for (let i = 0; i < n; i++) v[i] = r() < 0.1 ? Math.round(r() * 4) - 2 : (r() - 0.5) * 10 ** Math.floor(r() * 8 - 4);
      v[0] = -0;
      v[1] = Infinity;
      v[2] = -Infinity;
      v[3] = 0;
      const want = v.slice().sort();
      const got = sortFloat32(v.slice(), new Uint32Array(n), new Uint32Array(n));
      assert.deepEqual(Array.from(got), Array.from(want));
    }
  });

  for (const threads of ['1', '2']) {
    it(`sorts columns on the kernel as sortFloat32 does (${threads} thread(s); FeatureBinner's cuts alike on every path)`, () => {
      withEnv({ HEPML_TREE_THREADS: threads }, () => {
        const r = mulberry32(4);
        const rows = 9000;
        const cols = 9;
        const sorter = ColumnSorter.create(rows, cols)!;
        const want: number[][] = [];
        for (let f = 0; f < cols; f++) {
          const len = f === 3 ? 0 : rows - f * 500;
          const v = Float32Array.from({ length: len }, () => (r() < 0.2 ? Math.round(r() * 6) - 3 : (r() - 0.5) * 10 ** Math.floor(r() * 8 - 4)));
          if (len > 3) v.set([-0, 0, Infinity, -Infinity]);
          sorter.values.set(v, f * rows);
          sorter.lengths[f] = len;
          want.push(Array.from(sortFloat32(v.slice(), new Uint32Array(len), new Uint32Array(len))));
        }
        sorter.sort();
        for (let f = 0; f < cols; f++) {
          const got = Array.from(sorter.values.subarray(f * rows, f * rows + sorter.lengths[f]));
          assert.ok(got.every((x, i) => Object.is(x, want[f][i])), `column ${f}`);
        }
        // The gather before the sort (on the kernels too): NaN and a sentinel left out, all rows or a subsample.
        const { x } = synth30(40_000, 8);
        for (let i = 0; i < x.rows; i++) {
          if (i % 7 === 0) x.data[i * 30 + 1] = NaN;
          if (i % 5 === 0) x.data[i * 30 + 29] = -999;
        }
        for (const options of [{ maxBins: 100 }, { maxBins: 255, missingValue: -999 }, { maxBins: 64, missingValue: -999, subsample: 25_000, seed: 3 }]) {
          const cuts = (env: Record<string, string>) => withEnv(env, () => new FeatureBinner(options).fit(x).thresholds_!.map((t) => Array.from(t)));
          assert.deepEqual(cuts({ HEPML_TREE_THREADS: threads }), cuts({ HEPML_TREE_KERNELS: 'js' }), JSON.stringify(options));
        }
      });
    });
  }

  it('is available here (Node has shared WebAssembly memory)', () => {
    assert.ok(TreeMemory.create(10, 3), 'TreeMemory.create returned undefined');
  });

  for (const cols of [1, 2, 3, 31]) {
    for (const threads of ['1', '2']) {
      it(`builds the same histograms as the JavaScript loop: ${cols} features, ${threads} thread(s)`, () => {
        const rows = 4000;
        const { bins, g, h } = randomBins(rows, cols, cols);
        const mem = TreeMemory.create(rows, cols)!;
        mem.bins.set(bins);
        mem.setGradients(g, h);
        const sub = Uint32Array.from({ length: 1500 }, (_, i) => i * 2 + (i % 3));
        mem.idx.set(sub);
        withEnv({ HEPML_TREE_THREADS: threads }, () => {
          for (const [useIdx, start, end] of [[false, 0, rows], [true, 0, sub.length], [true, 100, 1100]] as const) {
            const s = mem.addSlot();
            mem.build(s, start, end, useIdx);
            const want = new Float64Array(cols * 512);
            buildHistogram(want, bins, cols, useIdx ? sub : null, start, end, g, h, false);
            assert.deepEqual(Array.from(mem.slot(s)), Array.from(want), `useIdx=${useIdx} [${start}, ${end})`);
          }
          const a = mem.addSlot();
          const b = mem.addSlot();
          mem.build(a, 0, rows, false);
          mem.build(b, 0, sub.length, true);
          const want = Float64Array.from(mem.slot(a), (v, i) => v - mem.slot(b)[i]);
          mem.subtract(a, b);
          assert.deepEqual(Array.from(mem.slot(a)), Array.from(want));
        });
      });
    }
  }

  for (const threads of ['1', '2']) {
    it(`finds the split findBestSplit finds, bit for bit (Newton with and without missing rows, λ, minChildWeight, minGainToSplit; Gini; ${threads} thread(s))`, () => withEnv({ HEPML_TREE_THREADS: threads }, () => {
      const rows = 6000;
      const cols = 12;
      const { bins, g, h } = randomBins(rows, cols, 7);
      // Features 0..5 without missing rows (the kernel's fast Newton path), 6..11 with; some features with few bins.
      for (let i = 0; i < rows; i++) for (let f = 0; f < 6; f++) if (bins[i * cols + f] === 255) bins[i * cols + f] = (i * 7 + f) % 150;
      const nBins = Uint16Array.from({ length: cols }, (_, f) => (f % 4 === 3 ? 3 : 200));
      for (let i = 0; i < rows; i++) for (let f = 0; f < cols; f++) if (f % 4 === 3 && bins[i * cols + f] !== 255) bins[i * cols + f] %= 3;
      const mem = TreeMemory.create(rows, cols)!;
      mem.bins.set(bins);
      mem.nBins.set(nBins);
      mem.setGradients(g, h);
      let sumG = 0;
      let sumH = 0;
      for (let i = 0; i < rows; i++) {
        sumG += g[i];
        sumH += h[i];
      }
      const base: SplitRule = { criterion: 'newton', lambda: 1, minSamplesLeaf: 1, minChildWeight: 0, minGainToSplit: 0, rootWeight: sumH };
      const rules: SplitRule[] = [base, { ...base, lambda: 0 }, { ...base, minChildWeight: 0.3 * sumH }, { ...base, minChildWeight: 0.49 * sumH },
        { ...base, minGainToSplit: 1e9 }, { ...base, criterion: 'gini' }];
      const s = mem.addSlot();
      for (const [f0, f1] of [[0, 6], [6, 12], [0, 12], [3, 4]]) {
        // Only features [f0, f1) count: the others' bins get no rows of weight.
        const only = Uint16Array.from(nBins, (nb, f) => (f >= f0 && f < f1 ? nb : 1));
        mem.nBins.set(only);
        for (const rule of rules) {
          const got: SplitResult = { feature: -1, bin: 0, gain: 0, defaultLeft: false, gL: 0, hL: 0, cL: 0 };
          mem.step(s, 0, rows, false, -1, [{ slot: s, sumG, sumH, out: got }], rule);
          const want: SplitResult = { feature: -1, bin: 0, gain: 0, defaultLeft: false, gL: 0, hL: 0, cL: 0 };
          findBestSplit(Float64Array.from(mem.slot(s)), cols, only, sumG, sumH, rows, rule, want, false);
          const tag = `features [${f0}, ${f1}), ${JSON.stringify(rule)}`;
          assert.equal(got.feature, want.feature, tag);
          if (want.feature >= 0) {
            assert.deepEqual([got.bin, got.gain, got.defaultLeft, got.gL, got.hL], [want.bin, want.gain, want.defaultLeft, want.gL, want.hL], tag);
          }
        }
      }
      mem.nBins.set(nBins);
    }));
  }

  for (const [rows, threads] of [[3000, '1'], [30000, '2']] as const) it(`splits stably, missing rows to the default side, moving bins and gradients along (root gather, then buffer to buffer; ${rows} rows, ${threads} thread(s))`, () => withEnv({ HEPML_TREE_THREADS: threads }, () => {
    const cols = 19; // record stride 32: padding bytes too
    const { bins, g, h } = randomBins(rows, cols, 9);
    const mem = TreeMemory.create(rows, cols)!;
    mem.bins.set(bins);
    mem.setGradients(g, h);
    const goesLeft = (row: number, f: number, bin: number, dl: boolean) => bins[row * cols + f] <= bin || (dl && bins[row * cols + f] === 255);
    for (const dl of [false, true]) {
      // The root: positions through idx (a subsample), gathered from the bins by row number.
      const n = (rows * 2) / 3;
      const sub = Uint32Array.from({ length: n }, (_, i) => i + (i >> 2));
      mem.idx.set(sub);
      const mid = mem.split(0, 1, 100, n - 100, 2, 40, dl, true);
      const inRange = Array.from(sub.subarray(100, n - 100));
      const want = [...inRange.filter((r) => goesLeft(r, 2, 40, dl)), ...inRange.filter((r) => !goesLeft(r, 2, 40, dl))];
      assert.equal(mid, 100 + inRange.filter((r) => goesLeft(r, 2, 40, dl)).length);
      assert.deepEqual(Array.from(mem.rowsOf(1).subarray(100, n - 100)), want);
      // Then the left part again, from buffer 1 to buffer 2 on another feature.
      const mid2 = mem.split(1, 2, 100, mid, 5, 90, !dl, true);
      const left = want.slice(0, mid - 100);
      const want2 = [...left.filter((r) => goesLeft(r, 5, 90, !dl)), ...left.filter((r) => !goesLeft(r, 5, 90, !dl))];
      assert.equal(mid2, 100 + left.filter((r) => goesLeft(r, 5, 90, !dl)).length);
      assert.deepEqual(Array.from(mem.rowsOf(2).subarray(100, mid)), want2);
      // The histogram of the moved rows (contiguous) equals the one built from the row numbers.
      const s = mem.addSlot();
      mem.step(s, 100, mid2, true, -1, [], { criterion: 'newton', lambda: 0, minSamplesLeaf: 1, minChildWeight: 0, minGainToSplit: 0, rootWeight: 1 }, undefined, 2);
      const ref = new Float64Array(cols * 512);
      buildHistogram(ref, bins, cols, Uint32Array.from(want2.slice(0, mid2 - 100)), 0, mid2 - 100, g, h, false);
      assert.deepEqual(Array.from(mem.slot(s)), Array.from(ref));
      // Without moving the rows, only the row numbers move.
      const mid3 = mem.split(1, 2, 100, mid, 5, 90, !dl, false);
      assert.equal(mid3, mid2);
      assert.deepEqual(Array.from(mem.rowsOf(2).subarray(100, mid)), want2);
    }
  }));

  it('gradient boosting, AdaBoost and a leaf-wise tree give bit-identical models on every path (js, wasm, wasm + helper thread)', () => {
    const { x, y } = synth30(6000, 4);
    // Missing values too: NaN in one feature, a sentinel in another.
    const d = x.data.slice();
    const r = mulberry32(5);
    for (let i = 0; i < 6000; i++) {
      if (r() < 0.2) d[i * 30 + 3] = NaN;
      if (r() < 0.3) d[i * 30 + 4] = -999;
    }
    const xm = matrix(d, 6000, 30);
    const fit = () => {
      const gb = new GradientBoostingClassifier({ nEstimators: 15, maxDepth: 5, missingValue: -999, subsample: 0.8, seed: 2 }).fit(xm, y);
      const ab = new AdaBoostClassifier({ nEstimators: 10, maxDepth: 3, missingValue: -999 }).fit(xm, y);
      // Leaf-wise growth with no depth limit: the moved rows of the kernels go many levels deep.
      const lw = new GradientBoostingClassifier({ nEstimators: 4, maxDepth: Infinity, maxLeaves: 60, missingValue: -999 }).fit(xm, y);
      const dt = new DecisionTreeClassifier({ maxLeaves: 80, missingValue: -999 }).fit(xm, y);
      return [...gb.predictProba(xm), ...ab.predictProba(xm), ...lw.predictProba(xm), ...dt.predictProba(xm)];
    };
    const js = withEnv({ HEPML_TREE_KERNELS: 'js' }, fit);
    const one = withEnv({ HEPML_TREE_THREADS: '1' }, fit);
    const two = withEnv({ HEPML_TREE_THREADS: '2' }, fit);
    assert.deepEqual(one, js);
    assert.deepEqual(two, js);
  });

  it('the in-sample update of grow (terminal splits unmoved, on both threads) gives the trees and scores of the JavaScript path, on 40k rows', function () {
    this.timeout(120_000);
    // Rows enough for every two-thread path (splits, steps, in-sample update), missing values, and the
    // root itself terminal (stumps).
    const rows = 40_000;
    const { x, y } = synth30(rows, 6);
    const d = x.data.slice();
    const r = mulberry32(7);
    for (let i = 0; i < rows; i++) if (r() < 0.15) d[i * 30 + 5] = NaN;
    const xm = matrix(d, rows, 30);
    const fit = () => {
      const models = [
        new GradientBoostingClassifier({ nEstimators: 4, maxDepth: 6 }).fit(xm, y),
        new AdaBoostClassifier({ nEstimators: 4, maxDepth: 1 }).fit(xm, y),
        new AdaBoostClassifier({ nEstimators: 3, maxDepth: 3, algorithm: 'SAMME.R' }).fit(xm, y),
      ];
      return models.map((m) => ({
        trees: m.trees_!.map((t) => [t.feature, t.thresholdBin, t.value, t.count, t.gain, t.defaultLeft].map((a) => Array.from(a as ArrayLike<number>))),
        weights: Array.from(m.treeWeights_!),
        p: Array.from(m.predictProba(xm)),
      }));
    };
    const js = withEnv({ HEPML_TREE_KERNELS: 'js' }, fit);
    // The kernels' update pass runs once per tree on the kernel paths (not a silent fallback).
    const runs = countCalls(TreeMemory.prototype, 'inSample');
    try {
      assert.deepEqual(withEnv({ HEPML_TREE_THREADS: '1' }, fit), js);
      assert.deepEqual(withEnv({ HEPML_TREE_THREADS: '2' }, fit), js);
      assert.equal(runs.count, 2 * (4 + 4 + 3));
    } finally {
      runs.restore();
    }
    // The leaves' counts of a terminal split add up to its own.
    const t = js[0].trees[0];
    const [feature, , , count] = t;
    const left = withEnv({ HEPML_TREE_THREADS: '2' }, () => new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 6 }).fit(xm, y).trees_![0]);
    for (let i = 0; i < feature.length; i++) if (feature[i] >= 0) assert.equal(count[left.left[i]] + count[left.right[i]], count[i]);
  });

  it('grow with an in-sample update on kernel scores matches addInSample, which then refuses to add twice', () => {
    const rows = 20_000;
    const { x } = synth30(rows, 8);
    const binner = new FeatureBinner().fit(x);
    const binned = binner.transform(x);
    const r = mulberry32(9);
    const g = Float32Array.from({ length: rows }, () => r() - 0.5);
    const h = Float32Array.from({ length: rows }, () => 0.1 + r() * 0.2);
    const opts = { criterion: 'newton' as const, maxDepth: 5, maxLeaves: Infinity, minSamplesLeaf: 1, minChildWeight: 0, lambda: 1, minGainToSplit: 0 };
    for (const threads of ['1', '2']) {
      withEnv({ HEPML_TREE_THREADS: threads }, () => {
        const runs = countCalls(TreeMemory.prototype, 'inSample');
        const grower = new TreeGrower(binned, binner.nBins_!, opts);
        const own = grower.scoreBuffer().fill(0.25);
        assert.ok(own.buffer !== new Float64Array(1).buffer);
        const grown = grower.grow(g, h, null, binner.thresholds_!, NaN, (G, H) => -G / (H + 1), { out: own, scale: 0.3 });
        const want = new Float64Array(rows).fill(0.25);
        grown.tree.addBinned(binned, want, 0.3);
        assert.deepEqual(Array.from(own), Array.from(want));
        assert.equal(runs.count, 1, 'the update ran on the kernels');
        runs.restore();
        assert.throws(() => grown.addInSample(own, 1), /grow already did/);
        // Into an array outside the kernels' memory: the same update, through the leaves' row ranges.
        const plain = new Float64Array(rows).fill(0.25);
        grower.grow(g, h, null, binner.thresholds_!, NaN, (G, H) => -G / (H + 1), { out: plain, scale: 0.3 });
        assert.deepEqual(Array.from(plain), Array.from(want));
      });
    }
  });

  it('shared jobs of any number of chunks give the one-thread models, bit for bit (7 step chunks, 16 split chunks, 40k rows)', function () {
    this.timeout(120_000);
    // The chunk counts are read when the module loads: a child process with other settings fits and prints its models.
    const script = `
      const { AdaBoostClassifier, GradientBoostingClassifier } = require(${JSON.stringify(join(__dirname, '../../lib/trees'))});
      const { synth30 } = require(${JSON.stringify(join(__dirname, 'helpers'))});
      const { x, y } = synth30(40000, 3);
      for (let i = 0; i < x.data.length; i += 97) x.data[i] = NaN;
      const gb = new GradientBoostingClassifier({ nEstimators: 4, maxDepth: 6 }).fit(x, y);
      const ab = new AdaBoostClassifier({ nEstimators: 3, maxDepth: 3 }).fit(x, y);
      const t = synth30(20000, 4);
      console.log(JSON.stringify({ trees: [...gb.trees_, ...ab.trees_].map((tr) => [Array.from(tr.feature), Array.from(tr.threshold), Array.from(tr.value)]),
        p: Array.from(gb.predictProba(t.x)), q: Array.from(ab.predictProba(t.x)) }));`;
    const run = (env: Record<string, string>) => {
      const res = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { encoding: 'utf8', timeout: 100_000, maxBuffer: 1 << 28, env: { ...process.env, ...env } });
      assert.equal(res.status, 0, res.stderr);
      return res.stdout.trim();
    };
    const one = run({ HEPML_TREE_THREADS: '1' });
    const many = run({ HEPML_TREE_THREADS: '2', HEPML_TREE_CHUNKS: '7', HEPML_TREE_SPLIT_CHUNKS: '16' });
    assert.ok(one.length > 1000);
    assert.ok(one === many, 'the models or predictions differ between one thread and two threads with 7 / 16 chunks');
  });

  it('the helper runs each chunk once and counted, when jobs of 2 and 4 chunks alternate and both threads stall while a job opens', function () {
    this.timeout(60_000);
    // HEPML_TREE_TEST_STALL_US (read when the helper starts: a child process) stalls the helper between reading
    // the claim word and claiming, and this thread just before it opens the next job, at random half the time:
    // what a descheduled thread does once in millions of jobs. Each round is a histogram step (2 chunks) and an
    // in-sample update (4 chunks) adding 1 to every row, so after round k every row holds k exactly. With the
    // job's size in a word of its own, the helper claimed a chunk past a job's end as one of the next job's and
    // ran it twice and uncounted (in nearly every round).
    const script = `
      const { TreeMemory } = require(${JSON.stringify(join(__dirname, '../../lib/trees/kernels'))});
      const rows = 40000;
      const mem = TreeMemory.create(rows, 4);
      for (let i = 0; i < rows; i++) mem.idx[i] = i;
      mem.setGradients(new Float32Array(rows).fill(0.5), new Float32Array(rows).fill(0.25));
      const slot = mem.addSlot();
      for (let k = 0; k < 4; k++) mem.setItem(k, 0, k * 10000, (k + 1) * 10000, -1, 0, false, 1, 0);
      const out = mem.scores();
      const wrong = [];
      for (let round = 1; round <= 200; round++) {
        mem.build(slot, 0, rows, false);
        mem.inSample(4, out);
        const i = out.findIndex((v) => v !== round);
        if (i >= 0) wrong.push(round + ': row ' + i + ' holds ' + out[i]);
      }
      console.log(JSON.stringify(wrong));`;
    const res = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { encoding: 'utf8', timeout: 50_000,
      env: { ...process.env, HEPML_TREE_THREADS: '2', HEPML_TREE_TEST_STALL_US: '100' } });
    assert.equal(res.status, 0, res.stderr);
    const wrong = JSON.parse(res.stdout) as string[];
    assert.deepEqual(wrong.slice(0, 3), [], `${wrong.length} of 200 rounds left rows with another count`);
  });

  it('setGiniTargets with a divisor divides the weights in place and sets the targets and sums of the divided weights (AdaBoost\'s fused normalisation)', () => {
    const n = 5000;
    const r = mulberry32(9);
    const w = Float64Array.from({ length: n }, () => r() * 3);
    const labels = Uint8Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
    const d = 1234.5678;
    const want = w.map((v) => v / d);
    const ref = TreeMemory.create(n, 1)!;
    ref.setGiniTargets(want, labels);
    const mem = TreeMemory.create(n, 1)!;
    mem.setGiniTargets(w, labels, d);
    assert.deepEqual(Array.from(w), Array.from(want));
    assert.deepEqual(Array.from(mem.gh), Array.from(ref.gh));
    assert.deepEqual(mem.gradientSums, ref.gradientSums);
  });

  it('a process whose fit started the helper thread exits by itself', function () {
    this.timeout(60_000);
    const script = `
      const { GradientBoostingClassifier } = require(${JSON.stringify(join(__dirname, '../../lib/trees'))});
      const { synth30 } = require(${JSON.stringify(join(__dirname, 'helpers'))});
      const { x, y } = synth30(5000, 1);
      new GradientBoostingClassifier({ nEstimators: 3 }).fit(x, y);
      console.log('fitted');`;
    const res = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { encoding: 'utf8', timeout: 50_000, env: { ...process.env, HEPML_TREE_THREADS: '2' } });
    assert.equal(res.error, undefined, `the process did not exit: ${res.error?.message}`);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /fitted/);
  });
});
