/**
 * The two source transformations of a release, as nbgrader's ClearSolutions and ClearHiddenTests:
 * a solution region (`// BEGIN SOLUTION` … `// END SOLUTION`, markers included) becomes the stub,
 * indented as its BEGIN line; a hidden-test region (`// BEGIN HIDDEN TESTS` … `// END HIDDEN TESTS`)
 * disappears. A solution cell without markers is replaced whole.
 */
import type { ICell } from '@jupyterlab/nbformat';
import { sourceText } from '../../harness/notebook';
import { MARKERS, isGrade, isSolution } from './metadata';

/** What a student finds in place of a code solution (TypeScript: it type-checks wherever code may throw). */
export const CODE_STUB = ['// YOUR CODE HERE', "throw new Error('not implemented');"];
/** What a student finds in place of a written answer. */
export const TEXT_STUB = ['YOUR ANSWER HERE'];

/** Replaces each solution region by the stub; `undefined` when the text has no region. */
export function clearSolutionRegions(text: string, stub: readonly string[]): string | undefined {
  const lines = text.split('\n');
  const out: string[] = [];
  let inside = false;
  let found = false;
  for (const line of lines) {
    if (!inside && line.includes(MARKERS.beginSolution)) {
      inside = true;
      found = true;
      const indent = /^\s*/.exec(line)![0];
      out.push(...stub.map((s) => indent + s));
      continue;
    }
    if (inside) {
      if (line.includes(MARKERS.endSolution)) inside = false;
      continue;
    }
    out.push(line);
  }
  return found ? out.join('\n') : undefined;
}

/** Removes every hidden-test region, markers included. */
export function removeHiddenTests(text: string): string {
  const out: string[] = [];
  let inside = false;
  for (const line of text.split('\n')) {
    if (!inside && line.includes(MARKERS.beginHidden)) inside = true;
    else if (inside) {
      if (line.includes(MARKERS.endHidden)) inside = false;
    } else out.push(line);
  }
  return out.join('\n').replace(/\n+$/, '');
}

/** The source a student sees for `cell` (solutions cleared, hidden tests removed). */
export function studentSource(cell: ICell): string {
  const text = sourceText(cell.source);
  if (isSolution(cell)) {
    const stub = cell.cell_type === 'code' ? CODE_STUB : TEXT_STUB;
    return clearSolutionRegions(text, stub) ?? stub.join('\n');
  }
  if (isGrade(cell) && cell.cell_type === 'code') return removeHiddenTests(text);
  return text;
}

/** True when the text still has a hidden-test region (a student copy must never). */
export function hasHiddenTests(text: string): boolean {
  return text.includes(MARKERS.beginHidden);
}
