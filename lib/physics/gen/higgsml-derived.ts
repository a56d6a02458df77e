/**
 * The HiggsML column list and the DER_* features computed from the PRI_* ones, following the
 * definitions of the challenge documentation (Adam-Bourdarios et al. 2014, appendix B). −999 marks an
 * undefined value; features are rounded to 3 decimals as in the CSV.
 */

/** Columns in the order of the real `atlas-higgs-challenge-2014-v2.csv` header. */
export const HIGGSML_COLUMNS = [
  'EventId', 'DER_mass_MMC', 'DER_mass_transverse_met_lep', 'DER_mass_vis', 'DER_pt_h', 'DER_deltaeta_jet_jet',
  'DER_mass_jet_jet', 'DER_prodeta_jet_jet', 'DER_deltar_tau_lep', 'DER_pt_tot', 'DER_sum_pt', 'DER_pt_ratio_lep_tau',
  'DER_met_phi_centrality', 'DER_lep_eta_centrality', 'PRI_tau_pt', 'PRI_tau_eta', 'PRI_tau_phi', 'PRI_lep_pt',
  'PRI_lep_eta', 'PRI_lep_phi', 'PRI_met', 'PRI_met_phi', 'PRI_met_sumet', 'PRI_jet_num', 'PRI_jet_leading_pt',
  'PRI_jet_leading_eta', 'PRI_jet_leading_phi', 'PRI_jet_subleading_pt', 'PRI_jet_subleading_eta',
  'PRI_jet_subleading_phi', 'PRI_jet_all_pt', 'Weight', 'Label', 'KaggleSet', 'KaggleWeight',
] as const;

export type HiggsmlColumns = Record<(typeof HIGGSML_COLUMNS)[number], Float64Array>;

const U = -999;

/** Fills every DER_* column (except DER_mass_MMC) and rounds all features to 3 decimals. */
export function fillDerived(c: HiggsmlColumns, n: number): void {
  for (let i = 0; i < n; i++) {
    const tPt = c.PRI_tau_pt[i], tEta = c.PRI_tau_eta[i], tPhi = c.PRI_tau_phi[i];
    const lPt = c.PRI_lep_pt[i], lEta = c.PRI_lep_eta[i], lPhi = c.PRI_lep_phi[i];
    const met = c.PRI_met[i], mPhi = c.PRI_met_phi[i];
    const nj = c.PRI_jet_num[i];
    c.DER_mass_transverse_met_lep[i] = Math.sqrt(Math.max(0, 2 * lPt * met * (1 - Math.cos(lPhi - mPhi))));
    c.DER_mass_vis[i] = Math.sqrt(Math.max(0, 2 * tPt * lPt * (Math.cosh(tEta - lEta) - Math.cos(tPhi - lPhi))));
    const hx = tPt * Math.cos(tPhi) + lPt * Math.cos(lPhi) + met * Math.cos(mPhi);
    const hy = tPt * Math.sin(tPhi) + lPt * Math.sin(lPhi) + met * Math.sin(mPhi);
    c.DER_pt_h[i] = Math.hypot(hx, hy);
    let dphi = tPhi - lPhi;
    dphi = dphi > Math.PI ? dphi - 2 * Math.PI : dphi <= -Math.PI ? dphi + 2 * Math.PI : dphi;
    c.DER_deltar_tau_lep[i] = Math.sqrt((tEta - lEta) ** 2 + dphi * dphi);
    let tx = hx, ty = hy;
    if (nj > 0) { tx += c.PRI_jet_leading_pt[i] * Math.cos(c.PRI_jet_leading_phi[i]); ty += c.PRI_jet_leading_pt[i] * Math.sin(c.PRI_jet_leading_phi[i]); }
    if (nj > 1) { tx += c.PRI_jet_subleading_pt[i] * Math.cos(c.PRI_jet_subleading_phi[i]); ty += c.PRI_jet_subleading_pt[i] * Math.sin(c.PRI_jet_subleading_phi[i]); }
    c.DER_pt_tot[i] = Math.hypot(tx, ty);
    c.DER_sum_pt[i] = tPt + lPt + c.PRI_jet_all_pt[i];
    c.DER_pt_ratio_lep_tau[i] = lPt / tPt;
    const s = Math.sign(Math.sin(tPhi - lPhi)) || 1;
    const A = Math.sin(mPhi - lPhi) * s, B = Math.sin(tPhi - mPhi) * s;
    const AB = Math.sqrt(A * A + B * B);
    c.DER_met_phi_centrality[i] = AB > 0 ? (A + B) / AB : 0;
    if (nj > 1) {
      const e1 = c.PRI_jet_leading_eta[i], e2 = c.PRI_jet_subleading_eta[i];
      const p1 = c.PRI_jet_leading_pt[i], p2 = c.PRI_jet_subleading_pt[i];
      c.DER_deltaeta_jet_jet[i] = Math.abs(e1 - e2);
      c.DER_mass_jet_jet[i] = Math.sqrt(Math.max(0, 2 * p1 * p2 * (Math.cosh(e1 - e2) - Math.cos(c.PRI_jet_leading_phi[i] - c.PRI_jet_subleading_phi[i]))));
      c.DER_prodeta_jet_jet[i] = e1 * e2;
      const d = e1 - e2;
      c.DER_lep_eta_centrality[i] = d === 0 ? 0 : Math.exp((-4 / (d * d)) * (lEta - (e1 + e2) / 2) ** 2);
    } else {
      c.DER_deltaeta_jet_jet[i] = c.DER_mass_jet_jet[i] = c.DER_prodeta_jet_jet[i] = c.DER_lep_eta_centrality[i] = U;
    }
  }
  for (const name of HIGGSML_COLUMNS) {
    if (!(name.startsWith('DER_') || name.startsWith('PRI_'))) continue;
    const col = c[name];
    for (let i = 0; i < n; i++) if (col[i] !== U) col[i] = Math.round(col[i] * 1000) / 1000;
  }
}
