/**
 * The logistic loss's per-row gradients, the targets of each gradient-boosting tree: with p = σ(raw) =
 * 1 / (1 + exp(−raw)), g = w·(p − y) and h = w·max(p·(1 − p), 1e-16) (stored as float32). This is the
 * JavaScript reference of the kernel `logistic` (lib/trees/kernels/histogram.wat), which computes the same
 * operations in the same order, with the same exp, so both give the same bits.
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = 1 - HI;

/**
 * exp(x) as fdlibm's e_exp.c computes it (the algorithm of V8's Math.exp, which it matches bit for bit,
 * exp(1) = Math.E included), written out so the kernel can repeat it operation for operation.
 */
export function fdlibmExp(x: number): number {
  if (x === 1) return Math.E;
  F64[0] = x;
  let hx = U32[HI];
  const xsb = hx >>> 31;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) return x !== x ? x + x : xsb === 0 ? x : 0;
    if (x > 7.09782712893383973096e2) return Infinity;
    if (x < -7.4513321910194110842e2) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (xsb) {
        hi = x - -6.9314718036912381649e-1;
        lo = -1.90821492927058770002e-10;
        k = -1;
      } else {
        hi = x - 6.9314718036912381649e-1;
        lo = 1.90821492927058770002e-10;
        k = 1;
      }
    } else {
      k = (1.442695040888963387 * x + (xsb ? -0.5 : 0.5)) | 0;
      const t = k;
      hi = x - t * 6.9314718036912381649e-1;
      lo = t * 1.90821492927058770002e-10;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const t = x * x;
  U32[HI] = 0x3ff00000 + ((k >= -1021 ? k : k + 1000) << 20);
  U32[LO] = 0;
  const twopk = F64[0];
  const c = x - t * (1.66666666666666019037e-1 + t * (-2.77777777770155933842e-3 + t * (6.61375632143793436117e-5 +
    t * (-1.6533902205465251539e-6 + t * 4.13813679705723846039e-8))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * 2 ** 1023 : y * twopk;
  return y * twopk * 2 ** -1000;
}

/** Writes g, h of rows [start, end) (see the module comment). */
export function logisticGradients(raw: Float64Array, labels: Uint8Array, weights: Float64Array, g: Float32Array, h: Float32Array,
  start = 0, end = raw.length): void {
  for (let i = start; i < end; i++) {
    const p = 1 / (1 + fdlibmExp(-raw[i]));
    const w = weights[i];
    g[i] = w * (p - labels[i]);
    h[i] = w * Math.max(p * (1 - p), 1e-16);
  }
}
