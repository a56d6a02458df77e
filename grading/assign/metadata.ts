/**
 * nbgrader's cell metadata (schema_version 3), read and checked once where a notebook enters.
 *
 * A cell is part of the assignment when it carries `metadata.nbgrader`:
 * - autograded answer: `solution: true` (the student writes it);
 * - autograder tests: `grade: true, locked: true, points` (restored from the instructor's copy when grading);
 * - manually graded answer: `solution: true, grade: true, points`; manually graded task (markdown): `task: true, points`;
 * - read-only: `locked: true`.
 * The predicates and the checksum follow nbgrader (`nbgrader/utils.py`), so the files stay valid for it.
 */
import { createHash } from 'node:crypto';
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import { HepmlError, describe } from '../../lib/errors';
import { sourceText } from '../../harness/notebook';

/** `metadata.nbgrader` of one cell, as nbgrader 0.6+ writes it. */
export interface NbgraderMeta {
  schema_version: 3;
  grade: boolean;
  grade_id: string;
  locked: boolean;
  solution: boolean;
  task: boolean;
  /** Present on grade and task cells. */
  points?: number;
  /** Written into released (student) notebooks for grade, solution and locked cells. */
  checksum?: string;
  /** The cell type the checksum was computed for. */
  cell_type?: string;
}

/** What a cell is for in an assignment. */
export type CellRole = 'solution' | 'test' | 'manual' | 'task' | 'locked';

/** One nbgrader cell of a checked notebook. */
export interface AssignmentCell {
  /** 0-based position among all cells. */
  index: number;
  gradeId: string;
  role: CellRole;
  /** Points for test, manual and task cells; 0 otherwise. */
  points: number;
  cell: ICell;
}

/** The raw `metadata.nbgrader` object, or undefined when the cell has none. */
export function nbgraderOf(cell: ICell): Partial<NbgraderMeta> | undefined {
  const m = (cell.metadata as { nbgrader?: unknown }).nbgrader;
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as Partial<NbgraderMeta>) : undefined;
}

/** nbgrader's `is_grade`. */
export function isGrade(cell: ICell): boolean {
  return nbgraderOf(cell)?.grade === true;
}
/** nbgrader's `is_solution`. */
export function isSolution(cell: ICell): boolean {
  return nbgraderOf(cell)?.solution === true;
}
/** nbgrader's `is_task`. */
export function isTask(cell: ICell): boolean {
  return nbgraderOf(cell)?.task === true;
}
/** nbgrader's `is_locked`: solution cells never are, grade cells always are. */
export function isLocked(cell: ICell): boolean {
  const m = nbgraderOf(cell);
  if (!m) return false;
  if (m.solution === true) return false;
  if (m.grade === true) return true;
  return m.locked === true;
}

/** Python's `str(float(x))`, as nbgrader hashes points: `2` -> `2.0`. */
export function pythonFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const s = String(x);
  // JS `1e-7` is Python `1e-07`.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * nbgrader's `compute_checksum`: md5 over the source, the cell type, "True"/"False" for grade,
 * solution and locked, the grade_id and (for grade cells) the points as a Python float.
 */
export function computeChecksum(cell: ICell): string {
  const m = nbgraderOf(cell) ?? {};
  const h = createHash('md5');
  const py = (b: boolean) => (b ? 'True' : 'False');
  h.update(sourceText(cell.source), 'utf8');
  h.update(cell.cell_type, 'utf8');
  h.update(py(isGrade(cell)));
  h.update(py(isSolution(cell)));
  h.update(py(isLocked(cell)));
  h.update(String(m.grade_id ?? ''), 'utf8');
  if (isGrade(cell)) h.update(pythonFloat(Number(m.points)));
  return h.digest('hex');
}

function roleOf(m: Partial<NbgraderMeta>): CellRole {
  if (m.solution && m.grade) return 'manual';
  if (m.solution) return 'solution';
  if (m.grade) return 'test';
  if (m.task) return 'task';
  return 'locked';
}

const GRADE_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Checks every cell's nbgrader metadata and markers; returns the assignment cells in order.
 * Each problem is a HepmlError of one line: `<file>: cell <n> ("<grade_id>"): expected ..., found ...`.
 * @param requireCells throw when no cell has nbgrader metadata (default true)
 */
export function assignmentCells(nb: INotebookContent, file: string, requireCells = true): AssignmentCell[] {
  const out: AssignmentCell[] = [];
  const seen = new Map<string, number>();
  nb.cells.forEach((cell, index) => {
    const raw = (cell.metadata as { nbgrader?: unknown }).nbgrader;
    const text = sourceText(cell.source);
    const where = `${file}: cell ${index + 1}`;
    const fail = (problem: string): never => {
      throw new HepmlError(`${where}: ${problem}`, { where: file });
    };
    if (raw === undefined) {
      checkMarkers(text, false, false, where);
      return;
    }
    const m = nbgraderOf(cell);
    if (!m) return fail(`expected "metadata.nbgrader" as an object, found ${describe(raw)}.`);
    const id = m.grade_id;
    const named = typeof id === 'string' && id !== '' ? `${where} ("${id}")` : where;
    const failNamed = (problem: string): never => {
      throw new HepmlError(`${named}: ${problem}`, { where: file });
    };
    if (m.schema_version !== 3) failNamed(`expected nbgrader schema_version 3, found ${describe(m.schema_version)}. Run \`nbgrader update\` on the notebook, or set "schema_version": 3.`);
    if (typeof id !== 'string' || id === '') failNamed(`expected a "grade_id" (a non-empty name), found ${describe(id)}.`);
    if (!GRADE_ID.test(id as string)) failNamed(`expected a grade_id of letters, digits, "_" and "-", found ${JSON.stringify(id)}.`);
    const first = seen.get(id as string);
    if (first !== undefined) failNamed(`expected unique grade_ids, found "${id}" also on cell ${first + 1}. Rename one of them.`);
    seen.set(id as string, index);
    for (const key of ['grade', 'solution', 'locked', 'task'] as const) {
      if (m[key] !== undefined && typeof m[key] !== 'boolean') failNamed(`expected "${key}" true or false, found ${describe(m[key])}.`);
    }
    if (m.task && (m.grade || m.solution)) failNamed('expected a task cell to be neither a grade nor a solution cell, found both set.');
    if (m.task && cell.cell_type !== 'markdown') failNamed(`expected a task cell to be markdown, found a ${cell.cell_type} cell.`);
    if (m.grade && !m.solution && cell.cell_type !== 'code') failNamed(`expected an autograder test cell to be a code cell, found a ${cell.cell_type} cell.`);
    const role = roleOf(m);
    const scored = role === 'test' || role === 'manual' || role === 'task';
    if (scored && !(typeof m.points === 'number' && Number.isFinite(m.points) && m.points >= 0)) failNamed(`expected "points" as a number >= 0 on a ${role} cell, found ${describe(m.points)}.`);
    checkMarkers(text, role === 'solution' || role === 'manual', role === 'test', named);
    out.push({ index, gradeId: id as string, role, points: scored ? (m.points as number) : 0, cell });
  });
  if (requireCells && out.length === 0) throw new HepmlError(`${file}: expected an nbgrader assignment (cells with "metadata.nbgrader"), found none. Mark solution and test cells first (see grading/README.md, "Assignments").`, { where: file });
  return out;
}

/** Region markers, as nbgrader finds them: any line containing the phrase. */
export const MARKERS = {
  beginSolution: 'BEGIN SOLUTION',
  endSolution: 'END SOLUTION',
  beginHidden: 'BEGIN HIDDEN TESTS',
  endHidden: 'END HIDDEN TESTS',
} as const;

function checkMarkers(text: string, solutionAllowed: boolean, hiddenAllowed: boolean, where: string): void {
  const pairs: [string, string, boolean, string][] = [
    [MARKERS.beginSolution, MARKERS.endSolution, solutionAllowed, 'a solution cell (nbgrader "solution": true)'],
    [MARKERS.beginHidden, MARKERS.endHidden, hiddenAllowed, 'an autograder test cell (nbgrader "grade": true)'],
  ];
  const lines = text.split('\n');
  for (const [begin, end, allowed, kind] of pairs) {
    let open = -1;
    lines.forEach((line, i) => {
      const isBegin = line.includes(begin), isEnd = line.includes(end);
      if (!isBegin && !isEnd) return;
      if (!allowed) throw new HepmlError(`${where}: line ${i + 1}: expected "${begin}" only in ${kind}, found it in a cell that is not one. Mark the cell in its metadata.`);
      if (isBegin && open >= 0) throw new HepmlError(`${where}: line ${i + 1}: expected "${end}" before the next "${begin}" (opened on line ${open + 1}), found none.`);
      if (isEnd && open < 0) throw new HepmlError(`${where}: line ${i + 1}: expected "${begin}" before "${end}", found none.`);
      open = isBegin ? i : -1;
    });
    if (open >= 0) throw new HepmlError(`${where}: line ${open + 1}: expected "${end}" after "${begin}", found the end of the cell.`);
  }
}
