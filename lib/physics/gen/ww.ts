/**
 * Toy H → WW* → ℓνℓν signal vs non-resonant WW background, in the branches of the TRISEP
 * `dataWW_d1.root` tree `tree_event` (ATLAS 13 TeV open data, 2lep; CERN record 15003).
 *
 * Physics: the Higgs has spin 0, so the two W spins are anti-aligned and the V−A decays send the two
 * charged leptons into the same hemisphere (Dittmar & Dreiner, Phys. Rev. D 55 (1997) 167): signal has
 * small Δφ_ℓℓ and small m_ℓℓ, so the raw lepton φ's are positively correlated; qq̄ → WW leptons are
 * closer to back-to-back, harder, and their φ's are negatively correlated. The off-shell W* and the
 * recoil of the WW system against jets dilute the correlation, so both Δφ_ℓℓ distributions are broad
 * with long tails (π·Beta(1.0, 2.0), median ≈ 0.95, vs π·Beta(1.6, 0.95); real slice medians 0.87 and
 * 2.11), and the lepton pT spectra fall slowly (gamma shapes ≈ 1.2–1.5, fitted to the real slice). The two
 * leptons share the WW system's rapidity; their η separation is small in signal (σ 0.74) and wide in
 * the background (σ 1.45). Leptons massless with E = pT cosh η; pT and η in GeV, E in MeV as in the real
 * tree; absent jets are −7. Signal is 2/3 of the events (ggH 345324 and VBF 345323 in equal parts,
 * label 1), background WW 363492 (label 0), as in the real file. mcWeight: one value per signal
 * channel, Sherpa-like background weights with ≈ 9 % negative; ≈ 0.7 % of events have lep_n = 3.
 * Values carry 5 significant digits like the real file.
 */
import { Random } from '../random';

export interface WwOptions {
  events: number;
  seed?: number;
  /** Signal fraction. Default 2/3 (400,000 of 600,000 in the real file). */
  signalFraction?: number;
  /** First value of `index`. Default 0. */
  indexStart?: number;
}

/** Branch names in the real tree's order. */
export const WW_BRANCHES = [
  'index', 'eventNumber', 'label', 'met_et', 'met_phi', 'lep_n',
  'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1', 'lep_E_0', 'lep_E_1',
  'lep_charge_0', 'lep_charge_1', 'lep_type_0', 'lep_type_1', 'jet_n',
  'jet_pt_0', 'jet_pt_1', 'jet_eta_0', 'jet_eta_1', 'jet_phi_0', 'jet_phi_1', 'jet_E_0', 'jet_E_1',
  'mcWeight', 'runNumber', 'channelNumber',
] as const;

/** Branches stored as int64 (`/L`) in the real tree; the rest are double (`/D`). */
export const WW_INT_BRANCHES: ReadonlySet<string> = new Set([
  'index', 'eventNumber', 'label', 'lep_n', 'lep_charge_0', 'lep_charge_1', 'lep_type_0', 'lep_type_1', 'jet_n', 'runNumber', 'channelNumber',
]);

export type WwColumns = Record<(typeof WW_BRANCHES)[number], Float64Array>;

const MISSING = -7;

/**
 * Generates `events` WW-tree events; every branch is a Float64Array (int64 branches hold integers,
 * exactly as the ROOT reader returns them).
 * @example const ev = generateWw({ events: 10000, seed: 1 }); ev.lep_pt_0[0];
 */
export function generateWw(options: WwOptions): WwColumns {
  const n = options.events;
  const rng = new Random(options.seed ?? 42);
  const fs = options.signalFraction ?? 2 / 3;
  const start = options.indexStart ?? 0;
  const c = {} as WwColumns;
  for (const b of WW_BRANCHES) c[b] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sig = rng.bernoulli(fs);
    const vbf = sig && rng.bernoulli(0.507);
    c.index[i] = start + i;
    c.eventNumber[i] = 1 + rng.int(1_800_000);
    c.label[i] = sig ? 1 : 0;
    c.runNumber[i] = 284500;
    c.channelNumber[i] = sig ? (vbf ? 345323 : 345324) : 363492;
    c.lep_n[i] = rng.bernoulli(sig ? 0.007 : 0.0065) ? 3 : 2;
    // Leptons: pT (leading, subleading), η, and the spin-correlated Δφ.
    let pt0 = sig ? 25 + rng.gamma(1.27, 20.9) : 28 + rng.gamma(1.19, 42.2);
    let pt1 = sig ? 7 + rng.gamma(1.37, 12) : 10 + rng.gamma(1.48, 19.3);
    if (pt1 > pt0) { const t = pt0; pt0 = pt1; pt1 = t; }
    // η: the pair's centre (the WW system's rapidity) and the leptons' separation, either order.
    const centre = rng.normal(0, 1.11), half = rng.normal(0, sig ? 0.74 : 1.45) / 2, flip = rng.bernoulli(0.5) ? 1 : -1;
    const eta0 = clip(centre + flip * half, 2.5);
    const eta1 = clip(centre - flip * half, 2.5);
    const dphi = Math.PI * (sig ? rng.beta(1.0, 2.0) : rng.beta(1.6, 0.95)) * (rng.bernoulli(0.5) ? 1 : -1);
    const phi0 = rng.uniform(-Math.PI, Math.PI);
    const phi1 = wrap(phi0 + dphi);
    c.lep_pt_0[i] = r5(pt0);
    c.lep_pt_1[i] = r5(pt1);
    c.lep_eta_0[i] = r5(eta0);
    c.lep_eta_1[i] = r5(eta1);
    c.lep_phi_0[i] = r5(phi0);
    c.lep_phi_1[i] = r5(phi1);
    c.lep_E_0[i] = r5(1000 * pt0 * Math.cosh(eta0));
    c.lep_E_1[i] = r5(1000 * pt1 * Math.cosh(eta1));
    const q = rng.bernoulli(0.5) ? 1 : -1;
    c.lep_charge_0[i] = q;
    c.lep_charge_1[i] = rng.bernoulli(0.989) ? -q : q;
    c.lep_type_0[i] = rng.bernoulli(sig ? 0.45 : 0.53) ? 11 : 13;
    c.lep_type_1[i] = rng.bernoulli(0.52) ? 11 : 13;
    // MET: the two neutrinos, roughly opposite the dilepton system.
    const met = sig ? 5 + rng.gamma(2.4, 19) : 5 + rng.gamma(1.7, 35);
    const phiLL = Math.atan2(pt0 * Math.sin(phi0) + pt1 * Math.sin(phi1), pt0 * Math.cos(phi0) + pt1 * Math.cos(phi1));
    c.met_et[i] = r5(met);
    c.met_phi[i] = r5(wrap(phiLL + Math.PI + rng.normal(0, 1.0)));
    // Jets: ggH is mostly 0-jet, VBF has tagging jets, qq → WW radiates.
    const nj = sig ? (vbf ? 1 + rng.poisson(0.9) : rng.poisson(0.55)) : rng.poisson(1.5);
    c.jet_n[i] = nj;
    let j0 = 20 + rng.exponential(vbf ? 60 : 45);
    let j1 = 20 + rng.exponential(vbf ? 35 : 25);
    if (j1 > j0) { const t = j0; j0 = j1; j1 = t; }
    jet(rng, c, i, 0, nj > 0, j0, vbf);
    jet(rng, c, i, 1, nj > 1, j1, vbf);
    c.mcWeight[i] = sig ? signalWeight(rng, vbf) : backgroundWeight(rng);
  }
  return c;
}

function jet(rng: Random, c: WwColumns, i: number, k: 0 | 1, present: boolean, pt: number, vbf: boolean): void {
  const P = k === 0 ? { pt: c.jet_pt_0, eta: c.jet_eta_0, phi: c.jet_phi_0, e: c.jet_E_0 } : { pt: c.jet_pt_1, eta: c.jet_eta_1, phi: c.jet_phi_1, e: c.jet_E_1 };
  if (!present) {
    // Draw anyway so that the stream does not depend on jet_n (keeps events independent).
    rng.normal(); rng.uniform(); rng.uniform();
    P.pt[i] = P.eta[i] = P.phi[i] = P.e[i] = MISSING;
    return;
  }
  const eta = clip(rng.normal(0, vbf ? 1.9 : 1.3), 2.5);
  const phi = rng.uniform(-Math.PI, Math.PI);
  const m = pt * (0.05 + 0.12 * rng.uniform());
  const p = pt * Math.cosh(eta);
  P.pt[i] = r5(pt);
  P.eta[i] = r5(eta);
  P.phi[i] = r5(phi);
  P.e[i] = r5(1000 * Math.sqrt(p * p + m * m));
}

/** One weight per signal channel (luminosity × σ / ΣW), rarely negative (NLO generators). */
function signalWeight(rng: Random, vbf: boolean): number {
  const w = vbf ? 2.0068e-6 : 2.9122e-5;
  return rng.bernoulli(0.0012) ? -w : w;
}

/** Sherpa WW: a few weight scales, ≈ 9.4 % negative, with a small per-event spread. */
function backgroundWeight(rng: Random): number {
  const u = rng.uniform();
  const scale = u < 0.4 ? 1.966e-4 : u < 0.65 ? 2.948e-4 : 1.966e-3;
  const w = r5(scale * (rng.bernoulli(0.5) ? 1 : Math.exp(rng.normal(0, 0.05))));
  return rng.bernoulli(0.094) ? -w : w;
}

function clip(x: number, lim: number): number {
  return x > lim ? lim - 1e-3 : x < -lim ? -lim + 1e-3 : x;
}

function wrap(phi: number): number {
  return phi > Math.PI ? phi - 2 * Math.PI : phi <= -Math.PI ? phi + 2 * Math.PI : phi;
}

/** Rounds to 5 significant digits, like the values stored in the real tree. */
export function r5(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = Math.floor(Math.log10(Math.abs(x)));
  const f = Math.pow(10, 4 - e);
  return Math.round(x * f) / f;
}
