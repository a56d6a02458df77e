/**
 * Toy SHiP heavy-neutral-lepton decays HNL → π μ vs neutrino deep-inelastic-scattering background,
 * in the 18 columns of the `kinematic_variables_*.dat` files of the IST TFPA-II course
 * (github.com/Switch-bot/TFPA-II, Data/). Lengths in cm, momenta in GeV/c, masses in GeV/c².
 *
 * Physics: an HNL (mass 0.70 GeV as in the real signal file) produced in the target flies ≈ 50 m and
 * decays inside the decay vessel (Decay Z uniform in ±25 m, X ±2.1 m, Y ±4.2 m) into π μ isotropically
 * in its rest frame; both tracks come from one vertex (DOCA ~ Exp(0.25 cm)) and the reconstructed
 * mother points back to the target (Impact Parameter ~ Exp(0.8 cm); 1 % of vertices and 1 % of pointings are badly reconstructed); the π μ mass peaks at the HNL
 * mass. The background pairs two tracks from a ν DIS interaction in the vessel walls: soft, wide,
 * not from a common vertex (DOCA ~ Exp(15 cm)), not pointing to the target (IP ~ Exp(400 cm)), low
 * pair mass. A few per cent of it are V0s (K⁰_L → πμν, πππ; Λ → pπ) from DIS upstream decaying in the
 * vessel: a real vertex (DOCA ~ Exp(0.4 cm)) pointing roughly back (IP ~ Exp(15 cm)); these few
 * signal-like background events set the highest background score, so only about half of the signal
 * scores above all of the background, and the last per cent of signal (vertex or pointing tails)
 * costs ≈ 2 % background. "Good Reco" is 1 for signal and mostly −1 for background. "Event Type" is 1 (HNL) or
 * 4 (neutrino DIS), as in the course's convention. (SHiP collaboration, CERN-SPSC-2015-016.)
 */
import { Random } from '../random';

/** The 18 column names, in file order. */
export const SHIP_HNL_COLUMNS = [
  'Mother Total Momentum (GeV/c)', 'Mother Transverse Momentum (GeV/c)', 'Mother Fraction of Transverse Momentum',
  'Opening Angle (rad)', 'Impact Parameter (cm)',
  'Daughter1 Total Momentum (GeV/c)', 'Daughter1 Transverse Momentum (GeV/c)', 'Daughter1 Fraction of Transverse Momentum',
  'Daughter2 Total Momentum (GeV/c)', 'Daughter2 Transverse Momentum (GeV/c)', 'Daughter2 Fraction of Transverse Momentum',
  'Decay Z (cm)', 'Decay X (cm)', 'Decay Y (cm)', 'DOCA (cm)', 'Invariant Mass (GeV/c^2)', 'Good Reco', 'Event Type',
] as const;

export type ShipHnlColumns = Record<(typeof SHIP_HNL_COLUMNS)[number], Float64Array>;

export interface ShipHnlOptions {
  events: number;
  seed?: number;
  /** Signal fraction. Default 4257 / 7896 (the two real files). */
  signalFraction?: number;
  /** HNL mass in GeV. Default 0.70. */
  hnlMass?: number;
}

const M_PI = 0.13957, M_MU = 0.10566;
/** Share of the background that is a V0 decay in the vessel, and its mean impact parameter (cm). */
const V0_FRACTION = 0.035, V0_IP = 15;

/** @example const ev = generateShipHnl({ events: 8000, seed: 1 }); */
export function generateShipHnl(options: ShipHnlOptions): ShipHnlColumns & { label: Int32Array } {
  const n = options.events;
  const rng = new Random(options.seed ?? 42);
  const fs = options.signalFraction ?? 4257 / 7896;
  const mN = options.hnlMass ?? 0.7;
  const c = {} as ShipHnlColumns;
  for (const k of SHIP_HNL_COLUMNS) c[k] = new Float64Array(n);
  const label = new Int32Array(n);
  const d1 = [0, 0, 0], d2 = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const sig = rng.bernoulli(fs);
    label[i] = sig ? 1 : 0;
    if (sig) {
      // Mother along z with a small pT; π μ back-to-back in the rest frame, boosted.
      const p = 3 + rng.gamma(2.2, 11);
      const pt = Math.abs(rng.normal(0, 0.45)) + 0.02;
      const mass = rng.bernoulli(0.85) ? mN * (1 + rng.normal(0, 0.006)) : mN * Math.exp(rng.normal(0.1, 0.35));
      decay(rng, p, pt, Math.max(mass, M_PI + M_MU + 1e-3), d1, d2);
    } else {
      // Two DIS tracks with independent soft momenta and wide angles.
      track(rng, 0.3 + rng.exponential(10), d1);
      track(rng, 0.2 + rng.exponential(5), d2);
    }
    const mx = d1[0] + d2[0], my = d1[1] + d2[1], mz = d1[2] + d2[2];
    const p1 = Math.hypot(d1[0], d1[1], d1[2]), p2 = Math.hypot(d2[0], d2[1], d2[2]);
    const pm = Math.hypot(mx, my, mz);
    c['Mother Total Momentum (GeV/c)'][i] = pm;
    c['Mother Transverse Momentum (GeV/c)'][i] = Math.hypot(mx, my);
    c['Mother Fraction of Transverse Momentum'][i] = Math.hypot(mx, my) / pm;
    c['Opening Angle (rad)'][i] = Math.acos(Math.max(-1, Math.min(1, (d1[0] * d2[0] + d1[1] * d2[1] + d1[2] * d2[2]) / (p1 * p2))));
    c['Daughter1 Total Momentum (GeV/c)'][i] = p1;
    c['Daughter1 Transverse Momentum (GeV/c)'][i] = Math.hypot(d1[0], d1[1]);
    c['Daughter1 Fraction of Transverse Momentum'][i] = Math.hypot(d1[0], d1[1]) / p1;
    c['Daughter2 Total Momentum (GeV/c)'][i] = p2;
    c['Daughter2 Transverse Momentum (GeV/c)'][i] = Math.hypot(d2[0], d2[1]);
    c['Daughter2 Fraction of Transverse Momentum'][i] = Math.hypot(d2[0], d2[1]) / p2;
    const e1 = Math.sqrt(p1 * p1 + M_MU * M_MU), e2 = Math.sqrt(p2 * p2 + M_PI * M_PI);
    c['Invariant Mass (GeV/c^2)'][i] = Math.sqrt(Math.max(0, (e1 + e2) ** 2 - pm * pm));
    // Vertex: signal uniform in the vessel; DIS piles up near the walls and entrance.
    c['Decay Z (cm)'][i] = sig || rng.bernoulli(0.5) ? rng.uniform(-2500, 2500) : -2500 + rng.exponential(150);
    c['Decay X (cm)'][i] = sig ? rng.uniform(-210, 210) : (rng.bernoulli(0.5) ? 1 : -1) * (210 - rng.exponential(40));
    c['Decay Y (cm)'][i] = rng.uniform(-420, 420);
    // Background V0s (K⁰_L, Λ from DIS upstream) have a real two-track vertex and point back roughly.
    const v0 = !sig && rng.bernoulli(V0_FRACTION);
    c['DOCA (cm)'][i] = sig ? (rng.bernoulli(0.99) ? rng.exponential(0.25) : rng.uniform(1, 300)) : v0 ? rng.exponential(0.4) : rng.exponential(15);
    c['Impact Parameter (cm)'][i] = sig ? (rng.bernoulli(0.99) ? rng.exponential(0.8) : rng.uniform(5, 1100)) : v0 ? rng.exponential(V0_IP) : rng.exponential(400);
    c['Good Reco'][i] = sig || rng.bernoulli(0.15) ? 1 : -1;
    c['Event Type'][i] = sig ? 1 : 4;
  }
  return Object.assign(c, { label });
}

/** Two-body decay of a mother (momentum p along z, transverse pT along a random azimuth) into μ π. */
function decay(rng: Random, p: number, pt: number, m: number, d1: number[], d2: number[]): void {
  const a = (m * m - (M_MU + M_PI) ** 2) * (m * m - (M_MU - M_PI) ** 2);
  const q = Math.sqrt(Math.max(a, 0)) / (2 * m);
  const ct = rng.uniform(-1, 1), st = Math.sqrt(1 - ct * ct), ph = rng.uniform(0, 2 * Math.PI);
  const az = rng.uniform(0, 2 * Math.PI);
  const pz = Math.sqrt(Math.max(p * p - pt * pt, 0));
  const px = pt * Math.cos(az), py = pt * Math.sin(az);
  const E = Math.sqrt(p * p + m * m);
  const bx = px / E, by = py / E, bz = pz / E;
  const b2 = bx * bx + by * by + bz * bz, g = 1 / Math.sqrt(1 - b2), g2 = (g - 1) / b2;
  const qx = q * st * Math.cos(ph), qy = q * st * Math.sin(ph), qz = q * ct;
  for (const [d, s, md] of [[d1, 1, M_MU], [d2, -1, M_PI]] as const) {
    const e = Math.sqrt(q * q + md * md);
    const bp = s * (bx * qx + by * qy + bz * qz);
    d[0] = s * qx + g2 * bp * bx + g * bx * e;
    d[1] = s * qy + g2 * bp * by + g * by * e;
    d[2] = s * qz + g2 * bp * bz + g * bz * e;
  }
}

/** A DIS track: momentum p, polar angle ~ Exp(0.08 rad), random azimuth. */
function track(rng: Random, p: number, d: number[]): void {
  const th = Math.min(rng.exponential(0.08), 1.2), ph = rng.uniform(0, 2 * Math.PI);
  d[0] = p * Math.sin(th) * Math.cos(ph);
  d[1] = p * Math.sin(th) * Math.sin(ph);
  d[2] = p * Math.cos(th);
}
