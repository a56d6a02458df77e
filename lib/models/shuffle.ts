/**
 * Seeded shuffling: one mulberry32 stream per training run, a Fisher–Yates permutation per epoch.
 */

import { mulberry32, shuffleInPlace } from '../physics/random';

export { mulberry32 };

/** Successive permutations of 0..n−1 (the same seed gives the same sequence). */
export function shuffledIndices(n: number, seed: number): { next(): Int32Array } {
  const rand = mulberry32(seed);
  const idx = new Int32Array(n);
  return {
    next() {
      for (let i = 0; i < n; i++) idx[i] = i;
      return shuffleInPlace(idx, rand);
    },
  };
}
