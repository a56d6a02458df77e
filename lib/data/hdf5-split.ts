/**
 * The runtime of hdf5-split.wat (the HDF5 table reader's SIMD column split): the compiled module and
 * one small memory of the reader's own, reused by every read and grown when a read needs more (a chunk
 * of rows plus its staged columns: about 2 MB at the default chunking). Internal module.
 *
 * Where WebAssembly SIMD is missing (or `HEPML_HDF5_SPLIT=js`) the reader keeps its JavaScript loops.
 */
import { HDF5_SPLIT_WASM } from './hdf5-split-wasm';

interface WasmMemory { buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (d: { initial: number }) => WasmMemory;
}
interface Exports { split4(src: number, stride: number, rows: number, groups: number, dst: number, ds: number): void }

/** The split kernel on its memory (`buffer` changes when the memory grows: take it after {@link simdSplitter}). */
export interface Splitter { buffer: ArrayBuffer; split4: Exports['split4'] }

const PAGE = 65536;
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;
let state: { memory: WasmMemory; split4: Exports['split4'] } | undefined;
let enabled = typeof process === 'undefined' || process.env.HEPML_HDF5_SPLIT !== 'js';

/** Tests: turns the SIMD split off (the JavaScript loops) or back on; returns whether it is now in use. */
export function setSimdSplit(on: boolean): boolean {
  enabled = on;
  return on && compiledModule() !== null;
}

function compiledModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(Uint8Array.from(atob(HDF5_SPLIT_WASM), (c) => c.charCodeAt(0))) : null;
    } catch {
      compiled = null; // no SIMD in this engine
    }
  }
  return compiled;
}

/** The kernel on a memory of at least `bytes`, or undefined (disabled, no SIMD, memory refused). */
export function simdSplitter(bytes: number): Splitter | undefined {
  if (!enabled) return undefined;
  const module = compiledModule();
  if (!module || !wasm || bytes > 1 << 30) return undefined;
  try {
    const pages = Math.ceil(bytes / PAGE);
    if (!state) {
      const memory = new wasm.Memory({ initial: Math.max(pages, 32) });
      state = { memory, split4: (new wasm.Instance(module, { env: { memory } }).exports as Exports).split4 };
    } else if (state.memory.buffer.byteLength < bytes) {
      state.memory.grow(pages - state.memory.buffer.byteLength / PAGE);
    }
  } catch {
    return undefined; // out of memory: the JavaScript loops need none
  }
  return { buffer: state.memory.buffer, split4: state.split4 };
}
