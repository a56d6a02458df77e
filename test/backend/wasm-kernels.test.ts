import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf, initBackend } from '../../lib/backend';
import { BATCH_NORM, BATCH_NORM_GRAD, CONV2D_GRADS, DENSE_GRADS, LOSS_GRAD, MAX_POOL_GRAD_RELU, conv1Stats } from '../../lib/backend/wasm-kernels';
import { generate } from '../../tools/wat';

/** Max |a−b| / max |a| over all gradients. */
function relError(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((ga, i) => {
    let diff = 0;
    let scale = 1e-12;
    ga.forEach((v, j) => {
      diff = Math.max(diff, Math.abs(v - b[i][j]));
      scale = Math.max(scale, Math.abs(v));
    });
    worst = Math.max(worst, diff / scale);
  });
  return worst;
}

function randomValues(shape: number[], seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: shape.reduce((p, q) => p * q, 1) }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5);
}

/** Gradients of sum(f(inputs)·r) on a backend, as plain arrays. */
async function gradsOn(backend: string, f: (...t: tf.Tensor[]) => tf.Tensor, shapes: number[][]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const inputs = shapes.map((s, i) => tf.tensor(randomValues(s, 7 + i), s));
    const probe = (...t: tf.Tensor[]) => {
      const y = f(...t);
      return tf.sum(tf.mul(y, tf.tensor(randomValues(y.shape, 99), y.shape)));
    };
    return tf.grads(probe)(inputs).map((g) => g.dataSync() as Float32Array);
  });
}

async function compare(f: (...t: tf.Tensor[]) => tf.Tensor, shapes: number[][]): Promise<number> {
  const ref = await gradsOn('cpu', f, shapes);
  const got = await gradsOn('wasm', f, shapes);
  return relError(ref, got);
}

describe('backend/wasm-kernels: gradients on wasm match the cpu backend (relative 1e-4)', function () {
  before(async function () {
    await initBackend({ backend: 'wasm', quiet: true });
  });
  after(async function () {
    await tf.setBackend('wasm');
  });

  const convs: [number, number, number, number, number, 'same' | 'valid'][] = [
    // H, kernel, in channels, out channels, stride, padding
    [12, 3, 1, 8, 1, 'same'],
    [10, 3, 8, 16, 1, 'same'],
    [9, 3, 3, 4, 1, 'valid'],
    [8, 5, 2, 3, 1, 'same'],
    [7, 2, 2, 3, 1, 'same'],
    [11, 3, 2, 2, 2, 'valid'],
    [10, 5, 1, 3, 2, 'same'],
    [12, 4, 2, 3, 3, 'same'],
    [9, 3, 5, 17, 1, 'same'], // output channels not a multiple of 8, 45 filter rows (not a multiple of 4)
    [11, 3, 2, 8, 2, 'valid'], // dY read in place (outputs in blocks of 8) with stride 2
    [12, 4, 3, 16, 3, 'same'], // … and stride 3, a 4x4 kernel
  ];
  for (const [h, k, ci, co, s, pad] of convs) {
    it(`Conv2DBackpropFilter + Conv2DBackpropInput: ${h}x${h + 1}x${ci} kernel ${k} -> ${co}, stride ${s}, ${pad}`, async function () {
      const err = await compare((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad), [[3, h, h + 1, ci], [k, k, ci, co]]);
      assert.ok(err < 1e-4, `relative error ${err}`);
    });
  }

  for (const [pool, stride, pad] of [[2, 2, 'valid'], [3, 1, 'same'], [3, 2, 'same'], [2, 2, 'same']] as [number, number, 'same' | 'valid'][]) {
    for (const channels of [3, 8]) {
      it(`MaxPoolGrad: pool ${pool}, stride ${stride}, ${pad}, ${channels} channels${channels === 8 && pool === 2 ? ' (SIMD kernel where windows are whole)' : ''}`, async function () {
        const err = await compare((x) => tf.maxPool(x as tf.Tensor4D, pool, stride, pad), [[2, 9, 8, channels]]);
        assert.ok(err < 1e-4, `relative error ${err}`);
      });
    }
  }

  for (const [shape, pool, stride, pad] of [[[2, 9, 8, 8], 2, 2, 'valid'], [[3, 8, 10, 16], 2, 2, 'valid'], [[2, 8, 8, 4], 2, 2, 'same'], [[2, 9, 9, 8], 2, 2, 'same'], [[2, 8, 8, 3], 2, 2, 'valid'], [[2, 9, 8, 8], 3, 2, 'valid']] as [number[], number, number, 'same' | 'valid'][]) {
    it(`MaxPool forward equals the cpu backend exactly: ${shape.join('x')}, pool ${pool}, stride ${stride}, ${pad}`, async function () {
      const values = randomValues(shape, 3);
      const on = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => tf.maxPool(tf.tensor4d(values, shape as [number, number, number, number]), pool, stride, pad).dataSync() as Float32Array);
      };
      const want = await on('cpu');
      const got = await on('wasm');
      assert.equal(got.length, want.length);
      assert.deepEqual(Array.from(got), Array.from(want));
    });
  }

  it('one-channel Conv2D: stride 2, 4 outputs or rows of 3 pixels stay on the backend kernel (still equal to cpu)', async function () {
    for (const [shape, filter, stride] of [[[2, 9, 9, 1], [3, 3, 1, 8], 2], [[2, 9, 3, 1], [3, 3, 1, 8], 1], [[2, 9, 9, 1], [3, 3, 1, 4], 1]] as [[number, number, number, number], [number, number, number, number], number][]) {
      const on = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => tf.conv2d(tf.tensor4d(randomValues(shape, 3), shape), tf.tensor4d(randomValues(filter, 4), filter), stride, 'same').dataSync() as Float32Array);
      };
      const want = await on('cpu');
      const before = conv1Stats.calls;
      const got = await on('wasm');
      assert.equal(conv1Stats.calls, before, `${shape} ${filter} stride ${stride}: not ours`);
      want.forEach((v, i) => assert.ok(Math.abs(v - got[i]) < 1e-5));
    }
  });

  // Forward convolutions with stride 1, outputs in blocks of 8 and rows of at least 4 pixels run on our kernel:
  // [N, H, W, C, kernel, outputs, pad, fused]; widths not a multiple of 4 end with an overlapping group.
  const convCases: [number, number, number, number, number | [number, number], number, 'same' | 'valid', 'relu' | 'linear' | 'none'][] = [
    [3, 12, 12, 1, 3, 8, 'same', 'relu'], // one channel (a first layer), constant offsets
    [2, 9, 11, 1, 3, 16, 'valid', 'linear'],
    [2, 10, 10, 1, 5, 8, 'same', 'none'],
    [2, 8, 9, 1, [2, 4], 24, 'same', 'relu'],
    [1, 7, 7, 1, 1, 8, 'valid', 'relu'],
    [3, 10, 11, 8, 3, 16, 'same', 'relu'], // C = 8 (constant offsets), 11 = 2·4 + 3 pixels per row
    [2, 9, 8, 16, 3, 8, 'valid', 'linear'], // C = 16, rows of 6
    [2, 8, 12, 4, 3, 8, 'same', 'none'], // the general kernel (C = 4)
    [2, 9, 9, 8, 5, 24, 'same', 'relu'], // 5x5, three blocks of outputs
    [1, 6, 4, 12, 1, 8, 'valid', 'linear'], // 1x1, no padding, one group per row
    [2, 7, 9, 3, 3, 8, 'same', 'relu'], // three channels (RGB), 9 taps per kernel row
  ];
  for (const [N, H, W, C, k, O, pad, act] of convCases) {
    const [kh, kw] = Array.isArray(k) ? k : [k, k];
    it(`Conv2D on our kernel equals the cpu backend: ${N}x${H}x${W}x${C}, ${kh}x${kw}, ${O} outputs, ${pad}, ${act === 'none' ? 'tf.conv2d' : `fused ${act} + bias`}`, async function () {
      const xs = randomValues([N, H, W, C], 21);
      const ws = randomValues([kh, kw, C, O], 22);
      const bs = randomValues([O], 23);
      const on = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => {
          const x = tf.tensor4d(xs, [N, H, W, C]);
          const w = tf.tensor4d(ws, [kh, kw, C, O]);
          const y = act === 'none' ? tf.conv2d(x, w, 1, pad) : tf.fused.conv2d({ x, filter: w, strides: 1, pad, bias: tf.tensor1d(bs), activation: act });
          return { shape: y.shape, values: y.dataSync() as Float32Array };
        });
      };
      const want = await on('cpu');
      const counter = C === 1 ? 'calls' : 'multi';
      const before = conv1Stats[counter];
      const got = await on('wasm');
      assert.equal(conv1Stats[counter], before + 1, 'our kernel ran');
      assert.deepEqual(got.shape, want.shape);
      let worst = 0;
      want.values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got.values[i]))));
      assert.ok(worst < 1e-5, `max |difference| ${worst}`);
      if (act === 'relu') assert.ok(got.values.some((v) => v === 0) && got.values.every((v) => v >= 0));
    });
  }

  for (const [B, F, affine] of [[37, 7, true], [256, 70, true], [5, 4, false], [1024, 30, false]] as [number, number, boolean][]) {
    it(`${BATCH_NORM} and ${BATCH_NORM_GRAD} equal the same formulas in tf ops on cpu: [${B}, ${F}]${affine ? ', gamma and beta' : ''}`, async function () {
      const xs = randomValues([B, F], 41).map((v, i) => 3 * v + (i % F)); // columns with different means
      const dys = randomValues([B, F], 42);
      const gs = randomValues([F], 43).map((v) => v + 1);
      const bs = randomValues([F], 44);
      await tf.setBackend('cpu');
      const want = tf.tidy(() => {
        const x = tf.tensor2d(xs, [B, F]);
        const dy = tf.tensor2d(dys, [B, F]);
        const mean = tf.mean(x, 0);
        const variance = tf.mean(tf.square(tf.sub(x, mean)), 0);
        const invStd = tf.rsqrt(tf.add(variance, 1e-3));
        const xhat = tf.mul(tf.sub(x, mean), invStd);
        const g = affine ? tf.tensor1d(gs) : tf.ones([F]);
        const y = tf.add(tf.mul(xhat, g), affine ? tf.tensor1d(bs) : 0);
        const dBeta = tf.sum(dy, 0);
        const dGamma = tf.sum(tf.mul(dy, xhat), 0);
        const dx = tf.mul(tf.mul(g, invStd), tf.sub(dy, tf.div(tf.add(dBeta, tf.mul(xhat, dGamma)), B)));
        return [y, xhat, mean, variance, invStd, dGamma, dBeta, dx].map((t) => t.dataSync() as Float32Array);
      });
      await tf.setBackend('wasm');
      const got = tf.tidy(() => {
        const inputs: Record<string, tf.Tensor> = { x: tf.tensor2d(xs, [B, F]) };
        if (affine) Object.assign(inputs, { gamma: tf.tensor1d(gs), beta: tf.tensor1d(bs) });
        const fwd = tf.engine().runKernel(BATCH_NORM, inputs as never, { epsilon: 1e-3 } as never) as unknown as tf.Tensor[];
        const back: Record<string, tf.Tensor> = { dy: tf.tensor2d(dys, [B, F]), xhat: fwd[1], invStd: fwd[4] };
        if (affine) back.gamma = inputs.gamma;
        const bwd = tf.engine().runKernel(BATCH_NORM_GRAD, back as never, {}) as unknown as tf.Tensor[];
        return [...fwd, ...bwd].map((t) => t.dataSync() as Float32Array);
      });
      const names = ['y', 'xhat', 'mean', 'variance', 'invStd', 'dGamma', 'dBeta', 'dx'];
      want.forEach((w, k) => {
        assert.equal(got[k].length, w.length, names[k]);
        const err = relError([w], [got[k]]);
        assert.ok(err < 2e-5, `${names[k]}: relative error ${err}`);
      });
    });
  }

  it('the input gradient of a stride-1 convolution (a transposed convolution) runs on our multi-channel kernel', async function () {
    const dys = randomValues([2, 9, 10, 16], 31);
    const ws = randomValues([3, 3, 8, 16], 32);
    const on = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => tf.conv2dTranspose(tf.tensor4d(dys, [2, 9, 10, 16]), tf.tensor4d(ws, [3, 3, 8, 16]), [2, 9, 10, 8], 1, 'same').dataSync() as Float32Array);
    };
    const want = await on('cpu');
    const before = conv1Stats.multi;
    const got = await on('wasm');
    assert.equal(conv1Stats.multi, before + 1);
    want.forEach((v, i) => assert.ok(Math.abs(v - got[i]) < 1e-5, `${i}: ${got[i]} vs ${v}`));
  });

  it('multi-channel Conv2D: 4 outputs, stride 2, dilation 2, rows under 4 pixels stay on the backend', async function () {
    const cases: [[number, number, number, number], [number, number, number, number], number, number][] = [
      [[2, 9, 9, 2], [3, 3, 2, 4], 1, 1], [[2, 9, 9, 8], [3, 3, 8, 8], 2, 1], [[2, 9, 9, 8], [3, 3, 8, 8], 1, 2], [[2, 5, 3, 8], [3, 3, 8, 8], 1, 1],
    ];
    for (const [shape, filter, stride, dilation] of cases) {
      const on = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => tf.conv2d(tf.tensor4d(randomValues(shape, 3), shape), tf.tensor4d(randomValues(filter, 4), filter), stride, 'same', 'NHWC', dilation).dataSync() as Float32Array);
      };
      const want = await on('cpu');
      const before = conv1Stats.multi;
      const got = await on('wasm');
      assert.equal(conv1Stats.multi, before, `${shape} ${filter} stride ${stride} dilation ${dilation}: not ours`);
      want.forEach((v, i) => assert.ok(Math.abs(v - got[i]) < 1e-5));
    }
  });

  it('multi-channel Conv2D: a NaN in one channel reaches exactly the outputs whose window holds its pixel', async function () {
    await tf.setBackend('wasm');
    const xs = randomValues([1, 6, 7, 8], 5);
    xs[(2 * 7 + 3) * 8 + 5] = NaN;
    const before = conv1Stats.multi;
    const out = tf.tidy(() => tf.fused.conv2d({ x: tf.tensor4d(xs, [1, 6, 7, 8]), filter: tf.tensor4d(randomValues([3, 3, 8, 16], 6), [3, 3, 8, 16]), strides: 1, pad: 'same', activation: 'relu' }).dataSync());
    assert.equal(conv1Stats.multi, before + 1);
    out.forEach((v, e) => {
      const p = Math.floor(e / 16);
      const [r, c] = [Math.floor(p / 7), p % 7];
      assert.equal(Number.isNaN(v), Math.abs(r - 2) <= 1 && Math.abs(c - 3) <= 1, `output ${e} (row ${r}, column ${c})`);
    });
  });

  it('one-channel Conv2D: NaN in the input reaches exactly the outputs whose window holds it', async function () {
    await tf.setBackend('wasm');
    const xs = randomValues([1, 6, 6, 1], 5);
    xs[2 * 6 + 3] = NaN;
    const out = tf.tidy(() => tf.fused.conv2d({ x: tf.tensor4d(xs, [1, 6, 6, 1]), filter: tf.tensor4d(randomValues([3, 3, 1, 8], 6), [3, 3, 1, 8]), strides: 1, pad: 'same', activation: 'relu' }).dataSync());
    let nan = 0;
    out.forEach((v) => (nan += Number.isNaN(v) ? 1 : 0));
    assert.equal(nan, 9 * 8);
  });

  it('MaxPool forward (SIMD, 2x2): a window holding NaN gives NaN', async function () {
    await tf.setBackend('wasm');
    const values = randomValues([1, 4, 4, 4], 5);
    values[1] = NaN; // pixel (0, 0), channel 1
    const out = tf.tidy(() => tf.maxPool(tf.tensor(values, [1, 4, 4, 4]) as tf.Tensor4D, 2, 2, 'valid').dataSync());
    assert.ok(Number.isNaN(out[1]));
    assert.equal(out.filter((v) => Number.isNaN(v)).length, 1);
  });

  it('MaxPoolGrad: ties go to the first maximum, as on cpu (after relu, many zeros)', async function () {
    const err = await compare((x) => tf.maxPool(tf.relu(tf.sub(x, 0.3)) as tf.Tensor4D, 2, 2, 'valid'), [[2, 8, 8, 4]]);
    assert.ok(err < 1e-6, `relative error ${err}`);
  });

  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
    it(`BatchMatMul transposeA=${ta} transposeB=${tb} (2D and batched)`, async function () {
      const a = ta ? [5, 7] : [7, 5];
      const b = tb ? [3, 5] : [5, 3];
      assert.ok((await compare((x, y) => tf.matMul(x, y, ta, tb), [a, b])) < 1e-4);
      assert.ok((await compare((x, y) => tf.matMul(x, y, ta, tb), [[2, ...a], [2, ...b]])) < 1e-4);
    });
  }

  it('fused matMul with bias and relu (dense layers) and its gradient', async function () {
    const err = await compare((x, w, b) => tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation: 'relu' }), [[6, 4], [4, 3], [3]]);
    assert.ok(err < 1e-4, `relative error ${err}`);
  });

  it('batch norm, relu, elu, selu, sigmoid, tanh, softmax gradients (already in wasm 4.22)', async function () {
    const err = await compare(
      (x, m, v, o, s) => tf.softmax(tf.tanh(tf.sigmoid(tf.selu(tf.elu(tf.relu(tf.batchNorm(x, m as tf.Tensor1D, tf.add(tf.abs(v), 0.5) as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, 1e-3))))))),
      [[4, 6], [6], [6], [6], [6]].map((s) => s),
    );
    assert.ok(err < 1e-4, `relative error ${err}`);
  });

  it('Conv2DBackpropFilter on a batch large enough to flush partial sums and grow the kernels\' memory', async function () {
    const err = await compare((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), [[96, 24, 24, 4], [3, 3, 4, 8]]);
    assert.ok(err < 1e-4, `relative error ${err}`);
  });

  it(`${CONV2D_GRADS}: filter and bias gradients in one pass (bias = Σ dY over batch and pixels)`, async function () {
    await tf.setBackend('wasm');
    tf.tidy(() => {
      const x = tf.randomNormal([4, 7, 6, 3], 0, 1, 'float32', 1);
      const dy = tf.randomNormal([4, 4, 3, 10], 0, 1, 'float32', 2); // 3x3 valid conv, stride 1: 5x4; stride 2 same: 4x3
      const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [3, 3, 3, 10] };
      const [dw, db] = tf.engine().runKernel(CONV2D_GRADS, { x, dy }, attrs as never) as unknown as tf.Tensor[];
      const ref = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor;
      assert.deepEqual(db.shape, [10]);
      const want = tf.sum(dy, [0, 1, 2]).dataSync();
      db.dataSync().forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-4 * (1 + Math.abs(want[i])), `bias ${i}: ${v} vs ${want[i]}`));
      assert.deepEqual(Array.from(dw.dataSync()), Array.from(ref.dataSync()));
    });
  });

  // One-channel filter gradients (a first layer) run on our kernel where rows have three taps: [N, H, W, kh, outputs, pad]
  const conv1GradCases: [number, number, number, number, number, 'same' | 'valid'][] = [
    [3, 12, 12, 3, 8, 'same'],
    [2, 9, 11, 3, 16, 'valid'], // odd width, two blocks of outputs
    [3, 8, 13, 5, 8, 'same'], // five kernel rows of three taps
    [1, 40, 40, 3, 24, 'same'], // a whole image of 1,600 pixels per call
    [70, 6, 5, 3, 8, 'valid'], // many images, each flushed to float64
  ];
  for (const [N, H, W, kh, O, pad] of conv1GradCases) {
    it(`one-channel filter gradient on our kernel: ${N}x${H}x${W}x1, kernel ${kh}x3 -> ${O}, ${pad}`, async function () {
      const before = conv1Stats.filterGrads;
      const err = await compare((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, pad), [[N, H, W, 1], [kh, 3, 1, O]]);
      assert.ok(err < 1e-4, `relative error ${err}`);
      assert.equal(conv1Stats.filterGrads, before + 1, 'our one-channel filter-gradient kernel ran');
    });
  }

  it('one-channel filter gradients that are not ours stay on the general kernel: five taps, stride 2, 4 outputs', async function () {
    for (const [filter, stride] of [[[3, 5, 1, 8], 1], [[3, 3, 1, 8], 2], [[3, 3, 1, 4], 1]] as [number[], number][]) {
      const before = conv1Stats.filterGrads;
      const err = await compare((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, 'same'), [[2, 9, 9, 1], filter]);
      assert.ok(err < 1e-4, `${filter} stride ${stride}: relative error ${err}`);
      assert.equal(conv1Stats.filterGrads, before, `${filter} stride ${stride}: not ours`);
    }
  });

  it(`${CONV2D_GRADS} on one channel: bias = Σ dY; a NaN in dY reaches exactly its output's column, a NaN in x every tap`, async function () {
    await tf.setBackend('wasm');
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [3, 3, 1, 16] };
    const xv = randomValues([2, 10, 9, 1], 5);
    const dyv = randomValues([2, 10, 9, 16], 6);
    const run = (x: Float32Array, dy: Float32Array) => tf.tidy(() => {
      const [dw, db] = tf.engine().runKernel(CONV2D_GRADS, { x: tf.tensor(x, [2, 10, 9, 1]), dy: tf.tensor(dy, [2, 10, 9, 16]) }, attrs as never) as unknown as tf.Tensor[];
      return { dw: dw.dataSync() as Float32Array, db: db.dataSync() as Float32Array, want: tf.sum(tf.tensor(dy, [2, 10, 9, 16]), [0, 1, 2]).dataSync() };
    });
    const before = conv1Stats.filterGrads;
    const plain = run(xv, dyv);
    assert.equal(conv1Stats.filterGrads, before + 1);
    plain.db.forEach((v, i) => assert.ok(Math.abs(v - plain.want[i]) < 1e-4 * (1 + Math.abs(plain.want[i])), `bias ${i}: ${v} vs ${plain.want[i]}`));
    const dyNaN = dyv.slice();
    dyNaN[((1 * 10 + 4) * 9 + 5) * 16 + 11] = NaN; // image 1, pixel (4, 5), output 11
    const a = run(xv, dyNaN);
    a.dw.forEach((v, e) => assert.equal(Number.isNaN(v), e % 16 === 11, `dW ${e}`));
    a.db.forEach((v, o) => assert.equal(Number.isNaN(v), o === 11, `db ${o}`));
    const xNaN = xv.slice();
    xNaN[(0 * 10 + 5) * 9 + 4] = NaN; // image 0, an inner pixel: every tap sees it
    const b = run(xNaN, dyv);
    assert.ok(b.dw.every((v) => Number.isNaN(v)), 'every tap and output');
    assert.ok(b.db.every((v) => Number.isFinite(v)), 'the bias gradient does not read x');
  });

  for (const [shape, pad] of [[[3, 8, 9, 5], 'same'], [[3, 8, 10, 8], 'valid'], [[2, 7, 9, 12], 'valid']] as [number[], 'same' | 'valid'][]) {
    it(`${MAX_POOL_GRAD_RELU} equals the cpu backend's MaxPoolGrad times relu'(input): ${shape.join('x')}, ${pad}`, async function () {
      const attrs = { filterSize: [2, 2], strides: [2, 2], pad, dimRoundingMode: undefined };
      const run = (name: string) => tf.tidy(() => {
        const a = tf.relu(tf.sub(tf.tensor(randomValues(shape, 3), shape), 0.1)) as tf.Tensor4D;
        const p = tf.maxPool(a, 2, 2, pad);
        const dy = tf.tensor(randomValues(p.shape, 4), p.shape);
        const g = tf.engine().runKernel(name, { dy, input: a, output: p }, attrs as never) as tf.Tensor;
        return Array.from((name === MAX_POOL_GRAD_RELU ? g : tf.mul(g, tf.step(a))).dataSync(), (v) => v + 0); // -0 from 0·step
      });
      await tf.setBackend('cpu');
      const want = run('MaxPoolGrad');
      await tf.setBackend('wasm');
      assert.deepEqual(run(MAX_POOL_GRAD_RELU), want);
    });
  }

  // B, F, U: SIMD tiles (F % 4, U % 8, B % 4), 16/4-column passes, an output layer (U = 1), odd widths (JavaScript tails)
  const denseShapes: [number, number, number][] = [[256, 20, 64], [256, 64, 64], [256, 64, 1], [30, 12, 16], [33, 5, 7], [9, 8, 3], [16, 64, 12]];
  for (const [B, F, U] of denseShapes) {
    for (const relu of [false, true]) {
      it(`${DENSE_GRADS} equals the cpu backend's dW = xᵀ·dZ, db = Σ dZ, dX = dZ·Wᵀ: x ${B}x${F}, ${U} units${relu ? ', through a relu' : ''}`, async function () {
        const run = (ours: boolean) => tf.tidy(() => {
          const x = tf.tensor(randomValues([B, F], 11), [B, F]);
          const d = tf.tensor(randomValues([B, U], 12), [B, U]);
          const w = tf.tensor(randomValues([F, U], 13), [F, U]);
          // a relu output with exact zeros (about a third of the units)
          const a = tf.relu(tf.sub(tf.tensor(randomValues([B, U], 14), [B, U]), 0.15));
          if (ours) {
            const inputs: Record<string, tf.Tensor> = relu ? { x, dy: d, kernel: w, output: a } : { x, dy: d, kernel: w };
            const all = tf.engine().runKernel(DENSE_GRADS, inputs as never, {}) as unknown as tf.Tensor[];
            const noDx = tf.engine().runKernel(DENSE_GRADS, { x, dy: d, ...(relu ? { output: a } : {}) } as never, {}) as unknown as tf.Tensor[];
            assert.equal(noDx.length, 2);
            assert.deepEqual(Array.from(noDx[0].dataSync()), Array.from(all[0].dataSync()));
            return all.map((t) => t.dataSync() as Float32Array);
          }
          const dz = relu ? tf.mul(d, tf.step(a)) : d;
          return [tf.matMul(x, dz, true, false), tf.sum(dz, 0), tf.matMul(dz, w, false, true)].map((t) => t.dataSync() as Float32Array);
        });
        await tf.setBackend('cpu');
        const want = run(false);
        await tf.setBackend('wasm');
        const got = run(true);
        assert.deepEqual(got.map((g) => g.length), [F * U, U, B * F]);
        assert.ok(relError(want, got) < 1e-5, `relative error ${relError(want, got)}`);
      });
    }
  }

  for (const [k, weighted] of [[1, false], [1, true], [4, false], [4, true]] as [number, boolean][]) {
    it(`${LOSS_GRAD} equals (${k === 1 ? 'sigmoid' : 'softmax'}(z) − y)·w·s on the cpu backend${weighted ? ', weighted' : ''} (logits up to ±60)`, async function () {
      const B = 37;
      const run = (ours: boolean) => tf.tidy(() => {
        const z = tf.mul(tf.tensor(randomValues([B, k], 21), [B, k]), 120);
        const y = k === 1 ? tf.tensor(Array.from({ length: B }, (_, i) => i % 2), [B, 1]) : tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: B }, (_, i) => i % k), 'int32'), k), 'float32');
        const w = weighted ? tf.tensor(Array.from({ length: B }, (_, i) => 0.5 + (i % 3)), [B, 1]) : null;
        const s = tf.scalar(1 / 64);
        if (ours) return (tf.engine().runKernel(LOSS_GRAD, (w ? { logits: z, y, scale: s, w } : { logits: z, y, scale: s }) as never, {}) as tf.Tensor).dataSync() as Float32Array;
        return tf.mul(tf.sub(k === 1 ? tf.sigmoid(z) : tf.softmax(z), y), w ? tf.mul(w, s) : s).dataSync() as Float32Array;
      });
      await tf.setBackend('cpu');
      const want = run(false);
      await tf.setBackend('wasm');
      const got = run(true);
      assert.ok(got.every(Number.isFinite));
      assert.ok(relError([want], [got]) < 1e-6, `relative error ${relError([want], [got])}`);
    });
  }

  it('the embedded SIMD module is the assembly of kernels.wat (npx tsx tools/wat.ts)', async function () {
    assert.equal(readFileSync(join(__dirname, '../../lib/backend/simd/kernels-wasm.ts'), 'utf8'), await generate());
  });

  it('leaves no tensors behind', async function () {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((...t: tf.Tensor[]) => tf.sum(tf.maxPool(tf.conv2d(t[0] as tf.Tensor4D, t[1] as tf.Tensor4D, 1, "same"), 2, 2, "valid")))([x, w]);
    });
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, w]);
  });
});
