/**
 * Toy multiclass sample after the VH(H → WW*) search in the 3-lepton channel (WH → WWW → ℓνℓνℓν):
 * six processes, 17 reconstructed variables, MC weights.
 *
 * Physics per class: VH — three prompt leptons, the two from H → WW* close in ΔR (spin 0) with a low
 * opposite-sign mass, no Z candidate, few jets, no b-jets; ggF H → WW — two close leptons plus a soft
 * fake third; VBF — the same plus two forward jets with large m_jj and Δη_jj; top (tt̄, tW) — b-jets,
 * many jets, wide leptons; Z + jets — an OSSF pair at m_Z, low MET, a soft fake; WW — wide, back-to-back
 * leptons and a fake. Raw sizes and weights differ by orders of magnitude (a rare signal simulated
 * with many events, abundant backgrounds with few heavy events), as in a real analysis. After the
 * ATLAS VH(WW) analyses (Phys. Rev. D 98 (2018) 052003) and A. Basso's talk on multiclass DNNs for VH.
 */
import { Random } from '../random';

/** Class names, index = label. */
export const VH_CLASSES = ['VH', 'ggF', 'VBF', 'top', 'Z+jets', 'WW'] as const;

/** The 17 variables, in column order. */
export const VH_VARIABLES = [
  'lep_pt_0', 'lep_pt_1', 'lep_pt_2', 'm_lll', 'm_ll_os_min', 'm_ll_z', 'dr_ll_min', 'dphi_ll_max',
  'met', 'mt_lll_met', 'ht_lep', 'n_jets', 'jet_pt_0', 'm_jj', 'deta_jj', 'n_bjets', 'sum_charge',
] as const;

export type VhColumns = Record<(typeof VH_VARIABLES)[number], Float32Array>;

/** Raw fraction of events and mean per-event weight of each class. */
export const VH_RAW_FRACTIONS = [0.3, 0.12, 0.08, 0.2, 0.2, 0.1];
export const VH_MEAN_WEIGHTS = [0.0009, 0.004, 0.0012, 0.35, 1.6, 0.09];

export interface VhOptions {
  events: number;
  seed?: number;
}

/** @example const { columns, labels, weights } = generateVh({ events: 10000, seed: 1 }); */
export function generateVh(options: VhOptions): { columns: VhColumns; labels: Int32Array; weights: Float32Array } {
  const n = options.events;
  const rng = new Random(options.seed ?? 42);
  const c = {} as VhColumns;
  for (const v of VH_VARIABLES) c[v] = new Float32Array(n);
  const labels = new Int32Array(n);
  const weights = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.choice(VH_RAW_FRACTIONS);
    labels[i] = k;
    const higgs = k <= 2;
    const fakeThird = k !== 0 && k !== 3;
    let p0 = 25 + rng.gamma(1.8, k === 3 ? 30 : k === 4 ? 18 : 20);
    let p1 = 15 + rng.gamma(1.6, higgs ? 10 : 15);
    let p2 = fakeThird ? 10 + rng.exponential(6) : 10 + rng.gamma(1.5, 12);
    if (p1 > p0) { const t = p0; p0 = p1; p1 = t; }
    if (p2 > p1) { const t = p1; p1 = p2; p2 = t; }
    if (p1 > p0) { const t = p0; p0 = p1; p1 = t; }
    c.lep_pt_0[i] = p0; c.lep_pt_1[i] = p1; c.lep_pt_2[i] = p2;
    const drMin = higgs ? 0.3 + rng.gamma(2, 0.35) : k === 4 ? 0.6 + rng.gamma(2.5, 0.5) : 0.6 + rng.gamma(3, 0.45);
    c.dr_ll_min[i] = drMin;
    c.dphi_ll_max[i] = Math.min(Math.PI, (higgs ? 1.8 : 2.3) + rng.normal(0, 0.5) * (k === 5 ? 0.5 : 1));
    const mllOs = higgs ? 10 + rng.gamma(2.2, 9) : k === 4 ? 91.19 + rng.normal(0, 3) : 15 + rng.gamma(2, 28);
    c.m_ll_os_min[i] = Math.max(mllOs, 5);
    c.m_ll_z[i] = k === 4 ? 91.19 + 2.5 * rng.normal() : rng.bernoulli(0.5) ? 0 : 20 + rng.gamma(2, 40);
    c.m_lll[i] = Math.sqrt(c.m_ll_os_min[i] ** 2 + 2 * p2 * (p0 + p1) * (0.4 + rng.exponential(0.8)));
    const met = k === 4 ? rng.gamma(1.6, 14) : k === 3 ? 20 + rng.gamma(2, 30) : k === 0 ? 20 + rng.gamma(2.2, 22) : 10 + rng.gamma(2, 20);
    c.met[i] = met;
    c.ht_lep[i] = p0 + p1 + p2;
    c.mt_lll_met[i] = Math.sqrt(2 * c.ht_lep[i] * met * (1 - Math.cos(rng.uniform(0.5, Math.PI))));
    const nj = k === 3 ? 2 + rng.poisson(1.3) : k === 2 ? 2 + rng.poisson(0.5) : rng.poisson(k === 4 ? 1 : 0.6);
    c.n_jets[i] = nj;
    c.jet_pt_0[i] = nj > 0 ? 25 + rng.exponential(k === 3 ? 60 : k === 2 ? 55 : 35) : 0;
    const deta = nj > 1 ? (k === 2 ? 3 + rng.gamma(2, 0.7) : rng.gamma(1.5, 0.9)) : 0;
    c.deta_jj[i] = deta;
    c.m_jj[i] = nj > 1 ? (k === 2 ? 400 + rng.gamma(2, 250) : 40 + rng.gamma(2, 50)) * (0.8 + 0.1 * deta) : 0;
    c.n_bjets[i] = k === 3 ? Math.min(nj, 1 + (rng.bernoulli(0.45) ? 1 : 0)) : rng.bernoulli(0.04) ? Math.min(nj, 1) : 0;
    c.sum_charge[i] = rng.bernoulli(0.5) ? 1 : -1;
    weights[i] = VH_MEAN_WEIGHTS[k] * rng.gamma(8, 1 / 8);
  }
  return { columns: c, labels, weights };
}
