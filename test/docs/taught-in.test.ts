/**
 * Every "Taught in …" doc comment in lib/ names notebooks that exist (issue 13, "Text never contradicts
 * outputs"): a renamed or imagined notebook in a doc comment sends a reader nowhere.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('doc comments: "Taught in" names real notebooks', () => {
  const notebooks = new Set(readdirSync(join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb')).map((f) => f.replace(/\.ipynb$/, '')));
  const numbers = new Set([...notebooks].map((n) => n.slice(0, 2)));

  it('finds the course notebooks and some "Taught in" comments', () => {
    assert.ok(notebooks.size >= 9, `notebooks/: ${[...notebooks].join(', ')}`);
    const n = tsFiles(join(ROOT, 'lib')).filter((f) => /Taught in/.test(readFileSync(f, 'utf8'))).length;
    assert.ok(n >= 10, `only ${n} files with "Taught in"`);
  });

  it('every NN-name and "notebook(s) NN" in a "Taught in" sentence exists', () => {
    const bad: string[] = [];
    for (const file of tsFiles(join(ROOT, 'lib'))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!/^\s*(\/\*\*|\*)/.test(line)) return;
        // The sentence may wrap onto the next comment line.
        const at = line.indexOf('Taught in');
        if (at < 0) return;
        const text = (line.slice(at) + ' ' + (lines[i + 1] ?? '').replace(/^\s*\*\s?/, '')).split(/\.\s/)[0];
        for (const m of text.matchAll(/\b(\d\d)-([a-z][a-z0-9-]*[a-z0-9])/g)) {
          if (!notebooks.has(`${m[1]}-${m[2]}`)) bad.push(`${file.slice(ROOT.length + 1)}:${i + 1} names ${m[0]}`);
        }
        for (const m of text.matchAll(/notebooks? (\d\d)(?: and (\d\d))?/g)) {
          for (const num of [m[1], m[2]]) if (num && !numbers.has(num)) bad.push(`${file.slice(ROOT.length + 1)}:${i + 1} names notebook ${num}`);
        }
      });
    }
    assert.deepEqual(bad, []);
  });
});
