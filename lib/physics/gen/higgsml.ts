/**
 * Toy H → τ_had τ_lep signal vs Z → ττ, W + jets and tt̄ backgrounds, in the 35 columns of the ATLAS
 * Higgs Boson Machine Learning Challenge 2014 (CERN open data record 328).
 *
 * Physics: a resonance of mass 125 (signal) or 91.2 GeV (Z) with pT ~ Exp(25 GeV) decays to two taus;
 * each tau keeps a visible fraction of its momentum (hadronic: Beta(2.5, 1.5); leptonic: Beta(2, 2))
 * and the neutrinos go along it (collinear approximation), so the visible mass sits below the
 * resonance and MET points between the two. W + jets and tt̄ pair a real lepton with a jet faking a tau
 * at independent angles (broad masses, larger MET). The DER_* features follow their definitions in
 * Adam-Bourdarios et al., "Learning to discover: the Higgs boson machine learning challenge" (2014),
 * appendix B, computed from the PRI_* values; DER_mass_MMC is the collinear mass smeared by 12 % and is
 * undefined (−999) for 7 % of signal, 15–30 % of background. Jet columns are −999 by the PRI_jet_num
 * rules (0 jets: all jet and di-jet columns; 1 jet: di-jet and subleading). Weights are per process and
 * normalised so that Σ_s ≈ 691.99 and Σ_b ≈ 410,999.85 per 250,000 events, as in the training set.
 */
import { Random } from '../random';
import { HIGGSML_COLUMNS, type HiggsmlColumns, fillDerived } from './higgsml-derived';

export { HIGGSML_COLUMNS, type HiggsmlColumns };

export interface HiggsmlOptions {
  events: number;
  seed?: number;
  /** Signal fraction. Default 0.3427 (85,667 of 250,000 in the training set). */
  signalFraction?: number;
}

/** Σ weights per 250,000 events in the Kaggle training set. */
export const HIGGSML_WEIGHT_SUMS = { signal: 691.988607712, background: 410999.847322 };

const SETS = [116, 98, 118, 117]; // 't', 'b', 'v', 'u' as char codes
const SET_FRACTIONS = [250000, 100000, 450000, 18238];

/**
 * Generates `events` HiggsML-like events (float columns Float64Array, integers in Float64Array as the
 * CSV's int64; `Label` and `KaggleSet` as ASCII codes: s = 115, b = 98; t, b, v, u).
 * @example const ev = generateHiggsml({ events: 10000, seed: 1 });
 */
export function generateHiggsml(options: HiggsmlOptions): HiggsmlColumns {
  const n = options.events;
  const rng = new Random(options.seed ?? 42);
  const fs = options.signalFraction ?? 0.3427;
  const c = {} as HiggsmlColumns;
  for (const name of HIGGSML_COLUMNS) c[name] = new Float64Array(n);
  const ev = { tauPt: 0, tauEta: 0, tauPhi: 0, lepPt: 0, lepEta: 0, lepPhi: 0, met: 0, metPhi: 0, mmc: 0 };
  let sumS = 0, sumB = 0;
  for (let i = 0; i < n; i++) {
    c.EventId[i] = 100000 + i;
    const sig = rng.bernoulli(fs);
    // process: 0 H, 1 Z→ττ, 2 W+jets, 3 tt̄
    const proc = sig ? 0 : rng.choice([0, 0.35, 0.4, 0.25]);
    if (proc <= 1) ditau(rng, proc === 0 ? 125 : 91.19, ev);
    else fake(rng, ev);
    c.PRI_tau_pt[i] = ev.tauPt; c.PRI_tau_eta[i] = ev.tauEta; c.PRI_tau_phi[i] = ev.tauPhi;
    c.PRI_lep_pt[i] = ev.lepPt; c.PRI_lep_eta[i] = ev.lepEta; c.PRI_lep_phi[i] = ev.lepPhi;
    const vbf = sig && rng.bernoulli(0.1);
    const nj = vbf ? 2 + rng.poisson(0.3) : proc === 3 ? 2 + rng.poisson(1) : rng.poisson(proc === 0 ? 0.8 : proc === 1 ? 0.6 : 0.9);
    jets(rng, c, i, nj, vbf);
    // MET: neutrinos plus resolution, σ ≈ 0.5 √ΣET.
    const sumet = 60 + ev.tauPt + ev.lepPt + c.PRI_jet_all_pt[i] + rng.gamma(2, 40);
    const res = 0.5 * Math.sqrt(sumet);
    const mx = ev.met * Math.cos(ev.metPhi) + rng.normal(0, res);
    const my = ev.met * Math.sin(ev.metPhi) + rng.normal(0, res);
    c.PRI_met[i] = Math.hypot(mx, my);
    c.PRI_met_phi[i] = Math.atan2(my, mx);
    c.PRI_met_sumet[i] = sumet;
    const undefinedMmc = rng.bernoulli(proc === 0 ? 0.07 : proc === 1 ? 0.15 : 0.3);
    c.DER_mass_MMC[i] = undefinedMmc ? -999 : ev.mmc * Math.exp(rng.normal(0, 0.12));
    const w = proc === 0 ? (vbf ? 0.0008 : 0.0027) : proc === 1 ? 0.6 * rng.gamma(6, 1 / 6) : proc === 2 ? 3.2 * rng.gamma(4, 1 / 4) : 1.1 * rng.gamma(4, 1 / 4);
    c.Weight[i] = w;
    if (sig) sumS += w; else sumB += w;
    c.Label[i] = sig ? 115 : 98;
  }
  fillDerived(c, n);
  normaliseWeights(rng, c, n, sumS, sumB);
  return c;
}

/** Resonance → τ τ with visible fractions and collinear neutrinos. */
function ditau(rng: Random, mass: number, ev: { tauPt: number; tauEta: number; tauPhi: number; lepPt: number; lepEta: number; lepPhi: number; met: number; metPhi: number; mmc: number }): void {
  for (;;) {
    const pt = rng.exponential(25), eta = rng.normal(0, 1.3), phi = rng.uniform(-Math.PI, Math.PI);
    // τ directions: back-to-back in the rest frame, boosted (massless-τ approximation).
    const ct = rng.uniform(-1, 1), st = Math.sqrt(1 - ct * ct), a = rng.uniform(0, 2 * Math.PI);
    const pStar = mass / 2;
    const px0 = pt * Math.cos(phi), py0 = pt * Math.sin(phi), pz0 = Math.sqrt(pt * pt + mass * mass) * Math.sinh(eta);
    const E0 = Math.sqrt(px0 * px0 + py0 * py0 + pz0 * pz0 + mass * mass);
    const bx = px0 / E0, by = py0 / E0, bz = pz0 / E0;
    const t1 = boost(pStar * st * Math.cos(a), pStar * st * Math.sin(a), pStar * ct, pStar, bx, by, bz);
    const t2 = boost(-pStar * st * Math.cos(a), -pStar * st * Math.sin(a), -pStar * ct, pStar, bx, by, bz);
    const xh = rng.beta(2.5, 1.5), xl = rng.beta(2, 2);
    const hPt = xh * Math.hypot(t1[0], t1[1]), lPt = xl * Math.hypot(t2[0], t2[1]);
    const hEta = Math.asinh(t1[2] / Math.hypot(t1[0], t1[1])), lEta = Math.asinh(t2[2] / Math.hypot(t2[0], t2[1]));
    if (hPt < 20 || lPt < 26 || Math.abs(hEta) > 2.5 || Math.abs(lEta) > 2.5) continue;
    ev.tauPt = hPt; ev.tauEta = hEta; ev.tauPhi = Math.atan2(t1[1], t1[0]);
    ev.lepPt = lPt; ev.lepEta = lEta; ev.lepPhi = Math.atan2(t2[1], t2[0]);
    const nx = (1 - xh) * t1[0] + (1 - xl) * t2[0], ny = (1 - xh) * t1[1] + (1 - xl) * t2[1];
    ev.met = Math.hypot(nx, ny);
    ev.metPhi = Math.atan2(ny, nx);
    ev.mmc = mass;
    return;
  }
}

/** W + jets / tt̄: a prompt lepton and a jet faking a τ at independent angles. */
function fake(rng: Random, ev: { tauPt: number; tauEta: number; tauPhi: number; lepPt: number; lepEta: number; lepPhi: number; met: number; metPhi: number; mmc: number }): void {
  ev.tauPt = 20 + rng.exponential(18);
  ev.tauEta = rng.uniform(-2.5, 2.5);
  ev.tauPhi = rng.uniform(-Math.PI, Math.PI);
  ev.lepPt = 26 + rng.exponential(25);
  ev.lepEta = rng.uniform(-2.5, 2.5);
  ev.lepPhi = rng.uniform(-Math.PI, Math.PI);
  ev.met = rng.gamma(2, 22);
  ev.metPhi = ev.lepPhi + Math.PI + rng.normal(0, 1.2);
  ev.mmc = 60 + rng.gamma(3, 30);
}

function jets(rng: Random, c: HiggsmlColumns, i: number, nj: number, vbf: boolean): void {
  let all = 0, lead = 0, sub = 0, eL = 0, pL = 0, eS = 0, pS = 0;
  for (let k = 0; k < nj; k++) {
    const pt = 30 + rng.exponential(vbf ? 50 : 35);
    const eta = vbf && k < 2 ? (k === 0 ? 1 : -1) * (1.2 + Math.abs(rng.normal(0, 1.4))) : rng.normal(0, 1.8);
    const phi = rng.uniform(-Math.PI, Math.PI);
    if (Math.abs(eta) > 4.5) { k--; continue; }
    all += pt;
    if (pt > lead) { sub = lead; eS = eL; pS = pL; lead = pt; eL = eta; pL = phi; }
    else if (pt > sub) { sub = pt; eS = eta; pS = phi; }
  }
  c.PRI_jet_num[i] = Math.min(nj, 3);
  c.PRI_jet_all_pt[i] = all;
  c.PRI_jet_leading_pt[i] = nj > 0 ? lead : -999;
  c.PRI_jet_leading_eta[i] = nj > 0 ? eL : -999;
  c.PRI_jet_leading_phi[i] = nj > 0 ? pL : -999;
  c.PRI_jet_subleading_pt[i] = nj > 1 ? sub : -999;
  c.PRI_jet_subleading_eta[i] = nj > 1 ? eS : -999;
  c.PRI_jet_subleading_phi[i] = nj > 1 ? pS : -999;
}

/** Scales Weight to the training-set sums per 250k events; KaggleSet and KaggleWeight per set. */
function normaliseWeights(rng: Random, c: HiggsmlColumns, n: number, sumS: number, sumB: number): void {
  const fS = sumS > 0 ? (HIGGSML_WEIGHT_SUMS.signal * n) / 250000 / sumS : 0;
  const fB = sumB > 0 ? (HIGGSML_WEIGHT_SUMS.background * n) / 250000 / sumB : 0;
  const setS = new Float64Array(4), setB = new Float64Array(4);
  const nTrain = Math.round((n * SET_FRACTIONS[0]) / 818238);
  const set = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const w = c.Weight[i] * (c.Label[i] === 115 ? fS : fB);
    c.Weight[i] = round(w, 11);
    set[i] = i < nTrain ? 0 : 1 + rng.choice([SET_FRACTIONS[1], SET_FRACTIONS[2], SET_FRACTIONS[3]]);
    c.KaggleSet[i] = SETS[set[i]];
    if (c.Label[i] === 115) setS[set[i]] += c.Weight[i]; else setB[set[i]] += c.Weight[i];
  }
  let totS = 0, totB = 0;
  for (let k = 0; k < 4; k++) { totS += setS[k]; totB += setB[k]; }
  for (let i = 0; i < n; i++) {
    const s = set[i];
    const f = c.Label[i] === 115 ? totS / (setS[s] || 1) : totB / (setB[s] || 1);
    c.KaggleWeight[i] = round(c.Weight[i] * f, 11);
  }
}

function boost(px: number, py: number, pz: number, e: number, bx: number, by: number, bz: number): [number, number, number] {
  const b2 = bx * bx + by * by + bz * bz;
  if (b2 === 0) return [px, py, pz];
  const g = 1 / Math.sqrt(1 - b2), bp = bx * px + by * py + bz * pz, g2 = (g - 1) / b2;
  return [px + g2 * bp * bx + g * bx * e, py + g2 * bp * by + g * by * e, pz + g2 * bp * bz + g * bz * e];
}

/** Rounds to `d` decimals (the CSV has 3 for features, 11 for weights). */
export function round(x: number, d: number): number {
  const f = Math.pow(10, d);
  return Math.round(x * f) / f;
}
