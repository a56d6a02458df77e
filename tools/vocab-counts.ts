/**
 * The counts of issue 12 ("one vocabulary"), so a change can say before and after:
 *
 * ```sh
 * npx tsx tools/vocab-counts.ts
 * ```
 *
 * Comments are dropped before counting casts and `!`; string contents are not (rare in practice).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { circles, importEdges, ROOT, ruleBreaks } from './import-graph';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|md)$/.test(p) ? [p] : [];
  });
}

// Comments and import/export lists (`import { a as b }` renames, not casts) are dropped.
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1').replace(/^(import|export)\b[^;]*?from\s+['"][^'"]+['"];?/gms, '');
const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

const AREAS = ['lib', 'grading', 'harness', 'notebooks/src'];
const all = AREAS.flatMap((a) => files(join(ROOT, a))).concat([join(ROOT, 'README.md')]);
const ts = all.filter((f) => f.endsWith('.ts'));
const read = (f: string): string => readFileSync(f, 'utf8');

const per = (re: RegExp, list: string[], strip: boolean): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const f of list) {
    const n = count(strip ? code(read(f)) : read(f), re);
    if (n === 0) continue;
    const area = relative(ROOT, f).split('/').slice(0, relative(ROOT, f).startsWith('lib/') ? 2 : 1).join('/');
    out[area] = (out[area] ?? 0) + n;
  }
  return out;
};
const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
const show = (name: string, r: Record<string, number>): void =>
  console.log(`${name}: ${total(r)}  (${Object.entries(r).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')})`);

const edges = importEdges();
const breaks = ruleBreaks(edges);
console.log(`import circles: ${circles(edges).length}`);
console.log(`upward imports (into harness/cli from outside it): ${breaks.filter((b) => b.includes('harness/cli/ imports')).length}`);
console.log(`deep imports into lib/ from grading/harness: ${breaks.filter((b) => b.includes('folder indexes')).length}`);
show('sampleWeight(s) occurrences', per(/sampleWeights?\b/g, all, false));
show("atomic-write copies (renameSync(tmp, …) after a temp write)", per(/renameSync\(tmp\b/g, ts, true));
show('escapeHtml definitions', per(/function escapeHtml|escapeHtml\s*=\s*\(/g, ts, true));
show('Fisher–Yates loops', per(/for\s*\(\s*let\s+\w+\s*=\s*[\w.]+\s*-\s*1\s*;\s*\w+\s*>\s*0\s*;\s*\w+--\s*\)/g, ts, true));
show("'as' casts (not 'as const')", per(/\)?\s\bas\s+(?!const\b)[A-Za-z{[(]/g, ts.filter((f) => !f.includes('harness')), true));
show('non-null assertions', per(/[\w)\]]!(?=[.[(),;:\s}])/g, ts.filter((f) => !f.includes('harness')), true));
