/**
 * Grades one submitted notebook: read -> put the instructor's cells back -> copy the student's folder
 * into a fresh working directory (outside the submissions and the output) -> run it through the kernel,
 * going on after failing cells -> score each test cell from the runner's own record of it.
 * Never throws for a submission problem: the result says what happened.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ICell, ICodeCell, IError, INotebookContent } from '@jupyterlab/nbformat';
import { HepmlError } from '../../lib/errors';
import type { Engine } from '../../harness/engine';
import { PROJECT_ROOT } from '../../harness/kernel/kernelspec';
import { readNotebook, writeNotebook } from '../../harness/notebook';
import { stripAnsi } from '../../harness/kernel/tslab-error';
import { runNotebook, type NotebookStatus } from '../../harness/run-notebook';
import { nbgraderOf, type AssignmentCell } from '../assign/metadata';
import { restoreInstructorCells, type CellChange } from './restore';

/** One autograder test cell's outcome. */
export interface TestResult {
  gradeId: string;
  points: number;
  maxPoints: number;
  /** `not-run`: a timeout or kernel death before the cell, or no usable submission. */
  status: 'passed' | 'failed' | 'not-run';
  /** Why it failed or did not run (one line). */
  message?: string;
}

/** How the submission as a whole went. */
export type SubmissionStatus = 'graded' | 'timeout' | 'died' | 'missing' | 'invalid';

export interface SubmissionResult {
  student: string;
  notebook: string;
  status: SubmissionStatus;
  /** One line, when the status is not `graded`. */
  message?: string;
  score: number;
  maxScore: number;
  seconds: number;
  tests: TestResult[];
  /** Instructor cells the submission did not carry as released. */
  changes: CellChange[];
  /** Manually graded cells: left to a person (points not awarded here). */
  manual: { gradeId: string; maxPoints: number }[];
  /** The executed notebook (for the feedback page); not serialized. */
  executed?: INotebookContent;
}

export interface SubmissionJob {
  /** The autograder copy and its assignment cells. */
  source: INotebookContent;
  cells: AssignmentCell[];
  /** Notebook file name, e.g. `02-ww-mlp.ipynb`. */
  notebook: string;
  student: string;
  /** `SUBS/<student>`. */
  folder: string;
}

export interface GradeOptions {
  engine: Engine;
  /** Seconds per cell. */
  cellTimeout: number;
  quick?: boolean;
  parameters?: Record<string, string>;
  /** Retries when the kernel did not start (no cell ran: not the submission's fault). Default 2. */
  startRetries?: number;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

const DEFAULTS = { startRetries: 2 };

/** Test cells scored by the autograder: grade cells that are not answers. */
export function testCells(cells: AssignmentCell[]): AssignmentCell[] {
  return cells.filter((c) => c.role === 'test');
}

function ungraded(job: SubmissionJob, status: SubmissionStatus, message: string, changes: CellChange[] = []): SubmissionResult {
  const tests = testCells(job.cells).map((c) => ({ gradeId: c.gradeId, points: 0, maxPoints: c.points, status: 'not-run' as const, message }));
  return { student: job.student, notebook: job.notebook, status, message, score: 0, maxScore: sum(tests.map((t) => t.maxPoints)), seconds: 0, tests, changes, manual: manualCells(job.cells) };
}

function manualCells(cells: AssignmentCell[]): { gradeId: string; maxPoints: number }[] {
  return cells.filter((c) => c.role === 'manual' || c.role === 'task').map((c) => ({ gradeId: c.gradeId, maxPoints: c.points }));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Copies the student's folder (regular files and folders only; no links, no node_modules). */
function copyFolder(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      const st = fs.lstatSync(src);
      if (st.isSymbolicLink()) return false;
      return !(st.isDirectory() && path.basename(src) === 'node_modules' && src !== from);
    },
  });
}

/** Links each entry of a folder into another (cheap; for a student's own validate run). */
function linkFolder(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from)) if (e !== 'node_modules') fs.symlinkSync(path.resolve(from, e), path.join(to, e));
}

/** A fresh working directory for one run of a notebook. */
export interface WorkingCopy {
  /** The notebook to run (inside `dir`). */
  input: string;
  /** Where the runner writes the executed notebook (outside `dir`). */
  output: string;
  dir: string;
  /** Removes everything. */
  remove(): void;
}

/**
 * Makes a fresh `submission/` folder under the system temp folder: the student's folder copied (`copy`: autograde, so a
 * submission can change nothing outside it) or linked (`link`: validate), the notebook written as
 * `name`, and `node_modules/hepml-course` pointing to this package so that the cells' imports resolve.
 */
export function workingCopy(folder: string, name: string, nb: INotebookContent, mode: 'copy' | 'link'): WorkingCopy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), mode === 'copy' ? 'hepml-autograde-' : 'hepml-validate-'));
  const dir = path.join(root, 'submission');
  if (mode === 'copy') copyFolder(folder, dir);
  else linkFolder(folder, dir);
  const input = path.join(dir, name);
  fs.rmSync(input, { force: true });
  writeNotebook(input, nb);
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.rmSync(path.join(dir, 'node_modules', 'hepml-course'), { recursive: true, force: true });
  fs.symlinkSync(PROJECT_ROOT, path.join(dir, 'node_modules', 'hepml-course'), 'dir');
  return { input, output: path.join(root, 'executed.ipynb'), dir, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Grades one submission; never throws for a problem of the submission. */
export async function gradeSubmission(job: SubmissionJob, options: GradeOptions): Promise<SubmissionResult> {
  const started = Date.now();
  const file = path.join(job.folder, job.notebook);
  if (!fs.existsSync(file)) return ungraded(job, 'missing', `${file}: expected the submitted notebook ${job.notebook}, found none.`);
  let submitted: INotebookContent;
  try {
    submitted = readNotebook(file);
  } catch (err) {
    if (!(err instanceof HepmlError)) throw err;
    return ungraded(job, 'invalid', err.message);
  }
  const { notebook, changes } = restoreInstructorCells(job.source, job.cells, submitted);
  const work = workingCopy(job.folder, job.notebook, notebook, 'copy');
  try {
    const { input, output } = work;
    const attempts = 1 + (options.startRetries ?? DEFAULTS.startRetries);
    let report = await runNotebook(input, { engine: options.engine, output, allowErrors: true, cellTimeout: options.cellTimeout, quick: options.quick, parameters: options.parameters });
    // A kernel that never started ran none of the student's code: the machine's fault, so try again.
    for (let a = 1; a < attempts && report.status === 'died' && report.cells === 0; a++) {
      options.log?.(`${job.student}/${job.notebook}: the kernel did not start (${oneLine(report.message ?? '')}); retrying (${a + 1}/${attempts})`);
      report = await runNotebook(input, { engine: options.engine, output, allowErrors: true, cellTimeout: options.cellTimeout, quick: options.quick, parameters: options.parameters });
    }
    if (report.status === 'invalid' || !fs.existsSync(output)) return { ...ungraded(job, 'invalid', report.message ?? `${file}: the notebook could not be run.`, changes), seconds: (Date.now() - started) / 1000 };
    const executed = readNotebook(output);
    const stopped = report.status === 'timeout' || report.status === 'died' ? stopReason(report.status, report.message ?? '') : undefined;
    const tests = testCells(job.cells).map((c) => scoreTest(c, executed, stopped));
    const status: SubmissionStatus = report.status === 'timeout' ? 'timeout' : report.status === 'died' ? 'died' : 'graded';
    return {
      student: job.student, notebook: job.notebook, status, message: status === 'graded' ? undefined : `${file}: ${oneLine(report.message ?? status)}`,
      score: sum(tests.map((t) => t.points)), maxScore: sum(tests.map((t) => t.maxPoints)), seconds: (Date.now() - started) / 1000,
      tests, changes, manual: manualCells(job.cells), executed,
    };
  } finally {
    work.remove();
  }
}

function oneLine(s: string): string {
  return s.split('\n')[0].replace(/^.*?\.ipynb: /, '');
}

function stopReason(status: NotebookStatus, message: string): string {
  const what = oneLine(message);
  return status === 'timeout' ? `not run: an earlier cell timed out (${what})` : `not run: the kernel died (${what})`;
}

function cellByGradeId(nb: INotebookContent, id: string): ICell | undefined {
  return nb.cells.find((c) => nbgraderOf(c)?.grade_id === id);
}

/**
 * Full points when the runner recorded the cell as `ok`; 0 with the error's first line otherwise;
 * 0 and `not-run` (with `stopped` as the reason) when the run ended before the cell.
 */
export function scoreTest(c: AssignmentCell, executed: INotebookContent, stopped: string | undefined): TestResult {
  const base = { gradeId: c.gradeId, maxPoints: c.points };
  const cell = cellByGradeId(executed, c.gradeId) as ICodeCell | undefined;
  const status = (cell?.metadata as { hepml?: { status?: string } } | undefined)?.hepml?.status;
  if (status === 'ok') return { ...base, points: c.points, status: 'passed' };
  if (status === 'error-allowed' || status === 'error' || status === 'timeout' || status === 'dead') {
    const err = cell!.outputs.find((o): o is IError => o.output_type === 'error');
    const message = err ? `${err.ename}: ${stripAnsi(String(err.evalue)).split('\n')[0]}` : 'the cell failed';
    return { ...base, points: 0, status: 'failed', message };
  }
  return { ...base, points: 0, status: 'not-run', message: stopped ?? 'not run' };
}
