import { strict as assert } from 'node:assert';
import { Dataset } from '../../lib/data/dataset';
import { classesOf, labelsOf, weightsOf } from '../../lib/data/labelled';

describe('data/labelled: labelsOf, weightsOf, classesOf', () => {
  const labelled = new Dataset({ id: 'toy', source: 'synthetic:toy@1', columns: { x: Float32Array.of(1, 2, 3) }, labels: Int32Array.of(0, 1, 2),
    classes: ['a', 'b', 'c'], weights: Float32Array.of(1, 0.5, 2) });
  const bare = new Dataset({ id: 'test-set', source: 'file:test.h5', columns: { x: Float32Array.of(1, 2) } });

  it('return the labels, weights and class names of a labelled dataset', () => {
    assert.deepEqual([...labelsOf(labelled)], [0, 1, 2]);
    assert.deepEqual([...weightsOf(labelled)], [1, 0.5, 2]);
    assert.deepEqual(classesOf(labelled), ['a', 'b', 'c']);
    classesOf(labelled).push('d');
    assert.deepEqual(classesOf(labelled), ['a', 'b', 'c'], 'a copy: the dataset keeps its names');
  });

  it('say which dataset lacks them, in one sentence', () => {
    assert.throws(() => labelsOf(bare), /test-set: expected a labelled dataset, found no labels \(source file:test.h5\)/);
    assert.throws(() => weightsOf(bare), /test-set: expected event weights, found none/);
    assert.throws(() => classesOf(bare), /test-set: expected class names, found none/);
  });
});
