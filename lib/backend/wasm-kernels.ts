/**
 * Gradient kernels for the wasm backend.
 *
 * tfjs-backend-wasm 4.22 ships no `Conv2DBackpropFilter` (so a CNN cannot train on wasm), a slow
 * `Conv2DBackpropInput` and a slow `MaxPoolGrad`. Here (NHWC, dilation 1 as tfjs requires for gradients):
 * - filter gradient: our own WebAssembly SIMD kernel (simd/kernels): no patch matrix, nothing packed;
 *   `HepmlConv2DGrads` returns the bias gradient from the same pass (for the hand-written training step).
 * - input gradient (stride 1): dX = conv2d(dY, W rotated 180° with in/out swapped, pads k−1−top,
 *   k−1−bottom) on XNNPACK. Other configurations (stride > 1, pads ≥ kernel) keep the backend's kernel.
 * - max-pool gradient: each window's first maximum, found by comparing with the forward output (SIMD for
 *   2×2/stride-2 windows, a loop otherwise); `HepmlMaxPoolGradRelu` also applies the gradient of a relu
 *   below the pool.
 * - max pool forward, 2×2/stride-2 windows: our SIMD kernel (XNNPACK's is ~5x slower on 8 or 16 channels).
 * - forward convolution of a one-channel input (the first layer on images; Conv2D and FusedConv2D with
 *   bias and relu or none, stride 1, outputs in multiples of 8): our SIMD kernel, 2.2–2.5 ms against
 *   XNNPACK's 3.4–4.0 ms for 64×40×40×1 → 8 outputs, 3×3.
 * - matrix products with transposed operands: transposed explicitly first (XNNPACK is 7–8× slower otherwise).
 * - dense-layer backward pass (`HepmlDenseGrads`: relu gradient, dW, db, dX in one kernel, SIMD tiles) and the
 *   loss gradient at the logits (`HepmlLossGrad`), for the hand-written training step.
 * Everything else the course's networks need (AvgPoolGrad, FusedBatchNorm via ops, EluGrad, …) is present
 * in wasm 4.22; tests in test/backend compare all of them with the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamStep, type AdamConstants, batchNormBackward, batchNormForward, conv1FilterGrad, conv1FilterGradApplies, conv1FilterGradScratch, conv2dFilterGrad, convApplies, convForward, convScratch, denseGradScratch, denseGrads, filterGradScratch, maxPool2x2, maxPool2x2Grad, pool2x2Applies, type WasmMemory } from './simd/kernels';

type Info = tf.TensorInfo;
interface WasmBackendLike {
  wasm: { asm?: { memory?: WasmMemory }; wasmMemory?: WasmMemory };
  disposeData(dataId: object, force?: boolean): boolean;
  makeOutput(shape: number[], dtype: 'float32'): Info;
  typedArrayFromHeap(info: Info): Float32Array;
}
type Attrs = Record<string, unknown>;
type KernelCall = (args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }) => Info;

function kernel(name: string): KernelCall {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new Error(`hepml wasm kernels: the wasm backend has no ${name} kernel.`);
  return config.kernelFunc as unknown as KernelCall;
}

/** The backend's WebAssembly.Memory, where our SIMD kernels run. */
function memoryOf(b: WasmBackendLike): WasmMemory {
  const memory = b.wasm.asm?.memory ?? b.wasm.wasmMemory;
  if (!memory) throw new Error('hepml wasm kernels: the wasm backend does not expose its memory (asm.memory); tfjs-backend-wasm changed?');
  return memory;
}

/** Filter (and optionally bias) gradient on our SIMD kernel, with a temporary tensor as scratch space. */
function filterGrad(b: WasmBackendLike, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo, dw: Info, db?: Info): void {
  const one = conv1FilterGradApplies(info);
  const scratch = b.makeOutput([one ? conv1FilterGradScratch(info) : filterGradScratch(info)], 'float32');
  // Views after the allocations (the heap may have grown).
  const args = [memoryOf(b), b.typedArrayFromHeap(x), b.typedArrayFromHeap(dy), b.typedArrayFromHeap(scratch), info, b.typedArrayFromHeap(dw), db && b.typedArrayFromHeap(db)] as const;
  if (one) {
    conv1Stats.filterGrads++;
    conv1FilterGrad(...args);
  } else conv2dFilterGrad(...args);
  b.disposeData(scratch.dataId);
}

function padInfo(
  inShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: unknown,
  dimRoundingMode: unknown,
) {
  return tf.backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    strides,
    1,
    pad as 'same',
    dimRoundingMode as 'floor' | undefined,
    false,
    'channelsLast',
  );
}

/** The conv info of a filter-gradient call (NHWC only). */
function filterGradInfo(name: string, x: Info, attrs: Attrs) {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new Error(`hepml wasm ${name}: expected dataFormat NHWC, found ${String(attrs.dataFormat)}.`);
  }
  const filterShape = attrs.filterShape as [number, number, number, number];
  return { filterShape, info: padInfo(x.shape as [number, number, number, number], filterShape, attrs.strides as [number, number], attrs.pad, attrs.dimRoundingMode) };
}

/** Conv2DBackpropFilter on our SIMD kernel (see simd/kernels): XNNPACK has no filter-gradient kernel. */
function conv2DBackpropFilter(args: { inputs: Record<string, Info>; backend: unknown; attrs: Attrs }): Info {
  const { x, dy } = args.inputs;
  const b = args.backend as WasmBackendLike;
  const { filterShape, info } = filterGradInfo('Conv2DBackpropFilter', x, args.attrs);
  const out = b.makeOutput(filterShape, 'float32');
  filterGrad(b, x, dy, info, out);
  return out;
}

/** Name of the wasm kernel returning [dW, db] of a convolution in one pass (used by the hand-written training step). */
export const CONV2D_GRADS = 'HepmlConv2DGrads';
/** Name of the wasm kernel for MaxPoolGrad followed by the gradient of a relu below the pool. */
export const MAX_POOL_GRAD_RELU = 'HepmlMaxPoolGradRelu';

function conv2DGrads(args: { inputs: Record<string, Info>; backend: unknown; attrs: Attrs }): Info[] {
  const { x, dy } = args.inputs;
  const b = args.backend as WasmBackendLike;
  const { filterShape, info } = filterGradInfo(CONV2D_GRADS, x, args.attrs);
  const dw = b.makeOutput(filterShape, 'float32');
  const db = b.makeOutput([filterShape[3]], 'float32');
  filterGrad(b, x, dy, info, dw, db);
  return [dw, db];
}

/**
 * Name of the wasm kernel returning [dW, db] (and dX when the input `kernel` is given) of a dense layer
 * from its input `x` [B, F] and `dy` [B, U], the gradient of x·W + b; with the input `output` (the layer's
 * relu output), `dy` is the gradient after the relu. One kernel instead of ~7 (transposes, three matMuls,
 * the relu gradient) per layer in the hand-written training step.
 */
export const DENSE_GRADS = 'HepmlDenseGrads';

function denseGradsKernel(args: { inputs: Record<string, Info>; backend: unknown }): Info[] {
  const { x, dy, kernel: w, output } = args.inputs;
  const b = args.backend as WasmBackendLike;
  const [B, F] = x.shape;
  const U = dy.shape[1];
  if (x.shape.length !== 2 || dy.shape.length !== 2 || dy.shape[0] !== B || (w && (w.shape[0] !== F || w.shape[1] !== U)) || (output && output.shape.join() !== dy.shape.join())) {
    throw new Error(`hepml wasm ${DENSE_GRADS}: expected x [B, F], dy [B, U], kernel [F, U], found ${x.shape}, ${dy.shape}, ${w?.shape}.`);
  }
  const dw = b.makeOutput([F, U], 'float32');
  const db = b.makeOutput([U], 'float32');
  const dx = w ? b.makeOutput([B, F], 'float32') : undefined;
  const scratch = b.makeOutput([denseGradScratch(B, F, U)], 'float32');
  // Views after the allocations (the heap may have grown).
  const view = (t: Info) => b.typedArrayFromHeap(t);
  denseGrads(memoryOf(b), view(x), view(dy), view(scratch), B, F, U, view(dw), view(db), output && view(output), w && view(w), dx && view(dx));
  b.disposeData(scratch.dataId);
  return dx ? [dw, db, dx] : [dw, db];
}

/**
 * Name of the wasm kernel for the gradient of Σ wᵢ·ℓᵢ·s with respect to the logits of a sigmoid (one
 * column) or softmax output merged into the cross-entropy: (σ(z) − y)·w·s, or (softmax(z) − y)·w·s per row.
 * Inputs `logits` [B, k], `y` [B, k], `scale` (a scalar s), optionally `w` [B, 1]. One kernel instead of 3–4.
 */
export const LOSS_GRAD = 'HepmlLossGrad';

function lossGradKernel(args: { inputs: Record<string, Info>; backend: unknown }): Info {
  const { logits, y, scale, w } = args.inputs;
  const b = args.backend as WasmBackendLike;
  const [B, k] = logits.shape;
  if (logits.shape.length !== 2 || y.shape.join() !== logits.shape.join() || (w && w.shape.join() !== `${B},1`)) {
    throw new Error(`hepml wasm ${LOSS_GRAD}: expected logits and y [B, k], w [B, 1], found ${logits.shape}, ${y.shape}, ${w?.shape}.`);
  }
  const out = b.makeOutput([B, k], 'float32');
  const [z, t, d] = [logits, y, out].map((i) => b.typedArrayFromHeap(i));
  const s = b.typedArrayFromHeap(scale)[0];
  const wv = w && b.typedArrayFromHeap(w);
  for (let r = 0; r < B; r++) {
    const f = wv ? wv[r] * s : s;
    const o = r * k;
    if (k === 1) {
      d[r] = (1 / (1 + Math.exp(-z[r])) - t[r]) * f;
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, z[o + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(z[o + c] - max);
    for (let c = 0; c < k; c++) d[o + c] = (Math.exp(z[o + c] - max) / sum - t[o + c]) * f;
  }
  return out;
}

/**
 * Name of the wasm kernel of a batch-norm layer's training forward pass over x [B, F] (lib/models/fast
 * batch-norm): inputs `x` and optionally `gamma`, `beta` [F]; attribute `epsilon`. Outputs y and x̂ [B, F],
 * then the batch mean, the biased variance and 1/√(variance + ε) [F]: the mean first, the variance of the
 * values centred on it, x̂ = (x − mean)·invStd, y = γ·x̂ + β, on our SIMD kernels (float32 sums, as tfjs's
 * ops). One kernel instead of about twelve (two of them column sums as matMuls, which XNNPACK packs anew
 * every step).
 */
export const BATCH_NORM = 'HepmlBatchNorm';
/**
 * Name of the wasm kernel of a batch-norm layer's backward pass: inputs `dy`, `xhat` [B, F], `invStd` and
 * optionally `gamma` [F]. Outputs dγ = Σ dy·x̂ and dβ = Σ dy [F] (float32 sums), and
 * dx = γ·invStd·(dy − (dβ + x̂·dγ)/B) [B, F].
 */
export const BATCH_NORM_GRAD = 'HepmlBatchNormGrad';

function batchNormKernel(args: { inputs: Record<string, Info>; backend: unknown; attrs: Attrs }): Info[] {
  const { x, gamma, beta } = args.inputs;
  const b = args.backend as WasmBackendLike;
  const [B, F] = x.shape;
  if (x.shape.length !== 2 || (gamma && gamma.shape.join() !== `${F}`) || (beta && beta.shape.join() !== `${F}`)) {
    throw new Error(`hepml wasm ${BATCH_NORM}: expected x [B, F], gamma and beta [F], found ${x.shape}, ${gamma?.shape}, ${beta?.shape}.`);
  }
  const outs = [b.makeOutput([B, F], 'float32'), b.makeOutput([B, F], 'float32'), b.makeOutput([F], 'float32'), b.makeOutput([F], 'float32'), b.makeOutput([F], 'float32')];
  const scratch = b.makeOutput([4 * F], 'float32');
  // Views after the allocations (the heap may have grown).
  const [y, xhat, mean, variance, invStd] = outs.map((o) => b.typedArrayFromHeap(o));
  batchNormForward(memoryOf(b), b.typedArrayFromHeap(x), B, F, gamma && b.typedArrayFromHeap(gamma), beta && b.typedArrayFromHeap(beta), Number(args.attrs.epsilon),
    y, xhat, mean, variance, invStd, b.typedArrayFromHeap(scratch));
  b.disposeData(scratch.dataId);
  return outs;
}

function batchNormGradKernel(args: { inputs: Record<string, Info>; backend: unknown }): Info[] {
  const { dy, xhat, invStd, gamma } = args.inputs;
  const b = args.backend as WasmBackendLike;
  const [B, F] = dy.shape;
  if (dy.shape.length !== 2 || xhat.shape.join() !== dy.shape.join() || invStd.shape.join() !== `${F}` || (gamma && gamma.shape.join() !== `${F}`)) {
    throw new Error(`hepml wasm ${BATCH_NORM_GRAD}: expected dy and xhat [B, F], invStd and gamma [F], found ${dy.shape}, ${xhat.shape}, ${invStd.shape}, ${gamma?.shape}.`);
  }
  const outs = [b.makeOutput([F], 'float32'), b.makeOutput([F], 'float32'), b.makeOutput([B, F], 'float32')];
  const scratch = b.makeOutput([F], 'float32');
  const [dGamma, dBeta, dx] = outs.map((o) => b.typedArrayFromHeap(o));
  batchNormBackward(memoryOf(b), b.typedArrayFromHeap(dy), b.typedArrayFromHeap(xhat), b.typedArrayFromHeap(invStd), gamma && b.typedArrayFromHeap(gamma), B, F,
    dGamma, dBeta, dx, b.typedArrayFromHeap(scratch));
  b.disposeData(scratch.dataId);
  return outs;
}

function makeBackpropInput(original: KernelCall) {
  return function conv2DBackpropInput(args: { inputs: Record<string, Info>; backend: unknown; attrs: Attrs }): Info {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs;
    const inputShape = attrs.inputShape as [number, number, number, number];
    const filterShape = filter.shape as [number, number, number, number];
    const info = padInfo(inputShape, filterShape, attrs.strides as [number, number], attrs.pad, attrs.dimRoundingMode);
    const [kh, kw] = filterShape;
    const { top, bottom, left, right } = info.padInfo;
    const fast =
      (attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC') &&
      info.strideHeight === 1 &&
      info.strideWidth === 1 &&
      Math.max(top, bottom) <= kh - 1 &&
      Math.max(left, right) <= kw - 1;
    if (!fast) return original(args);
    const b = backend as WasmBackendLike;
    const flipped = kernel('Reverse')({ inputs: { x: filter }, backend, attrs: { dims: [0, 1] } });
    const swapped = kernel('Transpose')({ inputs: { x: flipped }, backend, attrs: { perm: [0, 1, 3, 2] } });
    b.disposeData(flipped.dataId);
    const out = kernel('Conv2D')({
      inputs: { x: dy, filter: swapped },
      backend,
      attrs: {
        strides: [1, 1],
        pad: [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]],
        dilations: [1, 1],
        dataFormat: 'NHWC',
      },
    });
    b.disposeData(swapped.dataId);
    return out;
  };
}

/**
 * wasm's BatchMatMul is fast (XNNPACK) only without transposes; `transposeA`/`transposeB` (every matmul
 * in a dense layer's backward pass) run 7–8× slower. Transposing explicitly first is cheaper.
 */
function withExplicitTranspose(original: KernelCall) {
  return function matMul(args: { inputs: Record<string, Info>; backend: unknown; attrs: Attrs }): Info {
    const { inputs, backend, attrs } = args;
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const b = backend as WasmBackendLike;
    const transpose = kernel('Transpose');
    const swapLast = (t: Info) => {
      const perm = t.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return transpose({ inputs: { x: t }, backend, attrs: { perm } });
    };
    const a = attrs.transposeA ? swapLast(inputs.a) : inputs.a;
    const bb = attrs.transposeB ? swapLast(inputs.b) : inputs.b;
    const out = original({ inputs: { ...inputs, a, b: bb }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    if (a !== inputs.a) b.disposeData(a.dataId);
    if (bb !== inputs.b) b.disposeData(bb.dataId);
    return out;
  };
}

function wrap(name: string, make: (original: KernelCall) => KernelCall): void {
  const config = tf.getKernel(name, 'wasm');
  if (!config) return;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    setupFunc: config.setupFunc, // the original kernel needs its wasm function bound
    kernelFunc: make(config.kernelFunc as unknown as KernelCall) as unknown as tf.KernelFunc,
  });
}

/**
 * MaxPoolGrad as a plain loop over the wasm heap (wasm's own kernel takes ~45 ms for a 128×40×40×8
 * batch). Same rule as the cpu backend: each window's gradient goes to its first maximum (row-major),
 * found by comparing with the forward output (a window whose maximum is NaN sends it to its first pixel).
 */
function maxPoolGrad(args: { inputs: Record<string, Info>; backend: unknown; attrs: Attrs }, relu = false): Info {
  const { inputs, backend, attrs } = args;
  const { dy, input, output } = inputs;
  const b = backend as WasmBackendLike;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
  );
  const out = b.makeOutput(input.shape, 'float32');
  // Views after the allocation (the heap may have grown).
  const views = [input, output, dy, out].map((t) => b.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  if (pool2x2Applies(info)) maxPool2x2Grad(memoryOf(b), ...views, info, relu);
  else poolBackward(...views, info, relu);
  return out;
}

/** `relu`: the pooled values are relu outputs; a window whose maximum is 0 passes no gradient (relu'(0) = 0 in tfjs). */
function poolBackward(x: Float32Array, y: Float32Array, g: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo, relu: boolean): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  let o = 0; // index of (n, r, q, c) in the output and its gradient
  for (let n = 0; n < batchSize; n++) {
    const base = n * H * W * C;
    for (let r = 0; r < Ho; r++) {
      const r0 = r * sh - top;
      const rs = Math.max(0, r0);
      const re = Math.min(H, r0 + fh);
      for (let q = 0; q < Wo; q++) {
        const c0 = q * sw - left;
        const cs = Math.max(0, c0);
        const ce = Math.min(W, c0 + fw);
        const corner = base + (rs * W + cs) * C;
        if (re - rs === 2 && ce - cs === 2) {
          // A full 2×2 window (the usual pool): four comparisons, no inner loops.
          const right = corner + C;
          const below = corner + W * C;
          const diag = below + C;
          for (let c = 0; c < C; c++, o++) {
            const m = y[o];
            if (relu && !(m > 0)) continue;
            const at = x[corner + c] === m ? corner + c : x[right + c] === m ? right + c : x[below + c] === m ? below + c : x[diag + c] === m ? diag + c : corner + c;
            dx[at] += g[o];
          }
          continue;
        }
        for (let c = 0; c < C; c++, o++) {
          const m = y[o];
          if (relu && !(m > 0)) continue;
          dx[firstMax(x, m, base, rs, re, cs, ce, W, C, c, corner + c)] += g[o];
        }
      }
    }
  }
}

/** Index of the first pixel equal to `m` in a window (row-major), else `fallback`. */
function firstMax(x: Float32Array, m: number, base: number, rs: number, re: number, cs: number, ce: number, W: number, C: number, c: number, fallback: number): number {
  for (let i = rs; i < re; i++) {
    for (let j = cs, k = base + (i * W + cs) * C + c; j < ce; j++, k += C) if (x[k] === m) return k;
  }
  return fallback;
}

/** MaxPool on our SIMD kernel for 2×2/stride-2 windows (XNNPACK's takes ~2 ms for 128×40×40×8), else the backend's. */
function maxPoolForward(original: KernelCall): KernelCall {
  return (args) => {
    const { inputs, backend, attrs } = args as { inputs: Record<string, Info>; backend: unknown; attrs: Attrs };
    const x = inputs.x;
    if (x.dtype !== 'float32' || x.shape.length !== 4) return original(args);
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], attrs.filterSize as [number, number], attrs.strides as [number, number], 1, attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined);
    if (!pool2x2Applies(info)) return original(args);
    const b = backend as WasmBackendLike;
    const out = b.makeOutput([info.batchSize, info.outHeight, info.outWidth, info.outChannels], 'float32');
    maxPool2x2(memoryOf(b), b.typedArrayFromHeap(x), b.typedArrayFromHeap(out), info);
    return out;
  };
}

/**
 * Conv2D / FusedConv2D (bias, relu or none) on our kernel ({@link convForward}) where it applies (stride 1,
 * outputs in multiples of 8, {@link convApplies}), also for the transposed convolution of
 * Conv2DBackpropInput, which calls Conv2D; else the backend's.
 */
/**
 * Test hook (not part of the public API): convolutions run on {@link convForward} with one input channel
 * (`calls`) and with several (`multi`), filter gradients on {@link conv1FilterGrad} (`filterGrads`);
 * `multiOff` leaves every forward convolution to the backend (A/B timing).
 */
export const conv1Stats = { calls: 0, filterGrads: 0, multi: 0, multiOff: false };

function convKernel(original: KernelCall, fused: boolean): KernelCall {
  return (args) => {
    const { inputs, backend, attrs } = args as { inputs: Record<string, Info>; backend: unknown; attrs: Attrs };
    const { x, filter, bias } = inputs;
    const activation = fused ? (attrs.activation ?? 'linear') : 'linear';
    const plain = (!fused || !inputs.preluActivationWeights) && (activation === 'linear' || activation === 'relu');
    const nhwc = attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC';
    const dil = attrs.dilations;
    if (!plain || !nhwc || x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4 || (dil !== undefined && dil !== 1 && !(Array.isArray(dil) && dil[0] === 1 && dil[1] === 1))) return original(args);
    if (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1)) return original(args);
    const info = padInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides as [number, number], attrs.pad, attrs.dimRoundingMode);
    if (conv1Stats.multiOff || !convApplies(info) || (bias && bias.shape[0] !== info.outChannels)) return original(args);
    const b = backend as WasmBackendLike;
    const out = b.makeOutput([info.batchSize, info.outHeight, info.outWidth, info.outChannels], 'float32');
    const scratch = b.makeOutput([convScratch(info)], 'float32');
    // Views after the allocations (the heap may have grown).
    convForward(memoryOf(b), b.typedArrayFromHeap(x), b.typedArrayFromHeap(filter), bias && b.typedArrayFromHeap(bias), b.typedArrayFromHeap(out), b.typedArrayFromHeap(scratch), info, activation === 'relu');
    b.disposeData(scratch.dataId);
    if (info.inChannels === 1) conv1Stats.calls++;
    else conv1Stats.multi++;
    return out;
  };
}

/**
 * One Adam step on our SIMD kernel for the wasm backend `backend`: `grad` (a tensor) and the views `m`, `v`,
 * `w` and `extra` all lie in its heap (see HostAdam in lib/models/flat-adam.ts).
 */
export function wasmAdamStep(backend: unknown, grad: Float32Array, extra: Float32Array | undefined, m: Float32Array, v: Float32Array, w: Float32Array, k: AdamConstants): void {
  adamStep(memoryOf(backend as WasmBackendLike), grad, extra, m, v, w, k);
}

let registered = false;

/**
 * Registers the convolution-gradient kernels on the wasm backend (idempotent). Call before training a
 * CNN on wasm; {@link initBackend} does it for you.
 *
 * @example
 * registerWasmKernels(); await tf.setBackend('wasm');
 */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc });
  }
  wrap('MaxPoolGrad', () => maxPoolGrad as unknown as KernelCall);
  wrap('MaxPool', maxPoolForward);
  wrap('Conv2D', (original) => convKernel(original, false));
  wrap('FusedConv2D', (original) => convKernel(original, true));
  tf.registerKernel({ kernelName: CONV2D_GRADS, backendName: 'wasm', kernelFunc: conv2DGrads as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: LOSS_GRAD, backendName: 'wasm', kernelFunc: lossGradKernel as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: BATCH_NORM, backendName: 'wasm', kernelFunc: batchNormKernel as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: BATCH_NORM_GRAD, backendName: 'wasm', kernelFunc: batchNormGradKernel as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: DENSE_GRADS, backendName: 'wasm', kernelFunc: denseGradsKernel as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: MAX_POOL_GRAD_RELU, backendName: 'wasm', kernelFunc: ((a: Parameters<typeof maxPoolGrad>[0]) => maxPoolGrad(a, true)) as unknown as tf.KernelFunc });
  wrap('Conv2DBackpropInput', (original) => makeBackpropInput(original) as unknown as KernelCall);
  wrap('BatchMatMul', (original) => withExplicitTranspose(original) as unknown as KernelCall);
  wrap('_FusedMatMul', (original) => withExplicitTranspose(original) as unknown as KernelCall);
}
