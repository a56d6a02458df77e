/**
 * Synthetic `vh-multiclass` (no public data; after Basso's VH(WW) talk): the toy of
 * lib/physics/gen/vh.ts: 17 float32 variables plus `weight` (also in `weights`), labels 0–5 with `classes`.
 */
import { Dataset, type Column } from '../dataset';
import { generateVh, VH_CLASSES, VH_VARIABLES } from '../../physics';
import { entry, syntheticSource } from './tabular';

export function synthVhMulticlass(events: number, seed: number): Dataset {
  const { columns: cols, labels, weights } = generateVh({ events, seed });
  const columns: Record<string, Column> = {};
  for (const v of VH_VARIABLES) columns[v] = cols[v];
  columns.weight = weights;
  const schema = VH_VARIABLES.map((v) => entry(v, cols[v], {
    unit: /pt|^m_|met|ht_/.test(v) ? 'GeV' : /dr_|dphi|deta/.test(v) ? '' : undefined,
  }));
  schema.push(entry('weight', weights, { description: 'MC event weight' }));
  return new Dataset({
    id: 'vh-multiclass', source: syntheticSource('vh-multiclass', seed), columns, schema,
    labels, classes: [...VH_CLASSES], weights,
  });
}
