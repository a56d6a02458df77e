/**
 * Axis titles with units, read from a dataset's schema (the manifests give each column's unit):
 * `lep_pt_0 [GeV]`, `lep_E_0 [MeV]`, `lep_eta_0` (dimensionless). Taught in 01-ww-exploration.
 */

/** Anything with a schema of named columns and optional units (a `Dataset`). */
export interface SchemaLike {
  readonly schema: readonly { readonly name: string; readonly unit?: string }[];
}

/**
 * The axis title of a column: its name, and its unit in brackets when the schema has one.
 * @param data - a dataset (or anything with a `schema`)
 * @param name - the column
 * @param text - a longer description to use instead of the bare name, e.g. `'missing E_T'`
 * @returns e.g. `'met_et [GeV]'`
 * @example
 * show(plotClassHistograms({ values: ds.column('met_et'), labels: labelsOf(ds), xLabel: axisLabel(ds, 'met_et') }));
 */
export function axisLabel(data: SchemaLike, name: string, text?: string): string {
  const unit = data.schema.find((c) => c.name === name)?.unit;
  const base = text ?? name;
  return unit ? `${base} [${unit}]` : base;
}
