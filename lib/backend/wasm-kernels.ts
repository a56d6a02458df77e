/**
 * Convolution gradients for the wasm backend, built from its fast XNNPACK `Conv2D` kernel.
 *
 * tfjs-backend-wasm 4.22 ships no `Conv2DBackpropFilter` (so a CNN cannot train on wasm) and a slow
 * `Conv2DBackpropInput`. Both gradients are convolutions themselves (NHWC, dilation 1 as tfjs requires
 * for gradients):
 * - filter gradient: dW[i,j,c,o] = Σ_{n,y,x} X[n, y·s+i−top, x·s+j−left, c] · dY[n,y,x,o]
 *   = conv2d(Xᵀ [C,H,W,N], dYᵀ [Ho,Wo,N,O], stride 1, dilation s, explicit pads) → [C,kh,kw,O] → [kh,kw,C,O].
 * - input gradient (stride 1): dX = conv2d(dY, W rotated 180° with in/out swapped, pads k−1−top, k−1−bottom).
 * Other input-gradient configurations (stride > 1, pads ≥ kernel) keep the backend's own kernel.
 * Everything else the course's networks need (MaxPoolGrad, AvgPoolGrad, FusedBatchNorm via ops, ReluGrad,
 * EluGrad, …) is present in wasm 4.22; tests in test/backend compare all of them with the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';

type Info = tf.TensorInfo;
interface WasmBackendLike {
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

function conv2DBackpropFilter(args: { inputs: Record<string, Info>; backend: unknown; attrs: Attrs }): Info {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const b = backend as WasmBackendLike;
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new Error(`hepml wasm Conv2DBackpropFilter: expected dataFormat NHWC, found ${String(attrs.dataFormat)}.`);
  }
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = padInfo(x.shape as [number, number, number, number], filterShape, attrs.strides as [number, number], attrs.pad, attrs.dimRoundingMode);
  const [kh, kw] = filterShape;
  const transpose = kernel('Transpose');
  const xt = transpose({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } });
  const dyt = transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } });
  const { top, bottom, left, right } = info.padInfo;
  let g = kernel('Conv2D')({
    inputs: { x: xt, filter: dyt },
    backend,
    attrs: {
      strides: [1, 1],
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dilations: [info.strideHeight, info.strideWidth],
      dataFormat: 'NHWC',
    },
  });
  b.disposeData(xt.dataId);
  b.disposeData(dyt.dataId);
  if (g.shape[1] !== kh || g.shape[2] !== kw) {
    // Extra rows/columns at the end (stride not dividing the padded size): keep the first kh×kw offsets.
    const cut = kernel('Slice')({ inputs: { x: g }, backend, attrs: { begin: [0, 0, 0, 0], size: [g.shape[0], kh, kw, g.shape[3]] } });
    b.disposeData(g.dataId);
    g = cut;
  }
  const out = transpose({ inputs: { x: g }, backend, attrs: { perm: [1, 2, 0, 3] } });
  b.disposeData(g.dataId);
  return out;
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
 * batch). Same rule as the cpu backend: each window's gradient goes to its first maximum (row-major).
 */
function maxPoolGrad(args: { inputs: Record<string, Info>; backend: unknown; attrs: Attrs }): Info {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs;
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
  const x = b.typedArrayFromHeap(input);
  const g = b.typedArrayFromHeap(dy);
  const dx = b.typedArrayFromHeap(out);
  dx.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const best = new Float32Array(C); // per channel of the current window (one allocation per call)
  const at = new Int32Array(C);
  for (let n = 0; n < batchSize; n++) {
    const xBase = n * inHeight * inWidth * C;
    for (let r = 0; r < outHeight; r++) {
      const r0 = r * strideHeight - top;
      const rs = Math.max(0, r0);
      const re = Math.min(inHeight, r0 + filterHeight);
      for (let q = 0; q < outWidth; q++) {
        const c0 = q * strideWidth - left;
        const cs = Math.max(0, c0);
        const ce = Math.min(inWidth, c0 + filterWidth);
        const gBase = ((n * outHeight + r) * outWidth + q) * C;
        at.fill(-1);
        for (let i = rs; i < re; i++) {
          for (let j = cs; j < ce; j++) {
            const k0 = xBase + (i * inWidth + j) * C;
            for (let c = 0; c < C; c++) {
              const v = x[k0 + c];
              if (at[c] < 0 || v > best[c]) {
                best[c] = v;
                at[c] = k0 + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) if (at[c] >= 0) dx[at[c]] += g[gBase + c];
      }
    }
  }
  return out;
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
  wrap('Conv2DBackpropInput', (original) => makeBackpropInput(original) as unknown as KernelCall);
  wrap('BatchMatMul', (original) => withExplicitTranspose(original) as unknown as KernelCall);
  wrap('_FusedMatMul', (original) => withExplicitTranspose(original) as unknown as KernelCall);
}
