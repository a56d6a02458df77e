/**
 * Writes the grading outputs, each atomically: feedback files first, then leaderboard.csv, .md,
 * .html and last leaderboard.json (so a complete JSON means a complete run).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, type BeforeRename } from './atomic';
import type { GradeResult } from './grade';
import { leaderboardCsv } from './leaderboard/csv';
import { feedbackFileName, feedbackText } from './leaderboard/feedback';
import { leaderboardHtml } from './leaderboard/html';
import { leaderboardMarkdown } from './leaderboard/markdown';

/** The files a grading run writes into its output folder (besides feedback/). */
export const LEADERBOARD_FILES = ['leaderboard.csv', 'leaderboard.md', 'leaderboard.html', 'leaderboard.json'] as const;

export function writeOutputs(r: GradeResult, out: string, beforeRename?: BeforeRename): void {
  const fb = join(out, 'feedback');
  mkdirSync(fb, { recursive: true });
  for (const o of r.outcomes) writeFileAtomic(join(fb, feedbackFileName(o.file)), feedbackText(o, r), beforeRename);
  writeFileAtomic(join(out, 'leaderboard.csv'), leaderboardCsv(r), beforeRename);
  writeFileAtomic(join(out, 'leaderboard.md'), leaderboardMarkdown(r), beforeRename);
  writeFileAtomic(join(out, 'leaderboard.html'), leaderboardHtml(r), beforeRename);
  writeFileAtomic(join(out, 'leaderboard.json'), JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n', beforeRename);
}
