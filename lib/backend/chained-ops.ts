/**
 * Chained tensor methods (`x.square().sum()`): the typings of `@tensorflow/tfjs-core` declare them, but
 * its CommonJS build (the one Node loads) does not install them; the `@tensorflow/tfjs` union package does
 * so from ES modules that CommonJS cannot load. This installs the same 137 methods, each a call of the op
 * of the same name on `this` (list taken from tfjs-core 4.22 dist/public/chained_ops).
 */
import * as tf from '@tensorflow/tfjs-core';

/** `method` or `method:op` where the op has another name. Each is `op(this, ...args)`. */
const SIMPLE =
  'abs acos acosh add all any argMax argMin asType:cast asin asinh atan atan2 atanh avgPool batchToSpaceND batchNorm ' +
  'broadcastTo cast ceil clipByValue conv1d conv2d conv2dTranspose cos cosh cumprod cumsum depthToSpace depthwiseConv2d ' +
  'dilation2d div divNoNan dot elu equal erf euclideanNorm exp expandDims expm1 fft floor floorDiv gather greater ' +
  'greaterEqual ifft irfft isFinite isInf isNaN leakyRelu less lessEqual localResponseNormalization log log1p logSigmoid ' +
  'logSoftmax logSumExp logicalAnd logicalNot logicalOr logicalXor matMul max maxPool maximum mean min minimum mirrorPad ' +
  'mod mul neg norm notEqual onesLike pad pool pow prelu prod reciprocal relu relu6 reshape resizeBilinear ' +
  'resizeNearestNeighbor reverse rfft round rsqrt selu separableConv2d sigmoid sign sin sinh slice softmax softplus ' +
  'spaceToBatchND split sqrt square squaredDifference squeeze step stridedSlice sub sum tan tanh tile topk transpose ' +
  'unique unsortedSegmentSum unstack zerosLike';

type AnyFn = (...args: unknown[]) => unknown;
type Self = tf.Tensor & { throwIfDisposed(): void };

/** Installs the chained methods on `tf.Tensor.prototype` (idempotent; existing methods are kept). */
export function installChainedOps(): void {
  const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
  const ops = tf as unknown as Record<string, AnyFn>;
  const define = (name: string, fn: (this: Self, ...args: unknown[]) => unknown) => {
    if (typeof proto[name] !== 'function') Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
  };
  for (const entry of SIMPLE.split(' ')) {
    const [method, opName = method] = entry.split(':');
    const op = ops[opName];
    if (typeof op !== 'function') continue;
    define(method, function (...args) {
      this.throwIfDisposed();
      return op(this, ...args);
    });
  }
  const reshape = (x: tf.Tensor, shape: number[]) => tf.reshape(x, shape);
  define('as1D', function () { return reshape(this, [this.size]); });
  define('flatten', function () { return reshape(this, [this.size]); });
  define('as2D', function (...s) { return reshape(this, s as number[]); });
  define('as3D', function (...s) { return reshape(this, s as number[]); });
  define('as4D', function (...s) { return reshape(this, s as number[]); });
  define('as5D', function (...s) { return reshape(this, s as number[]); });
  define('asScalar', function () { return reshape(this, []); });
  define('reshapeAs', function (x) { return reshape(this, (x as tf.Tensor).shape); });
  define('toBool', function () { return tf.cast(this, 'bool'); });
  define('toFloat', function () { return tf.cast(this, 'float32'); });
  define('toInt', function () { return tf.cast(this, 'int32'); });
  define('where', function (cond, x) { return tf.where(cond as tf.Tensor, this, x as tf.Tensor); });
  define('concat', function (x, axis) {
    return tf.concat([this, ...(x instanceof tf.Tensor ? [x] : (x as tf.Tensor[]))], axis as number | undefined);
  });
  define('stack', function (x, axis) {
    return tf.stack([this, ...(x instanceof tf.Tensor ? [x] : (x as tf.Tensor[]))], axis as number | undefined);
  });
}
