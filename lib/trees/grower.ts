/**
 * Grows one histogram tree (LightGBM / XGBoost `hist` / scikit-learn HistGradientBoosting style):
 * per-node histograms, the subtraction trick (build the smaller child's histogram, get the larger one as
 * parent − smaller, in the parent's buffer), rows partitioned stably in one index array (on the kernels the
 * rows' bins and gradients move along, so every node's rows lie contiguously), depth-wise
 * (FIFO) or leaf-wise (best gain first, with `maxLeaves`). Scratch buffers live in the grower and are
 * reused for every tree of an ensemble: no per-node allocation. Histograms are built by the SIMD kernels of
 * lib/trees/kernels on two threads where the platform allows (bit-identical to one thread), else by the
 * JavaScript loops of histogram.ts; with `minSamplesLeaf > 1` (row counts kept) always by the latter.
 */
import type { BinnedMatrix } from './binned';
import { MISSING_BIN } from './binned';
import { buildHistogram, featureStride, findBestSplit, subtractHistogram, toRowMajor, type SplitResult, type SplitRule } from './histogram';
import { TreeMemory, type StepScan } from './kernels';
import { logisticGradients } from './logistic';
import { Tree } from './tree';

/** Tree-shape options shared by every tree estimator (checked by the estimators). */
export interface GrowOptions {
  criterion: 'newton' | 'gini';
  /** Maximum depth (a stump has depth 1); Infinity for none. */
  maxDepth: number;
  /** Maximum number of leaves; Infinity for none. With a finite value nodes are split best-gain first. */
  maxLeaves: number;
  minSamplesLeaf: number;
  minChildWeight: number;
  lambda: number;
  minGainToSplit: number;
}

/**
 * What {@link TreeGrower.grow} returns: the tree, and its in-sample update. The leaves' row ranges stay in
 * the grower's buffers until the next tree is grown, so `addInSample` (the fast in-sample score update of
 * boosting: no prediction pass over the training rows) must be called before that; afterwards it throws.
 */
export interface GrownTree {
  tree: Tree;
  /** Adds `scale * leaf value` to `out[row]` for every row the tree was grown on (not when `grow` did it). */
  addInSample(out: Float64Array, scale: number): void;
}

/** The in-sample update `grow` can do itself: `out[row] += scale * leaf value` for every row the tree is grown on. */
export interface InSampleUpdate { out: Float64Array; scale: number }

export class TreeGrower {
  private readonly idx: Uint32Array;
  private readonly tmp: Uint32Array;
  private readonly rowBins: Uint8Array;
  private readonly withCounts: boolean;
  /** The kernels' memory (bins, gradients, row index, histograms), when they are used. */
  private readonly mem: TreeMemory | undefined;
  private readonly pool: Float64Array[] = [];
  private readonly free: number[] = [];
  private readonly histLength: number;
  // Per-node scratch (capacity nodes).
  private readonly capacity: number;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly depthOf: Int32Array;
  private readonly slot: Int32Array;
  private readonly sumG: Float64Array;
  private readonly sumH: Float64Array;
  private readonly split: SplitResult[];
  private readonly open: Int32Array;
  /** Leaves of the last grown tree with their row ranges in {@link rows} (for fast in-sample updates). */
  private lastLeaves = 0;
  private readonly leafNodes: Int32Array;

  constructor(private readonly data: BinnedMatrix, private readonly nBins: Uint16Array, private readonly opts: GrowOptions) {
    const n = data.rows;
    this.withCounts = opts.minSamplesLeaf > 1;
    this.mem = this.withCounts ? undefined : TreeMemory.create(n, data.cols);
    this.idx = this.mem ? this.mem.idx : new Uint32Array(n);
    this.tmp = new Uint32Array(n);
    if (data.rowBins && this.mem) this.mem.bins.set(data.rowBins);
    this.rowBins = this.mem && data.rowBins ? this.mem.bins : data.rowBins ?? toRowMajor(data.bins, n, data.cols, this.mem?.bins);
    this.mem?.nBins.set(nBins);
    this.histLength = data.cols * featureStride(this.withCounts);
    const byDepth = opts.maxDepth < 30 ? 2 ** (opts.maxDepth + 1) - 1 : Infinity;
    const byLeaves = Number.isFinite(opts.maxLeaves) ? 2 * opts.maxLeaves - 1 : Infinity;
    const byRows = 2 * Math.ceil(n / Math.max(1, opts.minSamplesLeaf)) - 1;
    this.capacity = Math.max(1, Math.min(byDepth, byLeaves, byRows));
    const c = this.capacity;
    this.start = new Int32Array(c);
    this.end = new Int32Array(c);
    this.depthOf = new Int32Array(c);
    this.slot = new Int32Array(c);
    this.sumG = new Float64Array(c);
    this.sumH = new Float64Array(c);
    this.open = new Int32Array(c);
    this.leafNodes = new Int32Array(c);
    this.split = [];
    for (let i = 0; i < c; i++) this.split.push({ feature: -1, bin: 0, gain: 0, defaultLeft: false, gL: 0, hL: 0, cL: 0 });
  }

  /**
   * Grows a tree on rows `rows` (ascending; all rows when omitted) with per-row g, h.
   * `thresholds` give raw cut values; `leafValue(G, H)` maps a leaf's sums to its output. With `inSample`
   * the grower adds the tree's in-sample scores itself (on the kernels, into an array of {@link scoreBuffer},
   * on both threads, and the last splits then move no rows); the returned `addInSample` then throws.
   */
  grow(g: Float32Array | null, h: Float32Array | null, rows: Uint32Array | null, thresholds: Float64Array[], missingValue: number,
    leafValue: (sumG: number, sumH: number) => number, inSample?: InSampleUpdate): GrownTree {
    const { data, opts, capacity, idx } = this;
    // g = h = null: the targets of setLogisticGradients or setGiniTargets (in the kernels' memory, or in lossG / lossH).
    const given = g !== null && h !== null;
    if (!given && !this.mem) {
      g = this.lossG;
      h = this.lossH;
    }
    const n = data.rows;
    const cols = data.cols;
    const nRoot = rows ? rows.length : n;
    if (rows) idx.set(rows);
    else if (!this.identity) for (let i = 0; i < n; i++) idx[i] = i;
    // On the kernels the rows move in other buffers (TreeMemory.split): idx stays as it is set here.
    this.identity = rows === null && this.mem !== undefined;
    const feature = new Int32Array(capacity).fill(-1);
    const thresholdBin = new Uint8Array(capacity);
    const threshold = new Float64Array(capacity);
    const left = new Int32Array(capacity).fill(-1);
    const right = new Int32Array(capacity).fill(-1);
    const value = new Float64Array(capacity);
    const defaultLeft = new Uint8Array(capacity);
    const gain = new Float64Array(capacity);
    const count = new Float64Array(capacity);
    // With the in-sample update on the kernels (scores in their memory), the last splits (children at
    // maxDepth) move no rows: the update pass sends each row to its leaf and counts the left rows.
    const fused = inSample !== undefined && this.mem !== undefined && this.mem.holds(inSample.out);
    // terminal[i]: 1 for such a split, 2 for its children.
    const terminal = fused ? new Uint8Array(capacity) : undefined;

    let rootG = 0;
    let rootH = 0;
    let copied = false;
    if (this.mem && rows === null) {
      // All rows: the sums come with the gradients (the same additions in the same order as the loops below).
      if (given) this.mem.setGradients(g!, h!);
      copied = given;
      rootG = this.mem.gradientSums.g;
      rootH = this.mem.gradientSums.h;
    } else if (given || !this.mem) {
      for (let i = 0; i < nRoot; i++) {
        rootG += g![idx[i]];
        rootH += h![idx[i]];
      }
    } else {
      const gh = this.mem.gh;
      for (let i = 0; i < nRoot; i++) {
        rootG += gh[2 * idx[i]];
        rootH += gh[2 * idx[i] + 1];
      }
    }
    const rule: SplitRule = { ...opts, rootWeight: rootH > 0 ? rootH : 1 };
    let nodes = 1;
    this.start[0] = 0;
    this.end[0] = nRoot;
    this.depthOf[0] = 0;
    this.sumG[0] = rootG;
    this.sumH[0] = rootH;
    count[0] = nRoot;
    value[0] = leafValue(rootG, rootH);
    let nOpen = 0;
    let leaves = 1;
    if (this.splittable(0, nRoot)) {
      const s = this.takeSlot();
      this.slot[0] = s;
      if (this.mem) {
        if (given && !copied) this.mem.setGradients(g!, h!);
        this.mem.step(s, 0, nRoot, rows !== null, -1, [{ slot: s, sumG: rootG, sumH: rootH, out: this.split[0] }], rule);
      } else {
        buildHistogram(this.pool[s], this.rowBins, cols, rows === null ? null : idx, 0, nRoot, g!, h!, this.withCounts);
        findBestSplit(this.pool[s], cols, this.nBins, rootG, rootH, nRoot, rule, this.split[0], this.withCounts);
      }
      this.open[nOpen++] = 0;
    }
    const leafwise = Number.isFinite(opts.maxLeaves);
    // Open nodes form a stack (depth-first keeps at most ~depth histograms alive); with maxLeaves the
    // open node of largest gain is split first (leaf-wise, as LightGBM).
    while (nOpen > 0 && leaves < opts.maxLeaves) {
      let pick = nOpen - 1;
      if (leafwise) {
        for (let i = 0; i < nOpen - 1; i++) if (this.split[this.open[i]].gain > this.split[this.open[pick]].gain) pick = i;
      }
      const node = this.open[pick];
      this.open[pick] = this.open[nOpen - 1];
      nOpen--;
      const sp = this.split[node];
      const parentSlot = this.slot[node];
      if (sp.feature < 0) {
        this.releaseSlot(parentSlot);
        continue;
      }
      const f = sp.feature;
      const s0 = this.start[node];
      const e0 = this.end[node];
      const d0 = this.depthOf[node];
      // Children at maxDepth are leaves when the in-sample pass runs: no rows move, their counts come from
      // that pass below.
      const leafChildren = terminal !== undefined && d0 + 1 >= opts.maxDepth;
      const mid = leafChildren ? s0
        : this.mem ? this.mem.split(bufferOf(d0), bufferOf(d0 + 1), s0, e0, f, sp.bin, sp.defaultLeft, d0 + 1 < opts.maxDepth)
        : this.partition(f, sp.bin, sp.defaultLeft, s0, e0);
      const l = nodes++;
      const r = nodes++;
      leaves++;
      feature[node] = f;
      thresholdBin[node] = sp.bin;
      threshold[node] = thresholds[f][sp.bin];
      defaultLeft[node] = sp.defaultLeft ? 1 : 0;
      gain[node] = sp.gain;
      left[node] = l;
      right[node] = r;
      const d = d0 + 1;
      this.setNode(l, s0, mid, d, sp.gL, sp.hL, count, value, leafValue);
      this.setNode(r, mid, e0, d, this.sumG[node] - sp.gL, this.sumH[node] - sp.hL, count, value, leafValue);
      if (leafChildren) {
        terminal[node] = 1;
        terminal[l] = 2; // a leaf found by its parent's item
        terminal[r] = 2;
        this.releaseSlot(parentSlot);
        continue;
      }
      const okL = this.splittable(d, mid - s0);
      const okR = this.splittable(d, e0 - mid);
      if (!okL && !okR) {
        this.releaseSlot(parentSlot);
        continue;
      }
      const small = mid - s0 <= e0 - mid ? l : r;
      const large = small === l ? r : l;
      const okSmall = small === l ? okL : okR;
      const okLarge = small === l ? okR : okL;
      const sSmall = this.takeSlot();
      if (this.mem) {
        // Build the smaller child, get the larger as parent - smaller, and search both, in one step.
        const scans: StepScan[] = [];
        if (okLarge) scans.push({ slot: parentSlot, sumG: this.sumG[large], sumH: this.sumH[large], out: this.split[large] });
        if (okSmall) scans.push({ slot: sSmall, sumG: this.sumG[small], sumH: this.sumH[small], out: this.split[small] });
        this.mem.step(sSmall, this.start[small], this.end[small], true, okLarge ? parentSlot : -1, scans, rule,
          { start: this.start[large], end: this.end[large] }, bufferOf(d));
      } else {
        const hs = this.pool[sSmall];
        buildHistogram(hs, this.rowBins, cols, idx, this.start[small], this.end[small], g!, h!, this.withCounts);
        if (okLarge) {
          subtractHistogram(this.pool[parentSlot], hs, this.histLength);
          findBestSplit(this.pool[parentSlot], cols, this.nBins, this.sumG[large], this.sumH[large], count[large], rule, this.split[large], this.withCounts);
        }
        if (okSmall) findBestSplit(hs, cols, this.nBins, this.sumG[small], this.sumH[small], count[small], rule, this.split[small], this.withCounts);
      }
      if (okLarge) {
        this.slot[large] = parentSlot;
        this.open[nOpen++] = large;
      } else this.releaseSlot(parentSlot);
      if (okSmall) {
        this.slot[small] = sSmall;
        this.open[nOpen++] = small;
      } else this.releaseSlot(sSmall);
    }
    for (let i = 0; i < nOpen; i++) this.releaseSlot(this.slot[this.open[i]]);
    this.lastLeaves = 0;
    for (let i = 0; i < nodes; i++) if (feature[i] < 0) this.leafNodes[this.lastLeaves++] = i;
    this.lastValue = value;
    if (terminal) this.fusedInSample(terminal, nodes, feature, thresholdBin, defaultLeft, left, right, value, count, inSample!);
    else if (inSample) this.addLastInSample(inSample.out, inSample.scale);
    const generation = inSample ? -1 : ++this.generation;
    if (inSample) ++this.generation;
    const tree = new Tree({
      nodeCount: nodes, feature: feature.slice(0, nodes), thresholdBin: thresholdBin.slice(0, nodes),
      threshold: threshold.slice(0, nodes), left: left.slice(0, nodes), right: right.slice(0, nodes),
      value: value.slice(0, nodes), defaultLeft: defaultLeft.slice(0, nodes), gain: gain.slice(0, nodes),
      count: count.slice(0, nodes), missingValue,
    });
    return {
      tree,
      addInSample: (out, scale) => {
        if (generation < 0) throw new Error('TreeGrower: addInSample of a tree whose in-sample update grow already did.');
        if (generation !== this.generation) throw new Error('TreeGrower: addInSample of a tree after the next one was grown (its row ranges are gone).');
        this.addLastInSample(out, scale);
      },
    };
  }

  /**
   * A new score array of one float64 per row: in the kernels' memory where they are used, so that an
   * {@link InSampleUpdate} into it runs there (both threads) and {@link setLogisticGradients} reads it in place.
   */
  scoreBuffer(): Float64Array {
    return this.mem ? this.mem.scores() : new Float64Array(this.data.rows);
  }

  /** Whether idx holds 0..n-1 from the last tree (kept on the kernels). */
  private identity = false;

  /** Counts the trees grown, so a {@link GrownTree} knows whether its row ranges are still in the buffers. */
  private generation = 0;

  private lastValue: Float64Array = new Float64Array(0);
  private lossG = new Float32Array(0);
  private lossH = new Float32Array(0);

  /**
   * Sets the next tree's targets to the logistic loss's gradients of raw scores `raw` (lib/trees/logistic.ts;
   * one per row, like `labels` and `weights`): on the kernels on both threads, else in JavaScript, the
   * same bits either way. Then call `grow(null, null, …)`.
   */
  setLogisticGradients(raw: Float64Array, labels: Uint8Array, weights: Float64Array): void {
    if (this.mem) {
      this.mem.logistic(raw, labels, weights);
      return;
    }
    if (this.lossG.length !== raw.length) {
      this.lossG = new Float32Array(raw.length);
      this.lossH = new Float32Array(raw.length);
    }
    logisticGradients(raw, labels, weights, this.lossG, this.lossH);
  }

  /**
   * Sets the next tree's targets to the Gini tree's (AdaBoost): h = the weight `w[row]`, g = the weight of
   * class 1 (`labels[row]` = 1), as float32, written once where the grower reads them (no copy in grow).
   * With `divisor` (not 1) each `w[row]` is first divided by it in place (AdaBoost's normalisation, in the same pass).
   * Then call `grow(null, null, null, …)`.
   */
  setGiniTargets(w: Float64Array, labels: Uint8Array, divisor = 1): void {
    if (this.mem) {
      this.mem.setGiniTargets(w, labels, divisor);
      return;
    }
    if (this.lossG.length !== w.length) {
      this.lossG = new Float32Array(w.length);
      this.lossH = new Float32Array(w.length);
    }
    const { lossG, lossH } = this;
    for (let i = 0; i < w.length; i++) {
      if (divisor !== 1) w[i] /= divisor;
      lossH[i] = w[i];
      lossG[i] = labels[i] === 1 ? w[i] : 0;
    }
  }

  /**
   * The in-sample update on the kernels, both threads: one item per leaf whose parent is not terminal, one
   * per terminal split (its children's rows found there); then the terminal children's counts and ranges.
   */
  private fusedInSample(terminal: Uint8Array, nodes: number, feature: Int32Array, thresholdBin: Uint8Array, defaultLeft: Uint8Array,
    left: Int32Array, right: Int32Array, value: Float64Array, count: Float64Array, up: InSampleUpdate): void {
    const mem = this.mem!;
    const { scale } = up;
    let k = 0;
    for (let i = 0; i < nodes; i++) {
      if (terminal[i] === 1) {
        mem.setItem(k++, bufferOf(this.depthOf[i]), this.start[i], this.end[i], feature[i], thresholdBin[i], defaultLeft[i] === 1,
          scale * value[left[i]], scale * value[right[i]]);
      } else if (feature[i] < 0 && terminal[i] === 0) {
        mem.setItem(k++, bufferOf(this.depthOf[i]), this.start[i], this.end[i], -1, 0, false, scale * value[i], 0);
      }
    }
    mem.inSample(k, up.out);
    k = 0;
    for (let i = 0; i < nodes; i++) {
      if (terminal[i] === 1) {
        const nl = mem.leftCount(k);
        const s = this.start[i];
        const e = this.end[i];
        count[left[i]] = nl;
        count[right[i]] = e - s - nl;
        this.end[left[i]] = s + nl;
        this.start[right[i]] = s + nl;
        k++;
      } else if (feature[i] < 0 && terminal[i] === 0) k++;
    }
  }

  /** Adds `scale * leaf value` to `out[row]` for the rows the last tree was grown on. */
  private addLastInSample(out: Float64Array, scale: number): void {
    for (let k = 0; k < this.lastLeaves; k++) {
      const node = this.leafNodes[k];
      const v = scale * this.lastValue[node];
      const idx = this.mem ? this.mem.rowsOf(bufferOf(this.depthOf[node])) : this.idx;
      for (let i = this.start[node]; i < this.end[node]; i++) out[idx[i]] += v;
    }
  }

  private splittable(depth: number, rows: number): boolean {
    return depth < this.opts.maxDepth && rows >= 2 * this.opts.minSamplesLeaf && rows >= 2;
  }

  private setNode(i: number, s: number, e: number, d: number, g: number, h: number, count: Float64Array, value: Float64Array,
    leafValue: (g: number, h: number) => number): void {
    this.start[i] = s;
    this.end[i] = e;
    this.depthOf[i] = d;
    this.sumG[i] = g;
    this.sumH[i] = h;
    count[i] = e - s;
    value[i] = leafValue(g, h);
  }

  /** Stable in-place partition of idx[s..e) (the JavaScript path): left rows first. Returns the first right position. */
  private partition(f: number, bin: number, dl: boolean, s: number, e: number): number {
    const { idx, tmp } = this;
    const n = this.data.rows;
    const col = this.data.bins.subarray(f * n, (f + 1) * n);
    let l = s;
    let r = 0;
    const dlBit = dl ? 1 : 0;
    for (let i = s; i < e; i++) {
      // Branch-free: a 50/50 split would mispredict half the time. Writing idx[l] is safe as l <= i.
      const row = idx[i];
      const b = col[row];
      const goLeft = (b <= bin ? 1 : 0) | ((b === MISSING_BIN ? 1 : 0) & dlBit);
      idx[l] = row;
      tmp[r] = row;
      l += goLeft;
      r += 1 - goLeft;
    }
    idx.set(tmp.subarray(0, r), l);
    return l;
  }

  private takeSlot(): number {
    if (this.free.length > 0) {
      const s = this.free.pop()!;
      if (!this.mem) this.pool[s].fill(0); // the kernels' step zeroes the slot itself (both threads)
      return s;
    }
    this.pool.push(this.mem ? this.mem.slot(this.mem.addSlot()) : new Float64Array(this.histLength));
    return this.pool.length - 1;
  }

  private releaseSlot(s: number): void {
    this.free.push(s);
  }
}

/**
 * The kernels' buffer holding the rows of nodes at depth `d` (TreeMemory.split): the root reads the bins by
 * row number (0); below it the rows move, depth by depth, between buffers 1 and 2 (a node's rows are dead
 * once it is split, so its grandchildren may take its place).
 */
function bufferOf(d: number): number {
  return d === 0 ? 0 : 2 - (d & 1);
}
