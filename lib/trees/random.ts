/**
 * Seeded sampling for the tree estimators (subsampling, validation splits), on the library's
 * mulberry32 stream (lib/physics/random). Internal: not re-exported.
 */
export { mulberry32 } from '../physics/random';

/** k distinct indices out of 0..n-1, ascending (Floyd's algorithm would do; a partial shuffle is simpler). */
export function sampleWithoutReplacement(n: number, k: number, rand: () => number, perm: Uint32Array): Uint32Array {
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const out = perm.subarray(0, k);
  out.sort();
  return out;
}
