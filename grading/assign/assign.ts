/**
 * `assign`: one instructor notebook -> the student release and the autograder copy (nbgrader's
 * generate_assignment, otter's assign). Pipeline: read -> check the nbgrader cells -> copy twice ->
 * student: clear solutions, remove hidden tests, lock, clear outputs, record checksums ->
 * autograder: clear outputs -> write both.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ICell, ICodeCell, INotebookContent } from '@jupyterlab/nbformat';
import { HepmlError } from '../../lib/errors';
import { readNotebook, sourceText, withCellIds, writeNotebook } from '../../harness/notebook';
import { assignmentCells, computeChecksum, isGrade, isLocked, isSolution, nbgraderOf, type AssignmentCell } from './metadata';
import { hasHiddenTests, studentSource } from './regions';

/** nbformat's list-of-lines form of a text (each line but the last keeps its newline). */
export function toLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? l + '\n' : l)).filter((l) => l !== '');
}

function clearOutputs(nb: INotebookContent): void {
  for (const cell of nb.cells) {
    const meta = cell.metadata as Record<string, unknown>;
    delete meta.hepml;
    delete meta.execution;
    if (cell.cell_type === 'code') {
      (cell as ICodeCell).outputs = [];
      (cell as ICodeCell).execution_count = null;
    }
  }
  delete (nb.metadata as Record<string, unknown>).hepml;
}

/** The autograder copy: the full source (solutions and hidden tests), outputs cleared. */
export function autograderNotebook(source: INotebookContent, file: string): INotebookContent {
  assignmentCells(source, file);
  const nb = structuredClone(source);
  clearOutputs(nb);
  return nb;
}

/**
 * The student copy: each solution region replaced by the stub, hidden tests removed, outputs cleared,
 * grade and locked cells made read-only in the front end, and nbgrader checksums recorded on every
 * grade, solution and locked cell (of the text the student receives, as nbgrader does).
 */
export function studentNotebook(source: INotebookContent, file: string): INotebookContent {
  assignmentCells(source, file);
  const nb = structuredClone(source);
  clearOutputs(nb);
  for (const cell of nb.cells) studentCell(cell);
  return nb;
}

/** Turns one (copied) cell into what the student receives; returns it. */
export function studentCell(cell: ICell): ICell {
  const m = nbgraderOf(cell);
  if (!m) return cell;
  cell.source = toLines(studentSource(cell));
  if (isLocked(cell)) Object.assign(cell.metadata, { deletable: false, editable: false });
  if (isGrade(cell) || isSolution(cell) || isLocked(cell)) {
    delete m.checksum;
    m.checksum = computeChecksum(cell);
    m.cell_type = cell.cell_type;
  }
  return cell;
}

/** The checksum a cell had when it was released (recomputed from the instructor's copy). */
export function releasedChecksum(cell: ICell): string {
  return computeChecksum(studentCell(structuredClone(cell)));
}

export interface AssignedNotebook {
  name: string;
  student: string;
  autograder: string;
  cells: AssignmentCell[];
}

/**
 * Writes `<out>/student/<name>.ipynb` and `<out>/autograder/<name>.ipynb` for each notebook.
 * Every notebook is checked before anything is written; two notebooks of the same name are refused.
 */
export function assignNotebooks(files: string[], out: string): AssignedNotebook[] {
  if (files.length === 0) throw new HepmlError('assign: expected at least one notebook, found none.');
  const seen = new Map<string, string>();
  const made = files.map((file) => {
    const name = path.basename(file);
    const other = seen.get(name);
    if (other) throw new HepmlError(`${file}: expected one notebook per name, found ${other} with the same name ${name}.`);
    seen.set(name, file);
    // Ids first, so the student and autograder copies share them (autograde puts deleted cells back by id).
    const source = withCellIds(readNotebook(file));
    const cells = assignmentCells(source, file);
    const student = studentNotebook(source, file);
    student.cells.forEach((c, i) => {
      if (hasHiddenTests(sourceText(c.source))) throw new HepmlError(`${file}: cell ${i + 1}: a hidden-test region would reach the student copy; close it with "END HIDDEN TESTS".`);
    });
    return { name, file, cells, student, autograder: autograderNotebook(source, file) };
  });
  fs.mkdirSync(path.join(out, 'student'), { recursive: true });
  fs.mkdirSync(path.join(out, 'autograder'), { recursive: true });
  return made.map((m) => {
    const student = path.join(out, 'student', m.name);
    const autograder = path.join(out, 'autograder', m.name);
    writeNotebook(student, m.student);
    writeNotebook(autograder, m.autograder);
    return { name: m.name, student, autograder, cells: m.cells };
  });
}
