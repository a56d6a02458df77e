/**
 * A fast, allocation-free variant of {@link binaryClfCurve} for scores that are exactly float32 (the
 * grader's submissions): each score becomes an order-preserving uint32 key, sorted by a stable LSD
 * radix (3 passes of 11 bits, constant digits skipped) that moves the key and its payload (the label,
 * or the sample index when weighted) together, so the cumulative pass reads memory in order.
 *
 * The result is bit-identical to `binaryClfCurve` on the same values: same stable order (ties in index
 * order, read backwards), same summation order, same thresholds. Buffers live in a reusable
 * {@link Curve32Workspace}; the returned curve is a view into it, valid until the workspace is reused.
 * Used by the grader (grading/score.ts), which scores many float32 submissions against one label set;
 * the public metrics keep their own entry points.
 *
 * @example
 * const ws = new Curve32Workspace(yScore.length);
 * ws.scores.set(yScore);
 * const auc = rocAucFromCurve(ws.curve(yTrue, yScore.length));
 */
import type { ClfCurve } from './curve';

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;
const PASSES = 3; // 3 × 11 bits >= 32

/** Preallocated buffers for curves of up to `capacity` samples. */
export class Curve32Workspace {
  readonly capacity: number;
  /** Scores as float32 (the caller gathers into it); `bits` views the same memory. */
  readonly scores: Float32Array;
  readonly bits: Uint32Array;
  private keysA: Uint32Array;
  private keysB: Uint32Array;
  private labA: Uint8Array;
  private labB: Uint8Array;
  private idxA: Int32Array;
  private idxB: Int32Array;
  private readonly counts = new Int32Array(PASSES * RADIX);
  private readonly fps: Float64Array;
  private readonly tps: Float64Array;
  private readonly thresholds: Float64Array;
  private readonly thrBits: Uint32Array;
  private readonly thrFloats: Float32Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.scores = new Float32Array(capacity);
    this.bits = new Uint32Array(this.scores.buffer);
    this.keysA = new Uint32Array(capacity);
    this.keysB = new Uint32Array(capacity);
    this.labA = new Uint8Array(capacity);
    this.labB = new Uint8Array(capacity);
    this.idxA = new Int32Array(0);
    this.idxB = new Int32Array(0);
    this.fps = new Float64Array(capacity);
    this.tps = new Float64Array(capacity);
    this.thresholds = new Float64Array(capacity);
    this.thrFloats = new Float32Array(capacity);
    this.thrBits = new Uint32Array(this.thrFloats.buffer);
  }

  /**
   * The curve of the first `n` gathered scores (`this.scores`) against binary `labels` (and optional
   * `weights`, zero weights dropped). Inputs must be checked (0/1 labels, finite scores and weights).
   */
  curve(labels: ArrayLike<number>, n: number, weights?: ArrayLike<number>): ClfCurve {
    const bits = this.bits;
    const keys = this.keysA;
    let m = 0;
    // The zero threshold is the first (lowest-index) zero's own value, +0 or -0, as in binaryClfCurve.
    let firstZero = -1;
    if (weights) {
      if (this.idxA.length < this.capacity) {
        this.idxA = new Int32Array(this.capacity);
        this.idxB = new Int32Array(this.capacity);
      }
      const idx = this.idxA;
      for (let i = 0; i < n; i++) {
        if (weights[i] === 0) continue;
        const b = bits[i];
        if (b === 0x80000000 && firstZero < 0) firstZero = b;
        else if (b === 0 && firstZero < 0) firstZero = 0;
        keys[m] = sortableKey(b);
        idx[m++] = i;
      }
    } else {
      const lab = this.labA;
      for (let i = 0; i < n; i++) {
        const b = bits[i];
        if ((b & 0x7fffffff) === 0 && firstZero < 0) firstZero = b;
        keys[i] = sortableKey(b);
        lab[i] = labels[i];
      }
      m = n;
    }
    const sorted = this.radixSort(m, weights !== undefined);
    const { fps, tps, thrBits } = this;
    let k = 0;
    let tp = 0;
    let fp = 0;
    if (weights) {
      const idx = sorted.idx;
      for (let r = m - 1; r >= 0; r--) {
        const i = idx[r];
        const w = weights[i];
        if (labels[i] === 1) tp += w;
        else fp += w;
        const key = sorted.keys[r];
        if (r === 0 || sorted.keys[r - 1] !== key) {
          tps[k] = tp;
          fps[k] = fp;
          thrBits[k++] = key;
        }
      }
    } else {
      const lab = sorted.lab;
      const ks = sorted.keys;
      for (let r = m - 1; r >= 0; r--) {
        const y = lab[r];
        tp += y;
        fp += 1 - y;
        const key = ks[r];
        if (r === 0 || ks[r - 1] !== key) {
          tps[k] = tp;
          fps[k] = fp;
          thrBits[k++] = key;
        }
      }
    }
    const thresholds = this.thresholds;
    for (let j = 0; j < k; j++) {
      const key = thrBits[j];
      thrBits[j] = key === 0x80000000 ? firstZero : key & 0x80000000 ? key ^ 0x80000000 : ~key;
      thresholds[j] = this.thrFloats[j];
    }
    return { fps: fps.subarray(0, k), tps: tps.subarray(0, k), thresholds: thresholds.subarray(0, k) };
  }

  /** Stable LSD radix sort of keysA[0..n) with its payload (labels, or indices when `indexed`). */
  private radixSort(n: number, indexed: boolean): { keys: Uint32Array; lab: Uint8Array; idx: Int32Array } {
    const counts = this.counts;
    counts.fill(0);
    let keys = this.keysA;
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      counts[key & MASK]++;
      counts[RADIX + ((key >>> BITS) & MASK)]++;
      counts[2 * RADIX + (key >>> (2 * BITS))]++;
    }
    let tmpKeys = this.keysB;
    let lab = this.labA;
    let tmpLab = this.labB;
    let idx = this.idxA;
    let tmpIdx = this.idxB;
    for (let p = 0; p < PASSES; p++) {
      const base = p * RADIX;
      const shift = p * BITS;
      if (n === 0 || counts[base + ((keys[0] >>> shift) & MASK)] === n) continue; // constant digit
      let sum = 0;
      for (let d = base; d < base + RADIX; d++) {
        const c = counts[d];
        counts[d] = sum;
        sum += c;
      }
      if (indexed) {
        for (let r = 0; r < n; r++) {
          const key = keys[r];
          const at = counts[base + ((key >>> shift) & MASK)]++;
          tmpKeys[at] = key;
          tmpIdx[at] = idx[r];
        }
        [idx, tmpIdx] = [tmpIdx, idx];
      } else {
        for (let r = 0; r < n; r++) {
          const key = keys[r];
          const at = counts[base + ((key >>> shift) & MASK)]++;
          tmpKeys[at] = key;
          tmpLab[at] = lab[r];
        }
        [lab, tmpLab] = [tmpLab, lab];
      }
      [keys, tmpKeys] = [tmpKeys, keys];
    }
    return { keys, lab, idx };
  }
}

/** Order-preserving uint32 image of float32 bits (-0 maps to +0, as numpy compares them equal). */
function sortableKey(b: number): number {
  if (b === 0x80000000) b = 0;
  return b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
}
