/**
 * The small seeded PRNG the tree estimators use (subsampling, validation splits). Internal: not
 * re-exported, so that lib/trees does not depend on any other folder's random streams.
 * mulberry32 (T. Ettinger, public domain): 32-bit state, period 2^32, platform-independent.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
