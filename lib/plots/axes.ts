/**
 * Axis helpers shared by the builders (private): log axes with ticks at decades (and 2 and 5 between
 * them when the range spans few decades), labelled in one style per axis. Within 0.001–9999 every label is
 * a plain number (`0.01, 0.1, 1, 10, 100`); an axis that reaches beyond writes every tick as a power of
 * ten (`1, 10, 10², 10³, 10⁴`, `2×10³`), as ROOT and matplotlib do, never a mix of `1000` and `1e4`.
 */

/** Tick values for a log axis over [lo, hi]: decades, plus 2 and 5 when the range spans few decades. */
export function logTicks(lo: number, hi: number): number[] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const mult = b - a <= 2 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let k = a; k <= b; k++) for (const m of mult) {
    const v = Number((m * Math.pow(10, k)).toPrecision(12));
    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
  }
  return out;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** `10ⁿ` with a Unicode superscript exponent (`10³`, `10⁻²`); 1 and 10 stay plain. */
function powerOfTen(k: number): string {
  if (k === 0) return '1';
  if (k === 1) return '10';
  return '10' + String(k).split('').map((ch) => SUPERSCRIPT[ch]).join('');
}

/** One label per tick, in one style for the whole axis (see the module comment). */
export function logTickLabels(ticks: readonly number[]): string[] {
  const plain = ticks.every((v) => v >= 1e-3 * (1 - 1e-9) && v < 1e4);
  return ticks.map((v) => {
    if (plain) return String(Number(v.toPrecision(6)));
    const k = Math.floor(Math.log10(v) + 1e-9);
    const m = Math.round(v / Math.pow(10, k));
    return m === 1 ? powerOfTen(k) : `${m}×${powerOfTen(k)}`;
  });
}

/** A Vega expression giving each tick value in `ticks` its label in `labels` (exact values, as `values` sets them). */
function labelLookup(ticks: readonly number[], labels: readonly string[]): string {
  return `[${labels.map((l) => JSON.stringify(l)).join(',')}][indexof([${ticks.join(',')}], datum.value)]`;
}

/** Vega-Lite axis (or legend) properties for a log scale over [lo, hi]: the ticks and their labels. */
export function logAxis(lo: number, hi: number): Record<string, unknown> {
  const values = logTicks(lo, hi);
  return { values, labelExpr: labelLookup(values, logTickLabels(values)) };
}
