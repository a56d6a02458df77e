/**
 * Toy MC of the VH(H → WW*) search in the 2-lepton channel V(→ qq) H(→ ℓνℓν), after A. Basso's talk on a
 * multiclass DNN for VH (CAP 2020): six processes after the preselection of two different-flavour
 * opposite-sign (DFOS, eμ) leptons, N_jets ≥ 2 and N_b-jets = 0, with the talk's 17 inputs and MC weights
 * for 139 fb⁻¹.
 *
 * Every event is built from four-vectors, and every variable is computed from them, so the
 * correlations come from the kinematics. What produces each effect:
 * - **Higgs (VH, ggF, VBF)**: H (125 GeV) → W W* decayed in the H rest frame. A spin-0 H gives the two
 *   W bosons equal helicities and, V − A, the charged leptons prefer the same direction: small Δφ_ℓℓ
 *   and a low M_ℓℓ (≈ 30–40 GeV); the transverse mass M_T has its Jacobian edge below m_H.
 * - **WW** (qq̄ → WW, forward W bosons with opposite helicities): the leptons go opposite ways: large
 *   Δφ_ℓℓ and M_ℓℓ, M_T above m_H. **Top** (tt̄ with both b-jets untagged or lost): leptons from two
 *   independent W bosons in top decays, so the lepton variables look like WW — top is hard to tell from
 *   WW; its jets are mostly the b quarks (harder, M_ℓj bounded by the top mass), with more extra
 *   radiation (H_T^soft, p_T^tot, N_jets).
 * - **Z+jets** (Z → ττ → eμ + 4ν): each τ is boosted, so its neutrinos fly along its lepton; the
 *   collinear approximation M_ττ (`mtt` = |M_ττ − M_Z|) sits near m_Z, E_T^miss is low and the leptons
 *   are soft.
 * - **The VH class is a mixture**: 60 % V(→ qq)H(→ ℓνℓν) and 40 % V(→ ℓν)H(→ WW* → ℓνqq), where one lepton
 *   comes from each boson (no spin correlation) and the jets from a W or W*: the second final state passes
 *   the same preselection and dilutes the Higgs-like lepton variables, which is what keeps VH against
 *   the rest at an AUC near the talk's 0.87.
 * - **Jets**: in VH they are the V → qq decay (W or Z, mass resolution ≈ 12 %): M_jj near 85 GeV, and the
 *   boosted V gives a small ΔY_jj. In VBF the tagging jets are forward-backward: large ΔY_jj and M_jj, and
 *   little central soft activity (colour-singlet exchange). ggF, WW and Z+jets have two ISR jets, with a
 *   broad M_jj and ΔY_jj. So ΔY_jj separates VH from VBF, Δφ_ℓℓ Higgs from background.
 * - **Detector**: jet p_T resolution 12 %, E_T^miss (calorimeter) and track E_T^miss resolutions that
 *   grow with the activity; track E_T^miss misses the soft neutral recoil, which drives p_T^tot,track.
 *
 * The selection (two leptons p_T > 22 / 15 GeV, |η| < 2.5; two jets p_T > 25 GeV, |η| < 4.5) is applied by
 * regenerating an event until it passes, so each class keeps its raw share. The raw shares are the talk's
 * MC yields after preselection; the weights of a class add up to its expected events at 139 fb⁻¹
 * (`VH_YIELDS_139`, calibrated so that the talk's nine Run-1 cuts give Z0 ≈ 0.29, see CALIBRATION.md).
 * `Mtt_signed` and `Mjj_raw` are the raw quantities of the Run-1 cuts; the collinear M_ττ is signed
 * (negative when a collinear neutrino fraction is negative) and kept within ±1000 GeV.
 */
import { Random } from '../random';
import type { Momentum } from './decay';

/** Class names, index = label. */
export const VH_CLASSES = ['VH', 'ggF', 'VBF', 'top', 'Z+jets', 'WW'] as const;

/** The network's 17 inputs, named as in the talk's correlation matrix. */
export const VH_INPUTS = [
  'pt_l0', 'pt_l1', 'DPHll', 'DYll', 'Mll', 'pt_j0', 'pt_j1', 'DPHjj', 'DYjj', 'Mjj', 'mtt', 'MT',
  'TrackMET', 'HTSoft', 'METSig', 'ptTotalTrackMET', 'SumMjJ',
] as const;

/** Raw quantities of the Run-1 cut-based selection (not network inputs). */
export const VH_RAW = ['Mtt_signed', 'Mjj_raw', 'nJets', 'nBJets'] as const;

/** Every generated column, in column order: the 17 inputs, then the raw quantities. */
export const VH_VARIABLES = [...VH_INPUTS, ...VH_RAW] as const;

export type VhColumns = Record<(typeof VH_VARIABLES)[number], Float32Array>;

/** Units of the columns ('' = dimensionless). */
export const VH_UNITS: Record<(typeof VH_VARIABLES)[number], string> = {
  pt_l0: 'GeV', pt_l1: 'GeV', DPHll: 'rad', DYll: '', Mll: 'GeV', pt_j0: 'GeV', pt_j1: 'GeV', DPHjj: 'rad',
  DYjj: '', Mjj: 'GeV', mtt: 'GeV', MT: 'GeV', TrackMET: 'GeV', HTSoft: 'GeV', METSig: '', ptTotalTrackMET: 'GeV',
  SumMjJ: 'GeV', Mtt_signed: 'GeV', Mjj_raw: 'GeV', nJets: '', nBJets: '',
};

/** Raw MC events after preselection in the talk (VH, ggF, VBF, top, Z+jets, WW): the raw class shares. */
export const VH_RAW_YIELDS = [127e3, 115e3, 390e3, 2.0e6, 998e3, 1.59e6];
/** Raw fraction of events of each class. */
export const VH_RAW_FRACTIONS = VH_RAW_YIELDS.map((v) => v / VH_RAW_YIELDS.reduce((a, b) => a + b, 0));
/** Expected events after preselection at 139 fb⁻¹ (the sum of the weights of each class). */
export const VH_YIELDS_139 = [100, 1050, 525, 39000, 6750, 9000];
/** Integrated luminosity the weights are normalised to, fb⁻¹. */
export const VH_LUMI = 139;

export interface VhOptions {
  events: number;
  seed?: number;
}

const JET_RESOLUTION = 0.15;
/** Share of VH events with V → ℓν and H → WW* → ℓνqq (the other VH final state in this selection). */
const VH_LEPTONIC_V = 0.4;
const MZ = 91.19, MW = 80.38, MH = 125, MTOP = 172.5, MB = 4.8, MTAU = 1.777;

type P = Momentum;
const mom = (e: number, px: number, py: number, pz: number): P => ({ e, px, py, pz });
const add = (...vs: P[]): P => vs.reduce((a, v) => mom(a.e + v.e, a.px + v.px, a.py + v.py, a.pz + v.pz), mom(0, 0, 0, 0));
const scale = (v: P, f: number): P => mom(v.e * f, v.px * f, v.py * f, v.pz * f);
const ptOf = (v: P) => Math.hypot(v.px, v.py);
const mass = (v: P) => Math.sqrt(Math.max(v.e * v.e - v.px * v.px - v.py * v.py - v.pz * v.pz, 0));
const rapidity = (v: P) => 0.5 * Math.log((v.e + v.pz) / Math.max(v.e - v.pz, 1e-9));
const eta = (v: P) => { const p = Math.hypot(v.px, v.py, v.pz); return 0.5 * Math.log((p + v.pz) / Math.max(p - v.pz, 1e-9)); };
const dphi = (a: P, b: P) => { let d = Math.abs(Math.atan2(a.py, a.px) - Math.atan2(b.py, b.px)); if (d > Math.PI) d = 2 * Math.PI - d; return d; };
/** A particle of mass m with transverse momentum pt, rapidity y, azimuth phi. */
const particle = (m: number, pt: number, y: number, phi: number): P => {
  const mt = Math.hypot(m, pt);
  return mom(mt * Math.cosh(y), pt * Math.cos(phi), pt * Math.sin(phi), mt * Math.sinh(y));
};
/** A massless jet or lepton from (pt, eta, phi). */
const massless = (pt: number, e: number, phi: number): P => particle(0, pt, e, phi);

function boost(v: P, b: [number, number, number]): P {
  const [bx, by, bz] = b;
  const b2 = bx * bx + by * by + bz * bz;
  if (b2 === 0) return v;
  const g = 1 / Math.sqrt(1 - b2);
  const bp = bx * v.px + by * v.py + bz * v.pz;
  const g2 = (g - 1) / b2;
  return mom(g * (v.e + bp), v.px + g2 * bp * bx + g * bx * v.e, v.py + g2 * bp * by + g * by * v.e, v.pz + g2 * bp * bz + g * bz * v.e);
}
const velocity = (v: P): [number, number, number] => [v.px / v.e, v.py / v.e, v.pz / v.e];

/**
 * Two-body decay of a parent AT REST into masses m1, m2; daughter 1 at polar angle θ (cos θ = `cost`)
 * to the unit axis `axis` (uniform azimuth around it).
 */
function decayAtRest(rng: Random, M: number, m1: number, m2: number, cost: number, axis: [number, number, number]): [P, P] {
  const a = M * M - (m1 + m2) ** 2, b = M * M - (m1 - m2) ** 2;
  const p = a > 0 ? Math.sqrt(a * b) / (2 * M) : 0;
  const [ax, ay, az] = axis;
  // an orthonormal pair (u, w) perpendicular to the axis
  const tx = Math.abs(ax) < 0.9 ? 1 : 0, ty = tx ? 0 : 1;
  let ux = ay * 0 - az * ty, uy = az * tx - ax * 0, uz = ax * ty - ay * tx;
  const un = Math.hypot(ux, uy, uz); ux /= un; uy /= un; uz /= un;
  const wx = ay * uz - az * uy, wy = az * ux - ax * uz, wz = ax * uy - ay * ux;
  const sint = Math.sqrt(Math.max(1 - cost * cost, 0)), ph = rng.uniform(0, 2 * Math.PI);
  const c1 = sint * Math.cos(ph), c2 = sint * Math.sin(ph);
  const dx = p * (cost * ax + c1 * ux + c2 * wx), dy = p * (cost * ay + c1 * uy + c2 * wy), dz = p * (cost * az + c1 * uz + c2 * wz);
  return [mom(Math.hypot(p, m1), dx, dy, dz), mom(Math.hypot(p, m2), -dx, -dy, -dz)];
}
const unit = (v: P): [number, number, number] => { const p = Math.hypot(v.px, v.py, v.pz) || 1; return p === 1 && v.px === 0 && v.py === 0 && v.pz === 0 ? [0, 0, 1] : [v.px / p, v.py / p, v.pz / p]; };
const isotropic = (rng: Random): [number, number, number] => { const c = rng.uniform(-1, 1), s = Math.sqrt(1 - c * c), f = rng.uniform(0, 2 * Math.PI); return [s * Math.cos(f), s * Math.sin(f), c]; };

/**
 * cos θ of the charged lepton in W → ℓν, θ to the W flight direction, for W helicity λ and lepton charge q:
 * (1 ∓ cos θ)² for transverse W (ℓ⁻ forward for λ = −1, ℓ⁺ backward), sin² θ for longitudinal.
 */
function leptonCos(rng: Random, helicity: number, charge: number): number {
  if (helicity === 0) {
    for (;;) { const c = rng.uniform(-1, 1); if (rng.uniform() < 1 - c * c) return c; }
  }
  const forward = 2 * Math.cbrt(rng.uniform()) - 1; // density ∝ (1 + c)²
  return helicity * charge > 0 ? forward : -forward;
}

/** W (four-momentum in some frame, flight direction there) → ℓ(charge) ν with helicity λ; returns [ℓ, ν] in that frame. */
function decayW(rng: Random, w: P, helicity: number, charge: number): [P, P] {
  const axis = unit(w);
  const [l, nu] = decayAtRest(rng, mass(w), 0, 0, leptonCos(rng, helicity, charge), axis);
  const b = velocity(w);
  return [boost(l, b), boost(nu, b)];
}

/** Breit–Wigner-ish mass: a normal core, truncated. */
const bw = (rng: Random, m: number, width: number) => Math.min(Math.max(m + width * rng.normal(), m - 4 * width), m + 4 * width);

/** H at rest → W W* → ℓνℓν with equal W helicities (spin 0); returns [ℓ⁺, ℓ⁻, ν, ν̄] in the H frame. */
function higgsLeptons(rng: Random): P[] {
  const mw = bw(rng, MW, 2.1);
  const mstar = Math.max(12, MH - mw - 1 - rng.gamma(1.6, 5));
  const [wA, wB] = decayAtRest(rng, MH, mw, mstar, rng.uniform(-1, 1), isotropic(rng));
  const u = rng.uniform();
  const h = u < 0.5 ? 0 : u < 0.75 ? -1 : 1;
  const plusIsA = rng.bernoulli(0.5);
  const [lp, nu] = decayW(rng, plusIsA ? wA : wB, h, +1);
  const [lm, nub] = decayW(rng, plusIsA ? wB : wA, h, -1);
  return [lp, lm, nu, nub];
}

/** qq̄ → W⁺W⁻ at rest in the WW frame: forward W bosons, opposite helicities (or both longitudinal). */
function wwLeptons(rng: Random, mww: number): P[] {
  const c = rng.bernoulli(0.5) ? Math.sign(rng.uniform(-1, 1)) * (1 - rng.exponential(0.25) % 1) : rng.uniform(-1, 1);
  const [wp, wm] = decayAtRest(rng, mww, bw(rng, MW, 2.1), bw(rng, MW, 2.1), c, [0, 0, 1]);
  const h = rng.uniform() < 0.3 ? 0 : rng.bernoulli(0.5) ? 1 : -1;
  const [lp, nu] = decayW(rng, wp, h, +1);
  const [lm, nub] = decayW(rng, wm, -h, -1);
  return [lp, lm, nu, nub];
}

/** τ → ℓνν: the lepton takes a fraction x of the τ momentum, f(x) ∝ 5 − 9x² + 4x³ (massless, unpolarised). */
function tauFraction(rng: Random): number {
  for (;;) { const x = rng.uniform(); if (rng.uniform() * 5 < 5 - 9 * x * x + 4 * x * x * x) return Math.max(x, 1e-3); }
}

/**
 * Two ISR jets: p_T = floor + Gamma(shape, hard), η ~ N(0, 1.8), uniform φ. A floor below the 25 GeV
 * threshold lets a jet fail the selection (it then counts in H_T^soft).
 */
function isrJets(rng: Random, floor: number, hard: number): P[] {
  return [massless(floor + rng.gamma(1.4, hard), rng.normal(0, 1.8), rng.uniform(-Math.PI, Math.PI)),
    massless(floor + rng.gamma(1.1, 0.6 * hard), rng.normal(0, 2.0), rng.uniform(-Math.PI, Math.PI))];
}

/** The particles of one event before detector effects; `jets` are all jet candidates (decay and ISR). */
interface Truth { leptons: P[]; neutrinos: P[]; jets: P[]; soft: number; rx: number; ry: number }

const lab = (ps: P[], b: [number, number, number]) => ps.map((p) => boost(p, b));

/** Soft activity (scalar p_T sum of soft tracks, GeV) per class: most in top, least in VBF. */
const SOFT = [[1.5, 7], [1.6, 8], [1.2, 5], [1.9, 9], [1.6, 8], [1.6, 8]];
/** ISR jets per class: [p_T floor, hardness] in GeV; VH and top have their jets from decays. */
const ISR = [[5, 13], [25, 30], [5, 8], [3, 14], [25, 22], [25, 36]];

function generateTruth(rng: Random, k: number): Truth {
  const soft = rng.gamma(SOFT[k][0], SOFT[k][1]);
  // the recoil of the hard system: the ISR jets and soft radiation not captured in jets
  const recoil = 5 + 0.4 * soft;
  const rx = recoil * rng.normal() / Math.SQRT2, ry = recoil * rng.normal() / Math.SQRT2;
  let isr: P[];
  if (k === 2) {
    // VBF tagging jets: forward-backward, large rapidity gap
    const s = rng.bernoulli(0.5) ? 1 : -1, mid = rng.normal(0, 0.6), half = 1.2 + rng.gamma(2.6, 0.55);
    isr = [massless(30 + rng.gamma(2, 30), mid + s * half, rng.uniform(-Math.PI, Math.PI)), massless(25 + rng.gamma(1.6, 22), mid - s * half, rng.uniform(-Math.PI, Math.PI))];
  } else {
    isr = isrJets(rng, ISR[k][0], ISR[k][1]);
  }
  if (k === 2) isr.push(...isrJets(rng, ISR[2][0], ISR[2][1]));
  const sx = -isr.reduce((a, j) => a + j.px, 0) - rx, sy = -isr.reduce((a, j) => a + j.py, 0) - ry;
  /** The hard system of mass m, balancing the ISR jets and the soft recoil. */
  const system = (m: number): P => particle(m, Math.hypot(sx, sy), rng.normal(0, 1.1), Math.atan2(sy, sx));
  const out: Truth = { leptons: [], neutrinos: [], jets: isr, soft, rx, ry };
  if (k === 0) {
    // VH: the VH system → V + H
    const isW = rng.bernoulli(0.62);
    const mv = bw(rng, isW ? MW : MZ, isW ? 2.1 : 2.5);
    const mvh = MH + mv + 10 + rng.gamma(2, 60);
    const sys = system(mvh);
    const [v, h] = decayAtRest(rng, mvh, mv, MH, rng.uniform(-1, 1), isotropic(rng)).map((p) => boost(p, velocity(sys)));
    if (rng.uniform() < VH_LEPTONIC_V) {
      // V(→ ℓν) H(→ W W* → ℓν qq): one lepton from each boson (no spin correlation), jets from a W(*)
      const mw = bw(rng, MW, 2.1), mstar = Math.max(12, MH - mw - 1 - rng.gamma(1.6, 5));
      const ws = decayAtRest(rng, MH, mw, mstar, rng.uniform(-1, 1), isotropic(rng)).map((w) => boost(w, velocity(h)));
      const hadronic = rng.bernoulli(0.5) ? 0 : 1;
      const [l1, nu1] = decayW(rng, v, 0, 1);
      const [l2, nu2] = decayW(rng, ws[1 - hadronic], 0, -1);
      const quarks = decayAtRest(rng, mass(ws[hadronic]), 0, 0, rng.uniform(-1, 1), isotropic(rng)).map((q) => boost(q, velocity(ws[hadronic])));
      out.leptons = [l1, l2]; out.neutrinos = [nu1, nu2];
      out.jets = [...quarks.map((j) => scale(j, Math.max(0.4, 1 - rng.exponential(0.07)))), ...isr];
    } else {
      // V(→ qq̄) H(→ ℓνℓν): the two V jets, which lose some energy to FSR out of the cone
      const c = (() => { for (;;) { const x = rng.uniform(-1, 1); if (rng.uniform() * 2 < 1 + x * x) return x; } })();
      const quarks = decayAtRest(rng, mv, 0, 0, c, unit(v)).map((q) => boost(q, velocity(v)));
      out.jets = [...quarks.map((j) => scale(j, Math.max(0.4, 1 - rng.exponential(0.07)))), ...isr];
      Object.assign(out, higgsInLab(rng, h));
    }
  } else if (k === 1 || k === 2) {
    Object.assign(out, higgsInLab(rng, system(MH)));
  } else if (k === 5) {
    const mww = 2 * MW + 8 + rng.gamma(1.4, 40);
    const ps = lab(wwLeptons(rng, mww), velocity(system(mww)));
    out.leptons = ps.slice(0, 2); out.neutrinos = ps.slice(2);
  } else if (k === 4) {
    // Z → ττ → eμ + 4ν, collinear τ decays
    const z = system(bw(rng, MZ, 2.5));
    const taus = decayAtRest(rng, mass(z), MTAU, MTAU, rng.uniform(-1, 1), isotropic(rng)).map((t) => boost(t, velocity(z)));
    for (const t of taus) { const x = tauFraction(rng); out.leptons.push(scale(t, x)); out.neutrinos.push(scale(t, 1 - x)); }
  } else {
    // top: tt̄ → W⁺b W⁻b̄, W → ℓν (helicity fractions F0 = 0.7, FL = 0.3); the b quarks are untagged jets
    const mtt = 2 * MTOP + 10 + rng.gamma(1.5, 45);
    const sys = system(mtt);
    const tops = decayAtRest(rng, mtt, bw(rng, MTOP, 1.4), bw(rng, MTOP, 1.4), rng.uniform(-1, 1), isotropic(rng)).map((t) => boost(t, velocity(sys)));
    const bs: P[] = [];
    tops.forEach((t, i) => {
      const [w, b] = decayAtRest(rng, mass(t), bw(rng, MW, 2.1), MB, rng.uniform(-1, 1), isotropic(rng));
      const [l, nu] = decayW(rng, w, rng.uniform() < 0.7 ? 0 : -1, i === 0 ? 1 : -1);
      const vt = velocity(t);
      out.leptons.push(boost(l, vt)); out.neutrinos.push(boost(nu, vt)); bs.push(boost(b, vt));
    });
    out.jets = [...bs, ...isr];
  }
  return out;
}

/** H → WW* → ℓνℓν boosted into the lab with the given H four-momentum. */
function higgsInLab(rng: Random, h: P): { leptons: P[]; neutrinos: P[] } {
  const ps = lab(higgsLeptons(rng), velocity(h));
  return { leptons: ps.slice(0, 2), neutrinos: ps.slice(2) };
}

/** Collinear-approximation M_ττ, signed (negative when x1·x2 < 0), within ±1000 GeV. */
function collinearMtt(l0: P, l1: P, mx: number, my: number, mll: number): number {
  const det = l0.px * l1.py - l0.py * l1.px;
  if (Math.abs(det) < 1e-6) return 1000;
  const a = (mx * l1.py - my * l1.px) / det, b = (l0.px * my - l0.py * mx) / det; // ν_i = a_i · ℓ_i
  const x1 = 1 / (1 + a), x2 = 1 / (1 + b);
  const prod = x1 * x2;
  const m = Math.sign(prod) * mll / Math.sqrt(Math.abs(prod));
  return Number.isFinite(m) ? Math.max(-1000, Math.min(1000, m)) : 1000;
}

/**
 * Generates the toy after preselection.
 *
 * @param options `events` (required), `seed` (default 42)
 * @returns the 21 columns (17 inputs, 4 raw), labels 0–5 (index into {@link VH_CLASSES}) and MC weights
 *   whose sum per class is its yield at 139 fb⁻¹ ({@link VH_YIELDS_139})
 * @example const { columns, labels, weights } = generateVh({ events: 10000, seed: 1 });
 */
export function generateVh(options: VhOptions): { columns: VhColumns; labels: Int32Array; weights: Float32Array } {
  const n = options.events;
  const rng = new Random(options.seed ?? 42);
  const c = {} as VhColumns;
  for (const v of VH_VARIABLES) c[v] = new Float32Array(n);
  const labels = new Int32Array(n);
  const raw = new Float64Array(n);
  const perClass = new Float64Array(VH_CLASSES.length);
  for (let i = 0; i < n; i++) {
    const k = rng.choice(VH_RAW_FRACTIONS);
    labels[i] = k;
    for (let attempt = 0; ; attempt++) {
      if (fill(rng, k, c, i) || attempt > 2000) break;
    }
    raw[i] = rng.gamma(8, 1 / 8);
    perClass[k] += raw[i];
  }
  const weights = Float32Array.from(raw, (w, i) => (w * VH_YIELDS_139[labels[i]]) / perClass[labels[i]]);
  return { columns: c, labels, weights };
}

/** Generates one event of class k, applies the detector and the preselection; writes row i when it passes. */
function fill(rng: Random, k: number, c: VhColumns, i: number): boolean {
  const t = generateTruth(rng, k);
  const [la, lb] = ptOf(t.leptons[0]) >= ptOf(t.leptons[1]) ? t.leptons : [t.leptons[1], t.leptons[0]];
  if (ptOf(la) < 22 || ptOf(lb) < 15 || Math.abs(eta(la)) > 2.5 || Math.abs(eta(lb)) > 2.5) return false;
  // jets: p_T resolution; selected above 25 GeV within |η| < 4.5, the rest is soft activity
  let dx = 0, dy = 0;
  const selected: P[] = [];
  for (const j of t.jets) {
    const r = scale(j, Math.max(0.3, 1 + JET_RESOLUTION * rng.normal()));
    if (ptOf(r) > 25 && Math.abs(eta(r)) < 4.5) { selected.push(r); dx += j.px - r.px; dy += j.py - r.py; }
    else { dx += 0.4 * j.px; dy += 0.4 * j.py; } // tracks see the charged 60 %
  }
  if (selected.length < 2) return false;
  selected.sort((a, b) => ptOf(b) - ptOf(a));
  const [ja, jb] = selected;
  const nuX = t.neutrinos.reduce((s, v) => s + v.px, 0), nuY = t.neutrinos.reduce((s, v) => s + v.py, 0);
  const htSoft = t.soft;
  const sumEt = ptOf(la) + ptOf(lb) + selected.reduce((s, j) => s + ptOf(j), 0) + htSoft;
  // track E_T^miss (jet-corrected): true neutrinos, jet mismeasurement, the soft recoil the tracks
  // miss (neutrals, soft jets), track resolution
  const trkSigma = 3 + 0.2 * htSoft;
  const tmx = nuX + dx + 0.6 * t.rx + trkSigma * rng.normal(), tmy = nuY + dy + 0.6 * t.ry + trkSigma * rng.normal();
  // calorimeter E_T^miss and its significance (resolution ∝ √ΣE_T)
  const caloSigma = 0.6 * Math.sqrt(sumEt);
  const cmx = nuX + dx + caloSigma * rng.normal(), cmy = nuY + dy + caloSigma * rng.normal();
  const ll = add(la, lb), jj = add(ja, jb), alljets = add(...selected);
  const mll = mass(ll), ptll = ptOf(ll);
  const trackMet = Math.hypot(tmx, tmy);
  const etll = Math.hypot(ptll, mll);
  const mt2 = (etll + trackMet) ** 2 - ((ll.px + tmx) ** 2 + (ll.py + tmy) ** 2);
  const mttSigned = collinearMtt(la, lb, tmx, tmy, mll);
  const mjj = mass(jj);
  let sumMlj = 0;
  for (const l of [la, lb]) for (const j of [ja, jb]) sumMlj += mass(add(l, j));
  c.pt_l0[i] = ptOf(la); c.pt_l1[i] = ptOf(lb);
  c.DPHll[i] = dphi(la, lb); c.DYll[i] = Math.abs(rapidity(la) - rapidity(lb)); c.Mll[i] = mll;
  c.pt_j0[i] = ptOf(ja); c.pt_j1[i] = ptOf(jb);
  c.DPHjj[i] = dphi(ja, jb); c.DYjj[i] = Math.abs(rapidity(ja) - rapidity(jb));
  c.Mjj[i] = Math.abs(mjj - 85); c.Mjj_raw[i] = mjj;
  c.mtt[i] = Math.abs(mttSigned - MZ); c.Mtt_signed[i] = mttSigned;
  c.MT[i] = Math.sqrt(Math.max(mt2, 0));
  c.TrackMET[i] = trackMet;
  c.HTSoft[i] = htSoft;
  c.METSig[i] = Math.hypot(cmx, cmy) / caloSigma;
  c.ptTotalTrackMET[i] = Math.hypot(ll.px + alljets.px + tmx, ll.py + alljets.py + tmy);
  c.SumMjJ[i] = sumMlj;
  c.nJets[i] = selected.length;
  c.nBJets[i] = 0;
  return true;
}

/** A cut as `lib/stats` applyCuts takes it. */
export interface VhCut { column: (typeof VH_VARIABLES)[number]; op: '<' | '<=' | '>' | '>=' | '=='; value: number; center?: number; label: string }

/**
 * The nine cuts of the Run-1 cut-based VH selection, as listed in the talk (the first three repeat the
 * preselection).
 */
export const VH_RUN1_CUTS: readonly VhCut[] = [
  { column: 'TrackMET', op: '>', value: 20, label: 'E_T^miss,track > 20 GeV' },
  { column: 'nJets', op: '>=', value: 2, label: 'n_jets ≥ 2' },
  { column: 'nBJets', op: '==', value: 0, label: 'n_b-jets = 0' },
  { column: 'Mtt_signed', op: '<', value: MZ - 25, label: 'm_ττ < m_Z − 25 GeV' },
  { column: 'Mll', op: '<', value: 50, label: 'm_ℓℓ < 50 GeV' },
  { column: 'DPHll', op: '<', value: 1.8, label: 'Δφ_ℓℓ < 1.8' },
  { column: 'DYjj', op: '<', value: 1.2, label: 'ΔY_jj < 1.2' },
  { column: 'Mjj_raw', op: '<', value: 15, center: 85, label: '|m_jj − 85 GeV| < 15 GeV' },
  { column: 'MT', op: '<', value: 125, label: 'm_T < 125 GeV' },
];

/** The orthogonality cuts of the talk's binned VH discriminant (the VH-like jets). */
export const VH_ORTHOGONALITY_CUTS: readonly VhCut[] = [
  { column: 'Mjj_raw', op: '<', value: 15, center: 85, label: '|M_jj − 85 GeV| < 15 GeV' },
  { column: 'DYjj', op: '<', value: 1.2, label: 'ΔY_jj < 1.2' },
];
