/**
 * Random hyper-parameter search (Bergstra & Bengio, "Random search for hyper-parameter optimization",
 * JMLR 13 (2012) 281): each trial draws every parameter from its distribution, a user function trains
 * and scores it, the best score wins. Taught in 09-vh-multiclass (the talk's search: nodes per layer in
 * 10–100, ELU or ReLU, a log-uniform learning rate, scored by the validation ROC AUC).
 */
import { check } from '../errors';
import { Random } from '../physics/random';

/** Draws one value of a hyper-parameter. */
export type Sampler<T> = (rng: Random) => T;

/** A search space: one sampler per parameter. */
export type SearchSpace = Record<string, Sampler<unknown>>;

/** The parameter values of one draw of a {@link SearchSpace}. */
export type Drawn<S extends SearchSpace> = { [K in keyof S]: S[K] extends Sampler<infer T> ? T : never };

/** An integer in [lo, hi] on a grid of `step` (lo, lo + step, …). */
export function uniformInt(lo: number, hi: number, step = 1): Sampler<number> {
  check(Number.isInteger(lo) && Number.isInteger(hi) && lo <= hi, 'uniformInt', 'integers lo <= hi', `${lo}, ${hi}`);
  check(Number.isInteger(step) && step >= 1, 'uniformInt step', 'a positive integer', step);
  const n = Math.floor((hi - lo) / step) + 1;
  return (rng) => lo + step * rng.int(n);
}

/** A value in [lo, hi] uniform in log (learning rates). */
export function logUniform(lo: number, hi: number): Sampler<number> {
  check(lo > 0 && hi > lo, 'logUniform', '0 < lo < hi', `${lo}, ${hi}`);
  return (rng) => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
}

/** One of the given values, uniformly. */
export function oneOf<T>(values: readonly T[]): Sampler<T> {
  check(values.length > 0, 'oneOf', 'at least one value', values.length);
  return (rng) => values[rng.int(values.length)];
}

/** `n` independent draws of `sampler` (e.g. the width of each of n layers). */
export function perLayer<T>(n: number, sampler: Sampler<T>): Sampler<T[]> {
  check(Number.isInteger(n) && n >= 1, 'perLayer n', 'a positive integer', n);
  return (rng) => Array.from({ length: n }, () => sampler(rng));
}

/** Options of {@link randomSearch}. */
export interface RandomSearchOptions<S extends SearchSpace> {
  /** The parameters and their distributions. */
  space: S;
  /** Number of trials (>= 1). */
  trials: number;
  /** Trains one setting and returns its score (higher is better, e.g. the validation ROC AUC). */
  evaluate: (params: Drawn<S>, trial: number) => Promise<number> | number;
  /** Seed of the draws; default 0. */
  seed?: number;
}

/** One trial of {@link randomSearch}. */
export type Trial<S extends SearchSpace> = Drawn<S> & { trial: number; score: number };

/**
 * Draws `trials` settings from `space`, scores each with `evaluate`, and returns them all and the best.
 *
 * @example
 * const search = await randomSearch({
 *   space: { nodes: perLayer(10, uniformInt(10, 100, 10)), activation: oneOf(['elu', 'relu']), lr: logUniform(1e-4, 1e-2) },
 *   trials: 8, seed: 1, evaluate: async (p) => validationAuc(p),
 * });
 * search.best.lr;
 */
export async function randomSearch<S extends SearchSpace>(options: RandomSearchOptions<S>): Promise<{ trials: Trial<S>[]; best: Trial<S> }> {
  const { space, trials, evaluate } = options;
  check(Number.isInteger(trials) && trials >= 1, 'randomSearch trials', 'a positive integer', trials);
  check(space && Object.keys(space).length > 0, 'randomSearch space', 'at least one parameter', space);
  const rng = new Random(options.seed ?? 0);
  const out: Trial<S>[] = [];
  for (let t = 0; t < trials; t++) {
    const params = {} as Record<string, unknown>;
    for (const [name, sampler] of Object.entries(space)) params[name] = sampler(rng);
    const score = await evaluate(params as Drawn<S>, t);
    check(typeof score === 'number' && !Number.isNaN(score), 'randomSearch evaluate', 'a numeric score', score);
    out.push({ ...(params as Drawn<S>), trial: t, score });
  }
  const best = out.reduce((a, b) => (b.score > a.score ? b : a));
  return { trials: out, best };
}
