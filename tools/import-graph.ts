/**
 * The import graph of lib/, grading/ and harness/ (issue 12, item 5): every relative `import … from`,
 * `export … from`, `import(…)` and `require(…)` of a .ts file, resolved to the file it names. Used by
 * test/docs/imports.test.ts and, run directly, prints the circles and the rule breaks:
 *
 * ```sh
 * npx tsx tools/import-graph.ts
 * ```
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Repository root. */
export const ROOT = resolve(__dirname, '..');

/** The folders whose imports are checked. */
export const CHECKED = ['lib', 'grading', 'harness'];

/** One import: which file, which line, what it names and what that resolves to (a repo-relative path). */
export interface ImportEdge {
  from: string;
  line: number;
  spec: string;
  to: string;
  typeOnly: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

function resolveSpec(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(ROOT, candidate);
  }
  return undefined;
}

const PATTERNS = [
  /^\s*(import|export)\s+(type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm,
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  /\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every relative import of every .ts file under {@link CHECKED}. */
export function importEdges(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const folder of CHECKED) {
    for (const file of tsFiles(join(ROOT, folder))) {
      // Comments name imports in examples; drop them (line numbers kept).
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      const from = relative(ROOT, file);
      const found = new Map<number, ImportEdge>();
      PATTERNS.forEach((re, k) => {
        for (const m of text.matchAll(re)) {
          const spec = k === 0 ? m[3] : m[1];
          if (!spec.startsWith('.')) continue;
          const to = resolveSpec(file, spec);
          if (!to || !to.endsWith('.ts')) continue;
          const index = m.index ?? 0;
          const line = text.slice(0, index).split('\n').length + (text[index] === '\n' ? 1 : 0);
          found.set(index, { from, line, spec, to, typeOnly: k === 0 && Boolean(m[2]) });
        }
      });
      edges.push(...found.values());
    }
  }
  return edges;
}

/** The import circles among files (strongly connected components of more than one file, or a self-import). */
export function circles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(e.to);
  }
  // Tarjan's algorithm.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** The layer rules; each returns a reason when an import breaks it. */
export function ruleBreaks(edges: ImportEdge[]): string[] {
  const bad: string[] = [];
  for (const e of edges) {
    const where = `${e.from}:${e.line} imports ${e.spec}`;
    const fromTop = e.from.split('/')[0];
    const toTop = e.to.split('/')[0];
    if (fromTop === 'lib' && toTop !== 'lib') bad.push(`${where}: lib/ never imports ${toTop}/`);
    if (fromTop !== 'lib' && toTop === 'lib' && !/^lib\/([^/]+\/)?index\.ts$/.test(e.to)) {
      bad.push(`${where}: ${fromTop}/ enters lib/ through its folder indexes only (lib/<folder>/index.ts)`);
    }
    if (e.to.startsWith('harness/cli/') && !e.from.startsWith('harness/cli/')) {
      bad.push(`${where}: only harness/cli/ imports harness/cli/ (shared CLI helpers live in harness/command.ts)`);
    }
  }
  return bad;
}

if (require.main === module) {
  const edges = importEdges();
  const found = circles(edges);
  const breaks = ruleBreaks(edges);
  console.log(`${edges.length} imports; ${found.length} circles; ${breaks.length} rule breaks`);
  for (const c of found) console.log(`circle: ${c.join(' ↔ ')}`);
  for (const b of breaks) console.log(b);
}
