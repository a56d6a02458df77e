/**
 * Synthetic stand-in for `higgsml` (atlas-higgs-challenge-2014-v2.csv): the toy of
 * lib/physics/gen/higgsml.ts in the real 35 columns and order. The CSV's one-letter string columns
 * `Label` (s/b) and `KaggleSet` (t/b/v/u) are stored as ASCII codes (s = 115, b = 98, t = 116, …);
 * `labels` is 1 for s.
 */
import { Dataset, type Column } from '../dataset';
import { generateHiggsml, HIGGSML_COLUMNS } from '../../physics';
import { entry, syntheticSource } from './tabular';

export function synthHiggsml(events: number, seed: number): Dataset {
  const cols = generateHiggsml({ events, seed });
  const columns: Record<string, Column> = {};
  // dtypes as the manifest: float32 features and weights, int32 ids and jet counts.
  for (const name of HIGGSML_COLUMNS) {
    columns[name] = name === 'EventId' || name === 'PRI_jet_num' ? Int32Array.from(cols[name])
      : name === 'Label' || name === 'KaggleSet' ? Uint8Array.from(cols[name]) : Float32Array.from(cols[name]);
  }
  const schema = HIGGSML_COLUMNS.map((name) => entry(name, columns[name], {
    sentinel: name.startsWith('DER_') || name.startsWith('PRI_jet_') ? -999 : undefined,
    unit: /_pt|mass|_met$|sumet/.test(name) && !name.includes('ratio') && !name.includes('centrality') ? 'GeV' : undefined,
    description: name === 'Label' ? 'ASCII code of the CSV letter: s = 115, b = 98' : name === 'KaggleSet' ? 'ASCII code of t/b/v/u' : undefined,
  }));
  const labels = new Int32Array(events);
  for (let i = 0; i < events; i++) labels[i] = cols.Label[i] === 115 ? 1 : 0;
  return new Dataset({
    id: 'higgsml', source: syntheticSource('higgsml', seed), columns, schema, labels,
    classes: ['b', 's'], weights: columns.Weight as Float32Array,
  });
}
