/**
 * Synthetic stand-in for `ww` (TRISEP dataWW_d1.root, TTree tree_event): the physics toy of
 * lib/physics/gen/ww.ts in the real tree's 30 branches, order and units.
 */
import { Dataset, type Column } from '../dataset';
import { generateWw, WW_BRANCHES, WW_INT_BRANCHES } from '../../physics';
import { entry, syntheticSource } from './tabular';

const UNITS: Record<string, string> = { met_et: 'GeV', met_phi: 'rad', mcWeight: '' };
const JET_SENTINEL = -7;

/** `ww` with `events` events from `seed`; labels = label (1 = H → WW signal), weights = mcWeight. */
export function synthWw(events: number, seed: number): Dataset {
  const cols = generateWw({ events, seed });
  const columns: Record<string, Column> = {};
  for (const b of WW_BRANCHES) columns[b] = cols[b];
  const schema = WW_BRANCHES.map((b) => entry(b, cols[b], {
    dtype: WW_INT_BRANCHES.has(b) ? 'int64' : 'float64',
    unit: UNITS[b] ?? (b.includes('_pt_') ? 'GeV' : b.includes('_E_') ? 'MeV' : b.includes('_phi_') ? 'rad' : undefined),
    sentinel: b.startsWith('jet_') && b !== 'jet_n' ? JET_SENTINEL : undefined,
  }));
  const labels = Int32Array.from(cols.label);
  return new Dataset({
    id: 'ww', source: syntheticSource('ww', seed), columns, schema, labels,
    classes: ['WW background', 'H→WW signal'], weights: cols.mcWeight,
  });
}
