/**
 * Adam over one flat parameter vector: the same update as `tf.train.adam` (ε = backend epsilon, bias
 * correction folded into two scalars) in 13 kernels per step for the whole model instead of ~12 per variable.
 * Gradients are concatenated, the flat weights updated, split and assigned back to the variables.
 */
import * as tf from '@tensorflow/tfjs-core';

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
 * The same Adam update computed in JavaScript on the host (float32 state, float64 arithmetic): gradients
 * are read back (a copy out of the wasm heap), the new weights uploaded once per variable. On the wasm and
 * cpu backends this costs a few tens of µs per step instead of ~30 kernel launches; on GPU backends
 * {@link FlatAdam} keeps everything on the device.
 */
export class HostAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly w: Float32Array;
  private readonly offsets: number[] = [];
  private readonly eps = tf.backend().epsilon();
  private t = 0;

  /** Same parameters as {@link FlatAdam}. */
  constructor(private readonly vars: tf.Variable[], private readonly lr: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999) {
    let total = 0;
    for (const v of vars) {
      this.offsets.push(total);
      total += v.size;
    }
    this.m = new Float32Array(total);
    this.v = new Float32Array(total);
    this.w = new Float32Array(total);
  }

  /** Copies the current variable values into the host weights. */
  sync(): void {
    this.vars.forEach((v, i) => this.w.set(v.dataSync() as Float32Array, this.offsets[i]));
  }

  /**
   * One Adam step; assigns the new weights to the variables. `extra` (flat, all variables): gradients to add.
   * On wasm, gradients are read where they lie in the heap (no copies). The new weights are uploaded as new
   * tensors: writing a variable's data in place would leave XNNPACK's cached packed weights (keyed by the
   * tensor's data) stale.
   */
  step(grads: tf.Tensor[], extra?: Float32Array): void {
    if (this.t === 0) this.sync();
    this.t++;
    const { m, v, w, beta1: b1, beta2: b2, eps } = this;
    const c1 = this.lr / (1 - Math.pow(b1, this.t));
    const c2 = 1 / (1 - Math.pow(b2, this.t));
    const heap = heapOf(tf.backend());
    grads.forEach((grad, k) => {
      const g = heap && grad.dtype === 'float32' ? heap.typedArrayFromHeap(grad) : (grad.dataSync() as Float32Array);
      const o = this.offsets[k];
      for (let i = 0; i < g.length; i++) {
        const j = o + i;
        // float32 sum of the two halves (as a Float32Array would hold it), the same on every run
        const gi = extra ? Math.fround(g[i] + extra[j]) : g[i];
        const mi = (m[j] = b1 * m[j] + (1 - b1) * gi);
        const vi = (v[j] = b2 * v[j] + (1 - b2) * gi * gi);
        w[j] -= (mi * c1) / (Math.sqrt(vi * c2) + eps);
      }
      const variable = this.vars[k];
      variable.assign(tf.tensor(w.slice(o, o + g.length), variable.shape, 'float32'));
    });
  }

  /** Nothing on the device to free. */
  dispose(): void {}
}
