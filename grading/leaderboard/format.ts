/** Number and text formatting shared by the leaderboard writers. */

/** A score for display: 4 decimals below 10, 2 below 100, 1 above; NaN as an em dash. */
export function formatScore(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(1) : a >= 10 ? v.toFixed(2) : v.toFixed(4);
}

/** `2026-11-23T12:34:56.789Z` -> `2026-11-23 12:34:56 UTC`. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Escapes text for a Markdown table cell. */
export function escapeMd(s: string): string {
  return s.replace(/[\\|`*<>]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}

/** One CSV field (RFC 4180 quoting when needed). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
