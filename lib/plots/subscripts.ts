/**
 * Subscripts in figure text, as physicists write them in plain strings: `ε_S`, `1/ε_B`, `Δη_jj`, `p_T`,
 * `m_{T,2}`. Vega draws text as one run, so the SVG is rewritten after rendering: the part after `_` goes
 * into a smaller `<tspan>` moved down (`dy`, which every SVG renderer honours, unlike `baseline-shift`),
 * and the rest of the line moves back up.
 *
 * Only physics notation is touched, so column names keep their underscores: a subscript follows a Greek
 * letter (`ε_S`, `η_jet`, `Δφ_ll`) or a lone Latin letter (`p_T`, `m_jj`, `E_T^miss` is not parsed beyond
 * the subscript) with at most three characters after it, or is written in braces (`x_{lead}`).
 * `lep_pt_0`, `DER_mass_MMC`, `n_jets` and `PRI_jet_num` are left as they are.
 */

/** `{...}`, or a run of letters/digits (at most three after a Latin letter). */
const PATTERN = /(^|[\s(/=,;:[])([A-Za-z])_(\{[^{}<>]+\}|[A-Za-z0-9]{1,3})(?![A-Za-z0-9_])|([\u0391-\u03A9\u03B1-\u03C9])_(\{[^{}<>]+\}|[A-Za-z0-9]+)(?![A-Za-z0-9_])/g;

/** Splits one text run into plain parts and subscripts. */
export function splitSubscripts(text: string): { text: string; sub: boolean }[] {
  const parts: { text: string; sub: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(PATTERN)) {
    const start = m.index ?? 0;
    const base = m[4] !== undefined ? m[4] : `${m[1]}${m[2]}`;
    const raw = m[5] ?? m[3];
    const sub = raw.startsWith('{') ? raw.slice(1, -1) : raw;
    parts.push({ text: text.slice(last, start) + base, sub: false }, { text: sub, sub: true });
    last = start + m[0].length;
  }
  if (parts.length === 0) return [{ text, sub: false }];
  if (last < text.length) parts.push({ text: text.slice(last), sub: false });
  return parts.filter((p) => p.text.length > 0);
}

/** One text element's content with its subscripts as shifted `<tspan>`s. */
function rewrite(content: string, fontSize: number): string {
  const parts = splitSubscripts(content);
  if (parts.length === 1 && !parts[0].sub) return content;
  const shift = Number((0.3 * fontSize).toFixed(2));
  const small = Number((0.72 * fontSize).toFixed(2));
  let out = '';
  let down = false;
  for (const p of parts) {
    if (p.sub) {
      out += `<tspan dy="${down ? 0 : shift}" font-size="${small}px">${p.text}</tspan>`;
      down = true;
    } else {
      out += down ? `<tspan dy="${-shift}">${p.text}</tspan>` : p.text;
      down = false;
    }
  }
  return out;
}

/** Rewrites the subscripts of every `<text>` (and `<tspan>` line) of an SVG document rendered by vega. */
export function svgSubscripts(svg: string): string {
  if (!svg.includes('_')) return svg;
  return svg.replace(/<text([^>]*)>([\s\S]*?)<\/text>/g, (all, attrs: string, inner: string) => {
    if (!inner.includes('_')) return all;
    const fontSize = Number(/font-size="([\d.]+)px"/.exec(attrs)?.[1] ?? 11);
    // Multi-line titles come as <tspan> lines: rewrite the text between tags only.
    const body = inner.replace(/(^|>)([^<]+)/g, (_m, head: string, text: string) => head + rewrite(text, fontSize));
    return `<text${attrs}>${body}</text>`;
  });
}
