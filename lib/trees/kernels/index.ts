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
}

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

/**
 * One grower's memory: `bins` (rows·cols uint8, row-major), `colBins` (the same, column-major), `gh`
 * (rows (g, h) float32 pairs), `idx` and `tmp` (rows uint32 each) and histogram slots of `cols · 4096` bytes
 * each, allocated on demand.
 */
export class TreeMemory {
  readonly bins: Uint8Array;
  readonly colBins: Uint8Array;
  private readonly tmpAt: number;
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
    const ghAt = off;
    off = align(off + rows * 8);
    const idxAt = off;
    off = align(off + rows * 4);
    this.top = off;
    const buf = memory.buffer;
    this.bins = new Uint8Array(buf, binsAt, rows * cols);
    this.colBins = new Uint8Array(buf, colAt, rows * cols);
    this.gh = new Float32Array(buf, ghAt, rows * 2);
    this.idx = new Uint32Array(buf, idxAt, rows);
  }

  /** A memory for `rows` × `cols` bins, or undefined where shared WebAssembly memory is not available. */
  static create(rows: number, cols: number): TreeMemory | undefined {
    if (typeof process !== 'undefined' && process.env.HEPML_TREE_KERNELS === 'js') return undefined;
    const module = compiledModule();
    if (!module || !wasm) return undefined;
    const bytes = 2 * align(16 + rows * cols) + align(rows * 8) + 2 * align(rows * 4) + 4 * cols * FEATURE_BYTES;
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
    const hist = this.slotOffsets[s];
    const cols = this.cols;
    const args = [this.bins.byteOffset, cols, this.idx.byteOffset, start, end, useIdx ? 1 : 0, this.gh.byteOffset, hist] as const;
    const helper = cols >= 2 && (end - start) * cols >= THREAD_MIN_CELLS ? HelperThread.get() : undefined;
    if (!helper || !helper.bind(this.memory)) {
      this.kernels.build(...args, 0, cols);
      return;
    }
    // The helper takes the upper half of the features; this thread the lower half.
    const mid = cols >> 1;
    helper.start(args, mid, cols);
    this.kernels.build(...args, 0, mid);
    if (!helper.finish()) {
      // The helper died or hung: redo its half here (its partial sums are discarded).
      this.slots[s].fill(0, mid * 512, cols * 512);
      this.kernels.build(...args, mid, cols);
    }
  }

  /**
   * Stable in-place partition of idx[s..e) on feature `f`: rows with bin <= `bin` (and missing rows when
   * `defaultLeft`) first. Returns the first right position.
   */
  partition(f: number, bin: number, defaultLeft: boolean, s: number, e: number): number {
    return this.kernels.partition(this.colBins.byteOffset + f * this.rows, this.idx.byteOffset, this.tmpAt, s, e, bin, defaultLeft ? 1 : 0);
  }

  /** slot `target` -= slot `other`. */
  subtract(target: number, other: number): void {
    this.kernels.subtract(this.slotOffsets[target], this.slotOffsets[other], (this.cols * FEATURE_BYTES) / 16);
  }
}

// The helper thread's program (plain JavaScript, run with `eval`): wait for a command in the control
// words, run it, report. Commands: 1 build (arguments in words 1..10), 3 bind the memory sent on the port.
const HELPER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const ctl = new Int32Array(workerData.control);
const port = workerData.port;
let kernels = null;
for (;;) {
  let s;
  while ((s = Atomics.load(ctl, 0)) === 0 || s === 2) Atomics.wait(ctl, 0, s);
  if (s === 1) {
    kernels.build(ctl[1], ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10]);
  } else if (s === 3) {
    const msg = receiveMessageOnPort(port);
    kernels = new WebAssembly.Instance(workerData.module, { env: { memory: msg.message } }).exports;
  }
  Atomics.store(ctl, 0, 2);
  Atomics.notify(ctl, 0);
}
`;

/** Longest wait for the helper (ms) before its share is done on this thread instead. */
const HELPER_TIMEOUT_MS = 20_000;

/** The process's one helper thread (Node only), or none. */
class HelperThread {
  private static instance: HelperThread | null | undefined;
  private bound: WasmMemory | undefined;
  private dead = false;

  private constructor(private readonly ctl: Int32Array, private readonly port: { postMessage(m: unknown): void }) {}

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
      const control = new SharedArrayBuffer(64);
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

  /** Starts a build of features [f0, f1) with the other arguments as {@link TreeMemory.build}'s. */
  start(args: readonly number[], f0: number, f1: number): void {
    const c = this.ctl;
    for (let i = 0; i < 8; i++) c[1 + i] = args[i];
    c[9] = f0;
    c[10] = f1;
    Atomics.store(c, 0, 1);
    Atomics.notify(c, 0);
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
