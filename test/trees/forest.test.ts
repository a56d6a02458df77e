/**
 * Prediction's fast path against the plain one: the packed forest (lib/trees/forest.ts) walking binned rows,
 * in JavaScript and on the kernels (binRows + predict, one and two threads), and walking the rows' raw keys
 * (rawKeys + predictRaw), against each tree's raw walk (tree.ts), bit for bit, on data with NaN, a sentinel,
 * values exactly on the cuts and beside them, ±0, ±Infinity and thresholds that are not float32.
 */
import { strict as assert } from 'node:assert';
import { matrix, type Matrix } from '../../lib/data/matrix';
import { AdaBoostClassifier, GradientBoostingClassifier } from '../../lib/trees';
import { FeatureBinner } from '../../lib/trees/binning';
import { addPacked, float32Below, packForest, rawKey } from '../../lib/trees/forest';
import { ForestPredictor } from '../../lib/trees/kernels';
import { mulberry32 } from '../../lib/trees/random';
import { Tree } from '../../lib/trees/tree';
import { synth30, withEnv } from './helpers';

/** The float32 values next to `v` (below, at, above) when v is a float32, else the two around it. */
function around(v: number): number[] {
  const f = new Float32Array([v]);
  const u = new Int32Array(f.buffer);
  const at = f[0];
  u[0] += at >= 0 ? 1 : -1;
  const up = f[0];
  f[0] = at;
  u[0] += at > 0 ? -1 : 1;
  const down = f[0];
  return [down, at, up];
}

/** Test rows: a model's training-like data, then rows whose features sit on and beside the cuts, NaN and -999. */
function nastyRows(x: Matrix, binner: FeatureBinner, rows: number, seed: number): Matrix {
  const r = mulberry32(seed);
  const d = new Float32Array(rows * x.cols);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < x.cols; f++) {
      const u = r();
      const cuts = binner.thresholds_![f];
      let v = x.data[(i % x.rows) * x.cols + f];
      if (u < 0.05) v = NaN;
      else if (u < 0.1) v = -999;
      else if (u < 0.4 && cuts.length > 0) v = around(cuts[Math.floor(r() * cuts.length)])[Math.floor(r() * 3)];
      d[i * x.cols + f] = v;
    }
  }
  return matrix(d, rows, x.cols);
}

/** Σ_k w_k · tree_k(x) by each tree's raw walk, trees [t0, t1), from `init`. */
function rawSums(trees: readonly Tree[], weights: ArrayLike<number>, x: Matrix, init: number, t0 = 0, t1 = trees.length): Float64Array {
  const acc = new Float64Array(x.rows).fill(init);
  for (let k = t0; k < t1; k++) trees[k].addRaw(x, acc, weights[k]);
  return acc;
}

function rowMajor(bins: Uint8Array, rows: number, cols: number): Uint8Array {
  const out = new Uint8Array(rows * cols);
  for (let f = 0; f < cols; f++) for (let r = 0; r < rows; r++) out[r * cols + f] = bins[f * rows + r];
  return out;
}

/** A one-split tree on feature `f`: left value `a`, right value `b`, missing left when `dl`. */
function stump(f: number, threshold: number, a: number, b: number, dl: number, missingValue: number): Tree {
  return new Tree({
    nodeCount: 3, feature: Int32Array.of(f, -1, -1), thresholdBin: new Uint8Array(3), threshold: Float64Array.of(threshold, 0, 0),
    left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1), value: Float64Array.of(0, a, b), defaultLeft: Uint8Array.of(dl, 0, 0),
    gain: new Float64Array(3), count: new Float64Array(3), missingValue,
  });
}

/** Thresholds where rounding to float32 can go wrong: zeros, values below the smallest float32, non-float32 values, beyond the largest. */
const HARD_THRESHOLDS = [0, -0, 1e-50, -1e-50, 5e-324, -5e-324, 1.401298464324817e-45, -1.401298464324817e-45, 1.1, -1.1, 1.5, -2.5,
  0.1 + 0.2, -(0.1 + 0.2), 3.5e38, -3.5e38, 3.4028234663852886e38, Infinity, -999.5, (Math.fround(7.3) + 7.300000190734864) / 2];

/** Float32 values around every hard threshold, ±0, ±Infinity, the largest float32, NaN and the sentinel -999. */
function hardValues(): number[] {
  const v = [0, -0, Infinity, -Infinity, 3.4028234663852886e38, -3.4028234663852886e38, NaN, -999, Math.fround(-999.1)];
  for (const t of HARD_THRESHOLDS) if (Number.isFinite(Math.fround(t))) v.push(...around(Math.fround(t)));
  return v;
}

function dataWithMissing(n: number, seed: number): { x: Matrix; y: Uint8Array } {
  const { x, y } = synth30(n, seed);
  const d = x.data.slice();
  const r = mulberry32(seed + 1);
  for (let i = 0; i < n; i++) {
    if (r() < 0.2) d[i * 30 + 3] = NaN;
    if (r() < 0.3) d[i * 30 + 4] = -999;
  }
  return { x: matrix(d, n, 30), y };
}

describe('trees/forest', () => {
  const train = dataWithMissing(4000, 11);
  const gb = new GradientBoostingClassifier({ nEstimators: 12, maxDepth: 5, missingValue: -999, seed: 1 }).fit(train.x, train.y);
  const test = nastyRows(train.x, gb.binner_!, 3001, 12);

  it('packs trees of different depths into one complete layout and walks them as the raw trees', () => {
    const shallow = new GradientBoostingClassifier({ nEstimators: 3, maxDepth: 2, missingValue: -999 }).fit(train.x, train.y);
    const trees = [...gb.trees_!, ...shallow.trees_!];
    const weights = [...gb.treeWeights_!, 0.7, 1.3, -0.5];
    const forest = packForest(trees, weights)!;
    assert.equal(forest.depth, 5);
    assert.equal(forest.nodes.length, trees.length * 31);
    const bins = rowMajor(gb.binner_!.transform(test).bins, test.rows, test.cols);
    const got = new Float64Array(test.rows).fill(0.25);
    addPacked(forest, bins, test.cols, got);
    assert.deepEqual(Array.from(got), Array.from(rawSums(trees, weights, test, 0.25)));
  });

  it('packs a tree without splits (depth 0) as depth 1, and refuses trees deeper than 10', () => {
    const sep = matrix(Float32Array.of(0, 1, 2, 3), 4, 1);
    const stump = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 1, minChildWeight: 100 }).fit(sep, [0, 1, 0, 1]);
    assert.equal(stump.trees_![0].nodeCount, 1);
    const forest = packForest(stump.trees_!, [2])!;
    assert.equal(forest.depth, 1);
    const out = new Float64Array(4).fill(1);
    addPacked(forest, Uint8Array.of(0, 1, 2, 255), 1, out);
    assert.deepEqual(Array.from(out), Array(4).fill(1 + 2 * stump.trees_![0].value[0]));
    const deep = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 14, maxLeaves: 400 }).fit(train.x, train.y);
    assert.ok(deep.trees_![0].depth > 10, `depth ${deep.trees_![0].depth}`);
    assert.equal(packForest(deep.trees_!, [1]), undefined);
  });

  for (const threads of ['1', '2']) {
    it(`bins rows on the kernel as FeatureBinner.transform does (${threads} thread(s), NaN, sentinel, cut values)`, () => {
      withEnv({ HEPML_TREE_THREADS: threads }, () => {
        // 40001 rows: several chunks of the kernel's copy, an odd tail.
        const big = nastyRows(train.x, gb.binner_!, 40001, 13);
        const forest = packForest(gb.trees_!, gb.treeWeights_!)!;
        const p = ForestPredictor.create(big, gb.binner_!.thresholds_!, -999, forest, 0, true)!;
        const want = rowMajor(gb.binner_!.transform(big).bins, big.rows, big.cols);
        assert.ok(Buffer.from(p.bins).equals(Buffer.from(want)), 'bins differ');
      });
    });

    for (const binned of [true, false]) it(`walks the packed forest on the kernel as the raw trees (${binned ? 'binned' : 'raw keys'}, ${threads} thread(s), tree ranges, odd row counts)`, () => {
      withEnv({ HEPML_TREE_THREADS: threads }, () => {
        const forest = packForest(gb.trees_!, gb.treeWeights_!)!;
        for (const rows of [1, 7, 9, 3001]) {
          const x = matrix(test.data.subarray(0, rows * 30), rows, 30);
          const p = ForestPredictor.create(x, gb.binner_!.thresholds_!, -999, forest, gb.init_!, binned)!;
          assert.equal(p.raw, !binned);
          p.add(0, 5);
          assert.deepEqual(Array.from(p.acc), Array.from(rawSums(gb.trees_!, gb.treeWeights_!, x, gb.init_!, 0, 5)), `${rows} rows, trees 0..5`);
          p.add(5, 12);
          assert.deepEqual(Array.from(p.acc), Array.from(rawSums(gb.trees_!, gb.treeWeights_!, x, gb.init_!)), `${rows} rows, all trees`);
        }
      });
    });
  }

  it('rounds thresholds down to float32: every float32 v has v <= t exactly when its key is <= the record\'s', () => {
    for (const t of HARD_THRESHOLDS) {
      const t32 = float32Below(t);
      assert.ok(t32 <= t && Math.fround(t32) === t32, `${t}: ${t32}`);
      // Each packed stump's record, missing left and right, against every hard value.
      for (const dl of [0, 1]) {
        const raw = packForest([stump(0, t, 1, 2, dl, -999)], [1])!.raw!;
        for (const v of hardValues()) {
          if (v !== v || v === -999) continue;
          const right = ((rawKey(v) - (raw[0] & 1)) | 0) > (raw[1] | 0);
          assert.equal(right, !(v <= t), `t ${t}, v ${v}, missing ${dl ? 'left' : 'right'}`);
        }
      }
    }
  });

  for (const threads of ['1', '2']) {
    it(`walks the raw keys as the raw trees at hard thresholds (${threads} thread(s): ±0, ±Infinity, NaN, sentinel, non-float32 cuts, a deeper tree)`, () => {
      withEnv({ HEPML_TREE_THREADS: threads }, () => {
        const values = hardValues();
        for (const missingValue of [-999, NaN, -999.1]) {
          // Stumps on features 0 and 1 with every hard threshold, missing left and right, and a deeper tree (the others padded).
          const trees: Tree[] = [];
          HARD_THRESHOLDS.forEach((t, k) => {
            trees.push(stump(k % 2, t, k + 1, -0.5 * (k + 1), 0, missingValue), stump(1 - (k % 2), t, 0.25 * k, k - 3, 1, missingValue));
          });
          const deep = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 4, missingValue: Number.isNaN(missingValue) ? undefined : missingValue }).fit(train.x, train.y).trees_![0];
          trees.splice(7, 0, deep);
          const weights = trees.map((_, k) => 1 + k / 8);
          const forest = packForest(trees, weights)!;
          assert.equal(forest.depth, deep.depth);
          assert.ok(Number.isNaN(forest.sentinel) === (missingValue !== -999), `sentinel ${forest.sentinel}`);
          // Rows: every pair of hard values in the first two features (the deep tree sees training rows elsewhere), 8·k ± 1 rows.
          const rows = values.length * values.length;
          for (const n of [rows, 5, 8 * 40 + 3]) {
            const d = new Float32Array(n * 30);
            for (let r = 0; r < n; r++) {
              d.set(train.x.data.subarray((r % train.x.rows) * 30, (r % train.x.rows + 1) * 30), r * 30);
              d[r * 30] = values[r % values.length];
              d[r * 30 + 1] = values[Math.floor(r / values.length) % values.length];
            }
            const x = matrix(d, n, 30);
            const p = ForestPredictor.create(x, gb.binner_!.thresholds_!, missingValue, forest, 0.5)!;
            assert.ok(p.raw);
            p.add(0, 3);
            p.add(3, trees.length);
            const want = rawSums(trees, weights, x, 0.5);
            const bad = want.findIndex((w, i) => !Object.is(w, p.acc[i]));
            assert.equal(bad, -1, bad < 0 ? '' : `missingValue ${missingValue}, ${n} rows: row ${bad} (${d[bad * 30]}, ${d[bad * 30 + 1]}) ${p.acc[bad]} vs ${want[bad]}`);
          }
        }
      });
    });
  }

  it('models without missingValue and with one that is not a float32 (-999.1: never missing) predict as their raw trees', () => {
    const x = test.data.slice();
    for (let i = 4; i < x.length; i += 30) if (i % 7 === 0) x[i] = -999.1; // float32(-999.1) != -999.1
    const xm = matrix(x, test.rows, 30);
    for (const missingValue of [undefined, -999.1]) {
      const m = new GradientBoostingClassifier({ nEstimators: 6, maxDepth: 4, missingValue, seed: 2 }).fit(train.x, train.y);
      assert.ok(Number.isNaN(packForest(m.trees_!, m.treeWeights_!)!.sentinel));
      for (const threads of ['1', '2']) {
        const got = withEnv({ HEPML_TREE_THREADS: threads }, () => Array.from(m.decisionFunction(xm)));
        assert.deepEqual(got, Array.from(Float32Array.from(rawSums(m.trees_!, m.treeWeights_!, xm, m.init_!))), `missingValue ${missingValue}, ${threads} thread(s)`);
      }
    }
  });

  it('decisionFunction and its staged form agree bit for bit on every path (js, kernels on 1 and 2 threads)', () => {
    const ada = new AdaBoostClassifier({ nEstimators: 8, maxDepth: 3, missingValue: -999 }).fit(train.x, train.y);
    const adaR = new AdaBoostClassifier({ nEstimators: 8, maxDepth: 2, algorithm: 'SAMME.R', missingValue: -999 }).fit(train.x, train.y);
    const run = () => [gb, ada, adaR].map((m) => ({ d: Array.from(m.decisionFunction(test)), staged: [...m.stagedDecisionFunction(test)].map((s) => Array.from(s)) }));
    const js = withEnv({ HEPML_TREE_KERNELS: 'js' }, run);
    const one = withEnv({ HEPML_TREE_THREADS: '1' }, run);
    const two = withEnv({ HEPML_TREE_THREADS: '2' }, run);
    assert.deepEqual(one, js);
    assert.deepEqual(two, js);
    for (const m of js) assert.deepEqual(m.staged[m.staged.length - 1], m.d);
    // The plain definition: init + Σ w·tree(x) (AdaBoost divided by Σ w), in float32.
    const want = Float32Array.from(rawSums(gb.trees_!, gb.treeWeights_!, test, gb.init_!));
    assert.deepEqual(js[0].d, Array.from(want));
  });

  it('a staged prediction survives other predictions between its stages', () => {
    const other = dataWithMissing(5000, 21).x;
    const stages: number[][] = [];
    const between: number[][] = [];
    for (const s of gb.stagedDecisionFunction(test)) {
      stages.push(Array.from(s));
      between.push(Array.from(gb.decisionFunction(other)));
    }
    assert.deepEqual(stages, [...gb.stagedDecisionFunction(test)].map((s) => Array.from(s)));
    assert.deepEqual(between[0], between[between.length - 1]);
  });

  it('predictions reuse a released memory with no stale state (larger, smaller, a staged one abandoned early)', () => {
    const other = dataWithMissing(5000, 23).x;
    const small = matrix(test.data.slice(0, 7 * 30), 7, 30);
    const want = (x: Matrix) => Array.from(Float32Array.from(rawSums(gb.trees_!, gb.treeWeights_!, x, gb.init_!)));
    for (const threads of ['1', '2']) {
      withEnv({ HEPML_TREE_THREADS: threads }, () => {
        for (const x of [other, test, small, other]) assert.deepEqual(Array.from(gb.decisionFunction(x)), want(x));
        let k = 0;
        for (const stage of gb.stagedDecisionFunction(other)) if (++k === 2 || stage.length === 0) break;
        for (const x of [test, other]) assert.deepEqual(Array.from(gb.decisionFunction(x)), want(x));
      });
    }
    const forest = packForest(gb.trees_!, gb.treeWeights_!)!;
    const p = ForestPredictor.create(test, gb.binner_!.thresholds_!, -999, forest, 0)!;
    p.release();
    assert.throws(() => p.add(0, 1), /released/);
  });

  it('deep ensembles (not packed) predict through the raw walk', () => {
    const deep = new GradientBoostingClassifier({ nEstimators: 3, maxDepth: 14, maxLeaves: 400, missingValue: -999 }).fit(train.x, train.y);
    assert.deepEqual(Array.from(deep.decisionFunction(test)), Array.from(Float32Array.from(rawSums(deep.trees_!, deep.treeWeights_!, test, deep.init_!))));
  });
});
