/**
 * A fitted decision tree stored as flat typed arrays (one entry per node, node 0 the root), as
 * scikit-learn's `Tree` and XGBoost's `RegTree` do. Leaves have `feature = -1`. Internal node i sends a
 * row left when its value of `feature[i]` is `<= threshold[i]` (raw data) or its bin is `<= thresholdBin[i]`
 * (binned data); a missing value (NaN or the binner's sentinel) goes left iff `defaultLeft[i] = 1`.
 * Built by {@link TreeGrower}; used by the ensembles in boosting.ts and by DecisionTreeClassifier.
 */
import type { Matrix } from '../data/matrix';
import { MISSING_BIN, type BinnedMatrix } from './binned';

export class Tree {
  /** Number of nodes. */
  readonly nodeCount: number;
  /** Split feature per node, -1 for leaves. */
  readonly feature: Int32Array;
  /** Split bin per node: bins `<=` it go left. */
  readonly thresholdBin: Uint8Array;
  /** Split value per node: values `<=` it go left. */
  readonly threshold: Float64Array;
  /** Child node indices (-1 for leaves). */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Output of each node: a Newton step -G/(H+λ) (gradient trees) or P(class 1) (Gini trees). */
  readonly value: Float64Array;
  /** 1 when missing values go left at this node. */
  readonly defaultLeft: Uint8Array;
  /** Gain of the split at each internal node (0 for leaves): feature importances sum these. */
  readonly gain: Float64Array;
  /** Training rows reaching each node. */
  readonly count: Float64Array;
  /** The sentinel treated as missing in raw data (NaN when there is none). */
  readonly missingValue: number;

  constructor(fields: {
    nodeCount: number; feature: Int32Array; thresholdBin: Uint8Array; threshold: Float64Array; left: Int32Array;
    right: Int32Array; value: Float64Array; defaultLeft: Uint8Array; gain: Float64Array; count: Float64Array; missingValue: number;
  }) {
    this.nodeCount = fields.nodeCount;
    this.feature = fields.feature;
    this.thresholdBin = fields.thresholdBin;
    this.threshold = fields.threshold;
    this.left = fields.left;
    this.right = fields.right;
    this.value = fields.value;
    this.defaultLeft = fields.defaultLeft;
    this.gain = fields.gain;
    this.count = fields.count;
    this.missingValue = fields.missingValue;
  }

  /** Number of leaves. */
  get leafCount(): number {
    let n = 0;
    for (let i = 0; i < this.nodeCount; i++) if (this.feature[i] < 0) n++;
    return n;
  }

  /** Depth of the deepest leaf (a stump has depth 1). */
  get depth(): number {
    const d = new Int32Array(this.nodeCount);
    let max = 0;
    for (let i = 0; i < this.nodeCount; i++) {
      if (this.feature[i] >= 0) {
        d[this.left[i]] = d[i] + 1;
        d[this.right[i]] = d[i] + 1;
      } else if (d[i] > max) max = d[i];
    }
    return max;
  }

  /** Leaf index of every row of raw (row-major float) data. */
  applyRaw(x: Matrix, out = new Int32Array(x.rows)): Int32Array {
    const { data, cols, rows } = x;
    const { feature, threshold, left, right, defaultLeft, missingValue } = this;
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      let node = 0;
      let f = feature[0];
      while (f >= 0) {
        const v = data[base + f];
        const goLeft = v !== v || v === missingValue ? defaultLeft[node] === 1 : v <= threshold[node];
        node = goLeft ? left[node] : right[node];
        f = feature[node];
      }
      out[r] = node;
    }
    return out;
  }

  /**
   * Adds `scale * value(leaf of row r)` to `out[r]` for raw data, rows `start..end` (all by default).
   * Ensembles call it on blocks of rows that stay in cache while every tree walks them.
   */
  addRaw(x: Matrix, out: Float64Array, scale = 1, start = 0, end = x.rows): void {
    const { data, cols } = x;
    const { feature, threshold, left, right, defaultLeft, missingValue, value } = this;
    const f0 = feature[0];
    for (let r = start; r < end; r++) {
      const base = r * cols;
      let node = 0;
      let f = f0;
      while (f >= 0) {
        const v = data[base + f];
        const goLeft = v !== v || v === missingValue ? defaultLeft[node] === 1 : v <= threshold[node];
        node = goLeft ? left[node] : right[node];
        f = feature[node];
      }
      out[r] += scale * value[node];
    }
  }

  /** Adds `scale * value(leaf of row r)` to `out[r]` for binned (column-major) data. */
  addBinned(b: BinnedMatrix, out: Float64Array, scale = 1): void {
    const { bins, rows } = b;
    const { feature, thresholdBin, left, right, defaultLeft, value } = this;
    for (let r = 0; r < rows; r++) {
      let node = 0;
      let f = feature[0];
      while (f >= 0) {
        const v = bins[f * rows + r];
        const goLeft = v === MISSING_BIN ? defaultLeft[node] === 1 : v <= thresholdBin[node];
        node = goLeft ? left[node] : right[node];
        f = feature[node];
      }
      out[r] += scale * value[node];
    }
  }
}
