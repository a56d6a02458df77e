import { strict as assert } from 'node:assert';
import { HepmlError } from '../../lib/errors';
import { fromRows, matrix } from '../../lib/data/matrix';
import { PCA, Pipeline, RobustScaler, StandardScaler, type Transformer } from '../../lib/preprocess';
import { makeX } from './reference.test';

/** One contract suite over every transformer (sklearn's check_estimator, in small). */
const makers: Array<[string, () => Transformer & { options: object }]> = [
  ['StandardScaler', () => new StandardScaler()],
  ['RobustScaler', () => new RobustScaler({ quantileRange: [20, 80] })],
  ['PCA', () => new PCA({ nComponents: 2, whiten: true })],
  ['Pipeline', () => Object.assign(new Pipeline([['s', new StandardScaler()], ['p', new PCA({ nComponents: 2 })]]), { options: {} })],
];

describe('preprocess: transformer contract', () => {
  const a = makeX(200, 1);
  const b = makeX(150, 2);
  for (const [name, make] of makers) {
    describe(name, () => {
      it('fit returns this and leaves options untouched', () => {
        const t = make();
        const before = JSON.stringify(t.options);
        assert.equal(t.fit(a), t);
        assert.equal(JSON.stringify(t.options), before);
      });
      it('transform before fit throws a helpful HepmlError', () => {
        assert.throws(() => make().transform(a), (e: unknown) => e instanceof HepmlError && /not fitted yet\. Call fit\(xTrain\)/.test(e.message));
      });
      it('refit replaces the earlier fit (same as a fresh fit), deterministic', () => {
        const t = make().fit(a).fit(b);
        assert.deepEqual(t.transform(a).data, make().fit(b).transform(a).data);
        assert.deepEqual(make().fitTransform(b).data, make().fit(b).transform(b).data);
      });
      it('does not modify its input; wrong column count and NaN are rejected', () => {
        const copy = a.data.slice();
        make().fit(a).transform(a);
        assert.deepEqual(a.data, copy);
        const t = make().fit(a);
        assert.throws(() => t.transform(matrix(new Float32Array(10), 2, 5)), HepmlError);
        const bad = matrix(a.data.slice(), a.rows, a.cols);
        bad.data[7] = Infinity;
        assert.throws(() => make().fit(bad), /expected finite values( or NaN \(NaN means missing\))?, found Infinity at row 1/);
      });
    });
  }

  it('StandardScaler.partialFit over batches equals one fit; inverseTransform round-trips', () => {
    const half = a.rows / 2;
    const p = new StandardScaler().partialFit(matrix(a.data.slice(0, half * a.cols), half, a.cols)).partialFit(matrix(a.data.slice(half * a.cols), half, a.cols));
    const f = new StandardScaler().fit(a);
    for (let c = 0; c < a.cols; c++) {
      assert.ok(Math.abs(p.mean_![c] - f.mean_![c]) < 1e-9 * Math.max(1, Math.abs(f.mean_![c])));
      assert.ok(Math.abs(p.var_![c] - f.var_![c]) < 1e-9 * Math.max(1, f.var_![c]));
    }
    const back = f.inverseTransform(f.transform(a));
    for (let i = 0; i < a.data.length; i++) assert.ok(Math.abs(back.data[i] - a.data[i]) < 1e-4 * Math.max(1, Math.abs(a.data[i])));
  });

  it('PCA whitened projections have unit variance and are uncorrelated', () => {
    const z = new PCA({ whiten: true, nComponents: 3 }).fitTransform(a);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let r = 0; r < z.rows; r++) s += z.data[r * 3 + i] * z.data[r * 3 + j];
      assert.ok(Math.abs(s / (z.rows - 1) - (i === j ? 1 : 0)) < 1e-4, `cov[${i}][${j}]`);
    }
  });

  it('Pipeline fits each step on the previous output', () => {
    const pipe = new Pipeline([['s', new StandardScaler()], ['p', new PCA({ nComponents: 2 })]]).fit(a);
    const manual = new PCA({ nComponents: 2 }).fit(new StandardScaler().fitTransform(a));
    assert.deepEqual((pipe.named.p as PCA).components_, manual.components_);
    assert.throws(() => new Pipeline([]), HepmlError);
    assert.ok(fromRows([[1]]));
  });
});
