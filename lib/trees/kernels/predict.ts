/**
 * Prediction on the kernels of histogram.wat: raw rows are binned (`binRows`, the FeatureBinner's
 * transform, row-major) into a shared memory of their own, then every tree of a packed forest
 * (lib/trees/forest.ts) walks them (`predict`), the rows split between this thread and the helper thread
 * (runtime.ts). Each row's sum adds the same float64 values in the same order as the raw walk of tree.ts,
 * so the result is bit-identical to it on any number of threads. Internal module.
 */
import type { Matrix } from '../../data/matrix';
import type { PackedForest } from '../forest';
import { HelperThread, align, instantiate, type Kernels, type WasmMemory } from './runtime';

/** Rows binned per copy of raw data into the memory. */
const CHUNK_ROWS = 16384;
/** Chunks of rows that the two threads claim in prediction and binning. */
const PREDICT_CHUNKS = 4;
/** Rows × trees below which the helper thread is not worth waking. */
const THREAD_MIN_WORK = 1 << 15;
/** Tree steps (rows × trees × depth) per handshake with the helper, at most (about 0.1 s). */
const BLOCK_WORK = 1 << 27;
/** Values below which binning stays on this thread. */
const THREAD_MIN_VALUES = 1 << 15;

/**
 * One prediction's memory: `x` binned once, the forest, and the float64 sums `acc` (one per row), to which
 * {@link add} adds trees. Created per call and dropped after it (a staged prediction keeps its own).
 */
export class ForestPredictor {
  /** The running sums, one per row (a view into the memory: read it before the next {@link add}). */
  readonly acc: Float64Array;

  private constructor(
    private readonly memory: WasmMemory, private readonly kernels: Kernels, private readonly forest: PackedForest,
    private readonly rows: number, private readonly cols: number,
    private readonly binsAt: number, private readonly nodesAt: number, private readonly leavesAt: number, private readonly accAt: number,
  ) {
    this.acc = new Float64Array(memory.buffer, accAt, rows);
  }

  /**
   * Bins `x` with the cuts `thresholds` (per feature, ascending; NaN and `missingValue` are missing) and
   * loads `forest`; sums start at `init`. Undefined where the kernels are not available.
   */
  static create(x: Matrix, thresholds: readonly Float64Array[], missingValue: number | undefined, forest: PackedForest, init: number): ForestPredictor | undefined {
    const { rows, cols } = x;
    const chunk = Math.min(rows, CHUNK_ROWS);
    let off = 16;
    const rawAt = off;
    off = align(off + chunk * cols * 4);
    const binsAt = off;
    off = align(off + rows * cols);
    const tablesAt = off;
    off = align(off + cols * 2048);
    const nodesAt = off;
    off = align(off + forest.nodes.byteLength);
    const leavesAt = off;
    off = align(off + forest.leaves.byteLength);
    const accAt = off;
    off = align(off + rows * 8);
    const made = instantiate(off);
    if (!made) return undefined;
    const { memory, kernels } = made;
    const buf = memory.buffer;
    setTables(new Float64Array(buf, tablesAt, cols * 256), thresholds);
    new Uint32Array(buf, nodesAt, forest.nodes.length).set(forest.nodes);
    new Float64Array(buf, leavesAt, forest.leaves.length).set(forest.leaves);
    const p = new ForestPredictor(memory, kernels, forest, rows, cols, binsAt, nodesAt, leavesAt, accAt);
    p.acc.fill(init);
    binInto(memory, kernels, x, missingValue, rawAt, chunk, tablesAt, binsAt);
    return p;
  }

  /** The binned rows (row-major, `bins[r * cols + f]`), for tests. */
  get bins(): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.binsAt, this.rows * this.cols);
  }

  /** Adds trees [t0, t1) of the forest to {@link acc}. */
  add(t0: number, t1: number): void {
    const { rows, forest } = this;
    if (rows === 0 || t1 <= t0) return;
    // Blocks of rows keep each handshake with the helper short (its deadline is per command).
    const block = Math.max(4096, Math.floor(BLOCK_WORK / ((t1 - t0) * forest.depth)) & ~3);
    for (let r0 = 0; r0 < rows; r0 += block) this.addRows(t0, t1, r0, Math.min(rows, r0 + block));
  }

  private addRows(t0: number, t1: number, r0: number, r1: number): void {
    const { cols, forest, kernels } = this;
    const n = r1 - r0;
    const helper = n >= 8 && n * (t1 - t0) >= THREAD_MIN_WORK ? HelperThread.on(this.memory) : undefined;
    if (!helper) {
      kernels.predict(this.binsAt, cols, r0, r1, this.nodesAt, this.leavesAt, t0, t1, forest.depth, this.accAt);
      return;
    }
    // Both threads claim chunks of the rows (each row's trees add in order on one thread: the same bits).
    const saved = this.acc.slice(r0, r1);
    const c = helper.ctl;
    c[1] = this.binsAt; c[2] = cols; c[5] = this.nodesAt; c[6] = this.leavesAt;
    c[7] = t0; c[8] = t1; c[9] = forest.depth; c[10] = this.accAt;
    const chunks = Math.min(PREDICT_CHUNKS, n >> 2);
    helper.share(5, chunks, r0, r1);
    let mask = 0;
    for (let k; (k = helper.claim()) >= 0; mask |= 1 << k) {
      kernels.predict(this.binsAt, cols, helper.at(k), helper.at(k + 1), this.nodesAt, this.leavesAt, t0, t1, forest.depth, this.accAt);
    }
    if (!helper.finish()) {
      // The helper died or hung: redo its rows here from their sums as they were.
      for (let k = 0; k < chunks; k++) {
        if (mask & (1 << k)) continue;
        const a = helper.at(k);
        const b = helper.at(k + 1);
        this.acc.set(saved.subarray(a - r0, b - r0), a);
        kernels.predict(this.binsAt, cols, a, b, this.nodesAt, this.leavesAt, t0, t1, forest.depth, this.accAt);
      }
    }
  }
}

/**
 * Bins the rows of `x` (row-major) on the kernels with the cuts `thresholds` (as FeatureBinner.transform
 * does, NaN and `missingValue` missing), on two threads where the helper runs; undefined where the kernels
 * are not available.
 */
export function binRowMajor(x: Matrix, thresholds: readonly Float64Array[], missingValue: number | undefined): Uint8Array | undefined {
  const { rows, cols } = x;
  const chunk = Math.min(rows, CHUNK_ROWS);
  const rawAt = 16;
  const binsAt = align(rawAt + chunk * cols * 4);
  const tablesAt = align(binsAt + rows * cols);
  const made = instantiate(tablesAt + cols * 2048);
  if (!made) return undefined;
  setTables(new Float64Array(made.memory.buffer, tablesAt, cols * 256), thresholds);
  binInto(made.memory, made.kernels, x, missingValue, rawAt, chunk, tablesAt, binsAt);
  return new Uint8Array(made.memory.buffer, binsAt, rows * cols).slice();
}

/** Each feature's cuts padded with +Infinity to 256 float64 entries (the binary search's table). */
function setTables(tables: Float64Array, thresholds: readonly Float64Array[]): void {
  tables.fill(Infinity);
  for (let f = 0; f < thresholds.length; f++) tables.set(thresholds[f], f * 256);
}

/** Bins `x` into the memory at `binsAt` (row-major), copying `chunk` rows at a time to `rawAt`. */
function binInto(memory: WasmMemory, kernels: Kernels, x: Matrix, missingValue: number | undefined, rawAt: number, chunk: number,
  tablesAt: number, binsAt: number): void {
  const { rows, cols } = x;
  const buf = memory.buffer;
  const raw = new Float32Array(buf, rawAt, chunk * cols);
  const hasSentinel = missingValue === undefined || Number.isNaN(missingValue) ? 0 : 1;
  const sentinel = hasSentinel ? missingValue! : 0;
  const helper = chunk * cols >= THREAD_MIN_VALUES ? HelperThread.on(memory) : undefined;
  for (let c0 = 0; c0 < rows; c0 += chunk) {
    const c1 = Math.min(rows, c0 + chunk);
    raw.set(x.data.subarray(c0 * cols, c1 * cols));
    // The kernel reads row r at data + 4·r·cols: point `data` so that row c0 is at rawAt (wrapping is fine).
    const dataAt = (rawAt - c0 * cols * 4) | 0;
    if (helper && (c1 - c0) * cols >= THREAD_MIN_VALUES) {
      // Both threads claim chunks of the rows.
      const c = helper.ctl;
      c[1] = dataAt; c[2] = cols; c[5] = tablesAt; c[6] = hasSentinel; c[7] = binsAt;
      helper.ctlF64[16] = sentinel;
      const chunks = Math.min(PREDICT_CHUNKS, Math.max(2, c1 - c0 >> 10));
      helper.share(4, chunks, c0, c1);
      let mask = 0;
      for (let k; (k = helper.claim()) >= 0; mask |= 1 << k) kernels.binRows(dataAt, cols, helper.at(k), helper.at(k + 1), tablesAt, hasSentinel, sentinel, binsAt);
      if (!helper.finish()) {
        for (let k = 0; k < chunks; k++) if (!(mask & (1 << k))) kernels.binRows(dataAt, cols, helper.at(k), helper.at(k + 1), tablesAt, hasSentinel, sentinel, binsAt);
      }
    } else kernels.binRows(dataAt, cols, c0, c1, tablesAt, hasSentinel, sentinel, binsAt);
  }
}
