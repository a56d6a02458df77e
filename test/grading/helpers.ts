/** Fixtures for the grading tests: hidden label folders, raw (possibly malformed) NPY bytes, seeded data. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toNpy } from '../../lib/data/npy-write';

const made: string[] = [];
// A root-level hook (this module is loaded by mocha with the test files): every folder made here is removed at the end.
if (typeof after === 'function') after(() => { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A fresh temporary folder, removed when the test run ends. */
export function tempDir(prefix = 'hepml-grade-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Writes hidden/labels.npy (+ ids.npy, weights.npy, hidden.json) and returns the labels path. */
export function writeHidden(root: string, challenge: string, labels: Int32Array, extra: { ids?: Int32Array; weights?: Float64Array } = {}): string {
  const dir = join(root, 'hidden');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'labels.npy'), toNpy(labels));
  if (extra.ids) writeFileSync(join(dir, 'ids.npy'), toNpy(extra.ids));
  if (extra.weights) writeFileSync(join(dir, 'weights.npy'), toNpy(extra.weights));
  writeFileSync(join(dir, 'hidden.json'), JSON.stringify({ challenge }));
  return join(dir, 'labels.npy');
}

/** NPY bytes with an arbitrary header dict text and body (for malformed files). */
export function rawNpy(dict: string, body: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  let header = dict;
  const pre = version === 1 ? 10 : 12;
  header += ' '.repeat((64 - ((pre + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(pre + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  out.set(body, pre + header.length);
  return out;
}

/** Seeded uniform numbers in [0, 1) (an LCG: reproducible and trivially ported to Python). */
export function lcg(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296;
  }
  return out;
}

/** Binary toy: labels from one stream, scores = 0.2*label + 0.8*u (overlapping, no ties). */
export function binaryToy(n: number, seed: number): { labels: Int32Array; scores: Float64Array; weights: Float64Array } {
  const u = lcg(seed, 3 * n);
  const labels = new Int32Array(n);
  const scores = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = u[i] < 0.4 ? 1 : 0;
    scores[i] = 0.2 * labels[i] + 0.8 * u[n + i];
    weights[i] = labels[i] ? 0.002 + 0.001 * u[2 * n + i] : 0.5 + u[2 * n + i];
  }
  return { labels, scores, weights };
}
