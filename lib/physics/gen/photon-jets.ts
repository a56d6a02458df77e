/**
 * Toy photon jets vs QCD jets as 5-channel 40×40 images [N, 5, 40, 40] (NCHW), pT in GeV per pixel.
 *
 * Physics: a "photon jet" is a boosted light state decaying to collimated photons (a → γγ, or a
 * prompt photon with a π⁰-like partner): two or three photons within ΔR ≈ 2m/pT ≲ 0.02 carry almost all
 * the pT, plus soft underlying-event hadrons, so the image is narrow and photon-dominated. A QCD jet
 * is a light quark or gluon fragmenting with the toy of `shower.ts` (charged : photon (π⁰ → γγ) :
 * neutral hadron ≈ 0.62 : 0.26 : 0.12) and one soft-collinear splitting: wide, mostly charged; 30% of
 * 50% of them (after a photon-like preselection) are led by a hard π⁰ → γγ carrying 80–98% of the pT
 * (fake photons), the background that makes photon identification hard. Detector and event effects
 * blur both classes alike: 35% of photons above 1 GeV convert to e⁺e⁻ in the tracker material and
 * appear as charged tracks, and ≈ 6 underlying-event / pile-up particles fall in each cone. So no single
 * summary variable is perfect, while the joint pattern of width, prongs and channels remains.
 * Channels: 0 all, 1 photons, 2 charged hadrons, 3 neutral hadrons, 4 tracks (charged, pT > 0.5 GeV).
 * Jets have pT uniform in [100, 200] GeV and R = 0.4; images span 0.8 × 0.8 in (Δη, Δφ) after the
 * standard preprocessing (centre, rotate, flip). After the photon-jet tutorials of Jie Ren
 * (gitee jieren21/hepml-tutorials) and de Oliveira et al., JHEP 07 (2016) 069.
 */
import { Random } from '../random';
import { ParticleBuffer, fragment, qcdSplitting, softParticles, PHOTON, CHARGED } from '../shower';
import { preprocessCloud, pixelate, type Cloud } from '../jetimage';

export interface PhotonJetOptions {
  events: number;
  seed?: number;
  /** Pixels per side. Default 40. */
  pixels?: number;
  /** Fraction of photon jets. Default 0.5. */
  signalFraction?: number;
}

export interface PhotonJets {
  /** [N, 5, P, P] */
  images: Float32Array;
  shape: [number, number, number, number];
  /** 1 = photon jet, 0 = QCD jet */
  labels: Int32Array;
}

/** Channel names in image order. */
export const PHOTON_JET_CHANNELS = ['all', 'photons', 'charged hadrons', 'neutral hadrons', 'tracks'] as const;

const R = 0.4;
/** Fraction of QCD jets led by a hard π⁰ (the photon-like background). */
const FAKE_FRACTION = 0.5;
/** Probability that a photon above 1 GeV converts to e⁺e⁻ in the tracker material (ATLAS: 20–40 %). */
const CONVERSION = 0.35;
/** Mean number of underlying-event and pile-up particles inside the jet cone. */
const UE = 6;

/** @example const { images, labels } = generatePhotonJets({ events: 500, seed: 1 }); */
export function generatePhotonJets(options: PhotonJetOptions): PhotonJets {
  const n = options.events;
  const P = options.pixels ?? 40;
  const rng = new Random(options.seed ?? 42);
  const fs = options.signalFraction ?? 0.5;
  const plane = P * P;
  const images = new Float32Array(n * 5 * plane);
  const labels = new Int32Array(n);
  const buf = new ParticleBuffer(512);
  const cloud: Cloud = { pt: new Float64Array(512), x: new Float64Array(512), y: new Float64Array(512) };
  const species = new Uint8Array(512);
  const tracks = new Uint8Array(512);
  const geom = { pixels: P, extent: 2 * R, rotate: true, flip: true, flipVertical: true };
  for (let j = 0; j < n; j++) {
    buf.n = 0;
    const pt = rng.uniform(100, 200);
    const photon = rng.bernoulli(fs);
    labels[j] = photon ? 1 : 0;
    if (photon) {
      // a → γγ (sometimes γγγ): m_a ∈ [0.2, 2] GeV, opening ≈ 2 m / pT, share z ~ U(0.2, 0.8).
      const m = rng.uniform(0.2, 2);
      const open = (2 * m) / pt;
      const z = rng.uniform(0.2, 0.8);
      const a = rng.uniform(0, 2 * Math.PI);
      const third = rng.bernoulli(0.3) ? rng.uniform(0.02, 0.1) : 0;
      const main = pt * (1 - third) * 0.97;
      push(buf, z * main, (1 - z) * open * Math.cos(a), (1 - z) * open * Math.sin(a), PHOTON);
      push(buf, (1 - z) * main, -z * open * Math.cos(a), -z * open * Math.sin(a), PHOTON);
      if (third > 0) push(buf, third * pt, rng.normal(0, 0.03), rng.normal(0, 0.03), PHOTON);
      softParticles(rng, 0, 0, R, UE, 0, buf);
    } else if (rng.bernoulli(FAKE_FRACTION)) {
      // The hard part of the background: a quark whose leading hadron is an energetic π⁰ → γγ (a "fake
      // photon"), narrow and photon-rich like the signal; the rest of its momentum fragments normally.
      const zPi = rng.uniform(0.8, 0.98);
      const open = ((2 * 0.135) / (zPi * pt)) * rng.uniform(1, 2);
      const zs = rng.uniform(0.2, 0.8);
      const a = rng.uniform(0, 2 * Math.PI);
      push(buf, zs * zPi * pt, (1 - zs) * open * Math.cos(a), (1 - zs) * open * Math.sin(a), PHOTON);
      push(buf, (1 - zs) * zPi * pt, -zs * open * Math.cos(a), -zs * open * Math.sin(a), PHOTON);
      fragment(rng, (1 - zPi) * pt, 0, 0, false, 0, buf);
      softParticles(rng, 0, 0, R, UE, 0, buf);
    } else {
      const { z, theta } = qcdSplitting(rng, 0.05, 0.02, 0.35);
      const a = rng.uniform(0, 2 * Math.PI);
      const ptE = z * pt, ptL = (1 - z) * pt;
      const ex = (1 - z) * theta * Math.cos(a), ey = (1 - z) * theta * Math.sin(a);
      fragment(rng, ptE * Math.cos(ey), ptE * Math.sin(ey), ptE * Math.sinh(ex), true, 0, buf);
      fragment(rng, ptL * Math.cos(-ey * z / (1 - z)), ptL * Math.sin(-ey * z / (1 - z)), ptL * Math.sinh(-ex * z / (1 - z)), rng.bernoulli(0.6), 0, buf);
      softParticles(rng, 0, 0, R, UE, 0, buf);
    }
    // Jet frame: x = η, y = φ (the jet axis is at η = φ = 0); keep ΔR < R.
    let m = 0;
    for (let i = 0; i < buf.n; i++) {
      const ppt = Math.hypot(buf.px[i], buf.py[i]);
      if (ppt <= 0) continue;
      const x = Math.asinh(buf.pz[i] / ppt), y = Math.atan2(buf.py[i], buf.px[i]);
      if (x * x + y * y > R * R) continue;
      cloud.pt[m] = ppt;
      cloud.x[m] = x;
      cloud.y[m] = y;
      // A converted photon leaves an e⁺e⁻ pair of tracks: it shows up as charged, not as a photon.
      const kind = buf.kind[i] === PHOTON && ppt > 1 && rng.bernoulli(CONVERSION) ? CHARGED : buf.kind[i];
      species[m] = kind === PHOTON ? 0 : kind === CHARGED ? 1 : 2;
      tracks[m] = kind === CHARGED && ppt > 0.5 ? 0 : 255;
      m++;
    }
    preprocessCloud(cloud, m, geom);
    const at = j * 5 * plane;
    pixelate(cloud, m, geom, 1, images, at, null, 1);
    pixelate(cloud, m, geom, 1, images, at + plane, species, 3);
    pixelate(cloud, m, geom, 1, images, at + 4 * plane, tracks, 1);
  }
  return { images, shape: [n, 5, P, P], labels };
}

/** A massless particle at (η, φ) = (x, y) near the axis. */
function push(buf: ParticleBuffer, pt: number, x: number, y: number, kind: number): void {
  buf.push(pt * Math.cos(y), pt * Math.sin(y), pt * Math.sinh(x), kind, 0);
}
