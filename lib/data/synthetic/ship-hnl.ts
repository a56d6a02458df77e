/**
 * Synthetic stand-in for `ship-hnl` (kinematic_variables_HNLtoPimu.dat + kinematic_variables_Back.dat,
 * ", "-separated): the toy of lib/physics/gen/ship-hnl.ts, both classes in one Dataset. The 18 column
 * names are exactly the files' header (without the leading space the ", " separator leaves):
 * see SHIP_HNL_COLUMNS. labels: 1 = HNL (Event Type 1), 0 = neutrino DIS (Event Type 4).
 */
import { Dataset, type Column } from '../dataset';
import { generateShipHnl, SHIP_HNL_COLUMNS } from '../../physics';
import { entry, syntheticSource } from './tabular';

export function synthShipHnl(events: number, seed: number): Dataset {
  const ev = generateShipHnl({ events, seed });
  const columns: Record<string, Column> = {};
  for (const k of SHIP_HNL_COLUMNS) columns[k] = k === 'Good Reco' || k === 'Event Type' ? Int32Array.from(ev[k]) : ev[k];
  const schema = SHIP_HNL_COLUMNS.map((k) => entry(k, columns[k], {
    unit: /\((.*)\)$/.exec(k)?.[1],
  }));
  return new Dataset({
    id: 'ship-hnl', source: syntheticSource('ship-hnl', seed), columns, schema,
    labels: ev.label, classes: ['background', 'hnl'],
  });
}
