/** Number and text formatting shared by the leaderboard writers. */
import type { GradeResult } from '../result';

/** The parts shown on the board: both, or only the private one (= all rows) when the public fraction is 0. */
export function shownParts(r: GradeResult): ('public' | 'private')[] {
  return r.rows.public > 0 ? ['public', 'private'] : ['private'];
}

/** A part's column title: `public`, `private`, or `all rows` when there is no public part. */
export function partTitle(r: GradeResult, part: 'public' | 'private'): string {
  return part === 'private' && r.rows.public === 0 ? 'all rows' : part;
}

/** What the ranking uses: `the private part`, `the public part`, or `all rows` (no public part). */
export function rankedOn(r: GradeResult): string {
  return r.rows.public === 0 ? 'all rows' : `the ${r.rankBy} part`;
}

/** The rows sentence: `900 public / 2100 private rows`, or `all 3000 rows (no public part)`. */
export function rowsText(r: GradeResult): string {
  return r.rows.public > 0 ? `${r.rows.public} public / ${r.rows.private} private rows` : `all ${r.rows.total} rows (no public part)`;
}

/** Whether any outcome carries a `--reproduce` mark (then the board gets a column for it). */
export function hasReproduction(r: GradeResult): boolean {
  return r.outcomes.some((o) => o.reproduction !== undefined);
}

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

/** Escapes text for a Markdown table cell. */
export function escapeMd(s: string): string {
  return s.replace(/[\\|`*<>]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}

/** One CSV field (RFC 4180 quoting when needed). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
