/**
 * Gradient kernels on a small WebAssembly SIMD module of our own (kernels.wat), working in the memory of
 * the tfjs wasm backend: tensors are read and written where they are, scratch space is a temporary tensor.
 *
 * Convolution filter gradient. dW[i,j,c,o] = Σ_{n,y,x} X[n, y·s+i−top, x·s+j−left, c] · dY[n,y,x,o]. On
 * the zero-padded input grid [N, Hp, Wp] flattened, the pixel at offset (i, j) from grid point p is
 * p + i·Wp + j. So with X padded (NHWC, plus a zero tail) and dY laid on the same grid at the points
 * (y·s, x·s) (zeros elsewhere, which also cancels the terms that wrap into the next row or image), every
 * (i, j, c) row of dW is one sum over the grid of X shifted by a constant offset times dY: no patch matrix
 * is built, and nothing is packed (XNNPACK's matrix products pack their right operand on every call, which
 * costs more here than the arithmetic). The kernel updates 4 rows (i, j, c) × 8 output channels per pass;
 * partial sums are kept in float32 over at most ~2k grid points, then added in float64.
 *
 * Max-pool gradient for 2×2 windows with stride 2 and channels in multiples of 4: compares and masked
 * stores, four channels at a time.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { KERNELS_WASM } from './kernels-wasm';

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A WebAssembly.Memory (the tfjs wasm backend's). */
export interface WasmMemory {
  buffer: ArrayBuffer;
}

interface Kernels {
  acc4x8(x: number, dy: number, n: number, xs: number, ys: number, k0: number, k1: number, k2: number, k3: number, out: number): void;
  acc4x8r(x: number, dy: number, rows: number, cols: number, xs: number, xrs: number, ys: number, k0: number, k1: number, k2: number, k3: number, out: number): void;
  sum8(dy: number, n: number, ys: number, out: number): void;
  pool2x2(x: number, y: number, g: number, dx: number, n: number, c: number, rs: number, relu: number): void;
  max2x2(x: number, y: number, n: number, c: number, rs: number): void;
  cols16(x: number, y: number, n: number, xs: number, ys: number, out: number): void;
  cols4(x: number, y: number, n: number, xs: number, ys: number, out: number): void;
  relumask(d: number, a: number, out: number, n: number): void;
  tile4x8(x: number, y: number, n: number, xs: number, ys: number, rs: number, out: number, os: number): void;
  conv1g3(xp: number, dy: number, rows: number, cols: number, rs: number, ys: number, acc: number, bias: number): void;
  bnsums(x: number, m: number, B: number, F: number, s: number, q: number): void;
  bnapply(x: number, m: number, inv: number, g: number, be: number, B: number, F: number, h: number, y: number): void;
  bngradsums(d: number, h: number, B: number, F: number, sb: number, sg: number): void;
  bngrad(d: number, h: number, sc: number, db: number, dg: number, B: number, F: number, invB: number, dx: number): void;
  adam(g: number, e: number, m: number, v: number, w: number, n: number, b1: number, a1: number, b2: number, a2: number, c1: number, c2: number, eps: number): void;
  convc4(xp: number, w: number, b: number, y: number, n: number, kh: number, kwc: number, rs: number, c: number, o: number, relu: number): void;
  convc4c1(xp: number, w: number, b: number, y: number, n: number, kh: number, kwc: number, rs: number, c: number, o: number, relu: number): void;
  convc4c8(xp: number, w: number, b: number, y: number, n: number, kh: number, kwc: number, rs: number, c: number, o: number, relu: number): void;
  convc4c16(xp: number, w: number, b: number, y: number, n: number, kh: number, kwc: number, rs: number, c: number, o: number, relu: number): void;
}

let compiled: object | undefined;
const instances = new WeakMap<WasmMemory, Kernels>();

/** Our kernels bound to `memory` (compiled once, instantiated once per memory). */
function kernelsFor(memory: WasmMemory): Kernels {
  let k = instances.get(memory);
  if (!k) {
    // Synchronous compile: the module is under 1 KB, and kernels run inside synchronous tfjs kernels.
    compiled ??= new wasmApi.Module(Buffer.from(KERNELS_WASM, 'base64'));
    k = new wasmApi.Instance(compiled, { env: { memory } }).exports as unknown as Kernels;
    instances.set(memory, k);
  }
  return k;
}

/** Grid points summed in float32 before the partial sums go to float64. */
const FLUSH = 2048;

/** The layout of {@link conv2dFilterGrad}'s scratch space (floats). */
function layout(info: tf.backend_util.Conv2DInfo) {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: O, filterHeight: kh, filterWidth: kw } = info;
  const Hp = Math.max(H + info.padInfo.top + info.padInfo.bottom, (Ho - 1) * info.strideHeight + kh);
  const Wp = Math.max(W + info.padInfo.left + info.padInfo.right, (Wo - 1) * info.strideWidth + kw);
  const grid = Hp * Wp;
  const O8 = Math.ceil(O / 8) * 8;
  const K4 = Math.ceil((kh * kw * C) / 4) * 4;
  // Outputs in whole blocks of eight: dY is read where it lies; else it goes onto the grid, padded to O8.
  const inPlace = O8 === O;
  // padded X [(N·grid + tail)·C] | dY on the grid [N·grid·O8] unless in place | float32 tiles [K4·O8] | bias [O8], 4-float aligned
  const dyAt = Math.ceil(((N * grid + (kh - 1) * Wp + (kw - 1)) * C) / 4) * 4;
  const accAt = dyAt + (inPlace ? 0 : N * grid * O8);
  const biasAt = accAt + K4 * O8;
  return { Hp, Wp, grid, O8, K4, inPlace, dyAt, accAt, biasAt, size: biasAt + O8 };
}

/** Floats of scratch space {@link conv2dFilterGrad} needs. */
export function filterGradScratch(info: tf.backend_util.Conv2DInfo): number {
  return layout(info).size;
}

/**
 * Writes dW [kh, kw, C, O] (flat) of a convolution with input `x` [N, H, W, C] and output gradient
 * `dy` [N, Ho, Wo, O], both NHWC; `info` is tfjs's conv info (any stride and padding, dilation 1).
 *
 * @param memory - the memory holding x, dy and the scratch space
 * @param x - input values, NHWC (a view into `memory`)
 * @param dy - gradient of the convolution's output, NHWC (a view into `memory`)
 * @param scratch - {@link filterGradScratch} floats (a view into `memory`)
 * @param info - from `backend_util.computeConv2DInfo`
 * @param out - receives the kh·kw·C·O filter gradient
 * @param biasOut - when given, receives the O bias gradient Σ_{n,y,x} dY[n,y,x,o] (same pass)
 */
export function conv2dFilterGrad(memory: WasmMemory, x: Float32Array, dy: Float32Array, scratch: Float32Array, info: tf.backend_util.Conv2DInfo, out: Float32Array, biasOut?: Float32Array): void {
  const k = kernelsFor(memory);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: O, filterHeight: kh, filterWidth: kw } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const L = layout(info);
  const { Hp, Wp, grid, O8, K4 } = L;
  const K = kh * kw * C;
  const base = scratch.byteOffset / 4; // float index of the scratch space in memory
  const xAt = base;
  const dyAt = base + L.dyAt;
  const accAt = base + L.accAt;
  const biasAt = base + L.biasAt;
  const mem = new Float32Array(memory.buffer);
  scratch.fill(0);
  const x0 = x.byteOffset / 4;
  const dy0 = dy.byteOffset / 4;
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < H; y++) {
      const from = (n * H + y) * W * C;
      mem.copyWithin(xAt + ((n * Hp + y + top) * Wp + left) * C, x0 + from, x0 + from + W * C);
    }
  }
  if (!L.inPlace) {
    let s = 0;
    for (let n = 0; n < N; n++) {
      for (let y = 0; y < Ho; y++) {
        for (let q = 0; q < Wo; q++) {
          const d = dyAt + ((n * Hp + y * sh) * Wp + q * sw) * O8;
          for (let o = 0; o < O; o++) mem[d + o] = dy[s++];
        }
      }
    }
  }
  // Byte offset in padded X of row (i, j, c) of dW; the last tile repeats its last row (result unused).
  const off = new Int32Array(K4);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let c = 0; c < C; c++) off[(i * kw + j) * C + c] = ((i * Wp + j) * C + c) * 4;
  for (let r = K; r < K4; r++) off[r] = off[K - 1];
  const total = new Float64Array(K * O);
  const bias = new Float64Array(O);
  const flush = () => {
    const acc = new Float32Array(memory.buffer, accAt * 4, K4 * O8);
    if (biasOut) {
      const b = new Float32Array(memory.buffer, biasAt * 4, O8);
      for (let o = 0; o < O; o++) bias[o] += b[o];
      b.fill(0);
    }
    for (let t = 0; t < K4 / 4; t++) {
      for (let o8 = 0; o8 < O8 / 8; o8++) {
        const tile = (t * (O8 / 8) + o8) * 32;
        for (let r = 0; r < 4 && t * 4 + r < K; r++) {
          for (let o = 0; o < 8 && o8 * 8 + o < O; o++) total[(t * 4 + r) * O + o8 * 8 + o] += acc[tile + r * 8 + o];
        }
      }
    }
    acc.fill(0);
  };
  // Grid points of an image that can carry a non-zero dY: rows 0 … (Ho−1)·sh, columns up to (Wo−1)·sw.
  const span = (Ho - 1) * sh * Wp + (Wo - 1) * sw + 1;
  let pending = 0;
  for (let n = 0; n < N; n++) {
    const p0 = n * grid;
    for (let t = 0; t < K4 / 4; t++) {
      for (let o8 = 0; o8 < O8 / 8; o8++) {
        const tile = (accAt + (t * (O8 / 8) + o8) * 32) * 4;
        if (L.inPlace) {
          // Output pixel (y, q) reads grid point y·sh·Wp + q·sw of the image; its dY row lies at dy + (n·Ho·Wo + y·Wo + q)·O.
          k.acc4x8r(
            (xAt + p0 * C) * 4, (dy0 + n * Ho * Wo * O + o8 * 8) * 4, Ho, Wo, sw * C * 4, sh * Wp * C * 4, O * 4,
            off[t * 4], off[t * 4 + 1], off[t * 4 + 2], off[t * 4 + 3], tile,
          );
        } else {
          k.acc4x8(
            (xAt + p0 * C) * 4, (dyAt + p0 * O8 + o8 * 8) * 4, span, C * 4, O8 * 4,
            off[t * 4], off[t * 4 + 1], off[t * 4 + 2], off[t * 4 + 3], tile,
          );
        }
      }
    }
    if (biasOut) {
      for (let o8 = 0; o8 < O8 / 8; o8++) {
        if (L.inPlace) k.sum8((dy0 + n * Ho * Wo * O + o8 * 8) * 4, Ho * Wo, O * 4, (biasAt + o8 * 8) * 4);
        else k.sum8((dyAt + p0 * O8 + o8 * 8) * 4, span, O8 * 4, (biasAt + o8 * 8) * 4);
      }
    }
    pending += L.inPlace ? Ho * Wo : span;
    if (pending >= FLUSH || n === N - 1) {
      flush();
      pending = 0;
    }
  }
  for (let e = 0; e < K * O; e++) out[e] = total[e];
  if (biasOut) for (let o = 0; o < O; o++) biasOut[o] = bias[o];
}

/** Whether {@link maxPool2x2Grad} applies: 2×2 windows, stride 2, no padding inside the image, C a multiple of 4. */
export function pool2x2Applies(info: tf.backend_util.Conv2DInfo): boolean {
  const { filterHeight, filterWidth, strideHeight, strideWidth, inChannels, inHeight, inWidth, outHeight, outWidth } = info;
  return filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && inChannels % 4 === 0 &&
    info.padInfo.top === 0 && info.padInfo.left === 0 && 2 * outHeight <= inHeight && 2 * outWidth <= inWidth;
}

/**
 * Max-pool gradient for 2×2/stride-2 windows ({@link pool2x2Applies}): dx gets each window's gradient at its
 * first maximum (row-major), as tfjs's cpu backend does; with `relu`, only where the maximum is > 0.
 * All arguments but `info` and `relu` are views into `memory`.
 */
export function maxPool2x2Grad(memory: WasmMemory, x: Float32Array, y: Float32Array, g: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo, relu: boolean): void {
  const k = kernelsFor(memory);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  if (2 * Ho !== H || 2 * Wo !== W) dx.fill(0); // rows or columns no window covers
  const rs = W * C * 4;
  for (let n = 0; n < N; n++) {
    for (let r = 0; r < Ho; r++) {
      const xi = ((n * H + 2 * r) * W) * C * 4;
      const yi = ((n * Ho + r) * Wo) * C * 4;
      k.pool2x2(x.byteOffset + xi, y.byteOffset + yi, g.byteOffset + yi, dx.byteOffset + xi, Wo, C, rs, relu ? 1 : 0);
    }
  }
}

/**
 * Max pool forward for 2×2/stride-2 windows ({@link pool2x2Applies}): y gets each window's maximum (NaN
 * when the window has one). Both arrays are views into `memory`.
 */
export function maxPool2x2(memory: WasmMemory, x: Float32Array, y: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const k = kernelsFor(memory);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const rs = W * C * 4;
  for (let n = 0; n < N; n++) {
    for (let r = 0; r < Ho; r++) k.max2x2(x.byteOffset + ((n * H + 2 * r) * W) * C * 4, y.byteOffset + ((n * Ho + r) * Wo) * C * 4, Wo, C, rs);
  }
}

/** Floats of scratch space {@link denseGrads} needs for a layer of F inputs, U units and a batch of B. */
export function denseGradScratch(B: number, F: number, U: number): number {
  return 4 + Math.max(16, Math.ceil(F / 4) * 4) + U * F + B * U;
}

/**
 * Gradients of a dense layer `z = x·W + b` from `d` (the gradient of z, or of relu(z) when `reluOut`, the
 * layer's relu output, is given: then dZ = d where reluOut > 0, else 0, as tfjs's relu gradient):
 * dW = Xᵀ·dZ [F, U], db = Σ_b dZ [U], and dX = dZ·Wᵀ [B, F] when `kernel` and `dx` are given. Products
 * run on the SIMD kernels: 4×8 tiles (tile4x8) where the widths allow, else 16 or 4 columns at a
 * time; widths that are not multiples of 4 finish in JavaScript. Float32 sums over the batch, as a float32
 * matMul. All arrays are views into `memory`.
 */
export function denseGrads(
  memory: WasmMemory, x: Float32Array, d: Float32Array, scratch: Float32Array, B: number, F: number, U: number,
  dw: Float32Array, db: Float32Array, reluOut?: Float32Array, kernel?: Float32Array, dx?: Float32Array,
): void {
  const k = kernelsFor(memory);
  const mem = new Float32Array(memory.buffer);
  const one = scratch.byteOffset;
  const row = one + 16;
  const wt = row + Math.max(16, Math.ceil(F / 4) * 4) * 4;
  let dz = wt + U * F * 4;
  mem[one / 4] = 1;
  if (reluOut) {
    const n4 = (B * U) & ~3;
    k.relumask(d.byteOffset, reluOut.byteOffset, dz, n4);
    const z = dz / 4;
    for (let i = n4; i < B * U; i++) mem[z + i] = reluOut[i] > 0 ? d[i] : 0;
  } else dz = d.byteOffset;
  /** out[j] = Σ_{p<n} mem(xp + p·xs) · mem(yp + p·ys + 4j), j < width (byte addresses). */
  const product = (xp: number, xs: number, yp: number, ys: number, n: number, width: number, out: number) => {
    let j = 0;
    for (; j + 16 <= width; j += 16) k.cols16(xp, yp + 4 * j, n, xs, ys, out + 4 * j);
    for (; j + 4 <= width; j += 4) k.cols4(xp, yp + 4 * j, n, xs, ys, out + 4 * j);
    for (; j < width; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += mem[(xp + p * xs) / 4] * mem[(yp + p * ys) / 4 + j];
      mem[out / 4 + j] = s;
    }
  };
  /**
   * out[r, c] (row stride `os` floats) = Σ_{p<n} mem(xp + p·xs + rs·r) · mem(yp + p·ys + 4c), r < R, c < C,
   * R a multiple of 4 and C of 8, in 4×8 tiles.
   */
  const tiles = (xp: number, xs: number, rs: number, yp: number, ys: number, n: number, R: number, C: number, out: Float32Array, os: number) => {
    for (let r = 0; r < R; r += 4) {
      for (let c = 0; c < C; c += 8) k.tile4x8(xp + rs * r, yp + 4 * c, n, xs, ys, rs, out.byteOffset + 4 * (r * os + c), 4 * os);
    }
  };
  if (F % 4 === 0 && U % 8 === 0) {
    // dW[f, u] = Σ_b x[b, f] · dZ[b, u] in 4×8 tiles
    tiles(x.byteOffset, 4 * F, 4, dz, 4 * U, B, F, U, dw, U);
  } else if (U % 4 === 0 || F % 4 !== 0) {
    // row f of dW: Σ_b x[b, f] · dZ[b, :]
    for (let f = 0; f < F; f++) product(x.byteOffset + 4 * f, 4 * F, dz, 4 * U, B, U, dw.byteOffset + 4 * f * U);
  } else {
    // few units (an output layer): row u of dWᵀ, Σ_b dZ[b, u] · x[b, :], then transposed into dW
    const r = row / 4;
    for (let u = 0; u < U; u++) {
      product(dz + 4 * u, 4 * U, x.byteOffset, 4 * F, B, F, row);
      for (let f = 0; f < F; f++) dw[f * U + u] = mem[r + f];
    }
  }
  product(one, 0, dz, 4 * U, B, U, db.byteOffset);
  if (kernel && dx) {
    const t = wt / 4;
    for (let f = 0; f < F; f++) for (let u = 0; u < U; u++) mem[t + u * F + f] = kernel[f * U + u];
    if (B % 4 === 0 && F % 8 === 0) {
      // dX[b, f] = Σ_u dZ[b, u] · Wᵀ[u, f] in 4×8 tiles
      tiles(dz, 4, 4 * U, wt, 4 * F, U, B, F, dx, F);
    } else {
      // row b of dX: Σ_u dZ[b, u] · Wᵀ[u, :]
      for (let b = 0; b < B; b++) product(dz + 4 * b * U, 4, wt, 4 * F, U, F, dx.byteOffset + 4 * b * F);
    }
  }
}

/** Stride and dilation 1, NHWC, outputs in multiples of 8, and the output is the padded input's valid convolution. */
function directConv(info: tf.backend_util.Conv2DInfo): boolean {
  const p = info.padInfo;
  return info.outChannels % 8 === 0 && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 && info.dataFormat === 'channelsLast' &&
    Math.min(p.top, p.bottom, p.left, p.right) >= 0 && info.outHeight === info.inHeight + p.top + p.bottom - info.filterHeight + 1 &&
    info.outWidth === info.inWidth + p.left + p.right - info.filterWidth + 1 && info.outHeight > 0 && info.outWidth > 0;
}

/** One input channel, outputs in multiples of 8, stride and dilation 1 (a CNN's first layer). */
export function conv1Applies(info: tf.backend_util.Conv2DInfo): boolean {
  return info.inChannels === 1 && directConv(info);
}

/**
 * Whether {@link convForward} computes this convolution: outputs in multiples of 8, stride and dilation 1,
 * rows of at least four output pixels (any number of input channels).
 */
export function convApplies(info: tf.backend_util.Conv2DInfo): boolean {
  return info.outWidth >= 4 && directConv(info);
}

/** Floats of scratch space {@link convForward} needs: the zero-padded input grid and a zero bias. */
export function convScratch(info: tf.backend_util.Conv2DInfo): number {
  const p = info.padInfo;
  return Math.ceil((info.batchSize * (info.inHeight + p.top + p.bottom) * (info.inWidth + p.left + p.right) * info.inChannels) / 4) * 4 + info.outChannels;
}

/**
 * Forward convolution of a C-channel NHWC input ({@link convApplies}), bias and relu fused. The input goes
 * onto a zero-padded grid in `scratch`; each output row is one kernel call computing four pixels at a time
 * (eight accumulators share each weight pair). XNNPACK runs the bench CNN's second layer, and the transposed
 * convolution of its input gradient, at ~10 GMAC/s, and its one-channel first layer at ~2.5 GMAC/s. A row whose width is not a multiple of four ends with
 * a group that overlaps the previous one (its pixels are computed again, to the same values). All arrays
 * are views into `memory`; `bias` may be absent.
 */
export function convForward(memory: WasmMemory, x: Float32Array, w: Float32Array, bias: Float32Array | undefined, y: Float32Array, scratch: Float32Array, info: tf.backend_util.Conv2DInfo, relu: boolean): void {
  const k = kernelsFor(memory);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: O, filterHeight: kh, filterWidth: kw } = info;
  const { top, left, bottom, right } = info.padInfo;
  const Hp = H + top + bottom;
  const Wp = W + left + right;
  const cells = Math.ceil((N * Hp * Wp * C) / 4) * 4;
  const grid = scratch.subarray(0, N * Hp * Wp * C);
  if (top + bottom + left + right > 0) {
    grid.fill(0);
    for (let n = 0; n < N; n++) {
      for (let r = 0; r < H; r++) grid.set(x.subarray((n * H + r) * W * C, (n * H + r + 1) * W * C), ((n * Hp + r + top) * Wp + left) * C);
    }
  } else grid.set(x.subarray(0, N * H * W * C));
  let b = bias;
  if (!b) {
    b = scratch.subarray(cells, cells + O);
    b.fill(0);
  }
  const groups = Wo >> 2;
  const act = relu ? 1 : 0;
  const rs = Wp * C * 4;
  const row = C === 1 ? k.convc4c1 : C === 8 ? k.convc4c8 : C === 16 ? k.convc4c16 : k.convc4;
  for (let n = 0; n < N; n++) {
    for (let r = 0; r < Ho; r++) {
      const xAt = grid.byteOffset + (n * Hp + r) * rs;
      const yAt = y.byteOffset + (n * Ho + r) * Wo * O * 4;
      row(xAt, w.byteOffset, b.byteOffset, yAt, groups, kh, kw * C, rs, C, O, act);
      if (Wo & 3) row(xAt + (Wo - 4) * C * 4, w.byteOffset, b.byteOffset, yAt + (Wo - 4) * O * 4, 1, kh, kw * C, rs, C, O, act);
    }
  }
}

/** Whether {@link conv1FilterGrad} computes this filter gradient: as {@link conv1Applies}, with three-tap rows. */
export function conv1FilterGradApplies(info: tf.backend_util.Conv2DInfo): boolean {
  return conv1Applies(info) && info.filterWidth === 3;
}

/** The layout of {@link conv1FilterGrad}'s scratch space (floats): the padded grid, then 4-float aligned sums. */
function conv1GradLayout(info: tf.backend_util.Conv2DInfo) {
  const p = info.padInfo;
  const Hp = info.inHeight + p.top + p.bottom;
  const Wp = info.inWidth + p.left + p.right;
  const accAt = Math.ceil((info.batchSize * Hp * Wp) / 4) * 4;
  const biasAt = accAt + info.filterHeight * 3 * info.outChannels;
  return { Hp, Wp, accAt, biasAt, size: biasAt + info.outChannels };
}

/** Floats of scratch space {@link conv1FilterGrad} needs. */
export function conv1FilterGradScratch(info: tf.backend_util.Conv2DInfo): number {
  return conv1GradLayout(info).size;
}

/**
 * Filter gradient dW [kh, 3, 1, O] (and the bias gradient Σ dY when `biasOut` is given) of a one-channel
 * convolution ({@link conv1FilterGradApplies}): a CNN's first layer. The input goes onto a zero-padded grid
 * in `scratch`; dY is read where it lies (no copy). One kernel call per image, kernel row and block of eight
 * outputs sums all the image's pixels for the row's three taps; its float32 sums go to float64 after each
 * image (at most a few thousand terms in float32, as {@link conv2dFilterGrad}). All arrays are views into
 * `memory`.
 */
export function conv1FilterGrad(memory: WasmMemory, x: Float32Array, dy: Float32Array, scratch: Float32Array, info: tf.backend_util.Conv2DInfo, out: Float32Array, biasOut?: Float32Array): void {
  const k = kernelsFor(memory);
  const { batchSize: N, inHeight: H, inWidth: W, outHeight: Ho, outWidth: Wo, outChannels: O, filterHeight: kh } = info;
  const { top, left } = info.padInfo;
  const L = conv1GradLayout(info);
  const { Hp, Wp } = L;
  const grid = scratch.subarray(0, N * Hp * Wp);
  grid.fill(0);
  for (let n = 0; n < N; n++) {
    for (let r = 0; r < H; r++) grid.set(x.subarray((n * H + r) * W, (n * H + r + 1) * W), (n * Hp + r + top) * Wp + left);
  }
  const acc = scratch.subarray(L.accAt, L.accAt + kh * 3 * O);
  const bias = scratch.subarray(L.biasAt, L.biasAt + O);
  acc.fill(0);
  bias.fill(0);
  const total = new Float64Array(kh * 3 * O);
  const biasTotal = new Float64Array(O);
  const blocks = O / 8;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < kh; i++) {
      for (let b = 0; b < blocks; b++) {
        k.conv1g3(
          grid.byteOffset + (n * Hp + i) * Wp * 4, dy.byteOffset + (n * Ho * Wo * O + b * 8) * 4, Ho, Wo, Wp * 4, O * 4,
          acc.byteOffset + (i * blocks + b) * 96, biasOut && i === 0 ? bias.byteOffset + b * 32 : 0,
        );
      }
    }
    // acc block (i, b) holds taps j = 0..2 of outputs 8b..8b+7; dW is [i][j][o].
    for (let i = 0; i < kh; i++) {
      for (let b = 0; b < blocks; b++) {
        const at = (i * blocks + b) * 24;
        for (let j = 0; j < 3; j++) for (let o = 0; o < 8; o++) total[(i * 3 + j) * O + b * 8 + o] += acc[at + j * 8 + o];
      }
    }
    acc.fill(0);
    if (biasOut) {
      for (let o = 0; o < O; o++) biasTotal[o] += bias[o];
      bias.fill(0);
    }
  }
  for (let e = 0; e < total.length; e++) out[e] = total[e];
  if (biasOut) for (let o = 0; o < O; o++) biasOut[o] = biasTotal[o];
}

/** The Adam constants of one step (float32 on the kernel, as tf.train.adam's scalars). */
export interface AdamConstants {
  b1: number;
  b2: number;
  /** lr / (1 − b1ᵗ) */
  c1: number;
  /** 1 / (1 − b2ᵗ) */
  c2: number;
  eps: number;
}

/**
 * One Adam step on our SIMD kernel for `g.length` parameters whose moments `m`, `v` and weights `w` (and
 * the optional extra gradient `e`, added to `g` first) are views into `memory`, as `g` is: see HostAdam.
 */
export function adamStep(memory: WasmMemory, g: Float32Array, e: Float32Array | undefined, m: Float32Array, v: Float32Array, w: Float32Array, k: AdamConstants): void {
  kernelsFor(memory).adam(g.byteOffset, e ? e.byteOffset : 0, m.byteOffset, v.byteOffset, w.byteOffset, g.length, k.b1, 1 - k.b1, k.b2, 1 - k.b2, k.c1, k.c2, k.eps);
}

/**
 * A batch-norm layer's training forward pass over x [B, F] on our SIMD kernels (see BATCH_NORM in
 * wasm-kernels.ts): the mean (float32 column sums), the biased variance of the values centred on it,
 * invStd = 1/√(variance + eps), x̂ and y = γ·x̂ + β. `gamma`/`beta` may be absent; `scratch` holds 4·F floats.
 * All arrays are views into `memory`.
 */
export function batchNormForward(memory: WasmMemory, x: Float32Array, B: number, F: number, gamma: Float32Array | undefined, beta: Float32Array | undefined, eps: number,
  y: Float32Array, xhat: Float32Array, mean: Float32Array, variance: Float32Array, invStd: Float32Array, scratch: Float32Array): void {
  const k = kernelsFor(memory);
  const sums = scratch.subarray(0, F);
  const squares = scratch.subarray(F, 2 * F);
  const ones = scratch.subarray(2 * F, 3 * F);
  const zeros = scratch.subarray(3 * F, 4 * F);
  sums.fill(0);
  squares.fill(0);
  k.bnsums(x.byteOffset, 0, B, F, sums.byteOffset, 0);
  for (let f = 0; f < F; f++) mean[f] = sums[f] / B;
  k.bnsums(x.byteOffset, mean.byteOffset, B, F, 0, squares.byteOffset);
  for (let f = 0; f < F; f++) {
    variance[f] = squares[f] / B;
    invStd[f] = 1 / Math.sqrt(Math.fround(variance[f] + eps));
  }
  if (!gamma) ones.fill(1);
  if (!beta) zeros.fill(0);
  k.bnapply(x.byteOffset, mean.byteOffset, invStd.byteOffset, (gamma ?? ones).byteOffset, (beta ?? zeros).byteOffset, B, F, xhat.byteOffset, y.byteOffset);
}

/**
 * A batch-norm layer's backward pass on our SIMD kernels (see BATCH_NORM_GRAD in wasm-kernels.ts): dβ = Σ dy,
 * dγ = Σ dy·x̂ (float32 column sums), dx = γ·invStd·(dy − (dβ + x̂·dγ)/B). `scratch` holds F floats.
 */
export function batchNormBackward(memory: WasmMemory, dy: Float32Array, xhat: Float32Array, invStd: Float32Array, gamma: Float32Array | undefined, B: number, F: number,
  dGamma: Float32Array, dBeta: Float32Array, dx: Float32Array, scratch: Float32Array): void {
  const k = kernelsFor(memory);
  dBeta.fill(0);
  dGamma.fill(0);
  k.bngradsums(dy.byteOffset, xhat.byteOffset, B, F, dBeta.byteOffset, dGamma.byteOffset);
  const scale = scratch.subarray(0, F);
  for (let f = 0; f < F; f++) scale[f] = (gamma ? gamma[f] : 1) * invStd[f];
  k.bngrad(dy.byteOffset, xhat.byteOffset, scale.byteOffset, dBeta.byteOffset, dGamma.byteOffset, B, F, 1 / B, dx.byteOffset);
}
