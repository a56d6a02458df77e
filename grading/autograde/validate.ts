/**
 * `validate`: what a student runs before handing in (nbgrader's validate). Runs the notebook in a fresh
 * folder linking to the files beside it (as the grader will, and writing nothing next to the notebook),
 * going on after failing cells, and reports every test cell it holds (the public tests: hidden
 * ones are not in a student's copy), answer cells still as released, and read-only cells that were edited.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../harness/engine';
import { readNotebook } from '../../harness/notebook';
import { runNotebook } from '../../harness/run-notebook';
import { assignmentCells, computeChecksum, isLocked, nbgraderOf } from '../assign/metadata';
import { scoreTest, testCells, workingCopy, type TestResult } from './submission';

export interface ValidateOptions {
  engine: Engine;
  /** Seconds per cell. Default 600. */
  cellTimeout?: number;
  quick?: boolean;
  parameters?: Record<string, string>;
}

export interface ValidateResult {
  notebook: string;
  tests: TestResult[];
  /** grade_ids of answer cells whose text is still the released stub. */
  unanswered: string[];
  /** grade_ids of read-only cells whose text differs from the release (they are put back when graded). */
  changed: string[];
  /** Set when the run stopped early (timeout, kernel death) or could not start. */
  message?: string;
  ok: boolean;
}

/** Validates one notebook; a non-nbgrader or malformed notebook throws a one-line HepmlError. */
export async function validateSubmission(file: string, options: ValidateOptions): Promise<ValidateResult> {
  const nb = readNotebook(file);
  const cells = assignmentCells(nb, file);
  const stored = (c: (typeof cells)[number]) => nbgraderOf(c.cell)?.checksum;
  const changed = cells.filter((c) => isLocked(c.cell) && stored(c) !== undefined && stored(c) !== computeChecksum(c.cell)).map((c) => c.gradeId);
  const unanswered = cells.filter((c) => c.role === 'solution' && stored(c) !== undefined && stored(c) === computeChecksum(c.cell)).map((c) => c.gradeId);
  const work = workingCopy(path.dirname(file), path.basename(file), nb, 'link');
  const { input, output } = work;
  try {
    const report = await runNotebook(input, { engine: options.engine, output, allowErrors: true, cellTimeout: options.cellTimeout ?? 600, quick: options.quick, parameters: options.parameters });
    if (report.status === 'invalid' || !fs.existsSync(output)) return { notebook: file, tests: [], unanswered, changed, message: report.message, ok: false };
    const executed = readNotebook(output);
    const stopped = report.status === 'timeout' || report.status === 'died' ? `not run: the run stopped earlier (${(report.message ?? report.status).split('\n')[0]})` : undefined;
    const tests = testCells(cells).map((c) => scoreTest(c, executed, stopped));
    const ok = tests.every((t) => t.status === 'passed') && changed.length === 0 && !stopped;
    return { notebook: file, tests, unanswered, changed, ok, ...(stopped ? { message: report.message } : {}) };
  } finally {
    work.remove();
  }
}

/** The lines `hepml validate` prints. */
export function validateLines(r: ValidateResult): string[] {
  const lines = r.tests.map((t) => `${r.notebook}: test ${t.gradeId} (${t.maxPoints} points): ${t.status === 'passed' ? 'passed' : `${t.status.toUpperCase()}: ${t.message ?? ''}`}`);
  for (const id of r.unanswered) lines.push(`${r.notebook}: answer ${id}: not answered yet (still the released "YOUR CODE HERE")`);
  for (const id of r.changed) lines.push(`${r.notebook}: read-only cell ${id} was edited; the grader puts the released version back`);
  if (r.message) lines.push(r.message);
  const passed = r.tests.filter((t) => t.status === 'passed').length;
  lines.push(`${r.notebook}: ${passed} of ${r.tests.length} visible tests passed (hidden tests, if any, run only when graded)`);
  return lines;
}
