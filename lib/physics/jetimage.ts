/**
 * Jet images from constituents, with the standard preprocessing.
 *
 * Each constituent becomes a pT deposit in a grid of (Δη, Δφ) pixels. Before pixelating: centre on the
 * pT-weighted centroid, rotate the principal axis of the pT-weighted (Δη, Δφ) cloud to vertical, and
 * flip so that most intensity lies in the right (and, by default, upper) half. References: de Oliveira
 * et al., "Jet-images — deep learning edition", JHEP 07 (2016) 069; Kasieczka et al., "Deep-learning
 * top taggers or the end of QCD?", JHEP 05 (2017) 006.
 */
import { check } from '../errors';
import { batchDims, type ConstituentBatch } from './jets';

/** Options of {@link jetImages}. */
export interface JetImageOptions {
  /** Pixels per side (square image). Default 40. */
  pixels?: number;
  /** Full width of the image in Δη and in Δφ. Default 1.6 (±0.8, the R = 0.8 jet radius). */
  extent?: number;
  /** Rotate the principal axis to vertical. Default true. */
  rotate?: boolean;
  /** Flip so that more pT lies at Δη' > 0 (and at Δφ' > 0 when `flipVertical`). Default true. */
  flip?: boolean;
  /** Also flip vertically. Default true. */
  flipVertical?: boolean;
  /** Divide each image by its total pT (pixels then sum to 1). Default false (pixels in GeV). */
  normalize?: boolean;
}

export const JET_IMAGE_DEFAULTS: Required<JetImageOptions> = {
  pixels: 40,
  extent: 1.6,
  rotate: true,
  flip: true,
  flipVertical: true,
  normalize: false,
};

/**
 * Jet images [N, pixels, pixels] (row = Δφ' bin from −extent/2 upwards, column = Δη' bin) from
 * constituents [N, C, 4] (E, px, py, pz). Constituents outside the window are dropped.
 *
 * Taught in 07-top-tagging-cnn.
 * @param batch constituents [N, C, 4], e.g. `ds.tensors.constituents`
 * @param options see {@link JetImageOptions}; defaults 40×40 pixels over 1.6 × 1.6, rotate, flip
 * @returns `{ data, shape: [N, pixels, pixels] }`
 * @example
 * const images = jetImages(ds.tensors.constituents, { pixels: 40 });
 */
export function jetImages(batch: ConstituentBatch, options: JetImageOptions = {}): { data: Float32Array; shape: [number, number, number] } {
  const o = {
    pixels: options.pixels ?? JET_IMAGE_DEFAULTS.pixels,
    extent: options.extent ?? JET_IMAGE_DEFAULTS.extent,
    rotate: options.rotate ?? JET_IMAGE_DEFAULTS.rotate,
    flip: options.flip ?? JET_IMAGE_DEFAULTS.flip,
    flipVertical: options.flipVertical ?? JET_IMAGE_DEFAULTS.flipVertical,
    normalize: options.normalize ?? JET_IMAGE_DEFAULTS.normalize,
  };
  check(Number.isInteger(o.pixels) && o.pixels > 0, 'jetImages.pixels', 'a positive integer', o.pixels);
  check(o.extent > 0, 'jetImages.extent', 'a positive width in Δη and Δφ', o.extent);
  const { n, c } = batchDims(batch);
  const P = o.pixels;
  const out = new Float32Array(n * P * P);
  const scratch: Cloud = { pt: new Float64Array(c), x: new Float64Array(c), y: new Float64Array(c) };
  for (let j = 0; j < n; j++) fillImage(batch.data, j * c * 4, c, out, j * P * P, o, scratch);
  return { data: out, shape: [n, P, P] };
}

/** Scratch arrays for one jet's constituent cloud (pT, x = Δη, y = Δφ); reused across jets. */
export interface Cloud {
  pt: Float64Array;
  x: Float64Array;
  y: Float64Array;
}

/** The hot loop for one jet: cloud from (E, px, py, pz), preprocess, pixelate into `out` at `at`. */
function fillImage(
  d: Float32Array | Float64Array, base: number, c: number, out: Float32Array, at: number,
  o: Required<JetImageOptions>, s: Cloud,
): void {
  // Jet axis φ from the summed momentum, so that Δφ never wraps inside the jet.
  let sx = 0, sy = 0;
  for (let k = 0; k < c; k++) {
    sx += d[base + 4 * k + 1];
    sy += d[base + 4 * k + 2];
  }
  const phiJet = Math.atan2(sy, sx);
  let m = 0;
  for (let k = 0; k < c; k++) {
    const off = base + 4 * k;
    if (!(d[off] > 0)) continue;
    const px = d[off + 1], py = d[off + 2], pz = d[off + 3];
    const pt = Math.sqrt(px * px + py * py);
    if (pt === 0) continue;
    let dphi = Math.atan2(py, px) - phiJet;
    if (dphi > Math.PI) dphi -= 2 * Math.PI;
    else if (dphi <= -Math.PI) dphi += 2 * Math.PI;
    s.pt[m] = pt;
    s.x[m] = Math.asinh(pz / pt);
    s.y[m] = dphi;
    m++;
  }
  const sumPt = preprocessCloud(s, m, o);
  if (sumPt > 0) pixelate(s, m, o, o.normalize ? 1 / sumPt : 1, out, at, null, 0);
}

/**
 * Centre on the pT-weighted centroid, rotate the principal axis to vertical, flip; in place on the
 * first `m` entries of the cloud. Returns the cloud's total pT.
 */
export function preprocessCloud(s: Cloud, m: number, o: { rotate: boolean; flip: boolean; flipVertical: boolean }): number {
  let sumPt = 0, cx = 0, cy = 0;
  for (let k = 0; k < m; k++) {
    sumPt += s.pt[k];
    cx += s.pt[k] * s.x[k];
    cy += s.pt[k] * s.y[k];
  }
  if (m === 0 || sumPt <= 0) return 0;
  cx /= sumPt;
  cy /= sumPt;
  let sxx = 0, syy = 0, sxy = 0;
  for (let k = 0; k < m; k++) {
    const x = s.x[k] - cx, y = s.y[k] - cy;
    s.x[k] = x;
    s.y[k] = y;
    sxx += s.pt[k] * x * x;
    syy += s.pt[k] * y * y;
    sxy += s.pt[k] * x * y;
  }
  let cos = 1, sin = 0;
  if (o.rotate && (sxy !== 0 || sxx !== syy)) {
    const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy); // principal axis angle from the Δη axis
    const alpha = Math.PI / 2 - theta;
    cos = Math.cos(alpha);
    sin = Math.sin(alpha);
  }
  let right = 0, up = 0;
  for (let k = 0; k < m; k++) {
    const x = s.x[k] * cos - s.y[k] * sin;
    const y = s.x[k] * sin + s.y[k] * cos;
    s.x[k] = x;
    s.y[k] = y;
    right += x > 0 ? s.pt[k] : x < 0 ? -s.pt[k] : 0;
    up += y > 0 ? s.pt[k] : y < 0 ? -s.pt[k] : 0;
  }
  const fx = o.flip && right < 0 ? -1 : 1;
  const fy = o.flip && o.flipVertical && up < 0 ? -1 : 1;
  if (fx < 0 || fy < 0) {
    for (let k = 0; k < m; k++) {
      s.x[k] *= fx;
      s.y[k] *= fy;
    }
  }
  return sumPt;
}

/**
 * Adds the cloud's pT (times `norm`) into a P×P image at `out[at…]`; with `channel` set, entry k
 * goes to plane `channel[k]` (planes of P×P after `at`). Entries outside the window are dropped.
 */
export function pixelate(
  s: Cloud, m: number, o: { pixels: number; extent: number }, norm: number,
  out: Float32Array, at: number, channel: Uint8Array | null, planes: number,
): void {
  const P = o.pixels;
  const half = o.extent / 2;
  const scale = P / o.extent;
  const plane = P * P;
  for (let k = 0; k < m; k++) {
    const col = Math.floor((s.x[k] + half) * scale);
    const row = Math.floor((s.y[k] + half) * scale);
    if (col < 0 || col >= P || row < 0 || row >= P) continue;
    const ch = channel === null ? 0 : channel[k];
    if (ch >= Math.max(planes, 1)) continue;
    out[at + ch * plane + row * P + col] += s.pt[k] * norm;
  }
}
