import { strict as assert } from 'node:assert';
import { FeatureBinner, MISSING_BIN } from '../../lib/trees/binning';
import { TreeGrower, type GrowOptions } from '../../lib/trees/grower';
import { matrix } from '../../lib/data/matrix';
import { mulberry32 } from '../../lib/trees/random';

const base: GrowOptions = { criterion: 'newton', maxDepth: 1, maxLeaves: Infinity, minSamplesLeaf: 1, minChildWeight: 0, lambda: 1, minGainToSplit: 0 };

function data(n: number, cols: number, seed: number) {
  const r = mulberry32(seed);
  const d = new Float32Array(n * cols);
  for (let i = 0; i < d.length; i++) d[i] = Math.round(r() * 40) / 4;
  const g = new Float32Array(n);
  const h = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = d[i * cols] > 5 ? r() - 0.8 : r() - 0.2;
    h[i] = 0.1 + r();
  }
  return { x: matrix(d, n, cols), g, h };
}

/** Exact split search over every distinct value midpoint (slow, obvious). */
function bruteForce(x: { data: Float32Array; rows: number; cols: number }, g: Float32Array, h: Float32Array, crit: 'newton' | 'gini', lambda: number, minLeaf: number) {
  const score = (G: number, H: number) => (crit === 'newton' ? (G * G) / (H + lambda) : H > 0 ? (-2 * G * (H - G)) / H : 0);
  let G = 0;
  let H = 0;
  for (let i = 0; i < x.rows; i++) {
    G += g[i];
    H += h[i];
  }
  let best = { gain: 0, feature: -1, threshold: NaN };
  for (let f = 0; f < x.cols; f++) {
    const values = [...new Set(Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + f]))].sort((a, b) => a - b);
    for (let k = 0; k + 1 < values.length; k++) {
      const t = (values[k] + values[k + 1]) / 2;
      let gl = 0, hl = 0, cl = 0;
      for (let i = 0; i < x.rows; i++) if (x.data[i * x.cols + f] <= t) { gl += g[i]; hl += h[i]; cl++; }
      if (cl < minLeaf || x.rows - cl < minLeaf) continue;
      const gain = (crit === 'newton' ? 0.5 : 1 / H) * (score(gl, hl) + score(G - gl, H - hl) - score(G, H));
      if (gain > best.gain + 1e-12) best = { gain, feature: f, threshold: t };
    }
  }
  return best;
}

describe('trees/TreeGrower', () => {
  for (const criterion of ['newton', 'gini'] as const) {
    for (const minSamplesLeaf of [1, 7]) {
      it(`finds the exact best split (${criterion}, minSamplesLeaf ${minSamplesLeaf})`, () => {
        for (let seed = 1; seed <= 5; seed++) {
          const { x, g, h } = data(120, 4, seed);
          if (criterion === 'gini') for (let i = 0; i < g.length; i++) g[i] = g[i] > 0 ? h[i] : 0; // g = weight of class 1
          const binner = new FeatureBinner().fit(x);
          const grower = new TreeGrower(binner.transform(x), binner.nBins_!, { ...base, criterion, minSamplesLeaf });
          const tree = grower.grow(g, h, null, binner.thresholds_!, NaN, (G, H) => -G / (H + 1)).tree;
          const brute = bruteForce(x, g, h, criterion, 1, minSamplesLeaf);
          assert.equal(tree.feature[0], brute.feature, `seed ${seed}`);
          assert.ok(Math.abs(tree.threshold[0] - brute.threshold) < 1e-6, `seed ${seed} threshold`);
          assert.ok(Math.abs(tree.gain[0] - brute.gain) < 1e-5 * Math.abs(brute.gain), `seed ${seed} gain ${tree.gain[0]} vs ${brute.gain}`);
        }
      });
    }
  }

  it('grows deeper trees whose leaves partition the rows; binned and raw prediction agree', () => {
    const { x, g, h } = data(500, 5, 9);
    const binner = new FeatureBinner().fit(x);
    const binned = binner.transform(x);
    for (const opts of [{ maxDepth: 4 }, { maxDepth: Infinity, maxLeaves: 9 }, { maxDepth: 3, minSamplesLeaf: 20 }]) {
      const grower = new TreeGrower(binned, binner.nBins_!, { ...base, ...opts });
      const grown = grower.grow(g, h, null, binner.thresholds_!, NaN, (G, H) => -G / (H + 1));
      const tree = grown.tree;
      if (opts.maxLeaves) assert.equal(tree.leafCount, 9);
      assert.ok(tree.depth <= (opts.maxDepth === Infinity ? 99 : opts.maxDepth));
      const a = new Float64Array(x.rows);
      const b = new Float64Array(x.rows);
      const c = new Float64Array(x.rows);
      tree.addRaw(x, a);
      tree.addBinned(binned, b);
      grown.addInSample(c, 1);
      assert.deepEqual(Array.from(a), Array.from(b));
      assert.deepEqual(Array.from(a), Array.from(c));
      grower.grow(g, h, null, binner.thresholds_!, NaN, (G, H) => -G / (H + 1));
      assert.throws(() => grown.addInSample(c, 1), /after the next one was grown/, 'a grown tree\'s in-sample update is valid until the next grow');
      const leaves = tree.applyRaw(x);
      const counts = new Map<number, number>();
      for (const l of leaves) counts.set(l, (counts.get(l) ?? 0) + 1);
      for (const [leaf, cnt] of counts) {
        assert.equal(tree.count[leaf], cnt);
        assert.ok(cnt >= (opts.minSamplesLeaf ?? 1));
      }
    }
  });

  it('learns where missing values go (left or right, whichever gains more)', () => {
    // Feature 0: missing rows behave like the high values (g < 0); the best split sends them right.
    for (const [missingLike, expectLeft] of [['high', 0], ['low', 1]] as const) {
      const n = 200;
      const d = new Float32Array(n);
      const g = new Float32Array(n);
      const h = new Float32Array(n).fill(1);
      for (let i = 0; i < n; i++) {
        const kind = i % 4 === 0 ? 'missing' : i % 2 === 0 ? 'low' : 'high';
        d[i] = kind === 'missing' ? -999 : kind === 'low' ? i / n : 5 + i / n;
        const behaves = kind === 'missing' ? missingLike : kind;
        g[i] = behaves === 'high' ? -1 : 1;
      }
      const x = matrix(d, n, 1);
      const binner = new FeatureBinner({ missingValue: -999 }).fit(x);
      const binned = binner.transform(x);
      assert.equal(binned.bins[0], MISSING_BIN);
      const tree = new TreeGrower(binned, binner.nBins_!, base).grow(g, h, null, binner.thresholds_!, -999, (G, H) => -G / (H + 1)).tree;
      assert.equal(tree.defaultLeft[0], expectLeft);
      const out = new Float64Array(2);
      tree.addRaw(matrix(Float32Array.of(NaN, -999), 2, 1), out);
      const leaf = expectLeft ? tree.left[0] : tree.right[0];
      assert.equal(out[0], tree.value[leaf]);
      assert.equal(out[1], tree.value[leaf]);
    }
  });
});
