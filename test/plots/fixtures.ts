/** Seeded toy inputs for the plot tests (no dependence on lib/metrics). */
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import { mulberry32 as rng } from '../../lib/physics/random';
import * as path from 'node:path';

/** Where rendered test figures go (never committed). */
export const OUT_DIR = path.join(os.tmpdir(), 'hepml-plots');

// Removed after the run (root hook: this module loads once), unless HEPML_KEEP_PLOTS=1 keeps the figures to look at.
after(() => {
  if (process.env.HEPML_KEEP_PLOTS !== '1') rmSync(OUT_DIR, { recursive: true, force: true });
});

/** The library's mulberry32 stream (lib/physics is not under test here). */
export { rng };

/** n normal values with mean mu and width sigma. */
export function normal(n: number, mu: number, sigma: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mu + sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}

/** Classifier-like scores in [0, 1]: a logistic of a normal. */
export function scores(n: number, shift: number, seed: number): Float32Array {
  const z = normal(n, shift, 1.2, seed);
  return z.map((v) => 1 / (1 + Math.exp(-v)));
}

/** An exact ROC from two score samples (slow and obvious: sort and sweep). */
export function toyRoc(sig: Float32Array, bkg: Float32Array): { fpr: Float64Array; tpr: Float64Array; auc: number } {
  const all = [...Array.from(sig, (s) => [s, 1]), ...Array.from(bkg, (s) => [s, 0])].sort((a, b) => b[0] - a[0]);
  const fpr = new Float64Array(all.length + 1);
  const tpr = new Float64Array(all.length + 1);
  let tp = 0;
  let fp = 0;
  let auc = 0;
  all.forEach(([, y], i) => {
    if (y) tp++;
    else {
      fp++;
      auc += tp;
    }
    fpr[i + 1] = fp / bkg.length;
    tpr[i + 1] = tp / sig.length;
  });
  return { fpr, tpr, auc: auc / (sig.length * bkg.length) };
}

/** A toy 40x40 jet image: a core plus a second prong, exponentially falling. */
export function toyJetImage(seed: number, prongs: number): Float32Array {
  const r = rng(seed);
  const img = new Float32Array(1600);
  const centres = [[20, 20], [26, 17], [15, 25]].slice(0, prongs);
  for (const [cx, cy] of centres) {
    for (let k = 0; k < 40; k++) {
      const x = Math.round(cx + (r() - 0.5) * 6);
      const y = Math.round(cy + (r() - 0.5) * 6);
      if (x >= 0 && x < 40 && y >= 0 && y < 40) img[y * 40 + x] += r() * r();
    }
  }
  let s = 0;
  for (const v of img) s += v;
  return img.map((v) => v / s);
}
