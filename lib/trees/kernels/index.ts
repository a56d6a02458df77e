/**
 * The tree grower's memory and its histogram kernels: one WebAssembly memory per grower holding the
 * row-major bins, the per-row (g, h) pairs, the row index and the histogram pool, and the SIMD kernels of
 * histogram.wat working on it. Where the platform has shared WebAssembly memory and Node's worker threads,
 * one helper thread (started once per process, never keeping it alive) runs the same kernel on the same
 * memory: a histogram's features are split between the two threads, so each bin's sum adds the same rows
 * in the same order as on one thread and the result is bit-identical. Elsewhere (a browser without
 * cross-origin isolation, say) {@link TreeMemory.create} returns undefined and the grower keeps its
 * JavaScript loops (lib/trees/histogram.ts), which are also the reference the kernels are tested against.
 * `HEPML_TREE_THREADS=1` keeps to one thread; `HEPML_TREE_KERNELS=js` uses the JavaScript loops.
 *
 * Internal module: the grower calls it with checked arguments.
 */
import type { SplitResult, SplitRule } from '../histogram';
import { HISTOGRAM_WASM } from './histogram-wasm';

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
interface WasmMemory { buffer: ArrayBufferLike; grow(pages: number): number }
interface Kernels {
  build(bins: number, cols: number, idx: number, start: number, end: number, useIdx: number, gh: number, hist: number, f0: number, f1: number): void;
  subtract(target: number, other: number, pairs: number): void;
  partition(col: number, idx: number, tmp: number, s: number, e: number, bin: number, dl: number): number;
  best(hist: number, nbins: number, f0: number, f1: number, sumG: number, sumH: number, gini: number, lambda: number,
    minChild: number, minGain: number, rootW: number, out: number): void;
}

/** A best-split search of {@link TreeMemory.step}: histogram slot, its sums, where the result goes. */
export interface StepScan { slot: number; sumG: number; sumH: number; out: SplitResult }

const PAGE = 65536;
/** Bytes of one feature's histogram: 256 bins of (sum g, sum h) in float64. */
export const FEATURE_BYTES = 256 * 16;
/** Histogram cells (rows × features) below which the helper thread is not worth waking. */
const THREAD_MIN_CELLS = 1 << 15;

const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

function compiledModule(): object | null {
  if (compiled === undefined) {
    try {
      const bytes = Uint8Array.from(atob(HISTOGRAM_WASM), (c) => c.charCodeAt(0));
      compiled = wasm ? new wasm.Module(bytes) : null;
      // Shared memory needs SharedArrayBuffer (cross-origin isolation in browsers).
      if (compiled) new wasm!.Memory({ initial: 1, maximum: 1, shared: true });
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const align = (n: number) => (n + 15) & ~15;
const NO_RULE: SplitRule = { criterion: 'newton', lambda: 0, minSamplesLeaf: 1, minChildWeight: 0, minGainToSplit: 0, rootWeight: 1 };

/**
 * One grower's memory: `bins` (rows·cols uint8, row-major), `colBins` (the same, column-major), `gh`
 * (rows (g, h) float32 pairs), `idx` and `tmp` (rows uint32 each) and histogram slots of `cols · 4096` bytes
 * each, allocated on demand.
 */
export class TreeMemory {
  readonly bins: Uint8Array;
  readonly colBins: Uint8Array;
  /** Ordinary bins per feature (uint16), read by the split search. */
  readonly nBins: Uint16Array;
  private readonly tmpAt: number;
  /** Split-search results: two records for this thread, two for the helper. */
  private readonly outAt: number;
  private readonly outF64: Float64Array;
  private readonly outI32: Int32Array;
  readonly gh: Float32Array;
  readonly idx: Uint32Array;
  private readonly slots: Float64Array[] = [];
  private readonly slotOffsets: number[] = [];
  private top: number;

  private constructor(private readonly memory: WasmMemory, private readonly kernels: Kernels, readonly rows: number, readonly cols: number) {
    let off = 16;
    const binsAt = off;
    off = align(off + rows * cols);
    const colAt = off;
    off = align(off + rows * cols);
    this.tmpAt = off;
    off = align(off + rows * 4);
    const nBinsAt = off;
    off = align(off + cols * 2);
    this.outAt = off;
    off += 4 * 64;
    const ghAt = off;
    off = align(off + rows * 8);
    const idxAt = off;
    off = align(off + rows * 4);
    this.top = off;
    const buf = memory.buffer;
    this.bins = new Uint8Array(buf, binsAt, rows * cols);
    this.colBins = new Uint8Array(buf, colAt, rows * cols);
    this.nBins = new Uint16Array(buf, nBinsAt, cols);
    this.outF64 = new Float64Array(buf, this.outAt, 4 * 8);
    this.outI32 = new Int32Array(buf, this.outAt, 4 * 16);
    this.gh = new Float32Array(buf, ghAt, rows * 2);
    this.idx = new Uint32Array(buf, idxAt, rows);
  }

  /** A memory for `rows` × `cols` bins, or undefined where shared WebAssembly memory is not available. */
  static create(rows: number, cols: number): TreeMemory | undefined {
    if (typeof process !== 'undefined' && process.env.HEPML_TREE_KERNELS === 'js') return undefined;
    const module = compiledModule();
    if (!module || !wasm) return undefined;
    const bytes = 2 * align(16 + rows * cols) + align(rows * 8) + 2 * align(rows * 4) + align(cols * 2) + 256 + 4 * cols * FEATURE_BYTES;
    const pages = Math.ceil(bytes / PAGE);
    if (pages > 65536) return undefined;
    let memory: WasmMemory;
    try {
      memory = new wasm.Memory({ initial: pages, maximum: 65536, shared: true });
    } catch {
      return undefined; // address space exhausted: the JavaScript loops need no reservation
    }
    const kernels = new wasm.Instance(module, { env: { memory } }).exports as Kernels;
    return new TreeMemory(memory, kernels, rows, cols);
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
    for (let i = 0, n = this.rows; i < n; i++) {
      gh[2 * i] = g[i];
      gh[2 * i + 1] = h[i];
    }
  }

  /**
   * Adds rows idx[start..end) (rows start..end when `useIdx` is false) to slot `s` (zeroed by the caller),
   * on two threads when the helper thread is available and the work is large enough.
   */
  build(s: number, start: number, end: number, useIdx: boolean): void {
    this.step(s, start, end, useIdx, -1, [], NO_RULE);
  }

  /**
   * Stable in-place partition of idx[s..e) on feature `f`: rows with bin <= `bin` (and missing rows when
   * `defaultLeft`) first. Returns the first right position.
   */
  partition(f: number, bin: number, defaultLeft: boolean, s: number, e: number): number {
    return this.kernels.partition(this.colBins.byteOffset + f * this.rows, this.idx.byteOffset, this.tmpAt, s, e, bin, defaultLeft ? 1 : 0);
  }

  /**
   * One step of the grower: adds rows idx[start..end) (start..end when `useIdx` is false) to slot `slot`
   * (zeroed by the caller); then, when `subtractFrom >= 0`, slot `subtractFrom` -= slot `slot` (the
   * sibling by the subtraction trick); then the best split of each of `scans`. On two threads when the
   * helper is available and the work is large enough: each thread does all three for half of the features,
   * and the better split of the two halves wins (the lower half on ties, as one sequential scan would).
   */
  step(slot: number, start: number, end: number, useIdx: boolean, subtractFrom: number, scans: readonly StepScan[], rule: SplitRule,
    sibling?: { start: number; end: number }): void {
    const cols = this.cols;
    const helper = cols >= 2 && (end - start) * cols >= THREAD_MIN_CELLS ? HelperThread.get() : undefined;
    if (!helper || !helper.bind(this.memory)) {
      this.stepRange(slot, start, end, useIdx, subtractFrom, scans, rule, 0, cols, 0);
      for (let j = 0; j < scans.length; j++) this.readResult(j, scans[j].out);
      return;
    }
    const mid = cols >> 1;
    const c = helper.ctl;
    const d = helper.ctlF64;
    c[1] = this.bins.byteOffset; c[2] = cols; c[3] = this.idx.byteOffset; c[4] = start; c[5] = end; c[6] = useIdx ? 1 : 0;
    c[7] = this.gh.byteOffset; c[8] = this.slotOffsets[slot]; c[9] = mid; c[10] = cols;
    c[11] = subtractFrom >= 0 ? this.slotOffsets[subtractFrom] : 0;
    c[12] = this.slotOffsets[slot];
    c[13] = scans.length;
    for (let j = 0; j < scans.length; j++) {
      c[14 + j] = this.slotOffsets[scans[j].slot];
      d[16 + 2 * j] = scans[j].sumG;
      d[17 + 2 * j] = scans[j].sumH;
    }
    c[16] = this.nBins.byteOffset; c[17] = rule.criterion === 'gini' ? 1 : 0; c[18] = this.outAt + 2 * 64;
    d[20] = rule.lambda; d[21] = rule.minChildWeight; d[22] = Math.max(rule.minGainToSplit, 0); d[23] = rule.rootWeight;
    helper.go();
    this.stepRange(slot, start, end, useIdx, subtractFrom, scans, rule, 0, mid, 0);
    if (!helper.finish()) {
      // The helper died or hung: redo its half here (its partial sums are discarded).
      // A subtraction may have been half done, so the sibling's upper half is built from its own rows.
      this.slots[slot].fill(0, mid * 512, cols * 512);
      if (subtractFrom >= 0) {
        if (!sibling) throw new Error('TreeMemory.step: a subtraction step needs the sibling\'s rows');
        this.slots[subtractFrom].fill(0, mid * 512, cols * 512);
        this.stepRange(subtractFrom, sibling.start, sibling.end, useIdx, -1, [], rule, mid, cols, 2);
      }
      this.stepRange(slot, start, end, useIdx, -1, scans, rule, mid, cols, 2);
    }
    for (let j = 0; j < scans.length; j++) {
      this.readResult(j, scans[j].out);
      const hi = 2 + j;
      if (this.outI32[hi * 16 + 6] >= 0 && this.outF64[hi * 8] > scans[j].out.gain) this.readResult(hi, scans[j].out);
    }
  }

  /** {@link step} for features [f0, f1) on this thread, results into records `rec`, `rec + 1`. */
  private stepRange(slot: number, start: number, end: number, useIdx: boolean, subtractFrom: number, scans: readonly StepScan[],
    rule: SplitRule, f0: number, f1: number, rec: number): void {
    const k = this.kernels;
    const off = this.slotOffsets;
    if (end > start) k.build(this.bins.byteOffset, this.cols, this.idx.byteOffset, start, end, useIdx ? 1 : 0, this.gh.byteOffset, off[slot], f0, f1);
    if (subtractFrom >= 0) k.subtract(off[subtractFrom] + f0 * FEATURE_BYTES, off[slot] + f0 * FEATURE_BYTES, ((f1 - f0) * FEATURE_BYTES) / 16);
    for (let j = 0; j < scans.length; j++) {
      k.best(off[scans[j].slot], this.nBins.byteOffset, f0, f1, scans[j].sumG, scans[j].sumH, rule.criterion === 'gini' ? 1 : 0,
        rule.lambda, rule.minChildWeight, Math.max(rule.minGainToSplit, 0), rule.rootWeight, this.outAt + (rec + j) * 64);
    }
  }

  private readResult(rec: number, out: SplitResult): void {
    const f = this.outF64;
    const i = this.outI32;
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

// The helper thread's program (plain JavaScript, run with `eval`): wait for a command in the control
// words, run it, report. Commands: 1 a step of TreeMemory.step for features [ctl[9], ctl[10]) (int32
// arguments in words 1..18, float64 ones in doubles 16..23 of the same buffer), 3 bind the memory sent on
// the port.
const HELPER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const ctl = new Int32Array(workerData.control);
const f64 = new Float64Array(workerData.control);
const port = workerData.port;
let kernels = null;
for (;;) {
  let s;
  while ((s = Atomics.load(ctl, 0)) === 0 || s === 2) Atomics.wait(ctl, 0, s);
  if (s === 1) {
    const f0 = ctl[9], f1 = ctl[10];
    if (ctl[5] > ctl[4]) kernels.build(ctl[1], ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], f0, f1);
    if (ctl[11] !== 0) kernels.subtract(ctl[11] + f0 * 4096, ctl[12] + f0 * 4096, (f1 - f0) * 256);
    for (let j = 0; j < ctl[13]; j++) {
      kernels.best(ctl[14 + j], ctl[16], f0, f1, f64[16 + 2 * j], f64[17 + 2 * j], ctl[17], f64[20], f64[21], f64[22], f64[23], ctl[18] + j * 64);
    }
  } else if (s === 3) {
    const msg = receiveMessageOnPort(port);
    kernels = new WebAssembly.Instance(workerData.module, { env: { memory: msg.message } }).exports;
  }
  Atomics.store(ctl, 0, 2);
  Atomics.notify(ctl, 0);
}
`;

/** Longest wait for the helper (ms) before its share is done on this thread instead. */
const HELPER_TIMEOUT_MS = 60_000;

/** The process's one helper thread (Node only), or none. */
class HelperThread {
  private static instance: HelperThread | null | undefined;
  private bound: WasmMemory | undefined;
  private dead = false;

  /** Control words (int32) and, over the same buffer, float64 arguments (doubles 16..23). */
  readonly ctlF64: Float64Array;

  private constructor(readonly ctl: Int32Array, private readonly port: { postMessage(m: unknown): void }) {
    this.ctlF64 = new Float64Array(ctl.buffer);
  }

  /** The helper thread, started on first use; undefined without worker threads or with HEPML_TREE_THREADS=1. */
  static get(): HelperThread | undefined {
    if (typeof process !== 'undefined' && process.env.HEPML_TREE_THREADS === '1') return undefined;
    if (HelperThread.instance === undefined) HelperThread.instance = HelperThread.spawn();
    const h = HelperThread.instance;
    return h && !h.dead ? h : undefined;
  }

  private static spawn(): HelperThread | null {
    const env = typeof process !== 'undefined' ? process.env : {};
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const wt = require('node:worker_threads') as typeof import('node:worker_threads');
      if (!wt.isMainThread && env.HEPML_TREE_THREADS !== '2') return null; // no helpers of helpers
      const control = new SharedArrayBuffer(256);
      const { port1, port2 } = new wt.MessageChannel();
      const worker = new wt.Worker(HELPER_SOURCE, {
        eval: true, workerData: { control, port: port2, module: compiledModule() }, transferList: [port2],
        // The helper needs no stdin/stdout of its own, nor a big heap: it only runs the wasm kernel.
        stdout: false, stderr: false, resourceLimits: { maxOldGenerationSizeMb: 32 },
      });
      worker.unref();
      port1.unref();
      const helper = new HelperThread(new Int32Array(control), port1);
      worker.on('error', () => { helper.dead = true; });
      worker.on('exit', () => { helper.dead = true; });
      return helper;
    } catch {
      return null;
    }
  }

  /** Makes the helper work on `memory`; false when it does not answer. */
  bind(memory: WasmMemory): boolean {
    if (this.bound === memory) return true;
    this.port.postMessage(memory);
    Atomics.store(this.ctl, 0, 3);
    Atomics.notify(this.ctl, 0);
    if (!this.finish()) return false;
    this.bound = memory;
    return true;
  }

  /** Starts the step whose arguments are in the control words. */
  go(): void {
    Atomics.store(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
  }

  /** Waits for the command in flight; false (and the helper is given up) when it does not finish. */
  finish(): boolean {
    const c = this.ctl;
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    let s: number;
    while ((s = Atomics.load(c, 0)) !== 2) {
      if (Atomics.wait(c, 0, s, 50) === 'timed-out' && (this.dead || Date.now() > deadline)) {
        this.dead = true;
        return false;
      }
    }
    Atomics.store(c, 0, 0);
    return true;
  }
}
