import { strict as assert } from 'node:assert';
import { FeatureBinner, MISSING_BIN, binColumns } from '../../lib/trees/binning';
import { matrix } from '../../lib/data/matrix';
import { HepmlError } from '../../lib/errors';
import { mulberry32 } from '../../lib/trees/random';
import { withEnv } from './helpers';

/** Slow obvious cuts: distinct values via a Set, percentiles by their definition ("midpoint" method). */
function slowCuts(values: number[], maxBins: number): number[] {
  const v = values.filter((a) => !Number.isNaN(a)).map((a) => Math.fround(a)).sort((a, b) => a - b);
  const distinct = [...new Set(v)];
  if (distinct.length <= maxBins) return distinct.slice(1).map((b, i) => (distinct[i] + b) / 2);
  const cuts: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const pos = (k / maxBins) * (v.length - 1);
    const c = (v[Math.floor(pos)] + v[Math.ceil(pos)]) / 2;
    if (!cuts.length || c > cuts[cuts.length - 1]) cuts.push(c);
  }
  return cuts;
}

describe('trees/FeatureBinner', () => {
  const n = 3000;
  const r = mulberry32(7);
  const data = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = r() * 10; // continuous
    data[i * 3 + 1] = Math.floor(r() * 12); // 12 distinct values (ties)
    data[i * 3 + 2] = r() < 0.2 ? (r() < 0.5 ? NaN : -999) : Math.exp(r() * 3); // missing + sentinel
  }
  const x = matrix(data, n, 3);

  it('finds the same cuts as a slow percentile computation', () => {
    const binner = new FeatureBinner({ maxBins: 32, missingValue: -999 }).fit(x);
    for (let f = 0; f < 3; f++) {
      const col = Array.from({ length: n }, (_, i) => data[i * 3 + f]).filter((v) => v !== -999);
      const slow = slowCuts(col, 32);
      assert.equal(binner.thresholds_![f].length, slow.length, `feature ${f}`);
      slow.forEach((c, k) => assert.ok(Math.abs(binner.thresholds_![f][k] - c) < 1e-12, `feature ${f} cut ${k}`));
    }
    assert.equal(binner.nBins_![1], 12);
  });

  it('maps values by a linear scan of the cuts, missing values to the missing bin', () => {
    const binner = new FeatureBinner({ maxBins: 32, missingValue: -999 }).fit(x);
    const b = binner.transform(x);
    for (let f = 0; f < 3; f++) {
      const t = binner.thresholds_![f];
      for (let i = 0; i < n; i++) {
        const v = data[i * 3 + f];
        let expected = 0;
        if (Number.isNaN(v) || v === -999) expected = MISSING_BIN;
        else while (expected < t.length && v > t[expected]) expected++;
        assert.equal(b.bins[f * n + i], expected);
      }
    }
    // quantile bins hold about n/32 values each
    const counts = new Array(32).fill(0);
    for (let i = 0; i < n; i++) counts[b.bins[i]]++;
    for (const c of counts) assert.ok(Math.abs(c - n / 32) <= 3, `count ${c}`);
  });

  it('without a sentinel, -999 is an ordinary (lowest) value', () => {
    const b = new FeatureBinner({ maxBins: 16 }).fitTransform(x);
    for (let i = 0; i < n; i++) if (data[i * 3 + 2] === -999) assert.equal(b.bins[2 * n + i], 0);
  });

  it('checks its options and fit state', () => {
    assert.throws(() => new FeatureBinner({ maxBins: 256 }).fit(x), HepmlError);
    assert.throws(() => new FeatureBinner().transform(x), /Call fit/);
  });

  for (const threads of ['1', '2']) {
    it(`bins on the kernels as the JavaScript loop does, with row-major bins beside (${threads} thread(s))`, () => {
      withEnv({ HEPML_TREE_THREADS: threads }, () => {
        const rows = 20011;
        const cols = 7;
        const r = mulberry32(17);
        const d = new Float32Array(rows * cols);
        for (let i = 0; i < d.length; i++) d[i] = r() < 0.05 ? NaN : r() < 0.05 ? -999 : r() < 0.3 ? Math.round(r() * 20) / 4 : (r() - 0.5) * 100;
        const xs = matrix(d, rows, cols);
        const binner = new FeatureBinner({ maxBins: 200, missingValue: -999 }).fit(matrix(d.subarray(0, 5000 * cols), 5000, cols));
        // Values on the cuts (as float32) and just beside them, and beyond the range.
        for (let i = 0; i < 3000; i++) {
          const f = i % cols;
          const t = binner.thresholds_![f];
          d[i * cols + f] = i % 7 === 0 ? 1e30 : Math.fround(t[i % t.length]) * (1 + ((i % 3) - 1) * 1e-7);
        }
        const got = binner.transform(xs);
        assert.ok(got.rowBins, 'the kernels made row-major bins');
        assert.ok(Buffer.from(got.bins).equals(Buffer.from(binColumns(xs, binner.thresholds_!, -999))), 'column-major bins differ');
        for (let i = 0; i < rows; i += 97) for (let f = 0; f < cols; f++) assert.equal(got.rowBins![i * cols + f], got.bins[f * rows + i]);
        const js = withEnv({ HEPML_TREE_KERNELS: 'js' }, () => binner.transform(xs));
        assert.equal(js.rowBins, undefined);
        assert.ok(Buffer.from(js.bins).equals(Buffer.from(got.bins)));
      });
    });
  }
});
