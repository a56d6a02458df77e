/**
 * Authoring helper: turns a "percent" source file (as jupytext writes them) into a course notebook.
 *
 *   // %% [markdown]            a markdown cell; its lines start with "// " (stripped)
 *   // %% tags=["parameters"]   a code cell with tags
 *   // %%                       a plain code cell
 *
 * Assignment cells (nbgrader's metadata, schema_version 3; see grading/README.md, "Assignments"):
 *   // %% solution=ID                     an answer cell (BEGIN/END SOLUTION regions inside)
 *   // %% test=ID points=2                an autograder test cell (BEGIN/END HIDDEN TESTS regions inside)
 *   // %% locked=ID                       a read-only cell
 *   // %% [markdown] task=ID points=3     a task graded by hand; manual=ID points=N: an answer graded by hand
 *   // %% nbgrader={"grade": true, ...}   any metadata in full, as jupytext writes it
 *
 * Usage: npx tsx tools/nbsrc.ts SRC.ts… --out notebooks/
 * The .ipynb files are what we commit and what students open; the sources are only a writing aid.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';

interface Cell {
  cell_type: 'markdown' | 'code';
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  execution_count?: null;
  outputs?: unknown[];
}

/** Reads `key=value` pairs after `// %%` (values: JSON, or a bare word), as jupytext writes cell metadata; a bare `key` is true. */
export function parseHeader(rest: string, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what} in the cell header ${JSON.stringify(rest)}`);
  };
  while (i < rest.length) {
    while (rest[i] === ' ') i++;
    if (i >= rest.length) break;
    const key = /^[A-Za-z_][\w-]*/.exec(rest.slice(i))?.[0];
    if (!key) {
      // Not metadata (free text after `// %%`): skipped, as before these marks existed.
      while (i < rest.length && rest[i] !== ' ') i++;
      continue;
    }
    i += key.length;
    if (rest[i] !== '=') {
      out[key!] = true;
      continue;
    }
    i++;
    let end = i;
    if (rest[i] === '{' || rest[i] === '[' || rest[i] === '"') {
      let depth = 0, inString = false;
      for (; end < rest.length; end++) {
        const ch = rest[end];
        if (inString) {
          if (ch === '\\') end++;
          else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') depth--;
        if (!inString && depth === 0) break;
      }
      end++;
      try {
        out[key!] = JSON.parse(rest.slice(i, end));
      } catch {
        fail(`expected JSON after ${key}=`);
      }
    } else {
      while (end < rest.length && rest[end] !== ' ') end++;
      const word = rest.slice(i, end);
      out[key!] = /^-?\d+(\.\d+)?$/.test(word) ? Number(word) : word;
    }
    i = end;
  }
  return out;
}

/** nbgrader metadata from the header's shorthands (`solution=ID`, `test=ID points=N`, ...), or undefined. */
export function nbgraderFromHeader(h: Record<string, unknown>, where: string): Record<string, unknown> | undefined {
  const base = { grade: false, locked: false, schema_version: 3, solution: false, task: false };
  if (h.nbgrader !== undefined) return { ...base, ...(h.nbgrader as object) };
  const kinds = ['solution', 'test', 'locked', 'task', 'manual'].filter((k) => h[k] !== undefined);
  if (kinds.length === 0) return undefined;
  if (kinds.length > 1) throw new Error(`${where}: expected one of solution=, test=, locked=, task=, manual=, found ${kinds.join(' and ')}`);
  const kind = kinds[0];
  const id = h[kind];
  if (typeof id !== 'string') throw new Error(`${where}: expected ${kind}=ID with a name, found ${JSON.stringify(id)}`);
  const points = h.points;
  const scored = kind === 'test' || kind === 'task' || kind === 'manual';
  if (scored && typeof points !== 'number') throw new Error(`${where}: expected points=N on a ${kind} cell, found ${JSON.stringify(points)}`);
  const flags = {
    solution: { solution: true },
    test: { grade: true, locked: true, points },
    locked: { locked: true },
    task: { task: true, locked: true, points },
    manual: { grade: true, solution: true, points },
  }[kind];
  return { ...base, ...flags, grade_id: id };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? l + '\n' : l)).filter((l, i, a) => !(i === a.length - 1 && l === ''));
}

export function convert(src: string, name: string): object {
  const cells: Cell[] = [];
  let current: { kind: 'markdown' | 'code'; tags: string[]; nbgrader?: Record<string, unknown>; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    while (current.lines.length && current.lines[current.lines.length - 1].trim() === '') current.lines.pop();
    while (current.lines.length && current.lines[0].trim() === '') current.lines.shift();
    const text = current.lines.join('\n');
    const id = createHash('sha1').update(`${name}:${cells.length}`).digest('hex').slice(0, 8);
    const metadata: Record<string, unknown> = current.tags.length ? { tags: current.tags } : {};
    if (current.nbgrader) metadata.nbgrader = current.nbgrader;
    if (current.kind === 'markdown') cells.push({ cell_type: 'markdown', id, metadata, source: splitLines(text) });
    else cells.push({ cell_type: 'code', id, metadata, source: splitLines(text), execution_count: null, outputs: [] });
    current = null;
  };
  src.split('\n').forEach((line, lineNo) => {
    const m = /^\/\/ %%(.*)$/.exec(line);
    if (m) {
      flush();
      const rest = m[1].trim();
      const kind = rest.startsWith('[markdown]') ? 'markdown' : 'code';
      const where = `${name}.ts:${lineNo + 1}`;
      const header = parseHeader(rest.replace(/^\[markdown\]/, ''), where);
      const tags = header.tags === undefined ? [] : header.tags;
      if (!Array.isArray(tags)) throw new Error(`${where}: expected tags=[...], found ${JSON.stringify(tags)}`);
      current = { kind, tags: tags as string[], nbgrader: nbgraderFromHeader(header, where), lines: [] };
      return;
    }
    if (!current) return;
    current.lines.push(current.kind === 'markdown' ? line.replace(/^\/\/ ?/, '') : line);
  });
  flush();
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'tslab', display_name: 'TypeScript (hepml-course)', language: 'typescript' },
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' },
    },
    cells,
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1] : 'notebooks';
  const files = args.filter((a, i) => a !== '--out' && i !== outIdx + 1);
  for (const f of files) {
    const name = basename(f).replace(/\.ts$/, '');
    const nb = convert(readFileSync(f, 'utf8'), name);
    writeFileSync(join(out, `${name}.ipynb`), JSON.stringify(nb, null, 1) + '\n');
    console.log(`wrote ${join(out, name + '.ipynb')}`);
  }
}
