/**
 * Adam over one flat parameter vector: the same update as `tf.train.adam` (ε = backend epsilon, bias
 * correction folded into two scalars) in 13 kernels per step for the whole model instead of ~12 per variable.
 * Gradients are concatenated, the flat weights updated, split and assigned back to the variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmAdamStep } from '../backend/wasm-kernels';

/** Adam state for a fixed list of variables; `sync()` re-reads the variables (e.g. after a callback changed them). */
export class FlatAdam {
  private readonly sizes: number[];
  private readonly b1: tf.Scalar;
  private readonly b2: tf.Scalar;
  private readonly oneMinusB1: tf.Scalar;
  private readonly oneMinusB2: tf.Scalar;
  private readonly eps: tf.Scalar;
  private m: tf.Tensor1D;
  private v: tf.Tensor1D;
  private w: tf.Tensor1D | undefined;
  private t = 0;

  /**
   * @param vars - the trainable variables, in the order gradients will be given
   * @param lr - learning rate
   * @param beta1 - default `0.9`
   * @param beta2 - default `0.999`
   */
  constructor(private readonly vars: tf.Variable[], private readonly lr: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999) {
    this.sizes = vars.map((v) => v.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.b1 = tf.scalar(beta1);
    this.b2 = tf.scalar(beta2);
    this.oneMinusB1 = tf.scalar(1 - beta1);
    this.oneMinusB2 = tf.scalar(1 - beta2);
    this.eps = tf.scalar(tf.backend().epsilon());
    this.m = tf.zeros([total]);
    this.v = tf.zeros([total]);
  }

  /** Copies the current variable values into the flat weight vector. */
  sync(): void {
    tf.dispose(this.w);
    this.w = tf.tidy(() => tf.concat(this.vars.map((v) => tf.reshape(v, [-1]))) as tf.Tensor1D);
  }

  /** One Adam step with `grads[i]` the gradient of `vars[i]` (call inside a `tf.tidy`). */
  step(grads: tf.Tensor[]): void {
    if (!this.w) this.sync();
    this.t++;
    const g = tf.concat(grads.map((x) => tf.reshape(x, [-1])));
    const m = tf.add(tf.mul(this.m, this.b1), tf.mul(g, this.oneMinusB1)) as tf.Tensor1D;
    const v = tf.add(tf.mul(this.v, this.b2), tf.mul(tf.square(g), this.oneMinusB2)) as tf.Tensor1D;
    const c1 = tf.scalar(this.lr / (1 - Math.pow(this.beta1, this.t)));
    const c2 = tf.scalar(1 / (1 - Math.pow(this.beta2, this.t)));
    const w = tf.sub(this.w!, tf.div(tf.mul(m, c1), tf.add(tf.sqrt(tf.mul(v, c2)), this.eps))) as tf.Tensor1D;
    const parts = tf.split(w, this.sizes);
    this.vars.forEach((variable, i) => variable.assign(tf.reshape(parts[i], variable.shape)));
    tf.dispose([this.m, this.v, this.w!]);
    this.m = tf.keep(m);
    this.v = tf.keep(v);
    this.w = tf.keep(w);
  }

  /** Frees the moments and the flat weights. */
  dispose(): void {
    tf.dispose([this.m, this.v, this.b1, this.b2, this.oneMinusB1, this.oneMinusB2, this.eps]);
    tf.dispose(this.w);
  }
}

/** The wasm backend's view of a tensor's data in its heap, or `null` on other backends. */
interface Heap {
  typedArrayFromHeap(t: { dataId: object; shape: number[]; dtype: string }): Float32Array;
}
function heapOf(backend: unknown): Heap | null {
  const b = backend as Partial<Heap>;
  return tf.getBackend() === 'wasm' && typeof b.typedArrayFromHeap === 'function' ? (b as Heap) : null;
}

/**
 * Adam without tfjs kernels, for the wasm and cpu backends (where ~30 kernel launches per step cost more than
 * the arithmetic). On wasm the moments and weights live in one tensor in the backend's heap and each
 * variable's update is one call of our SIMD kernel (float32 arithmetic, as tf.train.adam), reading the
 * gradient where it lies; on cpu the same update runs in JavaScript (float32 state, float64 arithmetic).
 * The new weights are uploaded as new tensors: writing a variable's data in place would leave XNNPACK's
 * cached packed weights (keyed by the tensor's data) stale.
 */
export class HostAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly w: Float32Array;
  private readonly offsets: number[] = [];
  private readonly total: number;
  private readonly eps = tf.backend().epsilon();
  /** wasm: m | v | w | the extra gradient, in the backend's heap. */
  private state?: tf.Tensor1D;
  private t = 0;

  /** Same parameters as {@link FlatAdam}. */
  constructor(private readonly vars: tf.Variable[], private readonly lr: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999) {
    let total = 0;
    for (const v of vars) {
      this.offsets.push(total);
      total += v.size;
    }
    this.total = total;
    const host = heapOf(tf.backend()) ? 0 : total;
    this.m = new Float32Array(host);
    this.v = new Float32Array(host);
    this.w = new Float32Array(host);
  }

  /** Views of the wasm state (made again for each use: the heap may have grown since). */
  private views(heap: Heap): { m: Float32Array; v: Float32Array; w: Float32Array; e: Float32Array } {
    const all = heap.typedArrayFromHeap(this.state!);
    const n = this.total;
    return { m: all.subarray(0, n), v: all.subarray(n, 2 * n), w: all.subarray(2 * n, 3 * n), e: all.subarray(3 * n, 4 * n) };
  }

  /** Copies the current variable values into the weights the updates start from. */
  sync(): void {
    const heap = heapOf(tf.backend());
    if (heap) this.state ??= tf.keep(tf.zeros([4 * this.total]));
    this.vars.forEach((v, i) => {
      const values = v.dataSync() as Float32Array;
      (heap ? this.views(heap).w : this.w).set(values, this.offsets[i]);
    });
  }

  /**
   * One Adam step; assigns the new weights to the variables. `extra` (flat, all variables): gradients to add
   * (the float32 sum of the two halves of a two-thread step, the same on every run).
   */
  step(grads: tf.Tensor[], extra?: Float32Array): void {
    if (this.t === 0) this.sync();
    this.t++;
    const { beta1: b1, beta2: b2, eps } = this;
    const c1 = this.lr / (1 - Math.pow(b1, this.t));
    const c2 = 1 / (1 - Math.pow(b2, this.t));
    const heap = heapOf(tf.backend());
    if (heap && this.state) {
      const backend = tf.backend();
      if (extra) this.views(heap).e.set(extra);
      grads.forEach((grad, k) => {
        const o = this.offsets[k];
        const n = grad.size;
        const s = this.views(heap);
        const g = grad.dtype === 'float32' ? heap.typedArrayFromHeap(grad) : Float32Array.from(grad.dataSync());
        wasmAdamStep(backend, g, extra && s.e.subarray(o, o + n), s.m.subarray(o, o + n), s.v.subarray(o, o + n), s.w.subarray(o, o + n), { b1, b2, c1, c2, eps });
        // A copy first: the upload allocates in the heap, which may grow (and detach the view).
        const variable = this.vars[k];
        variable.assign(tf.tensor(s.w.slice(o, o + n), variable.shape, 'float32'));
      });
      return;
    }
    const { m, v, w } = this;
    grads.forEach((grad, k) => {
      const g = grad.dataSync() as Float32Array;
      const o = this.offsets[k];
      for (let i = 0; i < g.length; i++) {
        const j = o + i;
        const gi = extra ? Math.fround(g[i] + extra[j]) : g[i];
        const mi = (m[j] = b1 * m[j] + (1 - b1) * gi);
        const vi = (v[j] = b2 * v[j] + (1 - b2) * gi * gi);
        w[j] -= (mi * c1) / (Math.sqrt(vi * c2) + eps);
      }
      const variable = this.vars[k];
      variable.assign(tf.tensor(w.slice(o, o + g.length), variable.shape, 'float32'));
    });
  }

  /** Frees the state in the wasm heap. */
  dispose(): void {
    this.state?.dispose();
    this.state = undefined;
  }
}
