import { strict as assert } from 'node:assert';
import { normalizeImages, jetWidth, channelFraction, firstImages, meanImage, meanImagesByClass, HepmlError } from '../../lib';

/** Two jets, 2 channels, 4×4 pixels. */
function stack(): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(2 * 2 * 16);
  // jet 0: channel 0 has 3 GeV in pixel (1,1) and 1 GeV in (0,0); channel 1 has 3 GeV in (1,1)
  data[0 * 16 + 5] = 3; data[0 * 16 + 0] = 1; data[16 + 5] = 3;
  // jet 1: empty channel 0, 2 GeV in channel 1
  data[32 + 16 + 7] = 2;
  return { data, shape: [2, 2, 4, 4] };
}

describe('physics/image observables', () => {
  it('normalizeImages divides every channel by the jet total of channel 0, empty jets stay 0', () => {
    const n = normalizeImages(stack());
    assert.deepEqual(n.shape, [2, 2, 4, 4]);
    assert.ok(Math.abs(n.data[5] - 0.75) < 1e-7 && Math.abs(n.data[0] - 0.25) < 1e-7 && Math.abs(n.data[16 + 5] - 0.75) < 1e-7);
    assert.ok(n.data.subarray(32).every((v) => v === 0));
  });

  it('jetWidth is Σ pT r / Σ pT with r from the image centre, in Δη-Δφ units', () => {
    const w = jetWidth(stack(), { pixelSize: 0.1 });
    // pixel (1,1) centre at (1.5, 1.5) → r = √(0.5²+0.5²)·0.1; pixel (0,0) at (0.5,0.5) → r = √(1.5²·2)·0.1
    const expect = (3 * Math.SQRT2 * 0.05 + 1 * Math.SQRT2 * 0.15) / 4;
    assert.ok(Math.abs(w[0] - expect) < 1e-6, `${w[0]} vs ${expect}`);
    assert.equal(w[1], 0);
  });

  it('channelFraction is the channel sum over the denominator sum', () => {
    const f = channelFraction(stack(), 1);
    assert.ok(Math.abs(f[0] - 0.75) < 1e-7);
    assert.equal(f[1], 0);
  });

  it('refuses stacks that are not [N, C, H, W] and channels out of range', () => {
    assert.throws(() => jetWidth({ data: new Float32Array(16), shape: [1, 4, 4] }), HepmlError);
    assert.throws(() => channelFraction(stack(), 2), /channelFraction numerator/);
  });
});

describe('physics/firstImages', () => {
  it('returns the first images of one class (views), fewer when the class has fewer', () => {
    const data = Float32Array.from({ length: 4 * 4 }, (_, i) => Math.floor(i / 4)); // image i is all i
    const got = firstImages({ data, shape: [4, 2, 2] }, [0, 1, 0, 1], { label: 0, count: 3 });
    assert.deepEqual(got.map((g) => g[0]), [0, 2]);
    assert.throws(() => firstImages({ data, shape: [4, 2, 2] }, [0, 1], { label: 0 }), /firstImages labels/);
  });
});

describe('physics/meanImagesByClass', () => {
  it('averages the images of each label (slow obvious: meanImage with a mask)', () => {
    const data = Float32Array.from({ length: 3 * 2 * 4 }, (_, i) => i);
    const stack = { data, shape: [3, 2, 2, 2] };
    const m = meanImagesByClass(stack, [1, 0, 1], { channel: 1 });
    assert.deepEqual(Object.keys(m).sort(), ['0', '1']);
    assert.deepEqual([...m[1]], [...meanImage(stack, [1, 0, 1], { channel: 1 })]);
    assert.deepEqual([...m[0]], [12, 13, 14, 15]);
  });
});
