/**
 * Toy H → τ_had τ_lep signal vs Z → ττ, W + jets and tt̄ backgrounds, in the 35 columns of the ATLAS
 * Higgs Boson Machine Learning Challenge 2014 (CERN open data record 328).
 *
 * Physics, and what produces each effect a classifier sees:
 * - Recoil. Every event's jets (ISR, VBF tags, or tt̄'s b and W jets; pT > 30 GeV), the jets between 20
 *   and 30 GeV (in the MET, not in the jet columns) and the unclustered soft recoil balance the boson's
 *   transverse momentum. Signal has more and harder jets than Z → ττ (gluon-fusion ISR; 15 % of the signal
 *   is VBF, with two forward jets in opposite hemispheres, large Δη_jj, m_jj); the leading jet of Z / W + jets
 *   falls as a power law, so boosted Z → ττ exists. gg → H is more central in rapidity than qq̄ → Z, W.
 * - Ditau decays (H at 125 GeV; Z/γ* → ττ with the Breit–Wigner line shape and a 4 % Drell–Yan continuum,
 *   which gives the Z a high-mass tail under the Higgs): isotropic in the boson rest frame; each τ keeps a
 *   visible fraction x of its momentum (τ → ℓνν: the Michel spectrum; τ → πν, ρν, a₁ν: flat above
 *   (m_vis/m_τ)²), the τ_had energy is measured to 12 %, and the neutrinos go along the τ (collinear
 *   approximation): m_vis sits well below the resonance and the true MET points between the two.
 * - W + jets: W → ℓν, the W recoiling against the jets, one of which fakes the τ_had. Fakes come from a
 *   steeply falling jet spectrum (P(pT > x) ∝ x^−3.2), so the fake τ is soft (median ≈ 26 GeV) and
 *   DER_pt_ratio_lep_tau large; the τ candidate is the jet's narrow core (50–100 % of its pT), the rest of
 *   the shower goes to the soft term. m_T(ℓ, MET) has the Jacobian edge near m_W; the W shares the jet's
 *   rapidity (the partonic boost), so τ and ℓ are closer in η than independent objects. 15 % of the
 *   W decays that give a lepton are W → τν, τ → ℓνν: a softer lepton and more MET along it.
 * - tt̄: as W + jets with ≥ 2 b jets, a harder fake spectrum and a second neutrino (τ or semileptonic b).
 * - Detector: lepton pT > 26 GeV, τ pT > 20 GeV, |η| < 2.5 (events outside are regenerated, which sculpts
 *   the boson pT as the trigger does); jets measured to 20 %, jets below 30 GeV to 30 %, τ_had to 12 %
 *   (fakes 15 %). The MET is minus the sum of everything measured, with the soft term at 20 % response
 *   (2012 pile-up conditions): the unmeasured soft recoil (≈ 20 GeV) dominates the MET error, so even in
 *   signal the MET often points outside the τ–ℓ wedge (DER_met_phi_centrality < 0 for ≈ 34 %) and
 *   m_T(ℓ, MET) is not small, while DER_pt_tot (τ + ℓ + MET + two jets) is the measured soft term plus
 *   the jets outside the two leading ones: a few GeV, or 20–30 GeV with a jet below threshold.
 * - DER_mass_MMC is a fit of the collinear mass m_vis · √((1 + a)(1 + b)) (neutrino shares a, b ≤ 1); it
 *   fails (−999) where the MET is incompatible with neutrinos along τ and ℓ within 4 σ of the MET
 *   resolution (σ = √ΣE_T GeV), and in 1 % of events: ≈ 6 % of signal, 8 % of Z → ττ, 25–28 % of fakes.
 * - Weights per process, as the real file's weight clusters are (by their m_T and jet counts): W + jets
 *   carries most of the background weight (generated in jet-multiplicity slices: 0 jets ≈ 1.6 per event,
 *   with jets ≈ 0.75), Z → ττ ≈ 0.45 per event (17 % of the weight), tt̄ ≈ 0.05 (a large sample).
 * The DER_* features follow their definitions in Adam-Bourdarios et al., "Learning to discover: the
 * Higgs boson machine learning challenge" (2014), appendix B, computed from the PRI_* values. Jet
 * columns are −999 by the PRI_jet_num rules (0 jets: all jet and di-jet columns; 1 jet: di-jet and
 * subleading). Weights are per process and normalised as the open-data (v2) file's `Weight` column is:
 * Σ_s ≈ 691.99 and Σ_b ≈ 410,999.85 over all its 818,238 events (so ≈ 0.0025 and 0.76 per event, as
 * reference.json's means), and `KaggleWeight` renormalises within each KaggleSet (× ≈ 3.27 in the
 * training set t, whose KaggleWeight is Kaggle's training.csv weight). Calibrated against 22,689 real events
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

/**
 * Σ weights of the challenge's training set (Kaggle's training.csv, KaggleSet t): the luminosity its AMS
 * figures are quoted at. The open-data file's `Weight` reaches these sums over all its 818,238 events.
 */
export const HIGGSML_WEIGHT_SUMS = { signal: 691.988607712, background: 410999.847322 };

const SETS = [116, 98, 118, 117]; // 't', 'b', 'v', 'u' as char codes
const SET_FRACTIONS = [250000, 100000, 450000, 18238];
/** Events in the open-data file (the four KaggleSets). */
const V2_EVENTS = 818238;

/** Process mixture of the background (raw events): Z → ττ, W + jets, tt̄. */
const BKG_SHARES = [0.3, 0.58, 0.12];
/** Jet-multiplicity probabilities (0, 1, 2, 3 jets beyond a fake τ) per process: ggF H, Z, W. */
const NJ = { h: [0.36, 0.38, 0.18, 0.08], z: [0.6, 0.28, 0.09, 0.03], w: [0.5, 0.3, 0.14, 0.06] };
/** τ_had energy resolution for real τ and for jets faking a τ. */
const TES = 0.12, FAKE_TES = 0.15;
/** Integral power of the fake-τ pT spectrum above 20 GeV, P(pT > x) = (x / 20)^−k: W + jets, tt̄. */
const FAKE_SLOPE_W = 3.2, FAKE_SLOPE_TT = 2.2;
/** The same power for the leading jet of Z / W + jets above 30 GeV. */
const VJET_SLOPE = 2.3;
/** Range of the share of a fake-τ jet's pT in its narrow core (the τ candidate). */
const FAKE_CORE = [0.5, 1];
/**
 * Mean true unclustered soft recoil (GeV), the soft term's response, its measured noise per component
 * (GeV) and the jet energy resolution.
 */
const SOFT = 24, SOFT_RESPONSE = 0.2, SOFT_NOISE = 2, JER = 0.2;
/** Mean number of jets between 20 and 30 GeV (in the MET, not in the jet columns) and their resolution. */
const SUB_JETS = 0.35, SUB_JER = 0.3;
/** Width of the boson rapidity: gg → H is more central than qq̄ → Z, W (valence quarks at larger x). */
const Y_GG = 1.3, Y_QQ = 1.9;
/** Share of Z/γ* → ττ events in the Drell–Yan continuum off the Z pole. */
const DY_CONTINUUM = 0.04;
/** Share of the fake-τ jet's rapidity that the W carries (the common boost of the partonic system). */
const W_JET_Y = 0.5;
/** Share of W → τν, τ → ℓνν among the W decays giving a lepton: (1/3 · 0.35) / (2/3 + 1/3 · 0.35). */
const W_TAU = 0.149;

interface Ev { rest: number; tauPt: number; tauEta: number; tauPhi: number; lepPt: number; lepEta: number; lepPhi: number }
interface Jets { n: number; sub: number; pt: Float64Array; eta: Float64Array; phi: Float64Array }

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
  const ev: Ev = { rest: 0, tauPt: 0, tauEta: 0, tauPhi: 0, lepPt: 0, lepEta: 0, lepPhi: 0 };
  const J: Jets = { n: 0, sub: 0, pt: new Float64Array(12), eta: new Float64Array(12), phi: new Float64Array(12) };
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
      // The boson (or the W / tt̄ system) balances the jets' true momenta, the jets below the 30 GeV
      // threshold and the unclustered soft recoil.
      const soft = rng.exponential(SOFT), sf = rng.uniform(-Math.PI, Math.PI);
      sx = soft * Math.cos(sf); sy = soft * Math.sin(sf);
      let rx = sx, ry = sy;
      J.sub = Math.min(rng.poisson(SUB_JETS), J.pt.length - J.n);
      for (let k = J.n; k < J.n + J.sub; k++) { J.pt[k] = 20 + 10 * rng.uniform(); J.eta[k] = rng.normal(0, 2); J.phi[k] = rng.uniform(-Math.PI, Math.PI); }
      for (let k = 0; k < J.n + J.sub; k++) {
        const t = k === 0 && proc >= 2 ? J.pt[k] : J.pt[k] * Math.exp(rng.normal(0, k < J.n ? JER : SUB_JER));
        rx += t * Math.cos(J.phi[k]); ry += t * Math.sin(J.phi[k]);
      }
      if (proc <= 1 ? ditau(rng, proc === 0 ? 125 : dyMass(rng), proc === 0 ? Y_GG : Y_QQ, -rx, -ry, ev) : wlep(rng, -rx, -ry, proc === 3, J, ev)) break;
    }
    c.PRI_tau_pt[i] = ev.tauPt; c.PRI_tau_eta[i] = ev.tauEta; c.PRI_tau_phi[i] = ev.tauPhi;
    c.PRI_lep_pt[i] = ev.lepPt; c.PRI_lep_eta[i] = ev.lepEta; c.PRI_lep_phi[i] = ev.lepPhi;
    // W / tt̄: jet 0 became the fake τ and is not a jet any more.
    const from = proc >= 2 ? 1 : 0;
    writeJets(c, i, J, from);
    // MET is what the detector can compute: minus the vector sum of everything measured (τ, ℓ, jets,
    // the jets below threshold, the soft term at its low response plus noise). It carries the
    // neutrinos and every mismeasurement (τ energy scale, jet resolution, the unmeasured soft recoil);
    // DER_pt_tot is the measured soft term plus the jets not in the two leading ones.
    const qx = SOFT_RESPONSE * (sx + ev.rest * Math.cos(ev.tauPhi)) + rng.normal(0, SOFT_NOISE);
    const qy = SOFT_RESPONSE * (sy + ev.rest * Math.sin(ev.tauPhi)) + rng.normal(0, SOFT_NOISE);
    let mx = -qx - ev.tauPt * Math.cos(ev.tauPhi) - ev.lepPt * Math.cos(ev.lepPhi);
    let my = -qy - ev.tauPt * Math.sin(ev.tauPhi) - ev.lepPt * Math.sin(ev.lepPhi);
    let subSum = 0;
    for (let k = from; k < J.n + J.sub; k++) { mx -= J.pt[k] * Math.cos(J.phi[k]); my -= J.pt[k] * Math.sin(J.phi[k]); if (k >= J.n) subSum += J.pt[k]; }
    const sumet = ev.tauPt + ev.lepPt + c.PRI_jet_all_pt[i] + subSum + Math.hypot(qx, qy) + rng.gamma(1.5, 25);
    c.PRI_met[i] = Math.hypot(mx, my);
    c.PRI_met_phi[i] = Math.atan2(my, mx);
    c.PRI_met_sumet[i] = sumet;
    c.DER_mass_MMC[i] = mmc(rng, ev, mx, my, MET_RESOLUTION * Math.sqrt(sumet));
    // Weights as the real file's clusters: W + jets generated in jet-multiplicity slices (0 jets ≈ 1.6,
    // with jets ≈ 0.75), Z → ττ ≈ 0.45, tt̄ (a large sample) ≈ 0.05.
    const w = proc === 0 ? (vbf ? 0.0008 : 0.0027) : proc === 1 ? 0.45 * rng.gamma(20, 1 / 20)
      : proc === 2 ? (c.PRI_jet_num[i] === 0 ? 1.6 : 0.75) * rng.gamma(20, 1 / 20) : 0.05 * rng.gamma(2, 1 / 2);
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
  if (proc >= 2) add(20 * Math.pow(rng.uniformPositive(), -1 / (proc === 3 ? FAKE_SLOPE_TT : FAKE_SLOPE_W)), rng.normal(0, 1.6));
  if (vbf) {
    const side = rng.bernoulli(0.5) ? 1 : -1;
    add(30 + rng.exponential(45), side * (1.4 + Math.abs(rng.normal(0, 1.3))));
    add(30 + rng.exponential(30), -side * (1.4 + Math.abs(rng.normal(0, 1.3))));
    if (rng.bernoulli(0.25)) add(30 + rng.exponential(25), rng.normal(0, 2));
  } else if (proc === 3) {
    const m = 2 + rng.poisson(0.6);
    for (let j = 0; j < m && k < 8; j++) add(30 + rng.exponential(j < 2 ? 35 : 25), rng.normal(0, 1.4));
  } else {
    const m = rng.choice(proc === 0 ? NJ.h : proc === 1 ? NJ.z : NJ.w);
    // ggF: hard ISR; Z / W + jets: a falling power law, P(pT > x) = (x / 30)^−k (boosted Z → ττ exists).
    for (let j = 0; j < m; j++) {
      const pt = j > 0 ? 30 + rng.exponential(25) : proc === 0 ? 30 + rng.exponential(45) : 30 * Math.pow(rng.uniformPositive(), -1 / VJET_SLOPE);
      add(pt, rng.normal(0, 1.9));
    }
  }
  for (let j = 0; j < k; j++) if (Math.abs(J.eta[j]) > 4.5) J.eta[j] = Math.sign(J.eta[j]) * rng.uniform(3.5, 4.5);
  J.n = k;
}

/**
 * Resonance of transverse momentum (bx, by) → τ τ with visible fractions and collinear neutrinos.
 * Returns false when the visible τ or lepton fails the acceptance (the caller regenerates the event).
 */
function ditau(rng: Random, mass: number, ySigma: number, bx: number, by: number, ev: Ev): boolean {
  const y = rng.normal(0, ySigma);
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
  ev.rest = 0; ev.tauPt = hPt; ev.tauEta = hEta; ev.tauPhi = Math.atan2(t1[1], t1[0]);
  ev.lepPt = lPt; ev.lepEta = lEta; ev.lepPhi = Math.atan2(t2[1], t2[0]);
  return true;
}

/**
 * Mass of the Z/γ* → ττ pair (the samples start at m_ττ = 60 GeV): a Breit–Wigner at m_Z = 91.19 GeV,
 * Γ = 2.50 GeV, and the Drell–Yan continuum (γ* and the Z tails, falling as m^−4 above the pole)
 * for DY_CONTINUUM of the events.
 */
function dyMass(rng: Random): number {
  if (rng.bernoulli(DY_CONTINUUM)) {
    // Below the pole flat on 60–85 GeV; above it a density falling as m^−4 from 97 GeV (by inversion).
    return rng.bernoulli(0.3) ? 60 + 25 * rng.uniform() : 97 * Math.pow(rng.uniformPositive(), -1 / 3);
  }
  for (;;) {
    const m = 91.19 + 1.25 * Math.tan(Math.PI * (rng.uniform() - 0.5));
    if (m > 60 && m < 250) return m;
  }
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
  // The W and the jet that fakes the τ share the boost of the partonic system: close in rapidity.
  const y = W_JET_Y * J.eta[0] + rng.normal(0, Y_QQ * Math.sqrt(1 - W_JET_Y * W_JET_Y));
  const mt = Math.sqrt(wx * wx + wy * wy + mw * mw);
  const E0 = mt * Math.cosh(y), pz0 = mt * Math.sinh(y);
  const ct = rng.uniform(-1, 1), st = Math.sqrt(1 - ct * ct), a = rng.uniform(0, 2 * Math.PI);
  const p = mw / 2;
  const l = boost(p * st * Math.cos(a), p * st * Math.sin(a), p * ct, p, wx / E0, wy / E0, pz0 / E0);
  // W → τν with τ → ℓνν: the lepton keeps a Michel fraction of the τ, the rest adds to the MET.
  const x = rng.bernoulli(W_TAU) ? leptonicFraction(rng) : 1;
  const lPt = x * Math.hypot(l[0], l[1]), lEta = Math.asinh(l[2] / Math.hypot(l[0], l[1]));
  if (lPt < 26 || Math.abs(lEta) > 2.5 || Math.abs(J.eta[0]) > 2.5) return false;
  ev.lepPt = lPt; ev.lepEta = lEta; ev.lepPhi = Math.atan2(l[1], l[0]);
  // The fake τ: the narrow core of a jet (a fraction FAKE_CORE of its pT) at the τ energy scale;
  // the rest of the jet's shower is left to the soft term.
  const core = FAKE_CORE[0] + (FAKE_CORE[1] - FAKE_CORE[0]) * rng.uniform();
  ev.tauPt = core * J.pt[0] * Math.exp(rng.normal(0, FAKE_TES)); ev.tauEta = J.eta[0]; ev.tauPhi = J.phi[0];
  ev.rest = (1 - core) * J.pt[0];
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

/** Mass-scale calibration of the fit (puts the signal median near the real 122 GeV). */
const MMC_SCALE = 1.18;
/** Largest neutrino share per side the fit allows (its prior on the visible fraction, x ≥ 0.5). */
const MMC_MAX_SHARE = [1, 1];
/** MET resolution per component, σ = MET_RESOLUTION · √ΣE_T (GeV), and how many σ the fit tolerates. */
const MET_RESOLUTION = 1, MMC_TOLERANCE = 4;

/**
 * DER_mass_MMC, a function of the measured objects only (as the real fit is; no truth): the collinear
 * mass m_vis · √((1 + a)(1 + b)), where MET = a·τ + b·ℓ assigns the neutrinos to the two visible
 * objects, each share floored at 0 (a neutrino cannot point backwards) and capped at 1 (the fit's prior
 * on x); for back-to-back τ and ℓ the shares are the MET projections. The fit fails (−999) for 1 % of
 * events, and where the MET part no neutrino along τ or ℓ can carry is large against the MET resolution
 * `sigma` (mostly fakes, whose MET is the W's neutrino).
 */
function mmc(rng: Random, ev: Ev, mx: number, my: number, sigma: number): number {
  const ux = Math.cos(ev.tauPhi), uy = Math.sin(ev.tauPhi), vx = Math.cos(ev.lepPhi), vy = Math.sin(ev.lepPhi);
  const det = ux * vy - uy * vx;
  let a: number, b: number;
  if (Math.abs(det) > 0.1) {
    a = (mx * vy - my * vx) / det / ev.tauPt; b = (ux * my - uy * mx) / det / ev.lepPt;
  } else {
    a = (mx * ux + my * uy) / ev.tauPt; b = (mx * vx + my * vy) / ev.lepPt;
  }
  // The part of the MET no neutrino along τ or ℓ can carry: the fit finds a solution with the
  // probability of a Gaussian MET fluctuation of that size (σ widened by MMC_TOLERANCE), else fails.
  const ox = Math.min(a, 0) * ev.tauPt * ux + Math.min(b, 0) * ev.lepPt * vx, oy = Math.min(a, 0) * ev.tauPt * uy + Math.min(b, 0) * ev.lepPt * vy;
  const r = Math.hypot(ox, oy) / (MMC_TOLERANCE * sigma);
  if (rng.bernoulli(0.01) || !rng.bernoulli(Math.exp(-0.5 * r * r))) return -999;
  a = Math.min(Math.max(a, 0), MMC_MAX_SHARE[0]); b = Math.min(Math.max(b, 0), MMC_MAX_SHARE[1]);
  const mvis = Math.sqrt(Math.max(0, 2 * ev.tauPt * ev.lepPt * (Math.cosh(ev.tauEta - ev.lepEta) - Math.cos(ev.tauPhi - ev.lepPhi))));
  return MMC_SCALE * mvis * Math.sqrt((1 + a) * (1 + b));
}

/** Scales Weight as the open-data file (training-set sums over 818,238 events); KaggleSet, and KaggleWeight renormalised per set. */
function normaliseWeights(rng: Random, c: HiggsmlColumns, n: number, sumS: number, sumB: number): void {
  const fS = sumS > 0 ? (HIGGSML_WEIGHT_SUMS.signal * n) / V2_EVENTS / sumS : 0;
  const fB = sumB > 0 ? (HIGGSML_WEIGHT_SUMS.background * n) / V2_EVENTS / sumB : 0;
  const setS = new Float64Array(4), setB = new Float64Array(4);
  const nTrain = Math.round((n * SET_FRACTIONS[0]) / V2_EVENTS);
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
