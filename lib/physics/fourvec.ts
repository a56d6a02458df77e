/**
 * Four-vectors in the two forms HEP files use: (pT, η, φ, m) and (E, px, py, pz).
 *
 * Conventions as in ROOT's TLorentzVector: η = −ln tan(θ/2) = asinh(pz/pT), φ = atan2(py, px) in
 * (−π, π], m² = E² − p² (a negative m² from rounding gives m = −√|m²|, as ROOT does). Scalar helpers
 * work on numbers; `*Arrays` helpers work column-wise on typed arrays without allocating per event.
 */

/** A four-vector in Cartesian form. */
export interface FourVector {
  e: number;
  px: number;
  py: number;
  pz: number;
}

/**
 * Δφ = φ1 − φ2 wrapped into (−π, π].
 *
 * Asked for in 01-ww-exploration's exercises (Δφ between the two leptons).
 * @example deltaPhi(3, -3) // ≈ -0.283
 */
export function deltaPhi(phi1: number, phi2: number): number {
  let d = phi1 - phi2;
  if (d > Math.PI || d <= -Math.PI) {
    d -= 2 * Math.PI * Math.floor((d + Math.PI) / (2 * Math.PI));
    if (d <= -Math.PI) d += 2 * Math.PI;
  }
  return d;
}

/**
 * ΔR = √(Δη² + Δφ²), the angular distance of jets and leptons.
 *
 * Not yet called from a notebook; the jet images of 07-top-tagging-cnn bin the same (Δη, Δφ) distances.
 * @example deltaR(0, 0, 0.3, 0.4) // 0.5
 */
export function deltaR(eta1: number, phi1: number, eta2: number, phi2: number): number {
  const de = eta1 - eta2;
  const dp = deltaPhi(phi1, phi2);
  return Math.sqrt(de * de + dp * dp);
}

/** (pT, η, φ, m) → (E, px, py, pz). */
export function fromPtEtaPhiM(pt: number, eta: number, phi: number, m: number): FourVector {
  const px = pt * Math.cos(phi);
  const py = pt * Math.sin(phi);
  const pz = pt * Math.sinh(eta);
  const p2 = pt * pt + pz * pz;
  return { e: Math.sqrt(p2 + m * m), px, py, pz };
}

/** Transverse momentum √(px² + py²). */
export function ptOf(v: FourVector): number {
  return Math.hypot(v.px, v.py);
}

/** Pseudorapidity asinh(pz/pT) (±Infinity along the beam). */
export function etaOf(v: FourVector): number {
  const pt = Math.hypot(v.px, v.py);
  if (pt === 0) return v.pz === 0 ? 0 : v.pz > 0 ? Infinity : -Infinity;
  return Math.asinh(v.pz / pt);
}

/** Azimuth atan2(py, px) in (−π, π]. */
export function phiOf(v: FourVector): number {
  return v.px === 0 && v.py === 0 ? 0 : Math.atan2(v.py, v.px);
}

/** Invariant mass √(E² − p²); −√|m²| when rounding makes m² negative (ROOT's convention). */
export function massOf(v: FourVector): number {
  const m2 = v.e * v.e - v.px * v.px - v.py * v.py - v.pz * v.pz;
  return m2 >= 0 ? Math.sqrt(m2) : -Math.sqrt(-m2);
}

/** (E, px, py, pz) → [pT, η, φ, m]. */
export function toPtEtaPhiM(v: FourVector): [number, number, number, number] {
  return [ptOf(v), etaOf(v), phiOf(v), massOf(v)];
}

/** The sum of four-vectors. */
export function addVectors(...vs: FourVector[]): FourVector {
  const s = { e: 0, px: 0, py: 0, pz: 0 };
  for (const v of vs) {
    s.e += v.e;
    s.px += v.px;
    s.py += v.py;
    s.pz += v.pz;
  }
  return s;
}

/**
 * Invariant mass of two objects given as (pT, η, φ, m): m² = m1² + m2² + 2(E1E2 − p1·p2).
 *
 * Not yet used by a notebook (m_ll of the two leptons, as in 01-ww-exploration's variables).
 * @example invariantMass(40, 0, 0, 0, 40, 0, Math.PI, 0) // 80
 */
export function invariantMass(pt1: number, eta1: number, phi1: number, m1: number, pt2: number, eta2: number, phi2: number, m2: number): number {
  const a = fromPtEtaPhiM(pt1, eta1, phi1, m1);
  const b = fromPtEtaPhiM(pt2, eta2, phi2, m2);
  return massOf(addVectors(a, b));
}

/**
 * Lorentz boost of `v` by velocity (bx, by, bz) (|β| < 1), as TLorentzVector::Boost.
 *
 * @example boost(fromPtEtaPhiM(0, 0, 0, 1), 0, 0, 0.6).pz // 0.75
 */
export function boost(v: FourVector, bx: number, by: number, bz: number): FourVector {
  const b2 = bx * bx + by * by + bz * bz;
  if (b2 === 0) return { ...v };
  const gamma = 1 / Math.sqrt(1 - b2);
  const bp = bx * v.px + by * v.py + bz * v.pz;
  const g2 = (gamma - 1) / b2;
  return {
    e: gamma * (v.e + bp),
    px: v.px + g2 * bp * bx + gamma * bx * v.e,
    py: v.py + g2 * bp * by + gamma * by * v.e,
    pz: v.pz + g2 * bp * bz + gamma * bz * v.e,
  };
}

/** The velocity β = p/E of `v`: boosting by −β brings it to rest. */
export function boostVector(v: FourVector): [number, number, number] {
  return [v.px / v.e, v.py / v.e, v.pz / v.e];
}

/**
 * Column-wise (pT, η, φ, m) → (E, px, py, pz) into preallocated outputs (no per-event allocation).
 */
export function fromPtEtaPhiMArrays(
  pt: ArrayLike<number>, eta: ArrayLike<number>, phi: ArrayLike<number>, m: ArrayLike<number>,
  out: { e: Float32Array | Float64Array; px: Float32Array | Float64Array; py: Float32Array | Float64Array; pz: Float32Array | Float64Array },
): void {
  for (let i = 0; i < pt.length; i++) {
    const px = pt[i] * Math.cos(phi[i]);
    const py = pt[i] * Math.sin(phi[i]);
    const pz = pt[i] * Math.sinh(eta[i]);
    out.px[i] = px;
    out.py[i] = py;
    out.pz[i] = pz;
    out.e[i] = Math.sqrt(pt[i] * pt[i] + pz * pz + m[i] * m[i]);
  }
}
