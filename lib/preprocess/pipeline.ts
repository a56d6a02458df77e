/**
 * Pipeline: transformers applied in sequence, fitted in sequence (each on the previous one's output),
 * as sklearn.pipeline.Pipeline without a final estimator. Taught in 08-ship-hnl.
 */
import { check } from '../errors';
import type { Matrix } from '../data/matrix';
import type { Transformer } from './transformer';

/**
 * A chain of transformers that behaves as one.
 *
 * @param steps transformers, or [name, transformer] pairs (names let you reach a step: `pipe.named.pca`)
 * @example
 * const pipe = new Pipeline([['scale', new StandardScaler()], ['pca', new PCA({ nComponents: 5 })]]);
 * const z = pipe.fit(xTrain).transform(xTest);
 */
export class Pipeline implements Transformer {
  readonly steps: ReadonlyArray<readonly [string, Transformer]>;
  /** Steps by name. */
  readonly named: Readonly<Record<string, Transformer>>;

  constructor(steps: ReadonlyArray<Transformer | readonly [string, Transformer]>) {
    check(Array.isArray(steps) && steps.length > 0, 'Pipeline steps', 'a non-empty array of transformers', steps);
    this.steps = steps.map((s, i) => (Array.isArray(s) ? [s[0], s[1]] as const : [`step${i}`, s as Transformer] as const));
    const named: Record<string, Transformer> = {};
    for (const [name, t] of this.steps) {
      check(t && typeof t.fit === 'function' && typeof t.transform === 'function', `Pipeline step ${name}`, 'a transformer with fit and transform', t);
      check(!(name in named), 'Pipeline steps', 'unique step names', name);
      named[name] = t;
    }
    this.named = named;
  }

  /** Fits every step in turn on the output of the previous ones. Returns this. */
  fit(x: Matrix): this {
    let cur = x;
    for (let i = 0; i < this.steps.length; i++) {
      const t = this.steps[i][1];
      cur = i < this.steps.length - 1 ? t.fitTransform(cur) : (t.fit(cur), cur);
    }
    return this;
  }

  /** Applies every step's transform in turn. */
  transform(x: Matrix): Matrix {
    let cur = x;
    for (const [, t] of this.steps) cur = t.transform(cur);
    return cur;
  }

  /** fit(x) then transform(x). */
  fitTransform(x: Matrix): Matrix {
    return this.fit(x).transform(x);
  }
}
