import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { HepmlError, setWarningSink } from '../../lib/errors';
import { fromRows, matrix } from '../../lib/data/matrix';
import { correlationMatrix, histogram } from '../../lib/stats';
import { rng } from '../metrics/cases';

describe('stats/histogram and correlationMatrix', () => {
  it('histogram: numpy semantics (last bin closed, outside ignored), Sumw2 errors, density', () => {
    const h = histogram([0, 0.5, 1, 1.5, 2, 2, 3], { bins: 2, range: [0, 2], weights: [1, 2, 3, 4, 5, 6, 7] });
    assert.deepEqual([...h.edges], [0, 1, 2]);
    assert.deepEqual([...h.counts], [3, 18]);
    assert.deepEqual([...h.errors], [Math.sqrt(5), Math.sqrt(9 + 16 + 25 + 36)]);
    const d = histogram([0.1, 0.2, 0.7], { bins: [0, 0.5, 2], density: true });
    assert.deepEqual([...d.counts], [2 / 3 / 0.5, 1 / 3 / 1.5]);
    assert.deepEqual([...histogram([5, 5]).edges.subarray(0, 1)], [4.5]);
    assert.throws(() => histogram([1, NaN]), HepmlError);
  });

  it('histogram equals a slow per-bin count and numpy.histogram where available', () => {
    const u = rng(3);
    const v = Array.from({ length: 5000 }, () => u() * 7 - 2);
    const w = v.map(() => u());
    const h = histogram(v, { bins: 37, range: [-1, 4.3], weights: w });
    for (let k = 0; k < 37; k++) {
      let s = 0;
      for (let i = 0; i < v.length; i++) if (v[i] >= h.edges[k] && (v[i] < h.edges[k + 1] || (k === 36 && v[i] === h.edges[37]))) s += w[i];
      assert.ok(Math.abs(s - h.counts[k]) < 1e-9);
    }
    const py = spawnSync('/usr/bin/python3', ['-c', 'import json,sys,numpy as np; d=json.load(sys.stdin); print(json.dumps(np.histogram(d["v"], bins=37, range=(-1,4.3), weights=d["w"])[0].tolist()))'], { input: JSON.stringify({ v, w }), encoding: 'utf8' });
    if (py.status === 0) JSON.parse(py.stdout).forEach((c: number, k: number) => assert.ok(Math.abs(c - h.counts[k]) < 1e-9, `bin ${k}`));
  });

  it('correlationMatrix: integer weights equal duplicated rows; ±1 for linear relations; constant column NaN + warning', () => {
    const u = rng(8);
    const rows = Array.from({ length: 50 }, () => {
      const a = u();
      return [a, 2 * a + 1, u(), -a + 0.1 * u()];
    });
    const w = rows.map(() => 1 + Math.floor(u() * 3));
    const dup = rows.flatMap((r, i) => Array.from({ length: w[i] }, () => r));
    const cw = correlationMatrix(fromRows(rows), { weights: w });
    const cd = correlationMatrix(fromRows(dup));
    for (let i = 0; i < 16; i++) assert.ok(Math.abs(cw.data[i] - cd.data[i]) < 1e-9);
    assert.ok(Math.abs(cd.data[1] - 1) < 1e-6);
    assert.ok(cd.data[3] < -0.9);
    const got: string[] = [];
    const prev = setWarningSink((m) => got.push(m));
    try {
      const c = correlationMatrix(matrix(Float32Array.from([1, 5, 2, 5, 3, 5]), 3, 2));
      assert.ok(Number.isNaN(c.data[1]));
    } finally {
      setWarningSink(prev);
    }
    assert.equal(got.length, 1);
  });
});
