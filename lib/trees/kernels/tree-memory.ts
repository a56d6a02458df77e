/**
 * The tree grower's memory and its histogram kernels: one WebAssembly memory per grower holding the
 * row-major bins, the per-row (g, h) pairs, the row index and the histogram pool, and the SIMD kernels of
 * histogram.wat working on it. Where the helper thread runs (runtime.ts), each operation is a job of chunks
 * that both threads claim (runtime.ts): a histogram's features, a split's positions, the rows of the
 * gradients, the items of the in-sample update. Each bin's sum adds the same rows in the same order as on
 * one thread, so the result is bit-identical, however the chunks fall. Where shared WebAssembly memory is missing (a browser without cross-origin
 * isolation, say) {@link TreeMemory.create} returns undefined and the grower keeps its JavaScript loops
 * (lib/trees/histogram.ts), which are also the reference the kernels are tested against.
 *
 * Internal module: the grower calls it with checked arguments.
 */
import type { SplitResult, SplitRule } from '../histogram';
import { HelperThread, PAGE, align, instantiate, type Kernels, type WasmMemory } from './runtime';

/** A best-split search of {@link TreeMemory.step}: histogram slot, its sums, where the result goes. */
export interface StepScan { slot: number; sumG: number; sumH: number; out: SplitResult }

/** Bytes of one feature's histogram: 256 bins of (sum g, sum h) in float64. */
export const FEATURE_BYTES = 256 * 16;
/** Work of a step (histogram cells built, bins zeroed, subtracted and scanned) below which the helper thread is not worth waking. */
const THREAD_MIN_CELLS = 1 << 15;
/** Chunks of a step's features that the two threads claim (HEPML_TREE_CHUNKS, 2..16; more balance a slow helper, fewer read the rows fewer times). */
const STEP_CHUNKS = Math.min(16, Math.max(2, Number((typeof process !== 'undefined' && process.env.HEPML_TREE_CHUNKS) || 2)));
/** Work (cells, as in {@link TreeMemory.step}) per chunk below which a step has two chunks only. */
const STEP_CHUNK_WORK = 1 << 15;
/** Chunks of a split's positions that the two threads claim (HEPML_TREE_SPLIT_CHUNKS, 2..16; at least 2048 positions each). */
const SPLIT_CHUNKS = Math.min(16, Math.max(2, Number((typeof process !== 'undefined' && process.env.HEPML_TREE_SPLIT_CHUNKS) || 4)));
/** Row chunks of the logistic gradients, and item chunks of an in-sample update, that the two threads claim. */
const LOSS_CHUNKS = 4;
const IN_SAMPLE_CHUNKS = 4;
/** Rows of a split below which the helper thread is not worth waking. */
const SPLIT_THREAD_MIN_ROWS = 1 << 12;
/** Rows below which the logistic gradients stay on this thread. */
const LOSS_THREAD_MIN_ROWS = 1 << 13;
/** Rows of an in-sample update below which the helper thread is not worth waking. */
const IN_SAMPLE_THREAD_MIN_ROWS = 1 << 13;
/** Bytes of one item of {@link TreeMemory.inSample} (the layout of the kernel `inSample`). */
const ITEM_BYTES = 64;

const NO_RULE: SplitRule = { criterion: 'newton', lambda: 0, minSamplesLeaf: 1, minChildWeight: 0, minGainToSplit: 0, rootWeight: 1 };

/**
 * One grower's memory: `bins` (rows·cols uint8, row-major), `gh` (rows (g, h) float32 pairs), `idx` (rows
 * uint32), two buffers of moved rows (records of `stride` bytes, (g, h) pairs, row numbers; see
 * {@link TreeMemory.split}) and histogram slots of `cols · 4096` bytes each, allocated on demand.
 */
export class TreeMemory {
  readonly bins: Uint8Array;
  /** Ordinary bins per feature (uint16), read by the split search. */
  readonly nBins: Uint16Array;
  /** The gradient sums of {@link logistic} (and four records no longer used). */
  private readonly outAt: number;
  /** Split-search results: records 2k, 2k + 1 for the two searches of step chunk k (at most 16 chunks). */
  private readonly recsAt: number;
  private readonly recF64: Float64Array;
  private readonly recI32: Int32Array;
  private readonly outF64: Float64Array;
  private readonly outI32: Int32Array;
  readonly gh: Float32Array;
  readonly idx: Uint32Array;
  /** Record stride (bytes per row in the moved buffers): cols rounded up to a multiple of 16. */
  readonly stride: number;
  /** The moved rows of buffers 1 and 2 (see {@link split}): records, (g, h) pairs and row numbers. */
  private readonly recAt: number[];
  private readonly ghAtOf: number[];
  private readonly idxOf: Uint32Array[];
  private readonly slots: Float64Array[] = [];
  private readonly slotOffsets: number[] = [];
  private top: number;

  private constructor(private readonly memory: WasmMemory, private readonly kernels: Kernels, readonly rows: number, readonly cols: number) {
    let off = 16;
    const binsAt = off;
    off = align(off + rows * cols);
    const nBinsAt = off;
    off = align(off + cols * 2);
    this.outAt = off;
    off += 4 * 64 + 16; // four split-search records, then the gradient sums
    this.recsAt = off;
    off += 32 * 64;
    const ghAt = off;
    off = align(off + rows * 8);
    const idxAt = off;
    off = align(off + rows * 4);
    this.stride = align(cols);
    this.recAt = [binsAt];
    this.ghAtOf = [ghAt];
    const idxAts = [idxAt];
    for (let b = 1; b <= 2; b++) {
      this.recAt.push(off);
      off = align(off + rows * this.stride);
      this.ghAtOf.push(off);
      off = align(off + rows * 8);
      idxAts.push(off);
      off = align(off + rows * 4);
    }
    this.top = off;
    const buf = memory.buffer;
    this.idxOf = idxAts.map((at) => new Uint32Array(buf, at, rows));
    this.bins = new Uint8Array(buf, binsAt, rows * cols);
    this.nBins = new Uint16Array(buf, nBinsAt, cols);
    this.outF64 = new Float64Array(buf, this.outAt, 4 * 8 + 2);
    this.outI32 = new Int32Array(buf, this.outAt, 4 * 16);
    this.recF64 = new Float64Array(buf, this.recsAt, 32 * 8);
    this.recI32 = new Int32Array(buf, this.recsAt, 32 * 16);
    this.gh = new Float32Array(buf, ghAt, rows * 2);
    this.idx = new Uint32Array(buf, idxAt, rows);
  }

  /** A memory for `rows` × `cols` bins, or undefined where shared WebAssembly memory is not available. */
  static create(rows: number, cols: number): TreeMemory | undefined {
    const bytes = align(16 + rows * cols) + align(rows * 8) + align(rows * 4) + align(cols * 2) + 272 + 32 * 64 + 4 * cols * FEATURE_BYTES +
      2 * (rows * align(cols) + align(rows * 8) + align(rows * 4) + 48);
    const made = instantiate(bytes, 65536 * PAGE);
    return made && new TreeMemory(made.memory, made.kernels, rows, cols);
  }

  /** The helper thread, looked up once per memory (HEPML_TREE_THREADS is read then: the hot paths ask often). */
  private thread: HelperThread | null | undefined;

  private helper(): HelperThread | undefined {
    if (this.thread === undefined) this.thread = HelperThread.get() ?? null;
    return this.thread ? this.thread.for(this.memory) : undefined;
  }

  /** Number of histogram slots allocated so far. */
  get slotCount(): number {
    return this.slots.length;
  }

  /** A new zeroed histogram slot (its index); slots live as long as the memory. */
  addSlot(): number {
    const bytes = this.cols * FEATURE_BYTES;
    const end = this.top + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.slots.push(new Float64Array(this.memory.buffer, this.top, bytes / 8));
    this.slotOffsets.push(this.top);
    this.top = end;
    return this.slots.length - 1;
  }

  /** The float64 view of slot `s` (the histogram layout of lib/trees/histogram.ts with S = 2). */
  slot(s: number): Float64Array {
    return this.slots[s];
  }

  /** Copies the per-row gradients into the interleaved (g, h) pairs the kernel reads. */
  setGradients(g: Float32Array, h: Float32Array): void {
    const gh = this.gh;
    let sg = 0;
    let sh = 0;
    for (let i = 0, n = this.rows; i < n; i++) {
      gh[2 * i] = g[i];
      gh[2 * i + 1] = h[i];
      sg += g[i];
      sh += h[i];
    }
    this.gradientSums = { g: sg, h: sh };
  }

  /** The Gini tree's (g, h) pairs (h = w, g = w where labels = 1, else 0; float32), with their sums as {@link setGradients}; `w` first divided by `divisor` in place. */
  setGiniTargets(w: Float64Array, labels: Uint8Array, divisor = 1): void {
    const gh = this.gh;
    let sg = 0;
    let sh = 0;
    for (let i = 0, n = this.rows; i < n; i++) {
      if (divisor !== 1) w[i] /= divisor;
      gh[2 * i] = labels[i] === 1 ? w[i] : 0;
      gh[2 * i + 1] = w[i];
      sg += gh[2 * i];
      sh += gh[2 * i + 1];
    }
    this.gradientSums = { g: sg, h: sh };
  }

  /**
   * Sets slot `s` to the histogram of rows idx[start..end) (rows start..end when `useIdx` is false),
   * on two threads when the helper thread is available and the work is large enough.
   */
  build(s: number, start: number, end: number, useIdx: boolean): void {
    this.step(s, start, end, useIdx, -1, [], NO_RULE);
  }

  /**
   * Stable partition of positions [s, e) of buffer `from` into buffer `to` (1 or 2) on feature `f`: rows
   * with bin <= `bin` (and missing rows when `defaultLeft`) first, their row numbers and, with `moveRows`,
   * their bins and (g, h) pairs moved along, so the histograms of the children read contiguous memory.
   * Buffer 0 is the row-major bins by row number, positions through {@link idx}. Returns the first right position.
   */
  split(from: number, to: number, s: number, e: number, f: number, bin: number, defaultLeft: boolean, moveRows: boolean): number {
    const k = this.kernels;
    const src = this.recAt[from];
    const srcIdx = this.idxOf[from].byteOffset;
    const gather = from === 0 ? 1 : 0;
    const { cols, stride } = this;
    const dl = defaultLeft ? 1 : 0;
    const recs = moveRows ? 1 : 0;
    const helper = e - s >= SPLIT_THREAD_MIN_ROWS ? this.helper() : undefined;
    if (helper) {
      // Both threads claim chunks of the positions, first to count their left rows, then to move them; the
      // counts place the chunks (in order: the same positions as one pass).
      const c = helper.ctl;
      const dstRec = this.recAt[to];
      const dstGh = this.ghAtOf[to];
      const dstIdx = this.idxOf[to].byteOffset;
      c[1] = src; c[2] = this.ghAtOf[from]; c[3] = srcIdx; c[4] = gather; c[5] = cols; c[6] = dstRec; c[7] = dstGh;
      c[8] = dstIdx; c[9] = stride; c[12] = f; c[13] = bin; c[14] = dl; c[15] = recs;
      const n = Math.min(SPLIT_CHUNKS, Math.max(2, (e - s) >> 11));
      helper.share(6, n, s, e);
      let mask = 0;
      for (let j; (j = helper.claim()) >= 0; mask |= 1 << j) c[64 + j] = k.countLeft(src, srcIdx, gather, cols, stride, helper.at(j), helper.at(j + 1), f, bin, dl);
      if (!helper.finish()) {
        for (let j = 0; j < n; j++) if (!(mask & (1 << j))) c[64 + j] = k.countLeft(src, srcIdx, gather, cols, stride, helper.at(j), helper.at(j + 1), f, bin, dl);
      }
      let nLeft = 0;
      for (let j = 0; j < n; j++) nLeft += c[64 + j];
      for (let j = 0, l = s, r = s + nLeft; j < n; j++) {
        c[80 + j] = l;
        c[96 + j] = r;
        l += c[64 + j];
        r += helper.at(j + 1) - helper.at(j) - c[64 + j];
      }
      helper.share(7, n, s, e);
      mask = 0;
      for (let j; (j = helper.claim()) >= 0; mask |= 1 << j) {
        k.move(src, this.ghAtOf[from], srcIdx, gather, cols, dstRec, dstGh, dstIdx, stride, helper.at(j), helper.at(j + 1), f, bin, dl, recs, c[80 + j], c[96 + j]);
      }
      if (!helper.finish()) {
        for (let j = 0; j < n; j++) {
          if (!(mask & (1 << j))) k.move(src, this.ghAtOf[from], srcIdx, gather, cols, dstRec, dstGh, dstIdx, stride, helper.at(j), helper.at(j + 1), f, bin, dl, recs, c[80 + j], c[96 + j]);
        }
      }
      return s + nLeft;
    }
    const nLeft = k.countLeft(src, srcIdx, gather, cols, stride, s, e, f, bin, dl);
    k.move(src, this.ghAtOf[from], srcIdx, gather, cols, this.recAt[to], this.ghAtOf[to], this.idxOf[to].byteOffset, stride, s, e, f, bin, dl, recs,
      s, s + nLeft);
    return s + nLeft;
  }

  /**
   * The logistic loss's (g, h) pairs of every row into {@link gh} (lib/trees/logistic.ts, bit for bit), on
   * both threads. `labels` and `weights` are copied in when they are other arrays than last time.
   */
  logistic(raw: Float64Array, labels: Uint8Array, weights: Float64Array): void {
    const n = this.rows;
    if (!this.loss) {
      const rawAt = this.alloc(n * 8);
      const wAt = this.alloc(n * 8);
      const yAt = this.alloc(n);
      const buf = this.memory.buffer;
      this.loss = { raw: new Float64Array(buf, rawAt, n), w: new Float64Array(buf, wAt, n), y: new Uint8Array(buf, yAt, n) };
    }
    const l = this.loss;
    const own = this.holds(raw);
    if (!own) l.raw.set(raw);
    if (l.labels !== labels || l.weights !== weights) {
      l.y.set(labels);
      l.w.set(weights);
      l.labels = labels;
      l.weights = weights;
    }
    const at = [own ? raw.byteOffset : l.raw.byteOffset, l.y.byteOffset, l.w.byteOffset, this.gh.byteOffset];
    const helper = n >= LOSS_THREAD_MIN_ROWS ? this.helper() : undefined;
    // This thread sums g and h of its rows as it goes while they follow on from row 0, then goes on over the
    // others: the grower's root sums, in row order (the same additions as its own loop).
    const sumsAt = this.outAt + 4 * 64;
    this.outF64[32] = 0;
    this.outF64[33] = 0;
    let summed = 0;
    if (helper) {
      // Both threads claim chunks of the rows.
      const c = helper.ctl;
      c[1] = at[0]; c[2] = at[1]; c[3] = at[2]; c[4] = at[3];
      const chunks = Math.min(LOSS_CHUNKS, Math.max(2, n >> 13));
      helper.share(8, chunks, 0, n);
      let mask = 0;
      for (let k; (k = helper.claim()) >= 0; mask |= 1 << k) {
        const r0 = helper.at(k);
        const r1 = helper.at(k + 1);
        const fused = r0 === summed;
        this.kernels.logistic(at[0], at[1], at[2], at[3], r0, r1, fused ? sumsAt : 0);
        if (fused) summed = r1;
      }
      if (!helper.finish()) {
        for (let k = 0; k < chunks; k++) if (!(mask & (1 << k))) this.kernels.logistic(at[0], at[1], at[2], at[3], helper.at(k), helper.at(k + 1), 0);
      }
    } else {
      this.kernels.logistic(at[0], at[1], at[2], at[3], 0, n, sumsAt);
      summed = n;
    }
    if (summed < n) this.kernels.sumGH(at[3], summed, n, sumsAt);
    this.gradientSums = { g: this.outF64[32], h: this.outF64[33] };
  }

  /** Σ g, Σ h over all rows (in row order) of the last {@link logistic} or {@link setGradients}. */
  gradientSums = { g: 0, h: 0 };

  private loss?: { raw: Float64Array; w: Float64Array; y: Uint8Array; labels?: Uint8Array; weights?: Float64Array };

  /** A new array of `rows` float64 in this memory (scores the kernels update in place: {@link inSample}, {@link logistic}). */
  scores(): Float64Array {
    const at = this.alloc(this.rows * 8); // first: it may grow the memory (a new buffer object)
    const a = new Float64Array(this.memory.buffer, at, this.rows);
    this.scoreArrays.add(a);
    return a;
  }

  /** The arrays of {@link scores} (a shared memory's buffer object changes when it grows, so views are compared). */
  private readonly scoreArrays = new WeakSet<Float64Array>();

  /** Whether `a` is an array of {@link scores} of this memory. */
  holds(a: Float64Array): boolean {
    return this.scoreArrays.has(a);
  }

  private items?: { at: number; capacity: number; i32: Int32Array; f64: Float64Array };

  /**
   * Sets item `k` of the next {@link inSample}: the rows at positions [s, e) of buffer `buf` (see
   * {@link split}); a leaf (`f` = -1) adds `vL` to each row's score, a terminal split (children that are
   * leaves, rows never moved) adds `vL` to the rows going left on (`f`, `bin`, `defaultLeft`), `vR` to the others.
   */
  setItem(k: number, buf: number, s: number, e: number, f: number, bin: number, defaultLeft: boolean, vL: number, vR: number): void {
    let it = this.items;
    if (!it || k >= it.capacity) {
      const capacity = Math.max(64, 2 * k + 2);
      const at = this.alloc(capacity * ITEM_BYTES);
      const fresh = { at, capacity, i32: new Int32Array(this.memory.buffer, at, capacity * 16), f64: new Float64Array(this.memory.buffer, at, capacity * 8) };
      if (it) fresh.i32.set(it.i32);
      this.items = it = fresh;
    }
    const i = k * 16;
    it.i32[i] = this.recAt[buf];
    it.i32[i + 1] = buf === 0 ? this.cols : this.stride;
    it.i32[i + 2] = this.idxOf[buf].byteOffset;
    it.i32[i + 3] = s;
    it.i32[i + 4] = e;
    it.i32[i + 5] = f;
    it.i32[i + 6] = bin;
    it.i32[i + 7] = (buf === 0 ? 1 : 0) | (defaultLeft ? 2 : 0);
    it.f64[k * 8 + 4] = vL;
    it.f64[k * 8 + 5] = vR;
  }

  /** The rows of item `k` that went left in the last {@link inSample} (terminal splits). */
  leftCount(k: number): number {
    return this.items!.i32[k * 16 + 12];
  }

  /**
   * Runs items [0, n) of {@link setItem} on `out` (an array of {@link scores}): each row of each item gets one
   * addition, so sharing the items between the two threads (by rows, about half each) changes no bit.
   */
  inSample(n: number, out: Float64Array): void {
    if (n === 0) return;
    const it = this.items!;
    let total = 0;
    for (let k = 0; k < n; k++) total += it.i32[k * 16 + 4] - it.i32[k * 16 + 3];
    const helper = total >= IN_SAMPLE_THREAD_MIN_ROWS && n >= 2 ? this.helper() : undefined;
    if (!helper) {
      this.kernels.inSample(it.at, 0, n, out.byteOffset);
      return;
    }
    // Both threads claim chunks of the items, of about equal rows each: chunk k is items [ctl[80 + k], ctl[81 + k]).
    const c = helper.ctl;
    const chunks = Math.min(IN_SAMPLE_CHUNKS, n);
    c[80] = 0;
    let acc = 0;
    let j = 1;
    for (let k = 0; k < n && j < chunks; k++) {
      acc += it.i32[k * 16 + 4] - it.i32[k * 16 + 3];
      // the first item after which the rows so far reach j / chunks of the total ends chunk j - 1
      while (j < chunks && acc * chunks >= j * total) c[80 + j++] = k + 1;
    }
    while (j <= chunks) c[80 + j++] = n;
    c[1] = it.at; c[4] = out.byteOffset;
    helper.share(10, chunks, 0, chunks);
    for (let k; (k = helper.claim()) >= 0;) this.kernels.inSample(it.at, c[80 + k], c[81 + k], out.byteOffset);
    // Additions cannot be redone safely (some of the helper's may have happened), so a lost helper is an error.
    if (!helper.finish()) {
      throw new Error('TreeMemory.inSample: the helper thread stopped answering during an in-sample update; run with HEPML_TREE_THREADS=1.');
    }
  }

  /** `bytes` (rounded up to 16) of the memory, growing it when needed; the offset. */
  private alloc(bytes: number): number {
    const at = this.top;
    const end = at + align(bytes);
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    return at;
  }

  /** Row numbers by position of buffer `b` (0: {@link idx}). */
  rowsOf(b: number): Uint32Array {
    return this.idxOf[b];
  }

  /**
   * One step of the grower: zeroes slot `slot` and adds rows idx[start..end) (start..end when `useIdx` is
   * false) to it (each thread zeroes and builds its own features); then, when `subtractFrom >= 0`, slot `subtractFrom` -= slot `slot` (the
   * sibling by the subtraction trick); then the best split of each of `scans`. `buf`: the rows' buffer (see
   * {@link split}; 0, the default, reads the bins by row number, through {@link idx} when `useIdx`). On two threads when the
   * helper is available and the work is large enough: the threads claim chunks of the features and do all
   * three for them, and the best split of the chunks wins (the lowest chunk on ties, as one sequential scan would).
   */
  step(slot: number, start: number, end: number, useIdx: boolean, subtractFrom: number, scans: readonly StepScan[], rule: SplitRule,
    sibling?: { start: number; end: number }, buf = 0): void {
    const cols = this.cols;
    // The work: a cell per row and feature built, and per feature its 256 bins zeroed, subtracted and scanned.
    const work = (end - start) * cols + 256 * cols * (1 + (subtractFrom >= 0 ? 1 : 0) + scans.length);
    const helper = cols >= 2 && work >= THREAD_MIN_CELLS ? this.helper() : undefined;
    if (!helper) {
      this.stepRange(slot, start, end, useIdx, subtractFrom, scans, rule, 0, cols, 0, buf);
      for (let j = 0; j < scans.length; j++) this.readResult(j, scans[j].out);
      return;
    }
    const c = helper.ctl;
    const d = helper.ctlF64;
    c[1] = this.recAt[buf]; c[2] = buf === 0 ? cols : this.stride; c[3] = this.idx.byteOffset; c[4] = start; c[5] = end;
    c[6] = buf === 0 && useIdx ? 1 : 0; c[7] = this.ghAtOf[buf]; c[8] = this.slotOffsets[slot];
    c[11] = subtractFrom >= 0 ? this.slotOffsets[subtractFrom] : 0;
    c[12] = this.slotOffsets[slot];
    c[13] = scans.length;
    for (let j = 0; j < scans.length; j++) {
      c[14 + j] = this.slotOffsets[scans[j].slot];
      d[16 + 2 * j] = scans[j].sumG;
      d[17 + 2 * j] = scans[j].sumH;
    }
    c[16] = this.nBins.byteOffset; c[17] = rule.criterion === 'gini' ? 1 : 0; c[18] = this.recsAt;
    d[20] = rule.lambda; d[21] = rule.minChildWeight; d[22] = Math.max(rule.minGainToSplit, 0); d[23] = rule.rootWeight;
    // Both threads claim chunks of the features (zero, build, subtract and search each); chunk k's searches
    // go to records 2k, 2k + 1, and the first best of the chunks in order wins (one sequential scan's choice).
    const n = Math.min(STEP_CHUNKS, cols, work >= STEP_CHUNK_WORK * STEP_CHUNKS ? STEP_CHUNKS : 2);
    helper.share(1, n, 0, cols);
    let mask = 0;
    for (let k; (k = helper.claim()) >= 0; mask |= 1 << k) {
      this.stepRange(slot, start, end, useIdx, subtractFrom, scans, rule, helper.at(k), helper.at(k + 1), 2 * k, buf);
    }
    if (!helper.finish()) {
      // The helper died or hung: redo its chunks here (its partial sums are discarded).
      // A subtraction may have been half done, so the sibling's features are built from its own rows.
      for (let k = 0; k < n; k++) {
        if (mask & (1 << k)) continue;
        const f0 = helper.at(k);
        const f1 = helper.at(k + 1);
        if (subtractFrom >= 0) {
          if (!sibling) throw new Error('TreeMemory.step: a subtraction step needs the sibling\'s rows');
          this.stepRange(subtractFrom, sibling.start, sibling.end, useIdx, -1, [], rule, f0, f1, 2 * k, buf);
        }
        this.stepRange(slot, start, end, useIdx, -1, scans, rule, f0, f1, 2 * k, buf);
      }
    }
    for (let j = 0; j < scans.length; j++) {
      this.readResult(j, scans[j].out);
      for (let k = 1; k < n; k++) {
        const r = 2 * k + j;
        if (this.recI32[r * 16 + 6] >= 0 && this.recF64[r * 8] > scans[j].out.gain) this.readResult(r, scans[j].out);
      }
    }
  }

  /** {@link step} for features [f0, f1) on this thread, results into records `rec`, `rec + 1`. */
  private stepRange(slot: number, start: number, end: number, useIdx: boolean, subtractFrom: number, scans: readonly StepScan[],
    rule: SplitRule, f0: number, f1: number, rec: number, buf: number): void {
    const k = this.kernels;
    const off = this.slotOffsets;
    k.zero(off[slot] + f0 * FEATURE_BYTES, (f1 - f0) * FEATURE_BYTES);
    if (end > start) {
      k.build(this.recAt[buf], buf === 0 ? this.cols : this.stride, this.idx.byteOffset, start, end, buf === 0 && useIdx ? 1 : 0,
        this.ghAtOf[buf], off[slot], f0, f1);
    }
    if (subtractFrom >= 0) k.subtract(off[subtractFrom] + f0 * FEATURE_BYTES, off[slot] + f0 * FEATURE_BYTES, ((f1 - f0) * FEATURE_BYTES) / 16);
    for (let j = 0; j < scans.length; j++) {
      k.best(off[scans[j].slot], this.nBins.byteOffset, f0, f1, scans[j].sumG, scans[j].sumH, rule.criterion === 'gini' ? 1 : 0,
        rule.lambda, rule.minChildWeight, Math.max(rule.minGainToSplit, 0), rule.rootWeight, this.recsAt + (rec + j) * 64);
    }
  }

  private readResult(rec: number, out: SplitResult): void {
    const f = this.recF64;
    const i = this.recI32;
    out.gain = f[rec * 8];
    out.feature = i[rec * 16 + 6];
    if (out.feature < 0) return;
    out.gL = f[rec * 8 + 1];
    out.hL = f[rec * 8 + 2];
    out.bin = i[rec * 16 + 7];
    out.defaultLeft = i[rec * 16 + 8] === 1;
    out.cL = 0;
  }

  /** slot `target` -= slot `other`. */
  subtract(target: number, other: number): void {
    this.kernels.subtract(this.slotOffsets[target], this.slotOffsets[other], (this.cols * FEATURE_BYTES) / 16);
  }
}
