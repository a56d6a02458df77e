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
 *
 * Raw records (`raw`, for the kernel's walk of the float32 rows themselves, with no binning): per node two
 * words, the feature's byte offset `f << 2` with bit 0 set when a missing value goes right, then the key of
 * t32 minus that bit. t32 is the largest float32 <= the tree's float64 threshold t: for every float32 v,
 * v <= t exactly when v <= t32 (no float32 lies in (t32, t]), so the float32 walk finds the leaf of tree.ts's
 * float64 comparison. The walk compares int32 keys (histogram.wat `rawKeys`: a float's bits with the
 * magnitude flipped where negative, in float order; missing values INT_MIN), a row going right iff
 * key − bit > key(t32) − bit (signed): with bit 1 the missing key INT_MIN wraps to INT_MAX and goes right,
 * with bit 0 it goes left; every other key compares as before (the binned walk's shift, in 32 bits). Both
 * zeros of t32 take the key of +0, so that -0 (key −1) and +0 go left as in float comparison. A leaf above
 * depth D becomes feature 0, threshold +Infinity, missing left: every row goes left.
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
  /**
   * Raw records, two words per node (interleaved as the node words), or undefined when the trees do not
   * share one missingValue.
   */
  readonly raw?: Uint32Array;
  /**
   * The trees' missingValue as the raw walk's float32 sentinel (`rawKeys`): NaN when there is none or when it
   * is not exactly a float32 (no float32 row value equals it then, so it never matches).
   */
  readonly sentinel: number;
}

/** A node word that sends every row left (threshold 255: no bin is above it). */
const ALL_LEFT = MISSING_BIN;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The largest float32 <= t (t not NaN): Math.fround rounds to nearest, so step down where it rounded up. */
export function float32Below(t: number): number {
  f32[0] = t;
  if (f32[0] > t) {
    // Next float32 down: +0 and -0 go to the smallest negative subnormal, positives down, negatives away from 0.
    if (f32[0] === 0) u32[0] = 0x80000001;
    else u32[0] += f32[0] > 0 ? -1 : 1;
  }
  return f32[0];
}

/**
 * The raw walk's int32 key of float32 `v` (not NaN), as histogram.wat's `rawKeys` computes it for the rows:
 * signed order of keys is float order, -0 (key −1) just below +0 (key 0).
 */
export function rawKey(v: number): number {
  f32[0] = v;
  const u = u32[0] | 0;
  return u ^ ((u >> 31) >>> 1);
}

/** The raw record's second word for threshold t with missing-right bit `bit` (see the file's comment). */
function rawThreshold(t: number, bit: number): number {
  const t32 = float32Below(t);
  return ((t32 === 0 ? 0 : rawKey(t32)) - bit) >>> 0;
}

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
  const mv = trees.length > 0 ? trees[0].missingValue : NaN;
  const shared = trees.every((t) => t.missingValue === mv || (t.missingValue !== t.missingValue && mv !== mv));
  let raw = shared ? new Uint32Array(2 * nodes.length) : undefined;
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
        if (raw) raw[2 * (nodeBase + pos) + 1] = rawThreshold(Infinity, 0);
        stack.push(2 * pos + 1, node, 2 * pos + 2, node);
      } else {
        const s = t.defaultLeft[node] === 1 ? 1 : 0;
        nodes[nodeBase + pos] = ((f << 16) | (s << 8) | (t.thresholdBin[node] + s)) >>> 0;
        const thr = t.threshold[node];
        if (thr !== thr) raw = undefined; // no float32 walk matches a NaN threshold's (every row right)
        if (raw) {
          raw[2 * (nodeBase + pos)] = ((f << 2) | (1 - s)) >>> 0;
          raw[2 * (nodeBase + pos) + 1] = rawThreshold(thr, 1 - s);
        }
        stack.push(2 * pos + 1, t.left[node], 2 * pos + 2, t.right[node]);
      }
    }
  }
  return { depth, count: trees.length, nodes, leaves, raw, sentinel: Math.fround(mv) === mv ? mv : NaN };
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
