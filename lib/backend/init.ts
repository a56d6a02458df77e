/**
 * Picks the fastest TensorFlow.js backend available at run time and logs the choice once:
 * `tfjs-node-gpu` (CUDA) > `tfjs-node` (native TensorFlow) > `wasm` (XNNPACK, SIMD) > `cpu` (pure JS).
 * Neither tfjs-node package is a dependency (they cannot install offline); they are used when present.
 * The environment variable `HEPML_BACKEND` (`tensorflow` | `wasm` | `cpu`, or a package name) overrides.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { dirname } from 'node:path';
import { HepmlError, expected } from '../errors';
import { registerWasmKernels } from './wasm-kernels';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Backend to use: `'tensorflow'` (tfjs-node[-gpu]), `'wasm'`, `'cpu'`. Default: `HEPML_BACKEND`, else the best available. */
  backend?: string;
  /** Do not log the choice. Default `false`. */
  quiet?: boolean;
}

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** The tfjs backend name: `'tensorflow'`, `'wasm'` or `'cpu'`. */
  name: string;
  /** A human-readable description, e.g. `wasm (SIMD, 1 thread)`. */
  description: string;
}

const KNOWN = ['tensorflow', 'wasm', 'cpu'];
let current: BackendInfo | undefined;
let pending: Promise<BackendInfo> | undefined;

/** Tries to load a tfjs-node package (not a dependency); returns whether its backend registered. */
function tryNode(pkg: string): boolean {
  try {
    require.resolve(pkg);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require(pkg);
    return tf.findBackendFactory('tensorflow') !== null;
  } catch {
    return false;
  }
}

async function useWasm(): Promise<BackendInfo> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasm.setWasmPaths(dir + '/');
  registerWasmKernels();
  if (!(await tf.setBackend('wasm'))) throw new HepmlError('initBackend: the wasm backend failed to start.');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return { name: 'wasm', description: `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'threads' : '1 thread'})` };
}

async function choose(requested: string | undefined): Promise<BackendInfo> {
  const want = requested?.replace(/^@tensorflow\/tfjs-node(-gpu)?$/, 'tensorflow');
  if (want !== undefined && !KNOWN.includes(want)) {
    throw new HepmlError(expected('HEPML_BACKEND / backend', `one of ${KNOWN.join(', ')}`, requested, 'Unset it to pick automatically.'));
  }
  if (want === undefined || want === 'tensorflow') {
    for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      if (tryNode(pkg) && (await tf.setBackend('tensorflow'))) {
        return { name: 'tensorflow', description: `tensorflow (${pkg.endsWith('gpu') ? 'tfjs-node-gpu' : 'tfjs-node'})` };
      }
    }
    if (want === 'tensorflow') {
      throw new HepmlError(expected('HEPML_BACKEND', 'an installed @tensorflow/tfjs-node or -gpu', 'neither', 'Install one, or use wasm.'));
    }
  }
  if (want === undefined || want === 'wasm') {
    try {
      return await useWasm();
    } catch (e) {
      if (want === 'wasm') throw new HepmlError(`initBackend: the wasm backend failed to start: ${(e as Error).message}`, { cause: e });
    }
  }
  await tf.setBackend('cpu');
  return { name: 'cpu', description: 'cpu (pure JavaScript, slow)' };
}

/**
 * Selects and starts the tfjs backend (once; later calls return the same choice unless `backend` differs).
 *
 * @param options.backend - backend to force; default `process.env.HEPML_BACKEND`, else the best available
 * @param options.quiet - skip the one-line log; default `false`
 * @returns the backend chosen
 * @example
 * const { name } = await initBackend();   // logs "hepml: tfjs backend wasm (SIMD, 1 thread)"
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const requested = options.backend ?? (process.env.HEPML_BACKEND || undefined);
  if (current && (requested === undefined || current.name === requested)) return current;
  if (pending && requested === undefined) return pending;
  pending = choose(requested).then((info) => {
    const first = current === undefined;
    current = info;
    if (first && !options.quiet) console.log(`hepml: tfjs backend ${info.description}`);
    return info;
  });
  try {
    return await pending;
  } finally {
    pending = undefined;
  }
}

