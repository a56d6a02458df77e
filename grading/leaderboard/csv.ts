/** leaderboard.csv: one row per ranked submission, full-precision scores. */
import type { GradeResult } from '../grade';
import { csvField } from './format';

export function leaderboardCsv(r: GradeResult): string {
  const slug = (m: string): string => m.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const head = ['rank', 'group', 'model', ...r.metrics.flatMap((m) => [`public_${slug(m)}`, `private_${slug(m)}`]), 'submitted', 'sha256'];
  const rows = r.leaderboard.map((o) => [String(o.rank), o.group!, o.model!, ...r.metrics.flatMap((m) => [String(o.public![m]), String(o.private![m])]), o.submitted, o.sha256 ?? '']);
  return [head, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
