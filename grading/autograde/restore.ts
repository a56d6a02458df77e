/**
 * Puts the instructor's cells back into a submission before it runs (nbgrader's OverwriteCells):
 * every locked cell of the autograder copy (test cells included, hidden tests and all) replaces the
 * submission's cell of the same grade_id, or is inserted where it belongs when the student deleted it.
 * The student's own cells (solutions, cells they added) are kept. What changed is reported, never trusted.
 */
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import { computeChecksum, isLocked, nbgraderOf, type AssignmentCell } from '../assign/metadata';
import { releasedChecksum } from '../assign/assign';

/** One instructor cell the submission did not carry as released. */
export interface CellChange {
  gradeId: string;
  /** `changed`: edited (put back); `deleted`: missing (put back); `missing-solution`: an answer cell is gone. */
  kind: 'changed' | 'deleted' | 'missing-solution';
}

export interface Restored {
  notebook: INotebookContent;
  changes: CellChange[];
}

/**
 * @param source the autograder copy (checked: `cells` are its assignment cells)
 * @param cells `assignmentCells(source)`
 * @param submission the student's notebook (not modified)
 */
export function restoreInstructorCells(source: INotebookContent, cells: AssignmentCell[], submission: INotebookContent): Restored {
  const nb = structuredClone(submission);
  const changes: CellChange[] = [];
  const idOf = (c: ICell) => {
    const id = nbgraderOf(c)?.grade_id;
    return typeof id === 'string' ? id : undefined;
  };
  /** Where a deleted cell goes: after the cell that preceded it in the release (same cell id), else after the last instructor cell placed, else at its old position. */
  const insertAt = (a: AssignmentCell, previous: string | undefined): number => {
    const before = a.index > 0 ? source.cells[a.index - 1].id : undefined;
    const byId = before === undefined ? -1 : nb.cells.findIndex((c) => c.id === before);
    if (byId >= 0) return byId + 1;
    const byGrade = previous === undefined ? -1 : nb.cells.findIndex((c) => idOf(c) === previous);
    if (byGrade >= 0) return byGrade + 1;
    return Math.min(a.index, nb.cells.length);
  };
  // A student may have duplicated a graded cell: only the first copy of a grade_id counts; later copies of locked cells go.
  const firstSeen = new Set<string>();
  const lockedIds = new Set(cells.filter((c) => isLocked(c.cell)).map((c) => c.gradeId));
  nb.cells = nb.cells.filter((c) => {
    const id = idOf(c);
    if (id === undefined) return true;
    if (firstSeen.has(id)) return !lockedIds.has(id);
    firstSeen.add(id);
    return true;
  });
  let previous: string | undefined; // grade_id of the last instructor cell placed
  for (const a of cells) {
    const at = nb.cells.findIndex((c) => idOf(c) === a.gradeId);
    if (!isLocked(a.cell)) {
      if (at < 0) changes.push({ gradeId: a.gradeId, kind: 'missing-solution' });
      else previous = a.gradeId;
      continue;
    }
    const original = structuredClone(a.cell);
    if (at >= 0) {
      if (computeChecksum(nb.cells[at]) !== releasedChecksum(a.cell)) changes.push({ gradeId: a.gradeId, kind: 'changed' });
      nb.cells[at] = { ...original, id: nb.cells[at].id ?? original.id };
    } else {
      changes.push({ gradeId: a.gradeId, kind: 'deleted' });
      nb.cells.splice(insertAt(a, previous), 0, original);
    }
    previous = a.gradeId;
  }
  return { notebook: nb, changes };
}
