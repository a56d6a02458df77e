/**
 * Per-submission feedback: `feedback/<file>.txt` with the status, every rejection reason, and the
 * scores when valid. File names from unsafe submissions are made safe first.
 */
import type { GradeResult, SubmissionOutcome } from '../grade';
import { formatScore } from './format';

/** The feedback file name for a submission file (only safe characters). */
export function feedbackFileName(file: string): string {
  const safe = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(file) ? file : `invalid-name_${file.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80)}`;
  return `${safe}.txt`;
}

export function feedbackText(o: SubmissionOutcome, r: GradeResult): string {
  const lines = [`submission: ${JSON.stringify(o.file)}`, `challenge: ${r.challenge.id}`, `status: ${o.status}`, `submitted: ${o.submitted}`, `bytes: ${o.bytes}`];
  if (o.sha256) lines.push(`sha256: ${o.sha256}`);
  if (o.problems.length > 0) {
    lines.push('', `refused (${o.problems.length} reason${o.problems.length > 1 ? 's' : ''}):`);
    for (const p of o.problems) lines.push(`  [${p.code}] ${p.message}`);
  }
  if (o.note) lines.push('', `note: ${o.note}`);
  if (o.public) {
    lines.push('', 'scores:');
    for (const m of r.metrics) lines.push(`  ${m}: public ${formatScore(o.public[m])}${o.status === 'ranked' ? `, private ${formatScore(o.private![m])}` : ''}`);
    if (o.rank !== undefined) lines.push(`  rank: ${o.rank} of ${r.leaderboard.length} (by ${r.primary} on the ${r.rankBy} part)`);
  }
  for (const n of o.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}
