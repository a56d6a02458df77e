/**
 * Text widths for layout without a canvas.
 *
 * Without node-canvas, vega estimates every character as 0.8 em wide, which is ~60% too wide for a sans
 * font: titles and legends then push empty space into the figure and axis titles drift away from their
 * labels. vega lets a host replace `textMetrics.width` (vl-convert does the same); we use the Helvetica /
 * Arial advance widths (Adobe Helvetica AFM, 1/1000 em; Liberation Sans is metric-compatible with Arial).
 */

// Advance widths of ASCII 32..126.
const ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
  556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278,
  469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260,
  334, 584,
];
const OTHER = 600;

/** Width of `text` in em (sum of advance widths). */
export function textWidthEm(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    w += c >= 32 && c <= 126 ? ASCII[c - 32] : c >= 0xdc00 && c <= 0xdfff ? 0 : OTHER;
  }
  return w / 1000;
}

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

/**
 * Room for a fallback font: where neither Liberation Sans nor Arial is installed (many Linux PNG renderers),
 * text falls back to DejaVu Sans, about 10 % wider. Layout reserves that much, so labels and legends are
 * never clipped and overlapping tick labels are removed, whichever of the fonts draws them.
 */
export const FALLBACK_SLACK = 1.1;

/** A `textMetrics.width(item, text)` for vega: font size times the em width (with {@link FALLBACK_SLACK}), bold 7% wider, capped at `limit`. */
export function measureTextWidth(item: TextItem, text: unknown): number {
  const s = text == null ? '' : String(text).trim();
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const bold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
  const w = textWidthEm(s) * size * FALLBACK_SLACK * (bold ? 1.07 : 1);
  return item.limit != null && item.limit > 0 ? Math.min(w, item.limit) : w;
}
