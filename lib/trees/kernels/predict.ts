/**
 * Prediction on the kernels of histogram.wat: the float32 rows are copied once into a shared memory of
 * their own, turned in place into order-preserving int32 keys (`rawKeys`, one cheap pass, missing values
 * marked), and every tree of a packed forest (lib/trees/forest.ts) walks them (`predictRaw`, thresholds
 * rounded down to float32 so that each comparison is the float64 one of tree.ts), the rows split
 * between this thread and the helper thread (runtime.ts). Where the forest has no raw records, or the rows
 * would take too much memory, the rows are binned instead (`binRows`, the FeatureBinner's transform,
 * row-major, a chunk at a time) and the walk reads bins (`predict`). Each row's sum adds the same float64
 * values in the same order as the raw walk of tree.ts, so the result is bit-identical to it on any number
 * of threads and either path. Internal module.
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
/** Most bytes of float32 rows copied whole for the raw walk (beyond, the rows are binned a chunk at a time: 4x less memory). */
const RAW_MAX_BYTES = 512 * 2 ** 20;
/**
 * Most bytes of a released predictor's memory kept for the next one. A fresh memory costs a page fault per
 * 4 KB on first touch: copying the bench's 50k × 30 rows took 5.7 ms into a fresh memory, 1.1 ms into a used one.
 */
const KEEP_MAX_BYTES = 64 * 2 ** 20;
/** The memory (and kernels) of the last released predictor, for the next. */
let spare: { memory: WasmMemory; kernels: Kernels } | undefined;

/** A memory of at least `bytes` with the kernels on it: the spare one where it is big enough, else a new one. */
function acquire(bytes: number): { memory: WasmMemory; kernels: Kernels } | undefined {
  const s = spare;
  if (s && s.memory.buffer.byteLength >= bytes) {
    spare = undefined;
    return s;
  }
  return instantiate(bytes);
}

/** Values below which binning stays on this thread. */
const THREAD_MIN_VALUES = 1 << 15;

/**
 * One prediction's memory: `x` (copied, or binned once), the forest, and the float64 sums `acc` (one per
 * row), to which {@link add} adds trees. Created per call and released after it, its memory going to the next
 * (a staged prediction keeps its own until it ends).
 */
export class ForestPredictor {
  /** The running sums, one per row (a view into the memory: read it before the next {@link add}, never after {@link release}). */
  readonly acc: Float64Array;
  private released = false;

  private constructor(
    private readonly memory: WasmMemory, private readonly kernels: Kernels, private readonly forest: PackedForest,
    private readonly rows: number, private readonly cols: number,
    private readonly binsAt: number, private readonly nodesAt: number, private readonly leavesAt: number, private readonly accAt: number,
    /** Whether the walk reads the rows' keys at `dataAt` (`predictRaw`) rather than bins at `binsAt`. */
    readonly raw: boolean, private readonly dataAt: number,
  ) {
    this.acc = new Float64Array(memory.buffer, accAt, rows);
  }

  /**
   * Loads `x` and `forest`; sums start at `init`. The rows are copied as they are where the forest has raw
   * records (and `binned` is not set), else binned with the cuts `thresholds` (per feature, ascending; NaN
   * and `missingValue` are missing). Undefined where the kernels are not available.
   */
  static create(x: Matrix, thresholds: readonly Float64Array[], missingValue: number | undefined, forest: PackedForest, init: number,
    binned = false): ForestPredictor | undefined {
    const { rows, cols } = x;
    if (forest.raw && !binned && rows * cols * 4 <= RAW_MAX_BYTES) return ForestPredictor.createRaw(x, forest, forest.raw, init);
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
    const made = acquire(off);
    if (!made) return undefined;
    const { memory, kernels } = made;
    const buf = memory.buffer;
    setTables(new Float64Array(buf, tablesAt, cols * 256), thresholds);
    new Uint32Array(buf, nodesAt, forest.nodes.length).set(forest.nodes);
    new Float64Array(buf, leavesAt, forest.leaves.length).set(forest.leaves);
    const p = new ForestPredictor(memory, kernels, forest, rows, cols, binsAt, nodesAt, leavesAt, accAt, false, 0);
    p.acc.fill(init);
    binInto(memory, kernels, x, missingValue, rawAt, chunk, tablesAt, binsAt);
    return p;
  }

  /** The memory for the raw walk: `x` copied once as keys (no binning), the raw records, the leaves and the sums. */
  private static createRaw(x: Matrix, forest: PackedForest, records: Uint32Array, init: number): ForestPredictor | undefined {
    const { rows, cols } = x;
    const dataAt = 16;
    const nodesAt = align(dataAt + rows * cols * 4);
    const leavesAt = align(nodesAt + records.byteLength);
    const accAt = align(leavesAt + forest.leaves.byteLength);
    const made = acquire(align(accAt + rows * 8));
    if (!made) return undefined;
    const { memory, kernels } = made;
    const buf = memory.buffer;
    new Float32Array(buf, dataAt, rows * cols).set(x.data);
    kernels.rawKeys(dataAt, rows * cols, forest.sentinel);
    new Uint32Array(buf, nodesAt, records.length).set(records);
    new Float64Array(buf, leavesAt, forest.leaves.length).set(forest.leaves);
    const p = new ForestPredictor(memory, kernels, forest, rows, cols, 0, nodesAt, leavesAt, accAt, true, dataAt);
    p.acc.fill(init);
    return p;
  }

  /** The binned rows (row-major, `bins[r * cols + f]`) of a predictor made with `binned`, for tests. */
  get bins(): Uint8Array {
    if (this.raw) throw new Error('ForestPredictor.bins: this predictor walks the raw rows (create it with binned = true)');
    return new Uint8Array(this.memory.buffer, this.binsAt, this.rows * this.cols);
  }

  /** Adds trees [t0, t1) of the forest to {@link acc}. */
  add(t0: number, t1: number): void {
    if (this.released) throw new Error('ForestPredictor.add: the predictor was released');
    const { rows, forest } = this;
    if (rows === 0 || t1 <= t0) return;
    // Blocks of rows keep each handshake with the helper short (its deadline is per command).
    const block = Math.max(4096, Math.floor(BLOCK_WORK / ((t1 - t0) * forest.depth)) & ~3);
    for (let r0 = 0; r0 < rows; r0 += block) this.addRows(t0, t1, r0, Math.min(rows, r0 + block));
  }

  /**
   * Ends this predictor's use of its memory, which the next predictor may take (the larger of this one's
   * and the spare is kept, up to KEEP_MAX_BYTES); {@link acc} must not be read after it.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    const bytes = this.memory.buffer.byteLength;
    if (bytes <= KEEP_MAX_BYTES && (!spare || spare.memory.buffer.byteLength < bytes)) spare = { memory: this.memory, kernels: this.kernels };
  }

  /** Walks trees [t0, t1) for rows [a, b) on this thread, with the kernel of this predictor's path. */
  private walk(t0: number, t1: number, a: number, b: number): void {
    const { cols, forest, kernels } = this;
    if (this.raw) kernels.predictRaw(this.dataAt, cols, a, b, this.nodesAt, this.leavesAt, t0, t1, forest.depth, this.accAt);
    else kernels.predict(this.binsAt, cols, a, b, this.nodesAt, this.leavesAt, t0, t1, forest.depth, this.accAt);
  }

  private addRows(t0: number, t1: number, r0: number, r1: number): void {
    const { cols, forest } = this;
    const n = r1 - r0;
    const helper = n >= 8 && n * (t1 - t0) >= THREAD_MIN_WORK ? HelperThread.on(this.memory) : undefined;
    if (!helper) {
      this.walk(t0, t1, r0, r1);
      return;
    }
    // Both threads claim chunks of the rows (each row's trees add in order on one thread: the same bits).
    const saved = this.acc.slice(r0, r1);
    const c = helper.ctl;
    c[1] = this.raw ? this.dataAt : this.binsAt; c[2] = cols; c[5] = this.nodesAt; c[6] = this.leavesAt;
    c[7] = t0; c[8] = t1; c[9] = forest.depth; c[10] = this.accAt;
    const chunks = Math.min(PREDICT_CHUNKS, n >> 2);
    helper.share(this.raw ? 12 : 5, chunks, r0, r1);
    let mask = 0;
    for (let k; (k = helper.claim()) >= 0; mask |= 1 << k) this.walk(t0, t1, helper.at(k), helper.at(k + 1));
    if (!helper.finish()) {
      // The helper died or hung: redo its rows here from their sums as they were.
      for (let k = 0; k < chunks; k++) {
        if (mask & (1 << k)) continue;
        const a = helper.at(k);
        const b = helper.at(k + 1);
        this.acc.set(saved.subarray(a - r0, b - r0), a);
        this.walk(t0, t1, a, b);
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
