/**
 * Separation power of a variable, TMVA's ranking measure (A. Hoecker et al., "TMVA - Toolkit for
 * Multivariate Data Analysis", arXiv:physics/0703039, eq. 8):
 *
 *   <S²> = 1/2 Σ_bins (ŝ_i − b̂_i)² / (ŝ_i + b̂_i),
 *
 * with ŝ, b̂ the signal and background histograms normalised to unit sum. 0 = identical shapes,
 * 1 = no overlap. Taught in 01-ww-exploration.
 */
import { check, HepmlError } from '../errors';
import { checkFinite, checkWeights, type Numbers } from './check';

/** Options of {@link separationPower}. */
export interface SeparationOptions {
  /** Number of equal-width bins over `range`; default 40. */
  bins?: number;
  /** [lo, hi] of the histograms; default: the min and max over both samples. */
  range?: [number, number];
  /** Event weights of each sample; default: all 1. */
  weights?: { sig?: Numbers; bkg?: Numbers };
}

/**
 * Separation <S²> between the signal and background distributions of one variable.
 *
 * @param sig the variable's values for signal events
 * @param bkg the variable's values for background events
 * @param options `bins` (default 40), `range` (default both samples' min..max), `weights`
 * @returns <S²> in [0, 1]
 * @example
 * separationPower(x.sig, x.bkg, { bins: 50 }); // 0.31
 */
export function separationPower(sig: Numbers, bkg: Numbers, options: SeparationOptions = {}): number {
  const bins = options.bins ?? 40;
  check(Number.isInteger(bins) && bins > 0, 'separationPower bins', 'a positive integer', bins);
  check(sig && sig.length > 0, 'separationPower sig', 'a non-empty sample', sig);
  check(bkg && bkg.length > 0, 'separationPower bkg', 'a non-empty sample', bkg);
  checkFinite('separationPower sig', sig);
  checkFinite('separationPower bkg', bkg);
  const ws = options.weights?.sig;
  const wb = options.weights?.bkg;
  checkWeights('separationPower weights.sig', ws, sig.length, false);
  checkWeights('separationPower weights.bkg', wb, bkg.length, false);
  let lo: number;
  let hi: number;
  if (options.range) {
    [lo, hi] = options.range;
    check(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo, 'separationPower range', '[lo, hi] with lo < hi', options.range);
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (const arr of [sig, bkg]) for (let i = 0; i < arr.length; i++) {
      if (arr[i] < lo) lo = arr[i];
      if (arr[i] > hi) hi = arr[i];
    }
    if (hi === lo) return 0;
  }
  const hs = fill(sig, ws, bins, lo, hi);
  const hb = fill(bkg, wb, bins, lo, hi);
  let ts = 0;
  let tb = 0;
  for (let k = 0; k < bins; k++) {
    ts += hs[k];
    tb += hb[k];
  }
  if (!(ts > 0) || !(tb > 0)) throw new HepmlError(`separationPower: expected signal and background inside the range [${lo}, ${hi}], found total weights ${ts} and ${tb}.`);
  let sep = 0;
  for (let k = 0; k < bins; k++) {
    const s = hs[k] / ts;
    const b = hb[k] / tb;
    if (s + b > 0) sep += ((s - b) * (s - b)) / (s + b);
  }
  return sep / 2;
}

function fill(v: Numbers, w: Numbers | undefined, bins: number, lo: number, hi: number): Float64Array {
  const h = new Float64Array(bins);
  const scale = bins / (hi - lo);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x < lo || x > hi) continue;
    const k = x === hi ? bins - 1 : Math.floor((x - lo) * scale);
    h[Math.min(k, bins - 1)] += w ? w[i] : 1;
  }
  return h;
}
