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
import { AdaBoostClassifier, GradientBoostingClassifier } from '../../lib/trees';
import { sortFloat32 } from '../../lib/trees/binning';
import { buildHistogram } from '../../lib/trees/histogram';
import { TreeMemory } from '../../lib/trees/kernels';
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

  it('partitions stably, missing rows to the default side', () => {
    const rows = 3000;
    const cols = 4;
    const { bins } = randomBins(rows, cols, 9);
    const mem = TreeMemory.create(rows, cols)!;
    const colMajor = new Uint8Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let f = 0; f < cols; f++) colMajor[f * rows + r] = bins[r * cols + f];
    mem.colBins.set(colMajor);
    for (const dl of [false, true]) {
      const start = Uint32Array.from({ length: 2000 }, (_, i) => i + (i >> 2));
      mem.idx.set(start);
      const mid = mem.partition(2, 40, dl, 100, 1900);
      const inRange = Array.from(start.subarray(100, 1900));
      const goesLeft = (row: number) => colMajor[2 * rows + row] <= 40 || (dl && colMajor[2 * rows + row] === 255);
      const want = [...inRange.filter(goesLeft), ...inRange.filter((r) => !goesLeft(r))];
      assert.equal(mid, 100 + inRange.filter(goesLeft).length);
      assert.deepEqual(Array.from(mem.idx.subarray(100, 1900)), want);
      assert.deepEqual(Array.from(mem.idx.subarray(0, 100)), Array.from(start.subarray(0, 100)), 'rows outside the range untouched');
    }
  });

  it('gradient boosting and AdaBoost give bit-identical models on every path (js, wasm, wasm + helper thread)', () => {
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
      return [...gb.predictProba(xm), ...ab.predictProba(xm)];
    };
    const js = withEnv({ HEPML_TREE_KERNELS: 'js' }, fit);
    const one = withEnv({ HEPML_TREE_THREADS: '1' }, fit);
    const two = withEnv({ HEPML_TREE_THREADS: '2' }, fit);
    assert.deepEqual(one, js);
    assert.deepEqual(two, js);
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
