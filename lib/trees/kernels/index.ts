/**
 * The trees' WebAssembly kernels (histogram.wat) and their runtime: the grower's memory with the histogram,
 * split-search and partition kernels (tree-memory.ts), prediction over packed forests (predict.ts), and the
 * shared memory and helper thread both use (runtime.ts). `HEPML_TREE_THREADS=1` keeps to one thread;
 * `HEPML_TREE_KERNELS=js` uses the JavaScript loops instead (the reference the kernels are tested against).
 *
 * Internal module: the grower and the ensembles call it with checked arguments.
 */
export { TreeMemory, FEATURE_BYTES, type StepScan } from './tree-memory';
export { ForestPredictor } from './predict';
