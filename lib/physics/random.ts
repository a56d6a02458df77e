/**
 * A seeded, platform-independent pseudo-random generator.
 *
 * xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47, 2021)
 * on 32-bit integer arithmetic (`Math.imul`, `>>> 0`), seeded through splitmix32. Every number it
 * produces depends only on the seed, never on the platform, the engine or `Math.random`, so the same
 * seed gives the same synthetic dataset byte for byte everywhere. Distributions are built from
 * `uniform()` with the textbook algorithms cited at each method.
 */
import { check } from '../errors';

/** 2^-32: turns a uint32 into [0, 1). */
const INV_2_32 = 1 / 4294967296;

/**
 * Seeded random numbers: uniform, normal, exponential, gamma, beta, poisson, choice, shuffle.
 *
 * Used in 09-vh-multiclass (the seeded random search) and by every synthetic generator.
 * @param seed any finite number; default 42 (integers and their fractional parts both matter)
 * @example
 * const rng = new Random(7);
 * const x = rng.normal(0, 1);  // the same value on every machine
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = 0;
  private hasSpare = false;

  constructor(seed = 42) {
    check(Number.isFinite(seed), 'seed', 'a finite number', seed);
    // splitmix32 expands the seed into four non-zero state words.
    let x = (Math.floor(seed) ^ Math.floor((seed % 1) * 4294967296)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer (the raw xoshiro128** output). */
  nextUint32(): number {
    const s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    let n2 = s2 ^ s0;
    let n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    n2 ^= t;
    n3 = rotl(n3, 11);
    this.s0 = n0 | 0;
    this.s1 = n1 | 0;
    this.s2 = n2 | 0;
    this.s3 = n3 | 0;
    return r;
  }

  /** Uniform in [lo, hi) with 32 random bits; default [0, 1). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * (this.nextUint32() * INV_2_32);
  }

  /** Uniform in (0, 1]: safe inside `Math.log`. */
  uniformPositive(): number {
    return (this.nextUint32() + 1) * INV_2_32;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Normal(mean, sigma) by Marsaglia's polar method (the second value is kept for the next call). */
  normal(mean = 0, sigma = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sigma * this.spare;
    }
    let u = 0, v = 0, s = 0;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return mean + sigma * u * f;
  }

  /** Exponential with the given mean (not rate); default 1. */
  exponential(mean = 1): number {
    return -mean * Math.log(this.uniformPositive());
  }

  /** Gamma(shape k, scale θ) by Marsaglia & Tsang (ACM TOMS 26, 2000); k < 1 via the boost U^(1/k). */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.uniformPositive(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0, v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniformPositive();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Poisson(λ): Knuth's product of uniforms for λ < 30, else the rounded normal approximation. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda >= 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** An index drawn with probability proportional to `weights[i]` (non-negative, not all zero). */
  choice(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    let r = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Shuffles `a` in place (Fisher–Yates, {@link shuffleInPlace}) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    return shuffleInPlace(a, () => this.uniform());
  }

  /** A random permutation of 0…n−1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

/**
 * The one seeded shuffle of the library: Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm P) in place, with
 * `j = floor(uniform() · (i + 1))` drawn from any uniform [0, 1) stream ({@link Random}, {@link mulberry32}),
 * so the same stream gives the same permutation everywhere.
 * @param a the array (or typed array) to shuffle
 * @param uniform a uniform [0, 1) stream
 * @returns `a`, shuffled
 * @example
 * shuffleInPlace(Int32Array.of(0, 1, 2, 3), mulberry32(7));
 */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(a: T, uniform: () => number): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * mulberry32 (T. Ettinger, public domain): a tiny seeded uniform [0, 1) stream with a 32-bit state,
 * platform-independent. Used where a cheap stream is enough (shuffling, subsampling); physics toys use
 * {@link Random}.
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
