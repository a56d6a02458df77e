/**
 * An ensemble's trees packed for the predict kernel (lib/trees/kernels/predict.ts): every tree in the
 * complete binary layout of depth D (the deepest tree's, at least 1), node i's children at 2i + 1 and
 * 2i + 2, so a row's walk is D steps of index arithmetic, `node = 2·node + 1 + goesRight`, with no
 * branches and no child pointers. A leaf above depth D becomes a node that sends every row left, down to
 * a copy of its value at depth D. The walk reads binned rows (FeatureBinner's bins): value v <= the cut of
 * bin b exactly when bin(v) <= b, so the binned walk finds the leaf the raw walk of tree.ts finds.
 *
 * Node word: bits 0-7 the threshold bin plus the missing shift, bits 8-15 the missing shift s (1 when
 * missing values go left, else 0), bits 16-31 the feature; a row goes right iff ((bin + s) & 255) >
 * threshold + s. With s = 1 the missing bin 255 wraps to 0 and goes left; ordinary bins compare as before.
 * Leaf values are stored times the tree's weight (the same float64 product the raw walk forms).
 */
import { MISSING_BIN } from './binned';
import type { Tree } from './tree';

/** Deepest trees packed (2^10 leaves, 12 KB per tree); deeper ensembles walk their trees node by node. */
export const MAX_PACKED_DEPTH = 10;

/** Trees in the complete layout: `count` trees of `2^depth − 1` node words and `2^depth` leaf values each. */
export interface PackedForest {
  readonly depth: number;
  readonly count: number;
  readonly nodes: Uint32Array;
  readonly leaves: Float64Array;
}

/** A node word that sends every row left (threshold 255: no bin is above it). */
const ALL_LEFT = MISSING_BIN;

/**
 * Packs `trees` (weights `weights`) into the complete layout, or returns undefined when a tree is deeper
 * than {@link MAX_PACKED_DEPTH} or a feature index does not fit 16 bits.
 */
export function packForest(trees: readonly Tree[], weights: ArrayLike<number>): PackedForest | undefined {
  let depth = 1;
  for (const t of trees) {
    for (let i = 0; i < t.nodeCount; i++) if (t.feature[i] > 0xffff) return undefined;
    depth = Math.max(depth, t.depth);
    if (depth > MAX_PACKED_DEPTH) return undefined;
  }
  const inner = 2 ** depth - 1;
  const nodes = new Uint32Array(trees.length * inner);
  const leaves = new Float64Array(trees.length * (inner + 1));
  for (let k = 0; k < trees.length; k++) {
    const t = trees[k];
    const w = weights[k];
    const nodeBase = k * inner;
    const leafBase = k * (inner + 1) - inner;
    // (position in the complete layout, node of the tree) pairs, depth first.
    const stack: number[] = [0, 0];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const pos = stack.pop()!;
      if (pos >= inner) {
        leaves[leafBase + pos] = w * t.value[node];
        continue;
      }
      const f = t.feature[node];
      if (f < 0) {
        nodes[nodeBase + pos] = ALL_LEFT;
        stack.push(2 * pos + 1, node, 2 * pos + 2, node);
      } else {
        const s = t.defaultLeft[node] === 1 ? 1 : 0;
        nodes[nodeBase + pos] = ((f << 16) | (s << 8) | (t.thresholdBin[node] + s)) >>> 0;
        stack.push(2 * pos + 1, t.left[node], 2 * pos + 2, t.right[node]);
      }
    }
  }
  return { depth, count: trees.length, nodes, leaves };
}

/**
 * The packed walk in JavaScript (the kernel's reference): adds trees [t0, t1) to `out[r]` for rows
 * [r0, r1) of row-major bins (`bins[r * cols + f]`).
 */
export function addPacked(forest: PackedForest, bins: Uint8Array, cols: number, out: Float64Array, t0 = 0, t1 = forest.count, r0 = 0, r1 = out.length): void {
  const { depth, nodes, leaves } = forest;
  const inner = 2 ** depth - 1;
  for (let r = r0; r < r1; r++) {
    const p = r * cols;
    let acc = out[r];
    for (let k = t0; k < t1; k++) {
      const base = k * inner;
      let n = 0;
      for (let d = 0; d < depth; d++) {
        const w = nodes[base + n];
        n = 2 * n + 1 + (((bins[p + (w >>> 16)] + ((w >>> 8) & 255)) & 255) > (w & 255) ? 1 : 0);
      }
      acc += leaves[k * (inner + 1) - inner + n];
    }
    out[r] = acc;
  }
}
