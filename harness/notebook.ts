/**
 * Reading, validating and writing `.ipynb` files (nbformat 4). A malformed file is a HepmlError of one
 * line, `<file>: <problem>`; written notebooks are nbformat 4.5 (cells carry ids), written atomically.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ICell, ICodeCell, INotebookContent, MultilineString } from '@jupyterlab/nbformat';
import { writeFileAtomic } from '../lib/data';
import { HepmlError, describe } from '../lib/errors';

export type { ICell, ICodeCell, INotebookContent };

const CELL_TYPES = new Set(['code', 'markdown', 'raw']);

/** Joins nbformat's string-or-lines text. */
export function sourceText(source: MultilineString): string {
  return Array.isArray(source) ? source.join('') : source;
}

/** The tags of a cell (`metadata.tags`), `[]` when none. */
export function cellTags(cell: ICell): string[] {
  const tags = (cell.metadata as { tags?: unknown }).tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

/** A fresh cell id as nbformat 4.5 wants (8 hex characters). */
export function newCellId(): string {
  return randomBytes(4).toString('hex');
}

/** Checks the structure of parsed JSON and returns it as a notebook; `file` names it in errors. */
export function validateNotebook(json: unknown, file: string): INotebookContent {
  const fail = (problem: string): never => {
    throw new HepmlError(`${file}: ${problem}`, { where: file });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(`expected a notebook object, found ${describe(json)}.`);
  const nb = json as Record<string, unknown>;
  if (nb.nbformat !== 4) fail(`expected nbformat 4, found ${describe(nb.nbformat)}. Open and save it in a current Jupyter to upgrade it.`);
  if (typeof nb.metadata !== 'object' || nb.metadata === null) fail('expected a "metadata" object, found none.');
  if (!Array.isArray(nb.cells)) fail(`expected a "cells" array, found ${describe(nb.cells)}.`);
  (nb.cells as unknown[]).forEach((c, i) => {
    const where = `cell ${i + 1}`;
    if (typeof c !== 'object' || c === null) fail(`${where}: expected a cell object, found ${describe(c)}.`);
    const cell = c as Record<string, unknown>;
    if (!CELL_TYPES.has(cell.cell_type as string)) fail(`${where}: expected cell_type code, markdown or raw, found ${describe(cell.cell_type)}.`);
    const src = cell.source;
    if (typeof src !== 'string' && !(Array.isArray(src) && src.every((s) => typeof s === 'string'))) fail(`${where}: expected "source" as a string or a list of strings, found ${describe(src)}.`);
    if (cell.metadata !== undefined && (typeof cell.metadata !== 'object' || cell.metadata === null)) fail(`${where}: expected "metadata" as an object, found ${describe(cell.metadata)}.`);
    cell.metadata ??= {};
    if (cell.cell_type === 'code') {
      if (cell.outputs !== undefined && !Array.isArray(cell.outputs)) fail(`${where}: expected "outputs" as a list, found ${describe(cell.outputs)}.`);
      cell.outputs ??= [];
      cell.execution_count ??= null;
    }
  });
  return nb as unknown as INotebookContent;
}

/** Parses notebook text; `file` names it in errors. */
export function parseNotebook(text: string, file: string): INotebookContent {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new HepmlError(`${file}: expected JSON, found malformed JSON (${(err as Error).message}).`, { where: file });
  }
  return validateNotebook(json, file);
}

/** Reads and validates a notebook file. */
export function readNotebook(file: string): INotebookContent {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new HepmlError(`${file}: cannot read the notebook (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, { where: file });
  }
  return parseNotebook(text, file);
}

/** Upgrades to nbformat 4.5: every cell gets a unique id. Mutates and returns `nb`. */
export function withCellIds(nb: INotebookContent): INotebookContent {
  const seen = new Set<string>();
  for (const cell of nb.cells) {
    let id = typeof cell.id === 'string' && /^[a-zA-Z0-9-_]{1,64}$/.test(cell.id) ? cell.id : '';
    while (!id || seen.has(id)) id = newCellId();
    cell.id = id;
    seen.add(id);
  }
  nb.nbformat = 4;
  nb.nbformat_minor = Math.max(5, nb.nbformat_minor ?? 0);
  return nb;
}

/** Serializes as Jupyter does (1-space indent, trailing newline). */
export function formatNotebook(nb: INotebookContent): string {
  return JSON.stringify(withCellIds(nb), null, 1) + '\n';
}

/** Writes a notebook atomically (temp file in the same folder, fsync, rename). */
export function writeNotebook(file: string, nb: INotebookContent): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileAtomic(file, formatNotebook(nb));
}
