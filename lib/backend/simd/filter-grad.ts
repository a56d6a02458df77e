/**
 * The filter gradient of a 2-D convolution on a small WebAssembly SIMD kernel of our own (kernels.wat).
 *
 * dW[i,j,c,o] = Σ_{n,y,x} X[n, y·s+i−top, x·s+j−left, c] · dY[n,y,x,o]. On the zero-padded input grid
 * [N, Hp, Wp] flattened, the pixel at offset (i, j) from grid point p is p + i·Wp + j. So with X padded
 * (NHWC, plus a zero tail) and dY laid on the same grid at the points (y·s, x·s) (zeros elsewhere, which
 * also cancels the terms that wrap into the next row or image), every (i, j, c) row of dW is one sum over
 * the grid of X shifted by a constant offset times dY: no patch matrix is built, and nothing is packed
 * (XNNPACK's matrix products pack their right operand on every call, which costs more here than the
 * arithmetic). The kernel updates 4 rows (i, j, c) × 8 output channels per pass; partial sums are kept in
 * float32 over at most ~2k grid points, then added in float64.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { KERNELS_WASM } from './kernels-wasm';

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Kernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  acc4x8(x: number, dy: number, n: number, xs: number, ys: number, k0: number, k1: number, k2: number, k3: number, out: number): void;
  sum8(dy: number, n: number, ys: number, out: number): void;
}

let kernels: Kernels | undefined;

function load(): Kernels {
  if (!kernels) {
    // Synchronous compile: the module is 400 bytes, and kernels run inside synchronous tfjs kernels.
    const module = new wasmApi.Module(Buffer.from(KERNELS_WASM, 'base64'));
    kernels = new wasmApi.Instance(module, {}).exports as unknown as Kernels;
  }
  return kernels;
}

/** Whether this Node.js runs WebAssembly SIMD (every Node ≥ 16.4 does). */
export function simdAvailable(): boolean {
  try {
    load();
    return true;
  } catch {
    return false;
  }
}

/** A float view of the kernels' memory with at least `floats` floats (grown as needed). */
function floats(k: Kernels, count: number): Float32Array {
  const need = count * 4 - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / 65536));
  return new Float32Array(k.memory.buffer);
}

/** Grid points summed in float32 before the partial sums go to float64. */
const FLUSH = 2048;

/**
 * Writes dW [kh, kw, C, O] (flat) of a convolution with input `x` [N, H, W, C] and output gradient
 * `dy` [N, Ho, Wo, O], both NHWC; `info` is tfjs's conv info (any stride and padding, dilation 1).
 *
 * @param x - input values, NHWC
 * @param dy - gradient of the convolution's output, NHWC
 * @param info - from `backend_util.computeConv2DInfo`
 * @param out - receives the kh·kw·C·O filter gradient
 * @param biasOut - when given, receives the O bias gradient Σ_{n,y,x} dY[n,y,x,o] (same pass)
 */
export function conv2dFilterGrad(x: Float32Array, dy: Float32Array, info: tf.backend_util.Conv2DInfo, out: Float32Array, biasOut?: Float32Array): void {
  const k = load();
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: O, filterHeight: kh, filterWidth: kw } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const Hp = Math.max(H + top + info.padInfo.bottom, (Ho - 1) * sh + kh);
  const Wp = Math.max(W + left + info.padInfo.right, (Wo - 1) * sw + kw);
  const grid = Hp * Wp;
  const tail = (kh - 1) * Wp + (kw - 1);
  const O8 = Math.ceil(O / 8) * 8;
  const K = kh * kw * C;
  const K4 = Math.ceil(K / 4) * 4;
  // Memory (floats): padded X [(N·grid + tail)·C] | dY on the grid [N·grid·O8] | float32 tiles [K4·O8] | bias [O8].
  const xAt = 0;
  const dyAt = (N * grid + tail) * C;
  const accAt = dyAt + N * grid * O8;
  const biasAt = accAt + K4 * O8;
  const mem = floats(k, biasAt + O8);
  mem.fill(0, 0, biasAt + O8);
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < H; y++) {
      const from = (n * H + y) * W * C;
      mem.set(x.subarray(from, from + W * C), xAt + ((n * Hp + y + top) * Wp + left) * C);
    }
  }
  if (sw === 1 && O8 === O) {
    for (let n = 0; n < N; n++) {
      for (let y = 0; y < Ho; y++) {
        const from = (n * Ho + y) * Wo * O;
        mem.set(dy.subarray(from, from + Wo * O), dyAt + (n * Hp + y * sh) * Wp * O);
      }
    }
  } else {
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
    const acc = new Float32Array(k.memory.buffer, accAt * 4, K4 * O8);
    if (biasOut) {
      const b = new Float32Array(k.memory.buffer, biasAt * 4, O8);
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
        k.acc4x8(
          (xAt + p0 * C) * 4, (dyAt + p0 * O8 + o8 * 8) * 4, span, C * 4, O8 * 4,
          off[t * 4], off[t * 4 + 1], off[t * 4 + 2], off[t * 4 + 3],
          (accAt + (t * (O8 / 8) + o8) * 32) * 4,
        );
      }
    }
    if (biasOut) for (let o8 = 0; o8 < O8 / 8; o8++) k.sum8((dyAt + p0 * O8 + o8 * 8) * 4, span, O8 * 4, (biasAt + o8 * 8) * 4);
    pending += span;
    if (pending >= FLUSH || n === N - 1) {
      flush();
      pending = 0;
    }
  }
  for (let e = 0; e < K * O; e++) out[e] = total[e];
  if (biasOut) for (let o = 0; o < O; o++) biasOut[o] = bias[o];
}
