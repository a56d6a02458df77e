/**
 * Seeded shuffling: one mulberry32 stream per training run, a Fisher–Yates permutation per epoch.
 */

/** A uniform [0, 1) generator from a 32-bit seed (mulberry32). */
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

/** Successive permutations of 0..n−1 (the same seed gives the same sequence). */
export function shuffledIndices(n: number, seed: number): { next(): Int32Array } {
  const rand = mulberry32(seed);
  const idx = new Int32Array(n);
  return {
    next() {
      for (let i = 0; i < n; i++) idx[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
      return idx;
    },
  };
}
