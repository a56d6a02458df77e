/**
 * Toy H → τ_had τ_lep signal vs Z → ττ, W + jets and tt̄ backgrounds, in the 35 columns of the ATLAS
 * Higgs Boson Machine Learning Challenge 2014 (CERN open data record 328).
 *
 * Physics, and what produces each effect a classifier sees:
 * - Recoil. Every event's jets (ISR, VBF tags, or tt̄'s b and W jets; pT > 30 GeV) plus soft unclustered
 *   activity balance the boson's transverse momentum, so DER_pt_tot (the vector sum of everything) is
 *   small and DER_pt_h grows with PRI_jet_all_pt. Signal has more jets than Z → ττ (gluon-fusion ISR is
 *   harder and 15 % of the signal is VBF, with two forward jets in opposite hemispheres, large Δη_jj, m_jj).
 * - Ditau decays (H at 125 GeV, Z at 91.2 GeV): isotropic in the boson rest frame; each τ keeps a visible
 *   fraction x of its momentum (τ → ℓνν: the Michel spectrum; τ → πν, ρν, a₁ν: flat above (m_vis/m_τ)²),
 *   the τ_had energy is measured to 8 %, and the neutrinos go along the τ (collinear approximation):
 *   m_vis sits well below the resonance, broad, and the MET points between the two.
 *   The H and Z masses are only 34 GeV apart and the mass reconstruction (DER_mass_MMC) has a 17 %
 *   resolution with a low tail (MET mismeasurement), so Z → ττ is the irreducible background.
 * - W + jets: W → ℓν with the W recoiling against the jets, one of which fakes the τ_had: m_T(ℓ, MET)
 *   has the Jacobian edge near m_W, the τ is not correlated with the lepton, m_vis is broad.
 * - tt̄: as W + jets with harder b jets (≥ 2 jets) and a second neutrino (τ or semileptonic b decay).
 * - Detector: lepton pT > 26 GeV, τ pT > 20 GeV, |η| < 2.5 (events outside are regenerated, which sculpts
 *   the boson pT as the trigger does); jets measured to 15 %, τ_had to 12 % (fakes 15 %). The MET is
 *   minus the sum of everything measured (with the soft term at half response plus pile-up noise), so
 *   it carries every mismeasurement and often points outside the τ–ℓ wedge (DER_met_phi_centrality < 0),
 *   while DER_pt_tot (τ + ℓ + MET + two jets) is just the soft term, a few GeV.
 * - DER_mass_MMC is undefined (−999) where the ditau fit fails: 3 % of signal, 8 % of Z → ττ, 35 % of fakes;
 *   for fakes it is the collinear mass m_vis / √(x_τ x_ℓ) of the event where defined (broad).
 * The DER_* features follow their definitions in Adam-Bourdarios et al., "Learning to discover: the
 * Higgs boson machine learning challenge" (2014), appendix B, computed from the PRI_* values. Jet
 * columns are −999 by the PRI_jet_num rules (0 jets: all jet and di-jet columns; 1 jet: di-jet and
 * subleading). Weights are per process and normalised so that Σ_s ≈ 691.99 and Σ_b ≈ 410,999.85 per
 * 250,000 events, as in the training set. Calibrated against 22,689 real events
 * (../shared/data/higgsml/reference.json; bench/calibration/higgsml.ts).
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

/** Process mixture of the background (raw events): Z → ττ, W + jets, tt̄. */
const BKG_SHARES = [0.3, 0.58, 0.12];
/** Jet-multiplicity probabilities (0, 1, 2, 3 jets beyond a fake τ) per process: ggF H, Z, W. */
const NJ = { h: [0.36, 0.38, 0.18, 0.08], z: [0.6, 0.28, 0.09, 0.03], w: [0.5, 0.3, 0.14, 0.06] };
/**
 * Mean true soft recoil (unclustered energy and jets below threshold, GeV), the soft term's response,
 * its pile-up noise per component (GeV) and the jet energy resolution.
 */
/** τ_had energy resolution for real τ and for jets faking a τ. */
const TES = 0.12, FAKE_TES = 0.15;
const SOFT = 12, SOFT_RESPONSE = 0.5, PILEUP = 6, JER = 0.15;

interface Ev { tauPt: number; tauEta: number; tauPhi: number; lepPt: number; lepEta: number; lepPhi: number }
interface Jets { n: number; pt: Float64Array; eta: Float64Array; phi: Float64Array }

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
  const ev: Ev = { tauPt: 0, tauEta: 0, tauPhi: 0, lepPt: 0, lepEta: 0, lepPhi: 0 };
  const J: Jets = { n: 0, pt: new Float64Array(8), eta: new Float64Array(8), phi: new Float64Array(8) };
  let sumS = 0, sumB = 0;
  for (let i = 0; i < n; i++) {
    c.EventId[i] = 100000 + i;
    const sig = rng.bernoulli(fs);
    // process: 0 H, 1 Z→ττ, 2 W+jets, 3 tt̄
    const proc = sig ? 0 : 1 + rng.choice(BKG_SHARES);
    const vbf = sig && rng.bernoulli(0.15);
    let sx = 0, sy = 0;
    for (;;) {
      drawJets(rng, proc, vbf, J);
      // The boson (or the W / tt̄ system) balances the jets' true momenta and the soft recoil.
      const soft = rng.exponential(SOFT), sf = rng.uniform(-Math.PI, Math.PI);
      sx = soft * Math.cos(sf); sy = soft * Math.sin(sf);
      let rx = sx, ry = sy;
      for (let k = 0; k < J.n; k++) {
        const t = k === 0 && proc >= 2 ? J.pt[k] : J.pt[k] * Math.exp(rng.normal(0, JER));
        rx += t * Math.cos(J.phi[k]); ry += t * Math.sin(J.phi[k]);
      }
      if (proc <= 1 ? ditau(rng, proc === 0 ? 125 : 91.19, -rx, -ry, ev) : wlep(rng, -rx, -ry, proc === 3, J, ev)) break;
    }
    c.PRI_tau_pt[i] = ev.tauPt; c.PRI_tau_eta[i] = ev.tauEta; c.PRI_tau_phi[i] = ev.tauPhi;
    c.PRI_lep_pt[i] = ev.lepPt; c.PRI_lep_eta[i] = ev.lepEta; c.PRI_lep_phi[i] = ev.lepPhi;
    // W / tt̄: jet 0 became the fake τ and is not a jet any more.
    const from = proc >= 2 ? 1 : 0;
    writeJets(c, i, J, from);
    // MET is what the detector can compute: minus the vector sum of everything measured (τ, ℓ, jets,
    // the soft term at half response plus pile-up noise). It carries the neutrinos and every
    // mismeasurement (τ energy scale, jet resolution, soft term); DER_pt_tot is the soft term.
    const qx = SOFT_RESPONSE * sx + rng.normal(0, PILEUP), qy = SOFT_RESPONSE * sy + rng.normal(0, PILEUP);
    let mx = -qx - ev.tauPt * Math.cos(ev.tauPhi) - ev.lepPt * Math.cos(ev.lepPhi);
    let my = -qy - ev.tauPt * Math.sin(ev.tauPhi) - ev.lepPt * Math.sin(ev.lepPhi);
    for (let k = from; k < J.n; k++) { mx -= J.pt[k] * Math.cos(J.phi[k]); my -= J.pt[k] * Math.sin(J.phi[k]); }
    const sumet = ev.tauPt + ev.lepPt + c.PRI_jet_all_pt[i] + Math.hypot(qx, qy) + rng.gamma(1.5, 25);
    c.PRI_met[i] = Math.hypot(mx, my);
    c.PRI_met_phi[i] = Math.atan2(my, mx);
    c.PRI_met_sumet[i] = sumet;
    c.DER_mass_MMC[i] = mmc(rng, ev, mx, my);
    const w = proc === 0 ? (vbf ? 0.0008 : 0.0027) : proc === 1 ? 0.6 * rng.gamma(6, 1 / 6) : proc === 2 ? 3.2 * rng.gamma(4, 1 / 4) : 1.1 * rng.gamma(4, 1 / 4);
    c.Weight[i] = w;
    if (sig) sumS += w; else sumB += w;
    c.Label[i] = sig ? 115 : 98;
  }
  fillDerived(c, n);
  normaliseWeights(rng, c, n, sumS, sumB);
  return c;
}

/**
 * The event's jets above 30 GeV (for W + jets and tt̄, jet 0 is the one that fakes the τ, ≥ 20 GeV).
 * VBF: two forward tag jets in opposite hemispheres; tt̄: two hard b jets.
 */
function drawJets(rng: Random, proc: number, vbf: boolean, J: Jets): void {
  let k = 0;
  const add = (pt: number, eta: number): void => {
    J.pt[k] = pt; J.eta[k] = eta; J.phi[k] = rng.uniform(-Math.PI, Math.PI); k++;
  };
  if (proc >= 2) add(20 + rng.exponential(proc === 3 ? 35 : 30), rng.normal(0, 1.3));
  if (vbf) {
    const side = rng.bernoulli(0.5) ? 1 : -1;
    add(30 + rng.exponential(60), side * (1.4 + Math.abs(rng.normal(0, 1.3))));
    add(30 + rng.exponential(40), -side * (1.4 + Math.abs(rng.normal(0, 1.3))));
    if (rng.bernoulli(0.25)) add(30 + rng.exponential(25), rng.normal(0, 2));
  } else if (proc === 3) {
    const m = 2 + rng.poisson(0.6);
    for (let j = 0; j < m && k < 8; j++) add(30 + rng.exponential(j < 2 ? 55 : 30), rng.normal(0, 1.4));
  } else {
    const m = rng.choice(proc === 0 ? NJ.h : proc === 1 ? NJ.z : NJ.w);
    const scale = proc === 0 ? 45 : 30;
    for (let j = 0; j < m; j++) add(30 + rng.exponential(j === 0 ? scale : 25), rng.normal(0, 1.9));
  }
  for (let j = 0; j < k; j++) if (Math.abs(J.eta[j]) > 4.5) J.eta[j] = Math.sign(J.eta[j]) * rng.uniform(3.5, 4.5);
  J.n = k;
}

/**
 * Resonance of transverse momentum (bx, by) → τ τ with visible fractions and collinear neutrinos.
 * Returns false when the visible τ or lepton fails the acceptance (the caller regenerates the event).
 */
function ditau(rng: Random, mass: number, bx: number, by: number, ev: Ev): boolean {
  const y = rng.normal(0, 1.3);
  const mt = Math.sqrt(bx * bx + by * by + mass * mass);
  const E0 = mt * Math.cosh(y), pz0 = mt * Math.sinh(y);
  // τ directions: back-to-back in the rest frame, boosted (massless-τ approximation).
  const ct = rng.uniform(-1, 1), st = Math.sqrt(1 - ct * ct), a = rng.uniform(0, 2 * Math.PI);
  const p = mass / 2;
  const t1 = boost(p * st * Math.cos(a), p * st * Math.sin(a), p * ct, p, bx / E0, by / E0, pz0 / E0);
  const t2 = boost(-p * st * Math.cos(a), -p * st * Math.sin(a), -p * ct, p, bx / E0, by / E0, pz0 / E0);
  const xh = hadronicFraction(rng), xl = leptonicFraction(rng);
  // τ_had energy resolution 12 %; the neutrinos take the true remainder.
  const hPt = xh * Math.hypot(t1[0], t1[1]) * Math.exp(rng.normal(0, TES)), lPt = xl * Math.hypot(t2[0], t2[1]);
  const hEta = Math.asinh(t1[2] / Math.hypot(t1[0], t1[1])), lEta = Math.asinh(t2[2] / Math.hypot(t2[0], t2[1]));
  if (hPt < 20 || lPt < 26 || Math.abs(hEta) > 2.5 || Math.abs(lEta) > 2.5) return false;
  ev.tauPt = hPt; ev.tauEta = hEta; ev.tauPhi = Math.atan2(t1[1], t1[0]);
  ev.lepPt = lPt; ev.lepEta = lEta; ev.lepPhi = Math.atan2(t2[1], t2[0]);
  return true;
}

/**
 * Visible energy fraction of τ → ℓνν: the Michel spectrum of an unpolarised τ in the collinear limit,
 * f(x) = 5/3 − 3x² + 4/3 x³ on [0, 1] (soft leptons, most energy to the two neutrinos).
 */
function leptonicFraction(rng: Random): number {
  for (;;) {
    const x = rng.uniform();
    if (rng.uniform(0, 5 / 3) < 5 / 3 - 3 * x * x + (4 / 3) * x * x * x) return x;
  }
}

/**
 * Visible energy fraction of τ → hadrons ν: flat for τ → πν, and for τ → ρν / a₁ν flat above
 * (m_vis / m_τ)² (ρ: 0.19, a₁: 0.4), in their branching-ratio proportions (π 0.23, ρ 0.51, a₁ 0.26 of 1-prong + 3-prong).
 */
function hadronicFraction(rng: Random): number {
  const k = rng.choice([0.23, 0.51, 0.26]);
  return rng.uniform(k === 0 ? 0 : k === 1 ? 0.19 : 0.4, 1);
}

/**
 * W + jets / tt̄: W → ℓν recoiling with transverse momentum (bx, by); jet 0 fakes the τ. tt̄ adds a
 * second neutrino (τ or semileptonic b decay) that the W system also balances.
 */
function wlep(rng: Random, bx: number, by: number, tt: boolean, J: Jets, ev: Ev): boolean {
  let ex = 0, ey = 0;
  if (tt) {
    const pt = rng.gamma(2, 12), f = rng.uniform(-Math.PI, Math.PI);
    ex = pt * Math.cos(f); ey = pt * Math.sin(f);
  }
  const wx = bx - ex, wy = by - ey;
  const mw = 80.4 + 2.1 * rng.normal();
  const y = rng.normal(0, 1.2);
  const mt = Math.sqrt(wx * wx + wy * wy + mw * mw);
  const E0 = mt * Math.cosh(y), pz0 = mt * Math.sinh(y);
  const ct = rng.uniform(-1, 1), st = Math.sqrt(1 - ct * ct), a = rng.uniform(0, 2 * Math.PI);
  const p = mw / 2;
  const l = boost(p * st * Math.cos(a), p * st * Math.sin(a), p * ct, p, wx / E0, wy / E0, pz0 / E0);
  const lPt = Math.hypot(l[0], l[1]), lEta = Math.asinh(l[2] / lPt);
  if (lPt < 26 || Math.abs(lEta) > 2.5 || Math.abs(J.eta[0]) > 2.5) return false;
  ev.lepPt = lPt; ev.lepEta = lEta; ev.lepPhi = Math.atan2(l[1], l[0]);
  // The fake τ: a narrow jet measured at ≈ its full pT.
  ev.tauPt = J.pt[0] * Math.exp(rng.normal(0, FAKE_TES)); ev.tauEta = J.eta[0]; ev.tauPhi = J.phi[0];
  if (ev.tauPt < 20) return false;
  return true;
}

/** Writes the jets from index `from` on: sorted by pT, −999 where absent, PRI_jet_num capped at 3. */
function writeJets(c: HiggsmlColumns, i: number, J: Jets, from: number): void {
  let all = 0, lead = -1, sub = -1;
  for (let k = from; k < J.n; k++) {
    all += J.pt[k];
    if (lead < 0 || J.pt[k] > J.pt[lead]) { sub = lead; lead = k; } else if (sub < 0 || J.pt[k] > J.pt[sub]) sub = k;
  }
  const nj = J.n - from;
  c.PRI_jet_num[i] = Math.min(nj, 3);
  c.PRI_jet_all_pt[i] = all;
  c.PRI_jet_leading_pt[i] = lead >= 0 ? J.pt[lead] : -999;
  c.PRI_jet_leading_eta[i] = lead >= 0 ? J.eta[lead] : -999;
  c.PRI_jet_leading_phi[i] = lead >= 0 ? J.phi[lead] : -999;
  c.PRI_jet_subleading_pt[i] = sub >= 0 ? J.pt[sub] : -999;
  c.PRI_jet_subleading_eta[i] = sub >= 0 ? J.eta[sub] : -999;
  c.PRI_jet_subleading_phi[i] = sub >= 0 ? J.phi[sub] : -999;
}

/**
 * DER_mass_MMC, a function of the measured objects only (as the real fit is; no truth): the collinear
 * mass m_vis · √((1 + a)(1 + b)), where MET = a·τ + b·ℓ assigns the neutrinos to the two visible
 * objects, each share floored at 0 (a neutrino cannot point backwards) and capped at 1 (the fit's prior on x); for
 * back-to-back τ and ℓ the shares are the MET projections. The fit fails (−999) for 1 % of events, and
 * for half of those whose MET points away from both objects (mostly fakes).
 */
/** Mass-scale calibration of the fit (puts the H peak at 125 GeV). */
const MMC_SCALE = 1.12;

function mmc(rng: Random, ev: Ev, mx: number, my: number): number {
  const fail = rng.bernoulli(0.01), away = rng.bernoulli(0.5);
  const ux = Math.cos(ev.tauPhi), uy = Math.sin(ev.tauPhi), vx = Math.cos(ev.lepPhi), vy = Math.sin(ev.lepPhi);
  const det = ux * vy - uy * vx;
  let a: number, b: number;
  if (Math.abs(det) > 0.1) {
    a = (mx * vy - my * vx) / det / ev.tauPt; b = (ux * my - uy * mx) / det / ev.lepPt;
  } else {
    a = (mx * ux + my * uy) / ev.tauPt; b = (mx * vx + my * vy) / ev.lepPt;
  }
  if (fail || (a < 0 && b < 0 && away)) return -999;
  a = Math.min(Math.max(a, 0), 1); b = Math.min(Math.max(b, 0), 1);
  const mvis = Math.sqrt(Math.max(0, 2 * ev.tauPt * ev.lepPt * (Math.cosh(ev.tauEta - ev.lepEta) - Math.cos(ev.tauPhi - ev.lepPhi))));
  return MMC_SCALE * mvis * Math.sqrt((1 + a) * (1 + b));
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
