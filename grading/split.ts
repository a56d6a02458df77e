/**
 * The public/private split of a leaderboard, by a seeded hash of each row id (as Kaggle does): a row's
 * part depends only on its id and the challenge's seed, never on row order or on the submissions.
 */

/** murmur3's 32-bit finaliser: a fast, well-mixed, platform-independent integer hash. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) from (seed, id); ids are non-negative integers below 2**53. */
export function hashUnit(id: number, seed: number): number {
  const lo = id >>> 0;
  const hi = Math.floor(id / 4294967296) >>> 0;
  const h = fmix32(fmix32(lo ^ fmix32(seed >>> 0)) ^ Math.imul(hi + 1, 0x9e3779b1));
  return h / 4294967296;
}

/**
 * Marks the public rows: `mask[i] = 1` when `hashUnit(ids[i], seed) < fraction`.
 * @param ids row ids
 * @param options.fraction public fraction in (0, 1)
 * @param options.seed the challenge's split seed
 * @example
 * const pub = publicMask(ids, { fraction: 0.3, seed: 20261123 });
 */
export function publicMask(ids: ArrayLike<number>, options: { fraction: number; seed: number }): Uint8Array {
  const mask = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++) mask[i] = hashUnit(ids[i], options.seed) < options.fraction ? 1 : 0;
  return mask;
}

/** Row indices of each part. */
export function partIndices(mask: Uint8Array): { public: Int32Array; private: Int32Array } {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  const pub = new Int32Array(n);
  const priv = new Int32Array(mask.length - n);
  for (let i = 0, a = 0, b = 0; i < mask.length; i++) {
    if (mask[i]) pub[a++] = i;
    else priv[b++] = i;
  }
  return { public: pub, private: priv };
}
