/**
 * The runtime of the trees' WebAssembly kernels (histogram.wat): the compiled module, shared memories
 * and the process's one helper thread, which runs the same kernels on the same memory as the main thread
 * (Node's worker threads; started once, never keeping the process alive). Internal module.
 *
 * The helper's protocol: int32 control words over a 512-byte SharedArrayBuffer; word 0 is the job's
 * sequence number (the helper wakes when it changes), words 1..31 int32 arguments, doubles 16..23 (bytes
 * 128..191) float64 arguments, words 48..55 the job (48 the claim word: the job's tag in bits 13..30, its number
 * of chunks in bits 8..12, its next chunk in bits 0..7; 49 the chunks the helper has finished; 51 the command;
 * 52, 53 the range [lo, hi) that the chunks divide evenly; 54, 55 set while the helper, this thread, sleeps in
 * Atomics.wait, so that the other notifies only then), words 64..111 per-chunk results and arguments.
 * A job is a number of chunks that either thread claims, one at a time, with a compare-and-swap on the claim
 * word ({@link HelperThread.share}). The job's tag, size and next chunk are one word, so a claim reads them
 * together and the swap fails once another job is published: with the size in a word of its own, a helper
 * that read the last job's claim word and then the next job's size could claim a chunk past the last job's
 * end in the moment between the two stores, and run it as a chunk of the next job, twice (sums added twice)
 * and uncounted (this thread then returned before the helper's chunks were done, from then on).
 * This thread claims too, so a helper that is slow to wake, or descheduled
 * on a loaded machine, costs no waiting (this thread does the chunks it has not claimed), and the work
 * balances by itself. Commands that only the helper runs ({@link HelperThread.go}) are jobs of one chunk
 * that this thread does not claim. Commands: 1 a grower step by feature chunks, 6 count and 7 move the
 * rows of a split by position chunks, 8 logistic gradients by row chunks, 10 the in-sample update by item
 * chunks (tree-memory.ts), 4 bin rows, 5 predict binned rows and 12 predict raw rows by row chunks (predict.ts); 3 bind the memory sent on
 * the port, 9 sort and 11 gather columns (sort.ts).
 */
import { HISTOGRAM_WASM } from './histogram-wasm';

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
export interface WasmMemory { buffer: ArrayBufferLike; grow(pages: number): number }

/** The exports of histogram.wat (byte offsets into the memory; see the .wat for each layout). */
export interface Kernels {
  build(bins: number, cols: number, idx: number, start: number, end: number, useIdx: number, gh: number, hist: number, f0: number, f1: number): void;
  subtract(target: number, other: number, pairs: number): void;
  zero(at: number, bytes: number): void;
  countLeft(srcRec: number, srcIdx: number, gather: number, cols: number, stride: number, s: number, e: number, f: number, bin: number, dl: number): number;
  move(srcRec: number, srcGh: number, srcIdx: number, gather: number, cols: number, dstRec: number, dstGh: number, dstIdx: number,
    stride: number, s: number, e: number, f: number, bin: number, dl: number, recs: number, l: number, r: number): void;
  best(hist: number, nbins: number, f0: number, f1: number, sumG: number, sumH: number, gini: number, lambda: number,
    minChild: number, minGain: number, rootW: number, out: number): void;
  sortColumns(vals: number, lens: number, stride: number, f0: number, f1: number, tmp: number, cnt: number): void;
  logistic(raw: number, y: number, w: number, gh: number, r0: number, r1: number, sums: number): void;
  sumGH(gh: number, r0: number, r1: number, sums: number): void;
  binRows(data: number, cols: number, r0: number, r1: number, tables: number, hasSentinel: number, sentinel: number, out: number): void;
  predict(bins: number, cols: number, r0: number, r1: number, nodes: number, leaves: number, t0: number, t1: number, depth: number, out: number): void;
  predictRaw(keys: number, cols: number, r0: number, r1: number, nodes: number, leaves: number, t0: number, t1: number, depth: number, out: number): void;
  rawKeys(at: number, n: number, sentinel: number): void;
  inSample(items: number, i0: number, i1: number, out: number): void;
  gatherColumns(raw: number, n: number, cols: number, f0: number, f1: number, vals: number, stride: number, lens: number, hasSentinel: number, sentinel: number): void;
}

export const PAGE = 65536;
export const align = (n: number) => (n + 15) & ~15;

const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

/** The compiled kernels, or null where WebAssembly or its shared memory is missing (or `HEPML_TREE_KERNELS=js`). */
export function compiledModule(): object | null {
  if (typeof process !== 'undefined' && process.env.HEPML_TREE_KERNELS === 'js') return null;
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

/**
 * A shared memory of at least `bytes` (growable to `maxBytes`) with the kernels instantiated on it, or
 * undefined where that is not available (no WebAssembly, no shared memory, address space exhausted).
 */
export function instantiate(bytes: number, maxBytes = bytes): { memory: WasmMemory; kernels: Kernels } | undefined {
  const module = compiledModule();
  if (!module || !wasm) return undefined;
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  const maxPages = Math.max(pages, Math.ceil(maxBytes / PAGE));
  if (maxPages > 65536) return undefined;
  let memory: WasmMemory;
  try {
    memory = new wasm.Memory({ initial: pages, maximum: maxPages, shared: true });
  } catch {
    return undefined; // address space exhausted: the JavaScript loops need no reservation
  }
  const kernels = new wasm.Instance(module, { env: { memory } }).exports as Kernels;
  return { memory, kernels };
}

/** Job tags (sequence numbers) run over 18 bits: bits 13..30 of the claim word. */
const TAG_MASK = 0x3ffff;

// The helper thread's program (plain JavaScript, run with `eval`): wait for a command in the control
// words, run it, report.
const HELPER_SOURCE = `
const TAG_MASK = ${TAG_MASK};
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const SPIN_MS = workerData.spinMs;
const STALL_MS = workerData.stallMs;
let spin = SPIN_MS;
const ctl = new Int32Array(workerData.control);
const f64 = new Float64Array(workerData.control);
const port = workerData.port;
let kernels = null;
let last = 0;
const at = (k, n) => ctl[52] + Math.floor(((ctl[53] - ctl[52]) * k) / n);
function run(s, k, n) {
  if (s === 1) {
    const f0 = at(k, n), f1 = at(k + 1, n);
    kernels.zero(ctl[8] + f0 * 4096, (f1 - f0) * 4096);
    if (ctl[5] > ctl[4]) kernels.build(ctl[1], ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], f0, f1);
    if (ctl[11] !== 0) kernels.subtract(ctl[11] + f0 * 4096, ctl[12] + f0 * 4096, (f1 - f0) * 256);
    for (let j = 0; j < ctl[13]; j++) {
      kernels.best(ctl[14 + j], ctl[16], f0, f1, f64[16 + 2 * j], f64[17 + 2 * j], ctl[17], f64[20], f64[21], f64[22], f64[23], ctl[18] + (2 * k + j) * 64);
    }
  } else if (s === 6) {
    ctl[64 + k] = kernels.countLeft(ctl[1], ctl[3], ctl[4], ctl[5], ctl[9], at(k, n), at(k + 1, n), ctl[12], ctl[13], ctl[14]);
  } else if (s === 7) {
    kernels.move(ctl[1], ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], at(k, n), at(k + 1, n), ctl[12], ctl[13], ctl[14], ctl[15], ctl[80 + k], ctl[96 + k]);
  } else if (s === 3) {
    const msg = receiveMessageOnPort(port);
    kernels = new WebAssembly.Instance(workerData.module, { env: { memory: msg.message } }).exports;
  } else if (s === 9) {
    kernels.sortColumns(ctl[1], ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7]);
  } else if (s === 8) {
    kernels.logistic(ctl[1], ctl[2], ctl[3], ctl[4], at(k, n), at(k + 1, n), 0);
  } else if (s === 4) {
    kernels.binRows(ctl[1], ctl[2], at(k, n), at(k + 1, n), ctl[5], ctl[6], f64[16], ctl[7]);
  } else if (s === 11) {
    kernels.gatherColumns(ctl[1], ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], f64[16]);
  } else if (s === 10) {
    kernels.inSample(ctl[1], ctl[80 + k], ctl[81 + k], ctl[4]);
  } else if (s === 5) {
    kernels.predict(ctl[1], ctl[2], at(k, n), at(k + 1, n), ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10]);
  } else if (s === 12) {
    kernels.predictRaw(ctl[1], ctl[2], at(k, n), at(k + 1, n), ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10]);
  }
}
for (;;) {
  let s;
  // Poll a little before sleeping (SPIN_MS below): the next job mostly follows within microseconds.
  const until = performance.now() + spin;
  for (let k = 0; (s = Atomics.load(ctl, 0)) === last && ((++k & 15) !== 0 || performance.now() < until););
  if (s === last) {
    spin = Math.max(spin / 2, SPIN_MS / 32);
    // Word 54 tells the other thread that this one sleeps (it notifies only then: a notify costs a lock, a wake a system call).
    while ((s = Atomics.load(ctl, 0)) === last) {
      Atomics.store(ctl, 54, 1);
      Atomics.wait(ctl, 0, last);
      Atomics.store(ctl, 54, 0);
    }
  } else spin = Math.min(2 * spin, SPIN_MS);
  last = s;
  // Claim chunks of job s while any are left (this thread claims them too; see HelperThread.share).
  // One load gives the job's tag, size and next chunk together (see the top of runtime.ts).
  const tag = s & TAG_MASK;
  for (;;) {
    const w = Atomics.load(ctl, 48);
    if (STALL_MS > 0 && Math.random() < 0.5) for (const t = performance.now() + STALL_MS; performance.now() < t;);
    const n = (w >> 8) & 31;
    if (w >>> 13 !== tag || (w & 255) >= n) break;
    if (Atomics.compareExchange(ctl, 48, w, w + 1) !== w) continue;
    run(ctl[51], w & 255, n);
    Atomics.add(ctl, 49, 1);
    if (Atomics.load(ctl, 55) === 1) Atomics.notify(ctl, 49);
  }
}
`;

/**
 * How long (ms) at most a thread polls the control word before it sleeps in Atomics.wait: the helper
 * after each command, this thread when it waits for the helper. Commands come in quick succession, and
 * waking a sleeping thread costs some tens of microseconds (more on a virtual machine). Adaptive: a poll
 * that ends in sleep halves the next one (down to 1/32), one that succeeds doubles it, so a loaded machine,
 * where polls mostly fail, polls little. 50 us covers this thread's usual work between two commands of a
 * grower (tens of microseconds). HEPML_TREE_SPIN_US sets it (0: no polling).
 */
const SPIN_MS = Number((typeof process !== 'undefined' && process.env.HEPML_TREE_SPIN_US) || 50) / 1000;

/**
 * Test hook (HEPML_TREE_TEST_STALL_US, default 0): at random, half the time, this thread stalls this long just before it
 * opens a job's claim word, and the helper just after it read the claim word, which makes the interleavings that
 * a descheduled thread meets once in millions of jobs happen in every fit (test/trees/kernels.test.ts).
 */
const STALL_MS = Number((typeof process !== 'undefined' && process.env.HEPML_TREE_TEST_STALL_US) || 0) / 1000;

/** Longest wait for the helper (ms) before its share is done on this thread instead. */
const HELPER_TIMEOUT_MS = 60_000;

/** The process's one helper thread (Node only), or none. */
export class HelperThread {
  private static instance: HelperThread | null | undefined;
  private bound: WasmMemory | undefined;
  /** The length (ms) of this thread's next poll for the helper (adaptive, as the helper's own; see SPIN_MS). */
  private spin = SPIN_MS;
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

  /** The helper, bound to `memory`, or undefined (none, or it does not answer). */
  static on(memory: WasmMemory): HelperThread | undefined {
    const h = HelperThread.get();
    return h && h.bind(memory) ? h : undefined;
  }

  private static spawn(): HelperThread | null {
    const env = typeof process !== 'undefined' ? process.env : {};
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const wt = require('node:worker_threads') as typeof import('node:worker_threads');
      if (!wt.isMainThread && env.HEPML_TREE_THREADS !== '2') return null; // no helpers of helpers
      const control = new SharedArrayBuffer(512);
      const { port1, port2 } = new wt.MessageChannel();
      const worker = new wt.Worker(HELPER_SOURCE, {
        eval: true, workerData: { control, port: port2, module: compiledModule(), spinMs: SPIN_MS, stallMs: STALL_MS }, transferList: [port2],
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

  /** This helper, bound to `memory`, or undefined when it is gone or does not answer. */
  for(memory: WasmMemory): HelperThread | undefined {
    return !this.dead && this.bind(memory) ? this : undefined;
  }

  /** Makes the helper work on `memory`; false when it does not answer. */
  bind(memory: WasmMemory): boolean {
    if (this.bound === memory) return true;
    this.port.postMessage(memory);
    this.go(3);
    if (!this.finish()) return false;
    this.bound = memory;
    return true;
  }

  /** The last job's sequence number (control word 0). */
  private seq = 0;
  /** Chunks of the job in flight, and how many of them this thread has claimed. */
  private chunks = 0;
  private mine = 0;

  /** Starts command `command`, whose arguments are in the control words, on the helper alone (a job of one chunk). */
  go(command: number): void {
    this.publish(command, 1, 0, 0);
    this.mine = 0;
  }

  /**
   * Starts command `command` as a job of `chunks` chunks (at most 16) dividing [lo, hi) evenly, which the helper and
   * this thread ({@link claim}) share. Then claim and run chunks until none is left, and {@link finish}.
   */
  share(command: number, chunks: number, lo: number, hi: number): void {
    this.publish(command, chunks, lo, hi);
    this.mine = 0;
  }

  private publish(command: number, chunks: number, lo: number, hi: number): void {
    const c = this.ctl;
    this.seq = (this.seq + 1) & TAG_MASK;
    if (this.seq === 0) this.seq = 1;
    this.chunks = chunks;
    c[51] = command;
    c[52] = lo;
    c[53] = hi;
    c[49] = 0;
    if (STALL_MS > 0 && Math.random() < 0.5) for (const t = performance.now() + STALL_MS; performance.now() < t;);
    // The claim word opens the job: tag, size and next chunk (0) in one store.
    Atomics.store(c, 48, (this.seq << 13) | (chunks << 8));
    Atomics.store(c, 0, this.seq);
    // Only a sleeping helper needs the notify (it sets word 54 before it waits; Atomics.wait checks word 0 again).
    if (Atomics.load(c, 54) === 1) Atomics.notify(c, 0);
  }

  /** The next unclaimed chunk of the job of {@link share} (now this thread's), or -1 when every chunk is claimed. */
  claim(): number {
    const c = this.ctl;
    for (;;) {
      const w = Atomics.load(c, 48);
      if ((w & 255) >= this.chunks || w >>> 13 !== this.seq) return -1;
      if (Atomics.compareExchange(c, 48, w, w + 1) === w) {
        this.mine++;
        return w & 255;
      }
    }
  }

  /** The chunk boundaries of the job in flight: chunk k covers [at(k), at(k + 1)). */
  at(k: number): number {
    const c = this.ctl;
    return c[52] + Math.floor(((c[53] - c[52]) * k) / this.chunks);
  }

  /**
   * Waits for the chunks the helper claimed (after {@link share}: call when {@link claim} returns -1; after
   * {@link go}: the command). False (and the helper is given up) when they do not finish: the caller redoes
   * the chunks it did not run itself.
   */
  finish(): boolean {
    const c = this.ctl;
    if (this.mine < this.chunks) {
      // Stop the helper from claiming more (after go: the command is its own; after share every chunk is claimed already).
      const expected = this.chunks - this.mine;
      const deadline = Date.now() + HELPER_TIMEOUT_MS;
      let s: number;
      const until = performance.now() + this.spin;
      for (let k = 0; Atomics.load(c, 49) < expected && ((++k & 15) !== 0 || performance.now() < until););
      this.spin = Atomics.load(c, 49) >= expected ? Math.min(2 * this.spin, SPIN_MS) : Math.max(this.spin / 2, SPIN_MS / 32);
      while ((s = Atomics.load(c, 49)) < expected) {
        // Word 55: this thread sleeps, so the helper notifies when it finishes a chunk.
        Atomics.store(c, 55, 1);
        const r = Atomics.wait(c, 49, s, 50);
        Atomics.store(c, 55, 0);
        if (r === 'timed-out' && (this.dead || Date.now() > deadline)) {
          this.dead = true;
          return false;
        }
      }
    }
    return true;
  }
}
