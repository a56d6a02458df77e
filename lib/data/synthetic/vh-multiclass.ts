/**
 * Synthetic `vh-multiclass` (no public data; after Basso's VH(WW) talk, the 2-lepton DFOS channel
 * V(→qq)H(→ℓνℓν)): the toy of lib/physics/gen/vh.ts. The talk's 17 inputs (`VH_INPUTS`), the raw
 * quantities of the Run-1 cuts (`Mtt_signed`, `Mjj_raw`, `nJets`, `nBJets`) and `weight` (also in
 * `weights`: MC weights normalised to 139 fb⁻¹), all float32; labels 0–5 with `classes`.
 */
import { Dataset, type Column } from '../dataset';
import { generateVh, VH_CLASSES, VH_RAW, VH_UNITS, VH_VARIABLES } from '../../physics';
import { entry, syntheticSource } from './tabular';

const DESCRIPTIONS: Partial<Record<(typeof VH_VARIABLES)[number], string>> = {
  Mjj: '|M_jj − 85 GeV|', mtt: '|M_ττ − M_Z| (collinear approximation)', Mtt_signed: 'signed collinear M_ττ (raw, for the Run-1 cut)',
  Mjj_raw: 'M_jj of the two leading jets (raw, for the Run-1 cut)', nJets: 'jets with p_T > 25 GeV', nBJets: 'b-tagged jets (0 after preselection)',
  SumMjJ: 'Σ M_ℓj over the four lepton–jet pairs', ptTotalTrackMET: '|p_T(ℓℓ) + Σ p_T(jets) + E_T^miss,track|',
};

export function synthVhMulticlass(events: number, seed: number): Dataset {
  const { columns: cols, labels, weights } = generateVh({ events, seed });
  const columns: Record<string, Column> = {};
  for (const v of VH_VARIABLES) columns[v] = cols[v];
  columns.weight = weights;
  const schema = VH_VARIABLES.map((v) => entry(v, cols[v], {
    ...(VH_UNITS[v] ? { unit: VH_UNITS[v] } : {}),
    ...(DESCRIPTIONS[v] ? { description: DESCRIPTIONS[v] } : (VH_RAW as readonly string[]).includes(v) ? { description: 'raw quantity' } : {}),
  }));
  schema.push(entry('weight', weights, { description: 'MC event weight (sum per class = expected events at 139 fb⁻¹)' }));
  return new Dataset({
    id: 'vh-multiclass', source: syntheticSource('vh-multiclass', seed), columns, schema,
    labels, classes: [...VH_CLASSES], weights,
  });
}
