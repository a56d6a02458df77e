/**
 * The logistic gradients (lib/trees/logistic.ts): its exp against Math.exp, and the kernel (one and two
 * threads) against the JavaScript loop, bit for bit, on raw scores from tiny to overflowing.
 */
import { strict as assert } from 'node:assert';
import { TreeMemory } from '../../lib/trees/kernels';
import { fdlibmExp, logisticGradients } from '../../lib/trees/logistic';
import { mulberry32 } from '../../lib/trees/random';
import { withEnv } from './helpers';

describe('trees/logistic', () => {
  it('fdlibmExp is Math.exp, bit for bit (random arguments, range edges, specials)', () => {
    const r = mulberry32(1);
    const xs = [0, -0, 1, -1, 0.5, 0.34657359027997264, 1.0397207708399179, 709.78, 709.79, -708.39, -745.1, -745.2, -730, 1e-9, -3e-9,
      NaN, Infinity, -Infinity];
    for (let i = 0; i < 200_000; i++) xs.push((r() - 0.5) * (i % 3 === 0 ? 1500 : i % 3 === 1 ? 40 : 1e-6));
    for (const x of xs) assert.ok(Object.is(fdlibmExp(x), Math.exp(x)), `exp(${x}): ${fdlibmExp(x)} vs ${Math.exp(x)}`);
  });

  it('the kernel\'s two-row exp path gives the JavaScript loop\'s (g, h) and sums, bit for bit, at its range edges', () => {
    // exp's argument is -raw: values whose high words sit at and around each of exp's range thresholds
    // (0.5·ln2, 1.5·ln2, 2^-28, the two-row path's 704, overflow 709.78, underflow 745.13), at even and odd rows.
    const F = new Float64Array(1);
    const U = new Uint32Array(F.buffer);
    const edges: number[] = [1, -1, 0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 704, -704, 709.78, -709.78, 745.2, -745.2];
    for (const hw of [0x3fd62e42, 0x3ff0a2b2, 0x3e300000, 0x40860000, 0x40862e42]) {
      for (const d of [-1, 0, 1]) {
        for (const low of [0, 1, 0x7fffffff, 0xffffffff]) {
          U[0] = low;
          U[1] = hw + d;
          edges.push(F[0], -F[0]);
        }
      }
    }
    const r = mulberry32(5);
    const vals: number[] = [];
    for (const e of edges) vals.push(e, (r() - 0.5) * 6, (r() - 0.5) * 6, e, e, e);
    const n = vals.length;
    const raw = Float64Array.from(vals);
    const labels = Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
    const weights = Float64Array.from({ length: n }, () => r() * 2);
    const g = new Float32Array(n);
    const h = new Float32Array(n);
    logisticGradients(raw, labels, weights, g, h);
    const mem = TreeMemory.create(n, 2)!;
    withEnv({ HEPML_TREE_THREADS: '1' }, () => mem.logistic(raw, labels, weights));
    let sg = 0;
    let sh = 0;
    for (let i = 0; i < n; i++) {
      assert.ok(Object.is(mem.gh[2 * i], g[i]) && Object.is(mem.gh[2 * i + 1], h[i]), `row ${i}: raw ${raw[i]}`);
      sg += g[i];
      sh += h[i];
    }
    assert.ok(Object.is(mem.gradientSums.g, sg) && Object.is(mem.gradientSums.h, sh));
  });

  for (const threads of ['1', '2']) {
    it(`the kernel gives the JavaScript loop's (g, h), bit for bit (${threads} thread(s))`, () => {
      withEnv({ HEPML_TREE_THREADS: threads }, () => {
        const n = 20_001;
        const r = mulberry32(2);
        const raw = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? (r() - 0.5) * 1600 : (r() - 0.5) * 12));
        raw[1] = 1;
        raw[2] = -1;
        raw[3] = 0;
        const labels = Uint8Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
        const weights = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : r() * 3));
        const g = new Float32Array(n);
        const h = new Float32Array(n);
        logisticGradients(raw, labels, weights, g, h);
        const mem = TreeMemory.create(n, 2)!;
        mem.logistic(raw, labels, weights);
        for (let i = 0; i < n; i++) {
          assert.ok(Object.is(mem.gh[2 * i], g[i]) && Object.is(mem.gh[2 * i + 1], h[i]), `row ${i}: raw ${raw[i]}`);
        }
        // New scores, same labels and weights (not copied again), and then other weights.
        raw.reverse();
        logisticGradients(raw, labels, weights, g, h);
        mem.logistic(raw, labels, weights);
        for (let i = 0; i < n; i++) assert.ok(Object.is(mem.gh[2 * i], g[i]), `row ${i}`);
        const w2 = weights.map((w) => w * 2);
        logisticGradients(raw, labels, w2, g, h);
        mem.logistic(raw, labels, w2);
        for (let i = 0; i < n; i++) assert.ok(Object.is(mem.gh[2 * i + 1], h[i]), `row ${i}`);
      });
    });
  }
});
