/**
 * The calorimeter of a particle-flow detector, in the way Delphes builds its energy-flow objects
 * (de Favereau et al., JHEP 02 (2014) 057; the top-tagging reference data use Delphes' ATLAS card).
 *
 * Photons deposit their energy in the ECAL, neutral hadrons in the HCAL; both are segmented into towers
 * of Δη × Δφ = 0.1 × 5°. Every tower with energy above its threshold (0.5 GeV ECAL, 1 GeV HCAL) becomes one
 * massless constituent with the summed energy, at a random point of the cell (Delphes'
 * SmearTowerCenter), so the photons of a collimated prong arrive as one ECAL object and its neutral
 * hadrons as one HCAL object next to it. Charged hadrons are measured as single tracks, except above
 * `trackPtMax`: there, in the dense core of a boosted prong, the calorimeter measurement takes over
 * (Delphes weighs track and tower by their resolutions; tracks of a collimated core also share hits
 * and merge), and the hadron's energy joins its HCAL tower. The hard core of each prong thus becomes
 * one or two hard constituents that lead the jet's pT ordering, as in the real data.
 */
import type { Random } from './random';
import { PHOTON, NEUTRAL, CHARGED, type ParticleBuffer } from './shower';

/** Options of {@link calorimeterTowers}. */
export interface TowerOptions {
  /** Tower size in η. Default 0.1. */
  deta?: number;
  /** Tower size in φ (rad). Default 2π/72 (5°). */
  dphi?: number;
  /** ECAL towers with less energy (GeV) are not recorded. Default 0.5. */
  ecalMin?: number;
  /** HCAL towers with less energy (GeV) are not recorded. Default 1. */
  hcalMin?: number;
  /** Charged hadrons above this pT (GeV) are measured by the HCAL instead of the tracker. Default Infinity. */
  trackPtMax?: number;
}

export const TOWER_DEFAULTS: Required<TowerOptions> = { deta: 0.1, dphi: (2 * Math.PI) / 72, ecalMin: 0.5, hcalMin: 1, trackPtMax: Infinity };

const MAX_TOWERS = 1024;
const keyEta = new Int32Array(MAX_TOWERS), keyPhi = new Int32Array(MAX_TOWERS);
const energy = new Float64Array(MAX_TOWERS);
const isEcal = new Uint8Array(MAX_TOWERS), tagOf = new Uint8Array(MAX_TOWERS);

/**
 * Replaces the photons, neutral hadrons and hard charged hadrons of `buf` by ECAL and HCAL towers, in
 * place; the other charged particles stay as tracks, in their order. Towers are appended after them
 * in order of first hit, with the species PHOTON (ECAL) or NEUTRAL (HCAL) and the tag of the first
 * particle that hit them. Energy is conserved except for towers below threshold.
 * @param rng draws each tower's position within its cell
 * @param options see {@link TowerOptions}; defaults {@link TOWER_DEFAULTS}
 * @example
 * calorimeterTowers(rng, particles, { trackPtMax: 5 });
 */
export function calorimeterTowers(rng: Random, buf: ParticleBuffer, options: TowerOptions = {}): void {
  const deta = options.deta ?? TOWER_DEFAULTS.deta, dphi = options.dphi ?? TOWER_DEFAULTS.dphi;
  const ecalMin = options.ecalMin ?? TOWER_DEFAULTS.ecalMin, hcalMin = options.hcalMin ?? TOWER_DEFAULTS.hcalMin;
  const trackPtMax = options.trackPtMax ?? TOWER_DEFAULTS.trackPtMax;
  let towers = 0, kept = 0;
  for (let i = 0; i < buf.n; i++) {
    const pt = Math.hypot(buf.px[i], buf.py[i]);
    if (buf.kind[i] === CHARGED && pt <= trackPtMax) {
      copy(buf, i, kept++);
      continue;
    }
    if (pt <= 0) continue;
    const ie = Math.floor(Math.asinh(buf.pz[i] / pt) / deta);
    const ip = Math.floor((Math.atan2(buf.py[i], buf.px[i]) + Math.PI) / dphi);
    const ecal = buf.kind[i] === PHOTON ? 1 : 0;
    let t = 0;
    while (t < towers && (keyEta[t] !== ie || keyPhi[t] !== ip || isEcal[t] !== ecal)) t++;
    if (t === towers) {
      if (towers === MAX_TOWERS) continue;
      keyEta[t] = ie; keyPhi[t] = ip; isEcal[t] = ecal; energy[t] = 0; tagOf[t] = buf.tag[i];
      towers++;
    }
    energy[t] += buf.e[i];
  }
  buf.n = kept;
  for (let t = 0; t < towers; t++) {
    if (energy[t] < (isEcal[t] ? ecalMin : hcalMin)) continue;
    const eta = (keyEta[t] + rng.uniform()) * deta;
    const phi = (keyPhi[t] + rng.uniform()) * dphi - Math.PI;
    const pt = energy[t] / Math.cosh(eta);
    buf.push(pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta), isEcal[t] ? PHOTON : NEUTRAL, tagOf[t]);
  }
}

function copy(buf: ParticleBuffer, from: number, to: number): void {
  if (from === to) return;
  buf.e[to] = buf.e[from]; buf.px[to] = buf.px[from]; buf.py[to] = buf.py[from]; buf.pz[to] = buf.pz[from];
  buf.kind[to] = buf.kind[from]; buf.tag[to] = buf.tag[from];
}
