/**
 * Authoring helper: turns a "percent" source file (as jupytext writes them) into a course notebook.
 *
 *   // %% [markdown]            a markdown cell; its lines start with "// " (stripped)
 *   // %% tags=["parameters"]   a code cell with tags
 *   // %%                       a plain code cell
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

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? l + '\n' : l)).filter((l, i, a) => !(i === a.length - 1 && l === ''));
}

export function convert(src: string, name: string): object {
  const cells: Cell[] = [];
  let current: { kind: 'markdown' | 'code'; tags: string[]; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    while (current.lines.length && current.lines[current.lines.length - 1].trim() === '') current.lines.pop();
    while (current.lines.length && current.lines[0].trim() === '') current.lines.shift();
    const text = current.lines.join('\n');
    const id = createHash('sha1').update(`${name}:${cells.length}`).digest('hex').slice(0, 8);
    const metadata: Record<string, unknown> = current.tags.length ? { tags: current.tags } : {};
    if (current.kind === 'markdown') cells.push({ cell_type: 'markdown', id, metadata, source: splitLines(text) });
    else cells.push({ cell_type: 'code', id, metadata, source: splitLines(text), execution_count: null, outputs: [] });
    current = null;
  };
  for (const line of src.split('\n')) {
    const m = /^\/\/ %%(.*)$/.exec(line);
    if (m) {
      flush();
      const rest = m[1].trim();
      const tagMatch = /tags=(\[.*\])/.exec(rest);
      current = { kind: rest.startsWith('[markdown]') ? 'markdown' : 'code', tags: tagMatch ? JSON.parse(tagMatch[1]) : [], lines: [] };
      continue;
    }
    if (!current) continue;
    current.lines.push(current.kind === 'markdown' ? line.replace(/^\/\/ ?/, '') : line);
  }
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
