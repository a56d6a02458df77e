import { strict as assert } from 'node:assert';
import { fromPtEtaPhiM } from '../../lib/physics/fourvec';
import { jetImages } from '../../lib/physics/jetimage';
import { generateTopJets } from '../../lib/physics/gen/top-jets';
import { jetPt } from '../../lib/physics/jets';

function jetOf(parts: [number, number, number][]): Float32Array {
  const d = new Float32Array(parts.length * 4);
  parts.forEach(([pt, eta, phi], k) => { const v = fromPtEtaPhiM(pt, eta, phi, 0); d.set([v.e, v.px, v.py, v.pz], 4 * k); });
  return d;
}

describe('physics/jetimage', () => {
  it('a one-constituent jet lands in a centre pixel with its pT', () => {
    const img = jetImages({ data: jetOf([[100, 1, 2]]), shape: [1, 1, 4] });
    assert.deepEqual(img.shape, [1, 40, 40]);
    const i = img.data.findIndex((x) => x > 0);
    assert.equal(Math.floor(i / 40), 20);
    assert.equal(i % 40, 20);
    assert.ok(Math.abs(img.data[i] - 100) < 1e-3);
  });

  it('rotates a two-prong jet so its axis is vertical and flips the harder prong up', () => {
    // Two prongs along the η direction (horizontal), the harder one at lower η.
    const img = jetImages({ data: jetOf([[60, -0.2, 0.5], [30, 0.2, 0.5]]), shape: [1, 2, 4] });
    const hits = [...img.data].map((v, i) => ({ v, row: Math.floor(i / 40), col: i % 40 })).filter((h) => h.v > 0);
    assert.equal(hits.length, 2);
    assert.ok(Math.abs(hits[0].col - hits[1].col) <= 1, 'same column after rotation');
    const hard = hits.find((h) => h.v > 50)!, soft = hits.find((h) => h.v < 50)!;
    assert.ok(hard.row > soft.row, 'harder prong in the upper half');
  });

  it('keeps the total pT inside the window and normalises when asked', () => {
    const n = 100;
    const jets = generateTopJets({ events: n, seed: 2 });
    const batch = { data: jets.constituents, shape: [n, 200, 4] };
    // Scalar sum of constituent pT (what the pixels add up to), not the vector jet pT.
    const pt = new Float64Array(n);
    for (let k = 0; k < n * 200; k++) pt[Math.floor(k / 200)] += Math.hypot(jets.constituents[4 * k + 1], jets.constituents[4 * k + 2]);
    assert.ok(pt[0] >= jetPt(batch)[0]);
    const img = jetImages(batch);
    const norm = jetImages(batch, { normalize: true });
    for (let j = 0; j < n; j++) {
      let s = 0, t = 0;
      for (let k = 0; k < 1600; k++) { s += img.data[j * 1600 + k]; t += norm.data[j * 1600 + k]; }
      assert.ok(s <= pt[j] * 1.0001 && s > 0.9 * pt[j], `image sum ${s} vs pT ${pt[j]}`);
      assert.ok(t > 0.9 && t <= 1.0001);
    }
    // Flip: more intensity in the right half (columns >= 20) than the left, summed over jets.
    let left = 0, right = 0;
    for (let k = 0; k < img.data.length; k++) ((k % 40) >= 20 ? (right += img.data[k]) : (left += img.data[k]));
    assert.ok(right > left);
  });
});
