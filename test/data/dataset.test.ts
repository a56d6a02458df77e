import { strict as assert } from 'node:assert';
import { Dataset, HepmlError } from '../../lib';

describe('data/Dataset', () => {
  const ds = new Dataset({
    id: 'toy',
    source: 'synthetic:test@1',
    columns: { a: Float32Array.of(1, 2, 3), b: Int32Array.of(4, 5, 6) },
    labels: Int32Array.of(0, 1, 1),
    weights: Float64Array.of(0.5, 1, 2),
    tensors: { img: { data: Float32Array.of(1, 1, 2, 2, 3, 3), shape: [3, 2] } },
  });

  it('builds a row-major matrix from named columns', () => {
    const m = ds.matrix(['b', 'a']);
    assert.deepEqual(Array.from(m.data), [4, 1, 5, 2, 6, 3]);
    assert.equal(m.rows, 3);
    assert.deepEqual(m.names, ['b', 'a']);
  });

  it('filters columns, labels, weights and tensors together', () => {
    const f = ds.filter([true, false, true]);
    assert.equal(f.length, 2);
    assert.deepEqual(Array.from(f.column('a')), [1, 3]);
    assert.deepEqual(Array.from(f.labels!), [0, 1]);
    assert.deepEqual(Array.from(f.weights!), [0.5, 2]);
    assert.deepEqual(f.tensors.img.shape, [2, 2]);
    assert.deepEqual(Array.from(f.tensors.img.data), [1, 1, 3, 3]);
  });

  it('names the missing column and lists the known ones', () => {
    assert.throws(() => ds.column('c'), (e: unknown) => e instanceof HepmlError && /no column "c".*Known columns: a, b/.test(e.message));
  });

  it('refuses columns of different lengths', () => {
    assert.throws(() => new Dataset({ id: 'bad', source: 'x', columns: { a: new Float32Array(2), b: new Float32Array(3) } }), /same number of events/);
  });
});
