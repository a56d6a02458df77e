import { strict as assert } from 'node:assert';
import { Random } from '../../lib/physics/random';
import { addVectors, boost, boostVector, deltaPhi, deltaR, fromPtEtaPhiM, fromPtEtaPhiMArrays, invariantMass, massOf, toPtEtaPhiM } from '../../lib/physics/fourvec';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('physics/fourvec', () => {
  it('deltaPhi wraps into (-pi, pi] like a slow loop', () => {
    const slow = (d: number) => { while (d > Math.PI) d -= 2 * Math.PI; while (d <= -Math.PI) d += 2 * Math.PI; return d; };
    const r = new Random(1);
    for (let i = 0; i < 2000; i++) {
      const a = r.uniform(-20, 20), b = r.uniform(-20, 20);
      close(deltaPhi(a, b), slow(a - b), 1e-12);
    }
    close(deltaPhi(Math.PI, 0), Math.PI);
    close(deltaPhi(-Math.PI, 0), Math.PI);
    close(deltaPhi(3, -3), 6 - 2 * Math.PI);
    close(deltaR(0, 0, 0.3, 0.4), 0.5);
    close(deltaR(0, 3.1, 0, -3.1), 2 * Math.PI - 6.2);
  });

  it('m^2 = E^2 - p^2 and (pt, eta, phi, m) round-trips', () => {
    const r = new Random(2);
    for (let i = 0; i < 500; i++) {
      const pt = r.uniform(1, 500), eta = r.uniform(-4, 4), phi = r.uniform(-3.1, 3.1), m = r.uniform(0, 200);
      const v = fromPtEtaPhiM(pt, eta, phi, m);
      close(v.e * v.e - v.px ** 2 - v.py ** 2 - v.pz ** 2, m * m, 1e-6 * v.e * v.e);
      const [pt2, eta2, phi2, m2] = toPtEtaPhiM(v);
      close(pt2, pt, 1e-9); close(eta2, eta, 1e-9); close(phi2, phi, 1e-9); close(m2, m, 1e-5 * Math.max(1, v.e / Math.max(m, 1e-3)));
    }
  });

  it('boosts preserve the mass and boosting by -beta brings a particle to rest', () => {
    const r = new Random(3);
    for (let i = 0; i < 300; i++) {
      const v = fromPtEtaPhiM(r.uniform(1, 300), r.uniform(-3, 3), r.uniform(-3, 3), r.uniform(1, 100));
      const b = boost(v, r.uniform(-0.5, 0.5), r.uniform(-0.5, 0.5), r.uniform(-0.5, 0.5));
      close(massOf(b), massOf(v), 1e-7);
      const [bx, by, bz] = boostVector(v);
      const rest = boost(v, -bx, -by, -bz);
      close(rest.e, massOf(v), 1e-7);
      assert.ok(Math.hypot(rest.px, rest.py, rest.pz) < 1e-6 * v.e);
    }
    close(boost(fromPtEtaPhiM(0, 0, 0, 1), 0, 0, 0.6).pz, 0.75, 1e-12);
  });

  it('invariantMass of two back-to-back 40 GeV massless particles is 80 GeV; arrays agree with scalars', () => {
    close(invariantMass(40, 0, 0, 0, 40, 0, Math.PI, 0), 80, 1e-12);
    const a = fromPtEtaPhiM(50, 1, 0.2, 0), b = fromPtEtaPhiM(30, -0.5, 2, 0.1);
    close(invariantMass(50, 1, 0.2, 0, 30, -0.5, 2, 0.1), massOf(addVectors(a, b)), 1e-12);
    const out = { e: new Float64Array(2), px: new Float64Array(2), py: new Float64Array(2), pz: new Float64Array(2) };
    fromPtEtaPhiMArrays([50, 30], [1, -0.5], [0.2, 2], [0, 0.1], out);
    close(out.e[1], b.e); close(out.pz[0], a.pz);
  });
});
