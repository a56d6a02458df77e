/**
 * Per-submission feedback: `feedback/<name>.txt` with the status, every rejection reason, and the
 * scores when valid. The name is bounded and collision-free: a canonical submission name (lower-case
 * `<group>__<model>.npy|csv`) is kept as it is; any other name becomes a safe, cut prefix plus a hash of
 * its exact bytes, so no two files share feedback, also on case-insensitive file systems.
 */
import { createHash } from 'node:crypto';
import type { GradeResult, SubmissionOutcome } from '../result';
import { formatScore, partTitle, rankedOn, shownParts } from './format';

const CANONICAL = /^[a-z0-9_][a-z0-9_-]{0,63}__[a-z0-9_][a-z0-9_-]{0,63}\.(npy|csv)$/;

/**
 * The feedback file name for a submission file: at most 150 bytes, only `[A-Za-z0-9_.-]`.
 * @param file the file name as shown
 * @param raw its exact bytes, when the name is not valid UTF-8. Default: the UTF-8 of `file`.
 * @example
 * feedbackFileName('team__dnn.npy');   // 'team__dnn.npy.txt'
 * feedbackFileName('Team__a b.npy');   // 'Team__a_b.npy-3f2a9c01d4e6.txt'
 */
export function feedbackFileName(file: string, raw: Uint8Array = Buffer.from(file, 'utf8')): string {
  if (CANONICAL.test(file) && Buffer.from(file, 'utf8').equals(Buffer.from(raw))) return `${file}.txt`;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 12);
  const stem = file.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[.-]/, '_').slice(0, 80);
  return `${stem}-${hash}.txt`;
}

export function feedbackText(o: SubmissionOutcome, r: GradeResult): string {
  const lines = [`submission: ${JSON.stringify(o.file)}`, `challenge: ${r.challenge.id}`, `status: ${o.status}`, `submitted: ${o.submitted}`, `bytes: ${o.bytes}`];
  if (o.sha256) lines.push(`sha256: ${o.sha256}`);
  if (o.problems.length > 0) {
    lines.push('', `refused (${o.problems.length} reason${o.problems.length > 1 ? 's' : ''}):`);
    for (const p of o.problems) lines.push(`  [${p.code}] ${p.message}`);
  }
  if (o.note) lines.push('', `note: ${o.note}`);
  if (o.private) {
    // during a challenge (rank by public) a group sees only its public scores; unranked files too
    const parts = shownParts(r).filter((p) => p === 'public' || (r.rankBy === 'private' && (o.status === 'ranked' || r.rows.public === 0)));
    lines.push('', 'scores:');
    for (const m of r.metrics) lines.push(`  ${m}: ${parts.map((p) => `${partTitle(r, p)} ${formatScore(o[p]![m])}`).join(', ')}`);
    if (o.rank !== undefined) lines.push(`  rank: ${o.rank} of ${r.leaderboard.length} (by ${r.primary} on ${rankedOn(r)})`);
  }
  if (o.reproduction) lines.push('', `reproduction: ${o.reproduction.status}: ${o.reproduction.note}`);
  for (const n of o.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}
