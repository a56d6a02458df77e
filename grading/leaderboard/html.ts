/**
 * leaderboard.html: a standalone page (inline CSS, no scripts, no external resources): title,
 * ranking rule, the table (rank, group, model, public and private scores, submission time), then
 * the files that are not on the board and why. Every name is escaped.
 */
import type { GradeResult } from '../result';
import { escapeHtml as e } from '../../lib/errors';
import { formatScore, formatTime, hasReproduction, partTitle, rankedOn, rowsText, shownParts } from './format';

const CSS = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6576; --line: #e3e7ee; --accent: #1f5fbf; --gold: #f5c542; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f8fb; }
main { max-width: 1100px; margin: 32px auto; padding: 0 20px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; }
p.meta { color: var(--muted); margin: 0 0 20px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; overflow: hidden; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 9px 14px; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { background: #eef2f8; font-size: 13px; font-weight: 600; color: var(--muted); }
th.part { text-align: center; border-left: 1px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.first { border-left: 1px solid var(--line); }
td.primary { font-weight: 650; }
tr:last-child td { border-bottom: 0; }
tbody tr:hover { background: #f8fafd; }
td.rank { width: 56px; text-align: center; font-weight: 700; }
tr.top1 td.rank span { display: inline-block; min-width: 28px; line-height: 26px; border-radius: 13px; background: var(--gold); }
td.time { color: var(--muted); font-size: 13px; }
ul.rejected { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px 12px 34px; margin: 0; }
ul.rejected li { margin: 6px 0; }
code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: #eef2f8; padding: 1px 5px; border-radius: 4px; }
.status { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #a23b2a; }
.status.not-ranked, .status.ignored { color: var(--muted); }
footer { color: var(--muted); font-size: 13px; margin: 28px 0; }
`;

export function leaderboardHtml(r: GradeResult): string {
  const dir = r.higherIsBetter ? 'higher is better' : 'lower is better';
  const parts = shownParts(r);
  const repro = hasReproduction(r);
  const metricHead = r.metrics.map((m) => `<th class="part" colspan="${parts.length}">${e(m)}${m === r.primary ? ' ★' : ''}</th>`).join('');
  const partHead = r.metrics.map(() => parts.map((p, i) => `<th class="num${i === 0 ? ' first' : ''}">${partTitle(r, p)}</th>`).join('')).join('');
  const body = r.leaderboard.map((o) => {
    const scores = r.metrics.map((m) => parts.map((p, i) => {
      const cls = m === r.primary && r.rankBy === p ? ' primary' : '';
      return `<td class="num${i === 0 ? ' first' : ''}${cls}">${formatScore(o[p]![m])}</td>`;
    }).join('')).join('');
    const mark = repro ? `<td class="repro">${e(o.reproduction?.status ?? '—')}</td>` : '';
    return `<tr class="${o.rank === 1 ? 'top1' : ''}"><td class="rank"><span>${o.rank}</span></td><td>${e(o.group)}</td><td>${e(o.model)}</td>${scores}<td class="time">${formatTime(o.submitted)}</td>${mark}</tr>`;
  }).join('\n');
  const empty = r.leaderboard.length === 0 ? `<tr><td colspan="${4 + parts.length * r.metrics.length + (repro ? 1 : 0)}">No valid submissions yet.</td></tr>` : '';
  const others = r.outcomes.filter((o) => o.status !== 'ranked').map((o) => {
    const why = o.problems.length > 0 ? o.problems.map((p) => `[${p.code}] ${p.message}`).join(' ') : o.note ?? '';
    return `<li><code>${e(o.file)}</code> <span class="status ${o.status}">${o.status}</span><br>${e(why)}</li>`;
  }).join('\n');
  const split = r.rows.public > 0 ? `Public/private split by a seeded hash of the row id (public fraction ${r.publicFraction}).` : 'No public part: every row is scored.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leaderboard: ${e(r.challenge.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${e(r.challenge.title)}</h1>
<p class="meta">Challenge <code>${e(r.challenge.id)}</code> · ranked by <strong>${e(r.primary)}</strong> on <strong>${rankedOn(r)}</strong> (${dir}) · ${rowsText(r)} · ${e(r.limitRule)} · submission times: ${r.times}.</p>
<div class="card"><table>
<thead><tr><th rowspan="2">rank</th><th rowspan="2">group</th><th rowspan="2">model</th>${metricHead}<th rowspan="2">submitted</th>${repro ? '<th rowspan="2">reproduction</th>' : ''}</tr>
<tr>${partHead}</tr></thead>
<tbody>
${body}${empty}
</tbody></table></div>
${others ? `<h2>Not on the leaderboard</h2>\n<ul class="rejected">\n${others}\n</ul>` : ''}
<footer>${split} Generated by <code>hepml grade</code>, run <code>${r.run}</code>.</footer>
</main>
</body>
</html>
`;
}
