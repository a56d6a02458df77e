/**
 * A small parton-shower-like fragmentation toy shared by the jet generators.
 *
 * A "prong" (a quark or gluon with a four-momentum) fragments into n massless particles:
 * n − 1 ~ Poisson(C · (6 + 1.5 ln(E / 5 GeV))) with C = 1 for quarks and 1.3 (C_A/C_F = 9/4, softened)
 * for gluons: multiplicity grows slowly with energy, so three prongs give more particles than one; longitudinal fractions from log-normal weights (hard leading particle, soft tail);
 * transverse kicks kT ~ Exp(0.35 GeV) around the prong axis, so soft particles spread widely, hard
 * ones stay collinear. A QCD splitting q → q g with z and θ drawn log-uniformly gives one-prong jets
 * a falling mass spectrum m² ≈ z(1 − z) pT² θ² (Ellis, Stirling, Webber, "QCD and collider physics",
 * ch. 5). Particle species follow charged : photon : neutral hadron ≈ 0.62 : 0.26 : 0.12.
 */
import type { Random } from './random';

/** Particle species codes in {@link ParticleBuffer.kind}. */
export const PHOTON = 0;
export const CHARGED = 1;
export const NEUTRAL = 2;

/** A growable-free particle list: preallocated columns and a count `n`. */
export class ParticleBuffer {
  n = 0;
  readonly e: Float64Array;
  readonly px: Float64Array;
  readonly py: Float64Array;
  readonly pz: Float64Array;
  /** species: {@link PHOTON}, {@link CHARGED}, {@link NEUTRAL} */
  readonly kind: Uint8Array;
  /** which prong emitted the particle (generator-defined tag) */
  readonly tag: Uint8Array;

  constructor(readonly capacity: number) {
    this.e = new Float64Array(capacity);
    this.px = new Float64Array(capacity);
    this.py = new Float64Array(capacity);
    this.pz = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.tag = new Uint8Array(capacity);
  }

  /** Appends a massless particle along (px, py, pz); silently ignores overflow. */
  push(px: number, py: number, pz: number, kind: number, tag: number): void {
    if (this.n >= this.capacity) return;
    const i = this.n++;
    this.px[i] = px;
    this.py[i] = py;
    this.pz[i] = pz;
    this.e[i] = Math.sqrt(px * px + py * py + pz * pz);
    this.kind[i] = kind;
    this.tag[i] = tag;
  }
}

/** Fragmentation scratch (weights), reused across calls. */
const W = new Float64Array(512);

/**
 * Fragments a prong with momentum (px, py, pz) into massless particles appended to `out`.
 * @param gluon true for a gluon (more, softer particles)
 * @param tag written into `out.tag` for each particle
 */
export function fragment(rng: Random, px: number, py: number, pz: number, gluon: boolean, tag: number, out: ParticleBuffer): void {
  const p = Math.sqrt(px * px + py * py + pz * pz);
  if (p <= 0) return;
  const lambda = (gluon ? 1.3 : 1) * (6 + 1.5 * Math.log(Math.max(p, 5) / 5));
  const n = Math.min(1 + rng.poisson(lambda), W.length);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    W[i] = Math.exp(rng.normal(0, 1.1));
    sum += W[i];
  }
  // Orthonormal basis (u, v) perpendicular to the prong axis n.
  const nx = px / p, ny = py / p, nz = pz / p;
  let ux: number, uy: number, uz: number;
  if (Math.abs(nz) < 0.9) {
    const k = 1 / Math.sqrt(nx * nx + ny * ny);
    ux = -ny * k; uy = nx * k; uz = 0;
  } else {
    const k = 1 / Math.sqrt(nx * nx + nz * nz);
    ux = nz * k; uy = 0; uz = -nx * k;
  }
  const vx = ny * uz - nz * uy, vy = nz * ux - nx * uz, vz = nx * uy - ny * ux;
  for (let i = 0; i < n; i++) {
    const pl = (W[i] / sum) * p;
    const kt = rng.exponential(0.35);
    const psi = rng.uniform(0, 2 * Math.PI);
    const cu = kt * Math.cos(psi), cv = kt * Math.sin(psi);
    const r = rng.uniform();
    const kind = r < 0.62 ? CHARGED : r < 0.88 ? PHOTON : NEUTRAL;
    out.push(pl * nx + cu * ux + cv * vx, pl * ny + cu * uy + cv * vy, pl * nz + cu * uz + cv * vz, kind, tag);
  }
}

/**
 * One QCD splitting: returns the emitted gluon's momentum fraction z and angle θ, drawn
 * log-uniformly in z ∈ [zMin, 0.5] and θ ∈ [θMin, θMax] (the soft-collinear double log).
 */
export function qcdSplitting(rng: Random, zMin = 0.02, thetaMin = 0.005, thetaMax = 0.8): { z: number; theta: number } {
  const z = zMin * Math.pow(0.5 / zMin, rng.uniform());
  const theta = thetaMin * Math.pow(thetaMax / thetaMin, rng.uniform());
  return { z, theta };
}

/**
 * Underlying event and pile-up: Poisson(mean) soft particles, pT ~ 0.2 + Exp(0.5 GeV), spread uniformly
 * within ΔR < R of (eta, phi). Appended with `tag`.
 */
export function softParticles(rng: Random, eta: number, phi: number, radius: number, mean: number, tag: number, out: ParticleBuffer): void {
  const n = rng.poisson(mean);
  for (let i = 0; i < n; i++) {
    const pt = 0.2 + rng.exponential(0.5);
    const r = radius * Math.sqrt(rng.uniform());
    const a = rng.uniform(0, 2 * Math.PI);
    const e = eta + r * Math.cos(a), f = phi + r * Math.sin(a);
    const rk = rng.uniform();
    out.push(pt * Math.cos(f), pt * Math.sin(f), pt * Math.sinh(e), rk < 0.62 ? CHARGED : rk < 0.88 ? PHOTON : NEUTRAL, tag);
  }
}
