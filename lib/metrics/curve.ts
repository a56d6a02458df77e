/**
 * The one weighted, sorted, cumulative-count pass behind every threshold curve (ROC, precision-recall,
 * background rejection, AMS scan): scikit-learn's `_binary_clf_curve` (sklearn/metrics/_ranking.py).
 *
 * Scores are sorted in decreasing order (a stable ascending sort, read backwards, exactly as sklearn's
 * `argsort(kind="mergesort")[::-1]`); at the last index of each run of equal scores the cumulative
 * (weighted) counts of positives `tps` and negatives `fps` are recorded. So `tps[i]`/`fps[i]` are the
 * weighted counts of signal/background with `score >= thresholds[i]`. Samples with zero weight are
 * dropped first, as in sklearn, so they never create a threshold.
 */

/** Cumulative counts at each distinct score, highest score first. */
export interface ClfCurve {
  /** Weighted count of negatives (background) with score >= threshold. */
  fps: Float64Array;
  /** Weighted count of positives (signal) with score >= threshold. */
  tps: Float64Array;
  /** Distinct scores, decreasing. */
  thresholds: Float64Array;
}

/**
 * The shared pass. Inputs must already be checked (binary labels, finite scores, matching lengths).
 * @internal used by rocCurve, precisionRecallCurve, backgroundRejection, amsScan
 */
export function binaryClfCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, weights?: ArrayLike<number>): ClfCurve {
  const n0 = yTrue.length;
  // Keep samples with non-zero weight (all of them when unweighted).
  let keep: Int32Array;
  if (weights) {
    let m = 0;
    for (let i = 0; i < n0; i++) if (weights[i] !== 0) m++;
    keep = new Int32Array(m);
    for (let i = 0, j = 0; i < n0; i++) if (weights[i] !== 0) keep[j++] = i;
  } else {
    keep = new Int32Array(n0);
    for (let i = 0; i < n0; i++) keep[i] = i;
  }
  const order = stableArgsortAscending(yScore, keep);
  const n = order.length;
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thresholds = new Float64Array(n);
  let k = 0;
  let tp = 0;
  let fp = 0;
  for (let r = n - 1; r >= 0; r--) {
    const i = order[r];
    const w = weights ? weights[i] : 1;
    if (yTrue[i] === 1) tp += w;
    else fp += w;
    const s = yScore[i];
    if (r === 0 || yScore[order[r - 1]] !== s) {
      tps[k] = tp;
      fps[k] = fp;
      thresholds[k] = s;
      k++;
    }
  }
  return { fps: fps.slice(0, k), tps: tps.slice(0, k), thresholds: thresholds.slice(0, k) };
}

/**
 * Indices `idx` sorted by `values[idx]` ascending, ties kept in index order (stable).
 * Sorts (value, position) pairs through one Float64Array key sort per distinct-value run, which is
 * several times faster than a comparator sort on indices.
 */
export function stableArgsortAscending(values: ArrayLike<number>, idx: Int32Array): Int32Array {
  const n = idx.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = values[idx[i]];
  // Native numeric sort of the keys, then a counting pass to place the indices stably.
  const sorted = keys.slice().sort();
  // Map each distinct value to its first slot in `sorted` with a hash map (value -> next free slot).
  const next = new Map<number, number>();
  for (let i = n - 1; i >= 0; i--) next.set(sorted[i], i);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i] === 0 ? 0 : keys[i]; // -0 and 0 share a slot, as in numpy's comparison
    const slot = next.get(key)!;
    out[slot] = idx[i];
    next.set(key, slot + 1);
  }
  return out;
}
