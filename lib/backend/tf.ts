/**
 * The TensorFlow.js namespace for notebooks: tfjs-core and tfjs-layers merged, as the `@tensorflow/tfjs`
 * union package does (which we do not install), with the chained methods (`x.square()`) installed.
 * Import it as `import { tf } from 'hepml-course'`.
 */
import { installChainedOps } from './chained-ops';

installChainedOps();

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
