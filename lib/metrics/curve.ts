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
 * The shared pass behind rocCurve, precisionRecallCurve, backgroundRejection and amsScan; compute it
 * once and read several metrics from it ({@link rocAucFromCurve}, {@link rejectionFromCurve},
 * {@link amsScanFromCurve}), as the grader does per leaderboard part. Inputs must already be checked
 * (binary labels, finite scores, matching lengths): the public metrics check them at entry.
 * @param yTrue 0/1 labels
 * @param yScore scores, higher = more signal-like
 * @param weights optional per-sample weights (zero-weight samples are dropped)
 * @returns cumulative weighted counts per distinct score, highest score first
 * @example
 * const curve = binaryClfCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * rocAucFromCurve(curve); // 0.75
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
 * Indices `idx` sorted by `values[idx]` ascending, ties kept in index order (stable), as numpy's
 * mergesort. An LSD radix sort on the order-preserving 64-bit image of each float (4 passes of 16 bits,
 * passes whose digit is constant skipped): linear time, several times faster than a comparator sort.
 */
export function stableArgsortAscending(values: ArrayLike<number>, idx: Int32Array): Int32Array {
  const n = idx.length;
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const hiKey = new Uint32Array(n);
  const loKey = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[idx[i]];
    f[0] = v === 0 ? 0 : v; // -0 sorts with +0, as numpy compares them equal
    let hi = u[little ? 1 : 0];
    let lo = u[little ? 0 : 1];
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else hi = (hi | 0x80000000) >>> 0;
    hiKey[i] = hi;
    loKey[i] = lo;
  }
  let order = Int32Array.from({ length: n }, (_, i) => i);
  let tmp = new Int32Array(n);
  const count = new Int32Array(65536);
  for (const [key, shift] of [[loKey, 0], [loKey, 16], [hiKey, 0], [hiKey, 16]] as const) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & 0xffff]++;
    if (n === 0 || count[(key[0] >>> shift) & 0xffff] === n) continue; // constant digit: nothing to do
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let r = 0; r < n; r++) {
      const i = order[r];
      tmp[count[(key[i] >>> shift) & 0xffff]++] = i;
    }
    [order, tmp] = [tmp, order];
  }
  for (let r = 0; r < n; r++) order[r] = idx[order[r]];
  return order;
}
