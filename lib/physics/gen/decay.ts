/**
 * Isotropic two-body decays, shared by the generators.
 *
 * In the parent's rest frame the daughters have |p*| = √[(M² − (m1 + m2)²)(M² − (m1 − m2)²)] / 2M
 * (PDG Review, "Kinematics", eq. 49.17) along a uniformly random direction; both are then boosted
 * with the parent's velocity β = p/E.
 */
import type { Random } from '../random';

/** A mutable (E, px, py, pz). */
export interface Momentum {
  e: number;
  px: number;
  py: number;
  pz: number;
}

/** Decays `parent` into daughters of masses m1, m2, isotropically in its rest frame. */
export function twoBodyDecay(rng: Random, parent: Momentum, m1: number, m2: number): [Momentum, Momentum] {
  const M2 = parent.e * parent.e - parent.px * parent.px - parent.py * parent.py - parent.pz * parent.pz;
  const M = Math.sqrt(Math.max(M2, 0));
  const a = M * M - (m1 + m2) * (m1 + m2);
  const b = M * M - (m1 - m2) * (m1 - m2);
  const p = a > 0 && M > 0 ? Math.sqrt(a * b) / (2 * M) : 0;
  const cost = rng.uniform(-1, 1);
  const sint = Math.sqrt(1 - cost * cost);
  const ph = rng.uniform(0, 2 * Math.PI);
  const dx = p * sint * Math.cos(ph), dy = p * sint * Math.sin(ph), dz = p * cost;
  const d1 = { e: Math.sqrt(p * p + m1 * m1), px: dx, py: dy, pz: dz };
  const d2 = { e: Math.sqrt(p * p + m2 * m2), px: -dx, py: -dy, pz: -dz };
  const bx = parent.px / parent.e, by = parent.py / parent.e, bz = parent.pz / parent.e;
  return [boostInPlace(d1, bx, by, bz), boostInPlace(d2, bx, by, bz)];
}

/** Boosts `v` by (bx, by, bz) in place and returns it. */
export function boostInPlace(v: Momentum, bx: number, by: number, bz: number): Momentum {
  const b2 = bx * bx + by * by + bz * bz;
  if (b2 === 0) return v;
  const g = 1 / Math.sqrt(1 - b2);
  const bp = bx * v.px + by * v.py + bz * v.pz;
  const g2 = (g - 1) / b2;
  const e = v.e;
  v.e = g * (e + bp);
  v.px += g2 * bp * bx + g * bx * e;
  v.py += g2 * bp * by + g * by * e;
  v.pz += g2 * bp * bz + g * bz * e;
  return v;
}
