/**
 * The outputs of an autograde run: grades.csv (one row per test cell), grades.json (everything, the
 * file `merge` reads back) and one feedback page per submission, assembled as one set for writeOutputSet.
 */
import type { SubmissionResult } from './submission';
import { feedbackHtml } from './feedback-html';

/** grades.json, version 1. */
export interface GradesJson {
  format: 'hepml-autograde/1';
  generated: string;
  /** Each autograder notebook with the sha256 of its file, so shards of different sources never merge. */
  source: { notebook: string; sha256: string }[];
  /** The shard this run graded, when it was one. */
  shard?: { index: number; count: number };
  options: { cellTimeout: number; quick: boolean };
  /** Students of this run (after sharding), sorted. */
  students: string[];
  submissions: Omit<SubmissionResult, 'executed'>[];
}

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const num = (x: number) => String(Math.round(x * 1e9) / 1e9);

/** `student,notebook,grade_id,points,max_points`, one row per test cell, in student then notebook order. */
export function gradesCsv(submissions: Omit<SubmissionResult, 'executed'>[]): string {
  const rows = ['student,notebook,grade_id,points,max_points'];
  for (const s of submissions) for (const t of s.tests) rows.push([csvField(s.student), csvField(s.notebook), csvField(t.gradeId), num(t.points), num(t.maxPoints)].join(','));
  return rows.join('\n') + '\n';
}

/** The feedback page's path inside the output folder. */
export function feedbackPath(student: string, notebook: string): string {
  return `feedback/${student}/${notebook.replace(/\.ipynb$/, '')}.html`;
}

/** Sorted by student, then notebook (the order of every output). */
export function sortSubmissions<T extends { student: string; notebook: string }>(xs: T[]): T[] {
  return [...xs].sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : a.notebook < b.notebook ? -1 : a.notebook > b.notebook ? 1 : 0));
}

/** Strips what does not belong in grades.json. */
export function plain(r: SubmissionResult): Omit<SubmissionResult, 'executed'> {
  const { executed: _executed, ...rest } = r;
  return rest;
}

/** The full set of files: grades.csv, feedback pages (given or rendered), grades.json. */
export function outputFiles(grades: GradesJson, pages: Map<string, string>): Map<string, string> {
  const files = new Map<string, string>();
  files.set('grades.csv', gradesCsv(grades.submissions));
  for (const [p, html] of pages) files.set(p, html);
  files.set('grades.json', JSON.stringify(grades, null, 2) + '\n');
  return files;
}

/** Renders the page of each result. */
export function feedbackPages(results: SubmissionResult[]): Map<string, string> {
  return new Map(results.map((r) => [feedbackPath(r.student, r.notebook), feedbackHtml(r)]));
}

/** One line per submission for the terminal. */
export function summaryLines(submissions: Omit<SubmissionResult, 'executed'>[]): string[] {
  return submissions.map((s) => {
    const failed = s.tests.filter((t) => t.status !== 'passed').map((t) => t.gradeId);
    const changed = s.changes.length ? `; changed cells: ${s.changes.map((c) => `${c.gradeId} (${c.kind})`).join(', ')}` : '';
    return `${s.student}/${s.notebook}: ${num(s.score)} / ${num(s.maxScore)}${s.status === 'graded' ? '' : ` [${s.status}]`}${failed.length ? `; not passed: ${failed.join(', ')}` : ''}${changed}`;
  });
}
