/**
 * Axis helpers shared by the builders (private): log axes with ticks at decades and labels as
 * `0.01, 0.1, 1, 10, 100, 1000, 1e4, ...`.
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

/** Vega-Lite axis properties for a log axis over [lo, hi]. */
export function logAxis(lo: number, hi: number): Record<string, unknown> {
  return {
    values: logTicks(lo, hi),
    labelExpr: "abs(log(datum.value) / LN10) >= 4 ? '1e' + round(log(datum.value) / LN10) : format(datum.value, '~g')",
  };
}
