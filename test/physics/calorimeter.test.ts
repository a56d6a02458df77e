import { strict as assert } from 'node:assert';
import { Random } from '../../lib/physics/random';
import { ParticleBuffer, PHOTON, CHARGED, NEUTRAL } from '../../lib/physics/shower';
import { calorimeterTowers } from '../../lib/physics/calorimeter';

/** A massless particle at (pt, eta, phi). */
function add(buf: ParticleBuffer, pt: number, eta: number, phi: number, kind: number, tag = 0): void {
  buf.push(pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta), kind, tag);
}
const etaOf = (b: ParticleBuffer, i: number) => Math.asinh(b.pz[i] / Math.hypot(b.px[i], b.py[i]));
const phiOf = (b: ParticleBuffer, i: number) => Math.atan2(b.py[i], b.px[i]);

describe('physics/calorimeter', () => {
  it('photons in one tower become one ECAL object with the summed energy, inside the cell; neutral hadrons there one HCAL object', () => {
    const buf = new ParticleBuffer(16);
    add(buf, 40, 0.52, 0.31, PHOTON);
    add(buf, 20, 0.57, 0.33, PHOTON);
    add(buf, 30, 0.55, 0.32, NEUTRAL);
    const e = [buf.e[0] + buf.e[1], buf.e[2]];
    calorimeterTowers(new Random(1), buf);
    assert.equal(buf.n, 2);
    assert.deepEqual([buf.kind[0], buf.kind[1]], [PHOTON, NEUTRAL]);
    for (let i = 0; i < 2; i++) {
      assert.ok(Math.abs(buf.e[i] - e[i]) < 1e-9 * e[i], `tower ${i}: ${buf.e[i]} vs ${e[i]}`);
      assert.ok(Math.abs(buf.e[i] - Math.hypot(buf.px[i], buf.py[i], buf.pz[i])) < 1e-9 * e[i], 'massless');
      assert.ok(etaOf(buf, i) >= 0.5 && etaOf(buf, i) < 0.6, `eta ${etaOf(buf, i)}`);
      const cell = Math.floor((0.31 + Math.PI) / ((2 * Math.PI) / 72));
      const ip = Math.floor((phiOf(buf, i) + Math.PI) / ((2 * Math.PI) / 72));
      assert.equal(ip, cell);
    }
  });

  it('keeps tracks one by one below trackPtMax and sends harder charged hadrons to the HCAL tower', () => {
    const buf = new ParticleBuffer(16);
    add(buf, 5, 0.05, 0.01, CHARGED, 1);
    add(buf, 25, 0.05, 0.012, CHARGED, 2);
    add(buf, 8, 0.051, 0.011, NEUTRAL, 3);
    const soft = [buf.px[0], buf.py[0], buf.pz[0]];
    const eh = buf.e[1] + buf.e[2];
    calorimeterTowers(new Random(2), buf, { trackPtMax: 10 });
    assert.equal(buf.n, 2);
    assert.equal(buf.kind[0], CHARGED);
    assert.deepEqual([buf.px[0], buf.py[0], buf.pz[0]], soft);
    assert.equal(buf.kind[1], NEUTRAL);
    assert.ok(Math.abs(buf.e[1] - eh) < 1e-9 * eh);
    assert.equal(buf.tag[1], 2, 'the tower keeps the tag of its first particle');
  });

  it('drops towers below threshold, keeps separate cells apart, and draws the same positions for the same seed', () => {
    const fill = (): ParticleBuffer => {
      const buf = new ParticleBuffer(16);
      add(buf, 0.3, 1.0, 0.0, PHOTON);      // 0.46 GeV < 0.5 GeV ECAL threshold
      add(buf, 0.5, 1.0, 0.5, NEUTRAL);     // 0.77 GeV < 1 GeV HCAL threshold
      add(buf, 10, -1.0, 2.0, PHOTON);
      add(buf, 10, -1.3, 2.0, PHOTON);      // three η cells away
      return buf;
    };
    const a = fill(), b = fill();
    calorimeterTowers(new Random(3), a);
    calorimeterTowers(new Random(3), b);
    assert.equal(a.n, 2);
    assert.deepEqual(Array.from(a.px.subarray(0, a.n)), Array.from(b.px.subarray(0, b.n)));
    assert.ok(Math.abs(etaOf(a, 0) - etaOf(a, 1)) > 0.1);
  });
});
