/**
 * Publishes the outputs of a grading run as one version of the output folder (grading/atomic.ts): the
 * feedback files, then leaderboard.csv, .md, .html and .json go into a fresh `runs/<id>/`, and one rename
 * of the `current` pointer switches them in together. `OUT/leaderboard.*` and `OUT/feedback` are links
 * through `current`, so readers never see a mix of two runs, nor feedback of files no longer graded.
 */
import { publishVersion, type AfterWrite } from './atomic';
import type { GradeResult } from './result';
import { leaderboardCsv } from './leaderboard/csv';
import { feedbackText } from './leaderboard/feedback';
import { leaderboardHtml } from './leaderboard/html';
import { leaderboardMarkdown } from './leaderboard/markdown';

/** The files a grading run writes into its output folder (besides feedback/). */
export const LEADERBOARD_FILES = ['leaderboard.csv', 'leaderboard.md', 'leaderboard.html', 'leaderboard.json'] as const;

/** leaderboard.json: the result, with non-finite numbers as strings. */
export function leaderboardJson(r: GradeResult): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}

/**
 * Writes the whole output set of `r` into `out` and switches it in.
 * @param afterWrite test hook (called with each relative name, then `'switch'`)
 * @returns the version folder written
 */
export function writeOutputs(r: GradeResult, out: string, afterWrite?: AfterWrite): string {
  const files: [string, string][] = r.outcomes.map((o) => [`feedback/${o.feedback}`, feedbackText(o, r)]);
  files.push(['leaderboard.csv', leaderboardCsv(r)], ['leaderboard.md', leaderboardMarkdown(r)], ['leaderboard.html', leaderboardHtml(r)], ['leaderboard.json', leaderboardJson(r)]);
  return publishVersion(out, [...LEADERBOARD_FILES, 'feedback'], files, { afterWrite, folders: ['feedback'] });
}
