/**
 * Jet observables from constituent arrays.
 *
 * A batch of jets is a C-ordered float array of shape [N, C, 4] holding (E, px, py, pz) for each of
 * up to C constituents, zero padded, as in the top-tagging reference dataset (Kasieczka et al.,
 * SciPost Phys. 7 (2019) 014). The jet four-vector is the sum of its constituents.
 */
import { check } from '../errors';
import type { NdArray } from '../data/matrix';

/** A batch of jets: an {@link NdArray} of shape [N, C, 4], (E, px, py, pz) last, float32 or float64. */
export type ConstituentBatch = NdArray<Float32Array | Float64Array>;

/** Checks a [N, C, 4] batch and returns N and C. */
export function batchDims(batch: ConstituentBatch, where = 'constituents'): { n: number; c: number } {
  const s = batch.shape;
  check(s.length === 3 && s[2] === 4, `${where}.shape`, '[N, C, 4] with (E, px, py, pz) last', `[${s.join(', ')}]`);
  check(batch.data.length === s[0] * s[1] * 4, `${where}.data`, `${s[0] * s[1] * 4} values for shape [${s.join(', ')}]`, batch.data.length);
  return { n: s[0], c: s[1] };
}

/**
 * The summed four-vector of each jet: returns { e, px, py, pz } columns of length N.
 */
export function jetFourVectors(batch: ConstituentBatch): { e: Float64Array; px: Float64Array; py: Float64Array; pz: Float64Array } {
  const { n, c } = batchDims(batch);
  const d = batch.data;
  const e = new Float64Array(n), px = new Float64Array(n), py = new Float64Array(n), pz = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let se = 0, sx = 0, sy = 0, sz = 0;
    const base = j * c * 4;
    for (let k = 0; k < c; k++) {
      const o = base + 4 * k;
      se += d[o];
      sx += d[o + 1];
      sy += d[o + 2];
      sz += d[o + 3];
    }
    e[j] = se;
    px[j] = sx;
    py[j] = sy;
    pz[j] = sz;
  }
  return { e, px, py, pz };
}

/**
 * Jet transverse momentum √(Σpx)² + (Σpy)²) per jet, in the constituents' unit (GeV).
 *
 * Taught in 06-top-tagging-dnn.
 * @param batch constituents [N, C, 4] (E, px, py, pz), e.g. `ds.tensors.constituents`
 * @returns Float32Array of length N
 * @example
 * const pt = jetPt(ds.tensors.constituents);
 */
export function jetPt(batch: ConstituentBatch): Float32Array {
  const v = jetFourVectors(batch);
  const out = new Float32Array(v.e.length);
  for (let j = 0; j < out.length; j++) out[j] = Math.hypot(v.px[j], v.py[j]);
  return out;
}

/**
 * Jet invariant mass √((ΣE)² − |Σp|²) per jet (0 when rounding makes m² negative).
 *
 * Taught in 06-top-tagging-dnn: top jets peak near 175 GeV, QCD jets fall steeply.
 * @param batch constituents [N, C, 4] (E, px, py, pz)
 * @returns Float32Array of length N
 * @example
 * const m = jetMass(ds.tensors.constituents);
 */
export function jetMass(batch: ConstituentBatch): Float32Array {
  const v = jetFourVectors(batch);
  const out = new Float32Array(v.e.length);
  for (let j = 0; j < out.length; j++) {
    const m2 = v.e[j] * v.e[j] - v.px[j] * v.px[j] - v.py[j] * v.py[j] - v.pz[j] * v.pz[j];
    out[j] = m2 > 0 ? Math.sqrt(m2) : 0;
  }
  return out;
}

/**
 * Number of non-empty constituents (E > 0) per jet.
 *
 * Taught in 06-top-tagging-dnn (constituent multiplicity: top jets have more).
 */
export function constituentCount(batch: ConstituentBatch): Int32Array {
  const { n, c } = batchDims(batch);
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    let k = 0;
    for (let i = 0; i < c; i++) if (batch.data[(j * c + i) * 4] > 0) k++;
    out[j] = k;
  }
  return out;
}
