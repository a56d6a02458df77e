/** leaderboard.csv: one row per ranked submission, full-precision scores. */
import type { GradeResult } from '../result';
import { csvField, hasReproduction, shownParts } from './format';

export function leaderboardCsv(r: GradeResult): string {
  const slug = (m: string): string => m.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const parts = shownParts(r);
  const repro = hasReproduction(r);
  const head = ['rank', 'group', 'model', ...r.metrics.flatMap((m) => parts.map((p) => `${p}_${slug(m)}`)), 'submitted', 'sha256', ...(repro ? ['reproduction'] : [])];
  const rows = r.leaderboard.map((o) => [
    String(o.rank), o.group, o.model, ...r.metrics.flatMap((m) => parts.map((p) => String(o[p]![m]))), o.submitted, o.sha256 ?? '',
    ...(repro ? [o.reproduction?.status ?? ''] : []),
  ]);
  return [head, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
