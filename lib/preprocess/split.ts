/**
 * Seeded splits into index arrays: train/test (optionally stratified), train/validation/test
 * (75/12.5/12.5 as notebook 02), k-fold, and the SHiP template's balanced sample. Apply the indices
 * with {@link applySplit}. Taught in 02-ww-mlp and 03-higgsml-bdt (balanced sample: 08-ship-hnl).
 */
import { check } from '../errors';
import { takeRows, type Matrix } from '../data/matrix';
import { Random } from '../physics/random';

/** Index arrays of one split. */
export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Fraction (0, 1) or absolute count of test rows; default 0.25. */
  testSize?: number;
  /** Labels to stratify on (each class split in the same proportion); default none. */
  stratify?: ArrayLike<number>;
  /** Seed of the shuffle; default 0. */
  seed?: number;
  /** Shuffle before splitting; default true (false: the last rows are the test set). */
  shuffle?: boolean;
}

function sizeOf(where: string, nOrData: number | { rows: number } | ArrayLike<number>): number {
  const n = typeof nOrData === 'number' ? nOrData : 'rows' in nOrData && typeof nOrData.rows === 'number' ? nOrData.rows : (nOrData as ArrayLike<number>).length;
  check(Number.isInteger(n) && n >= 0, where, 'a row count, a Matrix or an array', nOrData);
  return n;
}

/** Groups of row indices: one per class when stratifying, else one group of all rows; shuffled if asked. */
function groups(where: string, n: number, stratify: ArrayLike<number> | undefined, rng: Random | null): Int32Array[] {
  let out: Int32Array[];
  if (!stratify) out = [Int32Array.from({ length: n }, (_, i) => i)];
  else {
    check(stratify.length === n, `${where} stratify`, `${n} labels`, stratify.length);
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const c = stratify[i];
      check(Number.isFinite(c), `${where} stratify`, 'finite labels', c);
      if (!byClass.has(c)) byClass.set(c, []);
      byClass.get(c)!.push(i);
    }
    out = [...byClass.keys()].sort((a, b) => a - b).map((c) => Int32Array.from(byClass.get(c)!));
  }
  if (rng) for (const g of out) rng.shuffle(g);
  return out;
}

/** Splits group sizes so that the parts have `counts` in total (largest remainder per group). */
function allocate(sizes: number[], total: number, count: number): number[] {
  const exact = sizes.map((s) => (s * count) / total);
  const base = exact.map(Math.floor);
  let left = count - base.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    if (base[i] < sizes[i]) {
      base[i]++;
      left--;
    }
  }
  return base;
}

/**
 * Random train/test split of row indices (sorted within each part).
 *
 * @param nOrData number of rows, or a Matrix/array whose length gives it
 * @param options `testSize` (default 0.25; test count = ceil(testSize·n) as sklearn), `stratify`, `seed` (default 0), `shuffle` (default true)
 * @example
 * const { train, test } = trainTestSplit(x, { testSize: 0.3, stratify: y, seed: 1 });
 * const tr = applySplit(train, { x, y, weights });
 */
export function trainTestSplit(nOrData: number | Matrix | ArrayLike<number>, options: TrainTestSplitOptions = {}): SplitIndices {
  const n = sizeOf('trainTestSplit', nOrData);
  const testSize = options.testSize ?? 0.25;
  check(Number.isFinite(testSize) && testSize > 0 && (testSize < 1 || (Number.isInteger(testSize) && testSize < n)), 'trainTestSplit testSize', `a fraction in (0, 1) or a count in [1, ${n - 1}]`, testSize);
  const nTest = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  check(nTest > 0 && nTest < n, 'trainTestSplit testSize', 'a size leaving rows in both parts', `${nTest} of ${n} rows`);
  const shuffle = options.shuffle ?? true;
  check(shuffle || !options.stratify, 'trainTestSplit shuffle', 'true when stratify is given', shuffle);
  const gs = groups('trainTestSplit', n, options.stratify, shuffle ? new Random(options.seed ?? 0) : null);
  const alloc = allocate(gs.map((g) => g.length), n, nTest);
  const test: number[] = [];
  const train: number[] = [];
  gs.forEach((g, k) => {
    const cut = g.length - alloc[k];
    for (let i = 0; i < g.length; i++) (i < cut ? train : test).push(g[i]);
  });
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/** Options of {@link trainValTestSplit}. */
export interface TrainValTestSplitOptions {
  /** Validation fraction; default 0.125. */
  valSize?: number;
  /** Test fraction; default 0.125. */
  testSize?: number;
  stratify?: ArrayLike<number>;
  seed?: number;
}

/**
 * Train/validation/test split, 75/12.5/12.5 by default (notebook 02's split).
 *
 * @example
 * const { train, val, test } = trainValTestSplit(y.length, { stratify: y, seed: 42 });
 */
export function trainValTestSplit(nOrData: number | Matrix | ArrayLike<number>, options: TrainValTestSplitOptions = {}): { train: Int32Array; val: Int32Array; test: Int32Array } {
  const n = sizeOf('trainValTestSplit', nOrData);
  const val = options.valSize ?? 0.125;
  const tst = options.testSize ?? 0.125;
  check(val > 0 && tst > 0 && val + tst < 1, 'trainValTestSplit valSize + testSize', 'fractions in (0, 1) summing to less than 1', val + tst);
  const first = trainTestSplit(n, { testSize: val + tst, stratify: options.stratify, seed: options.seed });
  const sub = options.stratify ? Int32Array.from(first.test, (i) => options.stratify![i]) : undefined;
  const second = trainTestSplit(first.test.length, { testSize: tst / (val + tst), stratify: sub, seed: (options.seed ?? 0) + 1 });
  return { train: first.train, val: Int32Array.from(second.train, (i) => first.test[i]), test: Int32Array.from(second.test, (i) => first.test[i]) };
}

/** Options of {@link kFold}. */
export interface KFoldSplitOptions {
  /** Number of folds; default 5. */
  k?: number;
  /** Shuffle rows before folding; default false (as sklearn). */
  shuffle?: boolean;
  /** Seed when shuffling; default 0. */
  seed?: number;
  /** Labels: each fold keeps the class proportions (rows dealt round-robin per class). */
  stratify?: ArrayLike<number>;
}

/**
 * k folds: fold f is the test part once, the other k−1 folds its training part. Without
 * stratification the first n % k folds have one row more (sklearn's KFold).
 *
 * @example
 * for (const { train, test } of kFold(y.length, { k: 5, shuffle: true, seed: 1 })) { ... }
 */
export function kFold(nOrData: number | Matrix | ArrayLike<number>, options: KFoldSplitOptions = {}): SplitIndices[] {
  const fold = foldAssignment(nOrData, options);
  const n = fold.length;
  const k = options.k ?? 5;
  const out: SplitIndices[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    out.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return out;
}

/**
 * The one fold assignment of the library (behind {@link kFold} and `trainKFold`): the fold (0…k−1) of
 * each row. Without stratification, the (shuffled) rows are cut into k contiguous folds and the first
 * n % k folds have one row more (sklearn's KFold); with `stratify`, each class's rows are dealt
 * round-robin so every fold keeps the class proportions.
 * @param nOrData a row count, a Matrix or an array (its length)
 * @param options `k` (default 5), `shuffle` (default false), `seed` (default 0), `stratify`
 * @returns the fold of each row
 * @example
 * const folds = foldAssignment(1000, { k: 5, shuffle: true, seed: 1 }); // Int32Array of 0…4
 */
export function foldAssignment(nOrData: number | Matrix | ArrayLike<number>, options: KFoldSplitOptions = {}): Int32Array {
  const n = sizeOf('kFold', nOrData);
  const k = options.k ?? 5;
  check(Number.isInteger(k) && k >= 2 && k <= n, 'kFold k', `an integer in [2, ${n}]`, k);
  const gs = groups('kFold', n, options.stratify, options.shuffle ?? false ? new Random(options.seed ?? 0) : null);
  const fold = new Int32Array(n);
  if (!options.stratify) {
    const g = gs[0];
    let pos = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
      for (let i = 0; i < size; i++) fold[g[pos++]] = f;
    }
  } else {
    let next = 0;
    for (const g of gs) for (let i = 0; i < g.length; i++) fold[g[i]] = next++ % k;
  }
  return fold;
}

/** Options of {@link balancedSample}. */
export interface BalancedSampleOptions {
  /** Fraction of the smaller class used for training; default 0.8. */
  fraction?: number;
  seed?: number;
  /**
   * Fraction of the balanced training set held out as a validation set, taken from each class alike
   * (so it holds both classes, half and half). Default 0: no `val`.
   */
  validation?: number;
}

/**
 * The SHiP template's balanced split: take `fraction` (80%) of the smaller class and the same number
 * of events from the larger class for training; every other event (the rest of both classes) is the
 * test set. The training set is then exactly 50/50 while the test set keeps the natural imbalance.
 *
 * @param labels binary labels 0/1
 * @example
 * const { train, test } = balancedSample(y, { fraction: 0.8, seed: 0 });
 */
export function balancedSample(labels: ArrayLike<number>, options: BalancedSampleOptions = {}): SplitIndices & { val?: Int32Array } {
  const fraction = options.fraction ?? 0.8;
  check(fraction > 0 && fraction <= 1, 'balancedSample fraction', 'a number in (0, 1]', fraction);
  const gs = groups('balancedSample', labels.length, labels, new Random(options.seed ?? 0));
  check(gs.length === 2, 'balancedSample labels', 'exactly two classes', `${gs.length} classes`);
  const nTrain = Math.floor(fraction * Math.min(gs[0].length, gs[1].length));
  check(nTrain > 0, 'balancedSample labels', 'enough events in the smaller class', Math.min(gs[0].length, gs[1].length));
  const v = options.validation ?? 0;
  check(v >= 0 && v < 1, 'balancedSample validation', 'a fraction in [0, 1)', v);
  const nVal = Math.round(v * nTrain);
  const train: number[] = [];
  const val: number[] = [];
  const test: number[] = [];
  // Each class's events come shuffled: the first nTrain − nVal train, the next nVal validate, the rest test.
  for (const g of gs) for (let i = 0; i < g.length; i++) (i < nTrain - nVal ? train : i < nTrain ? val : test).push(g[i]);
  const out = { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
  return v > 0 ? { ...out, val: Int32Array.from(val).sort() } : out;
}

/** What {@link applySplit} can subset. */
export interface SplitData {
  x?: Matrix;
  y?: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

/**
 * The rows at `indices` of each given array (same keys back; 1-D arrays keep their typed-array kind).
 *
 * @example
 * const tr = applySplit(split.train, { x, y, weights }); // tr.x, tr.y, tr.weights
 */
export function applySplit<T extends SplitData>(indices: ArrayLike<number>, data: T): T {
  const out: SplitData = {};
  if (data.x) out.x = takeRows(data.x, indices);
  for (const key of ['y', 'weights'] as const) {
    const a = data[key];
    if (!a) continue;
    const ctor = (ArrayBuffer.isView(a) ? (a as unknown as { constructor: new (n: number) => Float64Array }).constructor : Float64Array);
    const t = new ctor(indices.length);
    for (let i = 0; i < indices.length; i++) t[i] = a[indices[i]];
    out[key] = t;
  }
  return out as T;
}
