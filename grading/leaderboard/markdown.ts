/** leaderboard.md: the leaderboard as a Markdown table, then the refused and unranked files. */
import type { GradeResult } from '../result';
import { escapeMd, formatScore, formatTime, hasReproduction, partTitle, rankedOn, rowsText, shownParts } from './format';

export function leaderboardMarkdown(r: GradeResult): string {
  const dir = r.higherIsBetter ? 'higher is better' : 'lower is better';
  const parts = shownParts(r);
  const repro = hasReproduction(r);
  const split = r.rows.public > 0 ? ` (public fraction ${r.publicFraction}, split by a seeded hash of the row id)` : '';
  const lines = [
    `# Leaderboard: ${escapeMd(r.challenge.title)}`,
    '',
    `Challenge \`${r.challenge.id}\` · ranked by **${escapeMd(r.primary)}** on **${rankedOn(r)}** (${dir}) · ` +
      `${rowsText(r)}${split} · ${escapeMd(r.limitRule)} · submission times: ${r.times} · run ${r.run}.`,
    '',
  ];
  const head = ['rank', 'group', 'model', ...r.metrics.flatMap((m) => parts.map((p) => `${m} (${partTitle(r, p)})`)), 'submitted', ...(repro ? ['reproduction'] : [])];
  lines.push(`| ${head.map(escapeMd).join(' | ')} |`, `|${head.map((_, i) => (i === 0 || (i > 2 && i < head.length - (repro ? 1 : 0)) ? ' ---: ' : ' --- ')).join('|')}|`);
  for (const o of r.leaderboard) {
    const cells = [String(o.rank), escapeMd(o.group), escapeMd(o.model), ...r.metrics.flatMap((m) => parts.map((p) => formatScore(o[p]![m]))), formatTime(o.submitted), ...(repro ? [o.reproduction?.status ?? '—'] : [])];
    lines.push(`| ${cells.join(' | ')} |`);
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
