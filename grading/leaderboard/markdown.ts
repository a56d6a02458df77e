/** leaderboard.md: the leaderboard as a Markdown table, then the refused and unranked files. */
import type { GradeResult } from '../grade';
import { escapeMd, formatScore, formatTime } from './format';

export function leaderboardMarkdown(r: GradeResult): string {
  const dir = r.higherIsBetter ? 'higher is better' : 'lower is better';
  const lines = [
    `# Leaderboard: ${escapeMd(r.challenge.title)}`,
    '',
    `Challenge \`${r.challenge.id}\` · ranked by **${escapeMd(r.primary)}** on the **${r.rankBy}** part (${dir}) · ` +
      `${r.rows.public} public / ${r.rows.private} private rows (public fraction ${r.publicFraction}, split by a seeded hash of the row id) · ${escapeMd(r.limitRule)}.`,
    '',
  ];
  const head = ['rank', 'group', 'model', ...r.metrics.flatMap((m) => [`${m} (public)`, `${m} (private)`]), 'submitted'];
  lines.push(`| ${head.map(escapeMd).join(' | ')} |`, `|${head.map((_, i) => (i === 0 || i > 2 ? ' ---: ' : ' --- ')).join('|')}|`);
  for (const o of r.leaderboard) {
    const cells = [String(o.rank), o.group!, o.model!, ...r.metrics.flatMap((m) => [formatScore(o.public![m]), formatScore(o.private![m])]), formatTime(o.submitted)];
    lines.push(`| ${cells.map((c, i) => (i === 1 || i === 2 ? escapeMd(c) : c)).join(' | ')} |`);
  }
  if (r.leaderboard.length === 0) lines.push('', '_No valid submissions yet._');
  const others = r.outcomes.filter((o) => o.status !== 'ranked');
  if (others.length > 0) {
    lines.push('', '## Not on the leaderboard', '');
    for (const o of others) {
      const why = o.problems.length > 0 ? o.problems.map((p) => `[${p.code}] ${p.message}`).join(' ') : o.note ?? '';
      lines.push(`- \`${o.file.replace(/`/g, "'")}\` (${o.status}): ${escapeMd(why)}`);
    }
  }
  return lines.join('\n') + '\n';
}
