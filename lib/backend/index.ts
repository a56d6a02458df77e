import * as tf from './tf';

export { tf };
export * from './init';
export { registerWasmKernels } from './wasm-kernels';
export { installChainedOps } from './chained-ops';
