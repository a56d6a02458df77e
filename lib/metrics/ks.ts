/**
 * Two-sample Kolmogorov-Smirnov test, as scipy.stats.ks_2samp (scipy 1.10, two-sided): used to compare
 * train and test score distributions (overtraining check). Not yet used by a notebook (an overtraining check for 04-higgsml-dnn).
 */
import { check } from '../errors';
import { checkFinite, type Numbers } from './check';

/** Options of {@link ksTest}. */
export interface KsTestOptions {
  /**
   * 'exact': the exact null distribution (lattice-path counting); 'asymp': the asymptotic Kolmogorov
   * distribution; 'auto' (default): exact when both samples have at most 10 000 values, as scipy.
   */
  method?: 'auto' | 'exact' | 'asymp';
}

/** Result of {@link ksTest}. */
export interface KsTestResult {
  /** D = max |F_a − F_b| over all values. */
  statistic: number;
  /** Two-sided p-value under the hypothesis that both samples come from one distribution. */
  pvalue: number;
  /** The method that produced the p-value. */
  method: 'exact' | 'asymp';
}

const MAX_AUTO_N = 10000;

/**
 * Two-sample, two-sided KS test.
 *
 * The statistic equals scipy's exactly. The p-value: 'exact' matches scipy's exact method (for equal
 * sizes the same alternating series, Hodges 1958; otherwise 1 − P(path stays inside), computed by a
 * dynamic programme over lattice paths with hypergeometric step probabilities, so nothing overflows).
 * 'asymp' uses the limiting Kolmogorov distribution Q_KS(sqrt(en)·D), en = n·m/(n+m) (Smirnov 1948;
 * scipy.stats.kstwobign); scipy 1.10 uses instead the finite-n distribution kstwo(round(en)), which is
 * larger by O(1/sqrt(en)) relative: for n, m > 10 000 the two agree to about 1%.
 *
 * @param a first sample (e.g. training scores of signal)
 * @param b second sample (e.g. test scores of signal)
 * @param options `method` (default 'auto')
 * @example
 * const { statistic, pvalue } = ksTest(trainScores, testScores); // pvalue < 0.05: suspicious
 */
export function ksTest(a: Numbers, b: Numbers, options: KsTestOptions = {}): KsTestResult {
  const method = options.method ?? 'auto';
  check(method === 'auto' || method === 'exact' || method === 'asymp', 'ksTest method', "'auto', 'exact' or 'asymp'", method);
  check(a && a.length > 0, 'ksTest a', 'a non-empty sample', a);
  check(b && b.length > 0, 'ksTest b', 'a non-empty sample', b);
  checkFinite('ksTest a', a);
  checkFinite('ksTest b', b);
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const n1 = x.length;
  const n2 = y.length;
  let d = ksStatistic(x, y);
  const mode = method === 'auto' ? (Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp') : method;
  if (mode === 'exact') {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pvalue: 1, method: 'exact' };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : 1 - probInside(n1, n2, g, h);
    return { statistic: d, pvalue: Math.min(Math.max(p, 0), 1), method: 'exact' };
  }
  const en = (n1 * n2) / (n1 + n2);
  return { statistic: d, pvalue: Math.min(Math.max(kolmogorovSf(Math.sqrt(en) * d), 0), 1), method: 'asymp' };
}

/** max |F_x − F_y| for sorted samples, evaluated at every value (right-continuous ECDFs). */
function ksStatistic(x: Float64Array, y: Float64Array): number {
  const n1 = x.length;
  const n2 = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    while (i < n1 && x[i] <= v) i++;
    while (j < n2 && y[j] <= v) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) d = diff;
  }
  return d;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** P(D_{n,n} >= h/n): scipy's `_compute_prob_outside_square` (Horner form of the alternating series). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * P(every lattice point (i, j) of a random path from (0,0) to (n1,n2) has |i·n2/g − j·n1/g| < h).
 * One row of probabilities; a step from (i, j) goes along i with probability (n1−i)/(N−i−j).
 */
function probInside(n1: number, n2: number, g: number, h: number): number {
  const a = n2 / g;
  const b = n1 / g;
  const total = n1 + n2;
  const row = new Float64Array(n2 + 1); // row[j] = P(reach (i, j) inside)
  row[0] = 1;
  for (let j = 1; j <= n2; j++) {
    row[j] = Math.abs(-j * b) < h ? (row[j - 1] * (n2 - j + 1)) / (total - (j - 1)) : 0;
  }
  for (let i = 1; i <= n1; i++) {
    for (let j = 0; j <= n2; j++) {
      if (Math.abs(i * a - j * b) >= h) {
        row[j] = 0;
        continue;
      }
      const fromLeft = (row[j] * (n1 - i + 1)) / (total - (i - 1) - j); // step along i from (i-1, j)
      const fromBelow = j > 0 ? (row[j - 1] * (n2 - j + 1)) / (total - i - (j - 1)) : 0; // step along j from (i, j-1)
      row[j] = fromLeft + fromBelow;
    }
  }
  return row[n2];
}

/** Survival function of the Kolmogorov distribution (scipy.stats.kstwobign.sf). */
export function kolmogorovSf(z: number): number {
  if (z <= 0) return 1;
  if (z < 1) {
    // Q = 1 − sqrt(2π)/z Σ_{k>=1} exp(−(2k−1)² π² / (8 z²))
    let s = 0;
    for (let k = 1; k < 20; k++) s += Math.exp((-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI) / (8 * z * z));
    return 1 - (Math.sqrt(2 * Math.PI) / z) * s;
  }
  let s = 0;
  for (let k = 1; k < 100; k++) {
    const t = Math.exp(-2 * k * k * z * z);
    s += (k % 2 === 1 ? 1 : -1) * t;
    if (t < 1e-17) break;
  }
  return 2 * s;
}
