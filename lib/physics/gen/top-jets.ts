/**
 * Toy boosted top-quark jets vs QCD jets, as up to 200 constituents (E, px, py, pz) in GeV.
 *
 * Physics: top jets come from t → b W⁺, W⁺ → q q̄' (m_t ≈ 173 GeV, Γ-smeared; m_W ≈ 80.4 GeV): three
 * hard prongs with a W subjet at ≈ 80 GeV and total mass ≈ 175 GeV. Each of the three quarks radiates
 * Poisson(1.2) final-state gluons (soft-collinear log-uniform z and θ) before fragmenting; emissions
 * outside the cone and a per-constituent detector response (tracks 3 %, photons 15 %, neutral
 * hadrons 45 %) make the top mass a broad peak (IQR ≈ 40 GeV) with a low tail and a W shoulder
 * (jets that lose the b), and give top jets about twice QCD's constituents. QCD jets start from one
 * light quark or gluon (gluons in half the jets, as in dijets at pT ≈ 600 GeV) that radiates
 * Poisson(0.8) resolved gluons (z log-uniform in [0.02, 0.5], θ log-uniform in [0.05, 0.8]): one-prong, with a
 * Sudakov peak at a few tens of GeV and a falling tail; the rarer hard emissions at wide angle make the
 * massive, two-prong QCD jets that are the hard background (a fifth of QCD jets radiate a gluon with
 * z > 0.05 at θ > 0.3; the soft-collinear estimate α_s/π · 2C · ln 10 · ln 2.7 gives 0.2 for quarks,
 * 0.4 for gluons). Every prong fragments with the toy of `shower.ts`; underlying event adds soft
 * particles. The calorimeter (`calorimeter.ts`, Delphes-like energy flow) turns the photons of each 0.1 × 5° tower into one ECAL object and the neutral and hard
 * (pT > 5 GeV) charged hadrons into one HCAL object: the hard core of each prong arrives as one or
 * two hard, nearly collinear constituents, so the leading constituents' energies show the prongs' pT
 * sharing (one dominant core in QCD jets, three in top jets), as in the real data, where the two
 * leading constituents of a top jet each carry ≈ 20–30 % of its energy. Soft tracks stay single.
 * Jets are anti-kT-like cones of R = 0.8: particles with ΔR > 0.8 from the jet axis are dropped, then
 * momenta are scaled so that jet pT is uniform in [550, 650] GeV, |η| < 2. Constituents are sorted by
 * pT, zero padded. Mirrors the reference dataset of Kasieczka et al., SciPost Phys. 7 (2019) 014
 * (Pythia8 + Delphes at 14 TeV), Zenodo 2603256.
 */
import { Random } from '../random';
import { ParticleBuffer, fragment, qcdSplitting, softParticles } from '../shower';
import { twoBodyDecay, type Momentum } from './decay';
import { calorimeterTowers } from '../calorimeter';

/** Options of {@link generateTopJets}. */
export interface TopJetOptions {
  events: number;
  seed?: number;
  /** Constituent slots per jet (zero padded). Default 200. */
  maxConstituents?: number;
  /** Fraction of top jets. Default 0.5. */
  signalFraction?: number;
}

/** Plain typed arrays of {@link generateTopJets}. */
export interface TopJets {
  /** [N, maxConstituents, 4]: (E, px, py, pz) in GeV, sorted by pT, zero padded */
  constituents: Float32Array;
  maxConstituents: number;
  /** [N, 4] (E, px, py, pz) of the top quark; zeros for QCD */
  truth: Float32Array;
  /** 1 = top, 0 = QCD */
  isSignal: Int32Array;
  /** 0 train, 1 test, 2 validation (≈ 60/20/20 as in the reference files) */
  ttv: Int32Array;
  /** number of non-empty constituents */
  nConstituents: Int32Array;
  /** mass of the constituents from the W decay (top jets; NaN for QCD): a physics check */
  wSubjetMass: Float32Array;
}

const R = 0.8;
const TAG_SOFT = 0, TAG_B = 1, TAG_W = 2;

/**
 * Generates `events` top / QCD jets.
 * @example const jets = generateTopJets({ events: 1000, seed: 1 });
 */
export function generateTopJets(options: TopJetOptions): TopJets {
  const n = options.events;
  const C = options.maxConstituents ?? 200;
  const fs = options.signalFraction ?? 0.5;
  const rng = new Random(options.seed ?? 42);
  const out: TopJets = {
    constituents: new Float32Array(n * C * 4),
    maxConstituents: C,
    truth: new Float32Array(n * 4),
    isSignal: new Int32Array(n),
    ttv: new Int32Array(n),
    nConstituents: new Int32Array(n),
    wSubjetMass: new Float32Array(n),
  };
  const buf = new ParticleBuffer(1024);
  const order = new Int32Array(1024);
  const pts = new Float64Array(1024);
  for (let j = 0; j < n; j++) {
    buf.n = 0;
    const pt = rng.uniform(550, 650);
    const eta = rng.uniform(-2, 2);
    const phi = rng.uniform(-Math.PI, Math.PI);
    const top = rng.bernoulli(fs);
    out.isSignal[j] = top ? 1 : 0;
    const u = rng.uniform();
    out.ttv[j] = u < 0.6 ? 0 : u < 0.8 ? 1 : 2;
    if (top) {
      const mt = 173 + 1.5 * rng.normal();
      const t = momentum(pt, eta, phi, mt);
      const [b, w] = twoBodyDecay(rng, t, 4.8, 80.4 + 2.1 * rng.normal());
      const [q1, q2] = twoBodyDecay(rng, w, 0, 0);
      // Each quark radiates (final-state gluons, some outside the cone) before it fragments.
      showerProng(rng, b, TOP_FSR, TAG_B, buf);
      showerProng(rng, q1, TOP_FSR, TAG_W, buf);
      showerProng(rng, q2, TOP_FSR, TAG_W, buf);
      out.truth.set([t.e, t.px, t.py, t.pz], j * 4);
    } else {
      qcdJet(rng, pt, eta, phi, rng.bernoulli(GLUON_FRACTION), QCD_EMISSIONS, TAG_SOFT, buf);
    }
    softParticles(rng, eta, phi, R, 6, TAG_SOFT, buf);
    // Detector response: each constituent's energy measured to RESPONSE[species] (direction kept).
    for (let i = 0; i < buf.n; i++) {
      const r = Math.exp(RESPONSE[buf.kind[i]] * rng.normal());
      buf.e[i] *= r; buf.px[i] *= r; buf.py[i] *= r; buf.pz[i] *= r;
    }
    calorimeterTowers(rng, buf, { trackPtMax: TRACK_PT_MAX });
    out.wSubjetMass[j] = writeJet(buf, pt, eta, phi, out.constituents, j * C * 4, C, order, pts, out.nConstituents, j, top);
  }
  return out;
}

/** Mean number of resolved final-state emissions (z > 0.02, θ > THETA_MIN) per top-decay quark, and per QCD jet. */
const TOP_FSR = 1.2, QCD_EMISSIONS = 0.8;
/**
 * Resolved emissions: angles log-uniform from THETA_MIN = 0.05 (below it an emission stays inside one
 * calorimeter tower and is part of the fragmentation) to 0.8. Gluon share of the QCD jets at pT ≈ 600 GeV.
 */
const THETA_MIN = 0.05, GLUON_FRACTION = 0.5;
/** Charged hadrons above this pT (GeV) are measured in the calorimeter (see `calorimeter.ts`). */
const TRACK_PT_MAX = 5;
/**
 * Detector response per constituent (log-normal σ) by species, as a particle-flow detector measures
 * them: tracks for charged hadrons, the ECAL for photons, the HCAL for neutral hadrons.
 */
const RESPONSE = [0.15, 0.03, 0.45]; // PHOTON, CHARGED, NEUTRAL

function showerProng(rng: Random, p: Momentum, mean: number, tag: number, buf: ParticleBuffer): void {
  const pt = Math.hypot(p.px, p.py);
  qcdJet(rng, pt, Math.asinh(p.pz / pt), Math.atan2(p.py, p.px), false, mean, tag, buf);
}

/**
 * A parton (gluon or light quark) at (pt, eta, phi) with Poisson(`mean`) soft-collinear gluon
 * emissions (log-uniform z and θ), then fragmentation of every parton; particles get `tag`.
 */
function qcdJet(rng: Random, pt: number, eta: number, phi: number, gluon: boolean, mean: number, tag: number, buf: ParticleBuffer): void {
  let e0 = eta, f0 = phi, pt0 = pt;
  const k = rng.poisson(mean);
  for (let i = 0; i < k; i++) {
    const { z, theta } = qcdSplitting(rng, 0.02, THETA_MIN);
    const a = rng.uniform(0, 2 * Math.PI);
    const pte = z * pt0;
    // Emission at angle (1 − z)θ on one side; the parent recoils by zθ on the other.
    const ee = e0 + (1 - z) * theta * Math.cos(a), fe = f0 + (1 - z) * theta * Math.sin(a);
    fragment(rng, pte * Math.cos(fe), pte * Math.sin(fe), pte * Math.sinh(ee), true, tag, buf);
    e0 -= z * theta * Math.cos(a);
    f0 -= z * theta * Math.sin(a);
    pt0 -= pte;
  }
  fragment(rng, pt0 * Math.cos(f0), pt0 * Math.sin(f0), pt0 * Math.sinh(e0), gluon, tag, buf);
}

function momentum(pt: number, eta: number, phi: number, m: number): Momentum {
  const px = pt * Math.cos(phi), py = pt * Math.sin(phi), pz = pt * Math.sinh(eta);
  return { e: Math.sqrt(px * px + py * py + pz * pz + m * m), px, py, pz };
}

/** Cone selection around the summed axis, pT rescaling, pT sort, zero-padded write. Returns W mass. */
function writeJet(
  buf: ParticleBuffer, ptTarget: number, eta0: number, phi0: number, dst: Float32Array, at: number, C: number,
  order: Int32Array, pts: Float64Array, counts: Int32Array, j: number, top: boolean,
): number {
  let m = 0, sx = 0, sy = 0;
  for (let i = 0; i < buf.n; i++) {
    const pt = Math.hypot(buf.px[i], buf.py[i]);
    if (pt <= 0) continue;
    const de = Math.asinh(buf.pz[i] / pt) - eta0;
    let dp = Math.atan2(buf.py[i], buf.px[i]) - phi0;
    if (dp > Math.PI) dp -= 2 * Math.PI; else if (dp <= -Math.PI) dp += 2 * Math.PI;
    if (de * de + dp * dp > R * R) continue;
    pts[i] = pt;
    sx += buf.px[i];
    sy += buf.py[i];
    // insertion sort by descending pT
    let k = m++;
    while (k > 0 && pts[order[k - 1]] < pt) {
      order[k] = order[k - 1];
      k--;
    }
    order[k] = i;
  }
  const scale = ptTarget / Math.max(Math.hypot(sx, sy), 1e-9);
  const keep = Math.min(m, C);
  let we = 0, wx = 0, wy = 0, wz = 0;
  for (let r = 0; r < keep; r++) {
    const i = order[r];
    const o = at + 4 * r;
    dst[o] = buf.e[i] * scale;
    dst[o + 1] = buf.px[i] * scale;
    dst[o + 2] = buf.py[i] * scale;
    dst[o + 3] = buf.pz[i] * scale;
    if (buf.tag[i] === TAG_W) {
      we += buf.e[i]; wx += buf.px[i]; wy += buf.py[i]; wz += buf.pz[i];
    }
  }
  counts[j] = keep;
  if (!top) return NaN;
  const m2 = (we * we - wx * wx - wy * wy - wz * wz) * scale * scale;
  return m2 > 0 ? Math.sqrt(m2) : 0;
}
