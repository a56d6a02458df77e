import { strict as assert } from 'node:assert';
import { matrix, ndarray, takeRows } from '../../lib/data/matrix';

describe('data/matrix: the one matrix and n-d types, and the one way to take rows', () => {
  it('takeRows copies rows of a Matrix, in order, repeats allowed, names kept', () => {
    const x = matrix(Float32Array.of(1, 2, 3, 4, 5, 6), 3, 2, ['a', 'b']);
    const t = takeRows(x, [2, 0, 2]);
    assert.deepEqual([...t.data], [5, 6, 1, 2, 5, 6]);
    assert.equal(t.rows, 3);
    assert.deepEqual(t.names, ['a', 'b']);
    t.data[0] = 99;
    assert.equal(x.data[4], 5, 'a copy');
  });

  it('takeRows takes entries along the event axis of an NdArray (images [N, H, W, C])', () => {
    const images = ndarray(Float32Array.from({ length: 3 * 2 * 2 * 1 }, (_, i) => i), [3, 2, 2, 1]);
    const t = takeRows(images, Int32Array.of(1));
    assert.deepEqual(t.shape, [1, 2, 2, 1]);
    assert.deepEqual([...t.data], [4, 5, 6, 7]);
  });

  it('refuses indices out of range and inconsistent shapes, naming the problem', () => {
    const x = matrix(new Float32Array(4), 2, 2);
    assert.throws(() => takeRows(x, [0, 2]), /takeRows indices: expected integers in \[0, 1\], found 2 at position 1/);
    assert.throws(() => takeRows(x, [0.5]), /found 0.5/);
    assert.throws(() => ndarray(new Float32Array(5), [2, 3]), /ndarray: expected data of length 2\*3 = 6, found length 5/);
  });
});
