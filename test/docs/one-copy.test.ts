/**
 * Issue 12, item 7: the project writes a file atomically, escapes HTML and shuffles in one place each.
 * A second copy (a `writeFileSync(tmp…)` + `renameSync(tmp…)`, an `&amp;` table, a Fisher–Yates loop)
 * fails here with the file and line, so the next writer calls the shared function instead.
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

/** `file:line` of every match of `re` outside the allowed files. */
function copies(re: RegExp, allowed: string[]): string[] {
  const out: string[] = [];
  for (const file of ['lib', 'grading', 'harness'].flatMap((d) => tsFiles(join(ROOT, d)))) {
    const rel = file.slice(ROOT.length + 1);
    if (allowed.includes(rel)) continue;
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => { if (re.test(line)) out.push(`${rel}:${i + 1}: ${line.trim()}`); });
  }
  return out;
}

describe('one copy each: atomic write, HTML escaping, seeded shuffle', () => {
  it('the scans find the shared functions themselves (they can fail)', () => {
    assert.equal(copies(/renameSync\(tmp\b/, []).length >= 1, true);
    assert.equal(copies(/&amp;/, []).length >= 1, true);
    assert.equal(copies(/Math\.floor\(\w+\(\) \* \(i \+ 1\)\)/, []).length >= 1, true);
  });

  it('files are written atomically by lib/data/atomic-write only', () => {
    // fetch.ts moves a verified download (its .part file) into the cache; grading/atomic.ts swaps symbolic
    // links; hdf5.ts writes a scratch file for h5wasm (fromHdf5), never a result.
    assert.deepEqual(copies(/renameSync\(tmp\b|writeFileSync\(tmp\b/, ['lib/data/atomic-write.ts', 'lib/data/fetch.ts', 'grading/atomic.ts', 'lib/data/hdf5.ts']), []);
  });

  it('HTML is escaped by lib/errors escapeHtml only', () => {
    // harness/junit.ts escapes XML (&apos;), a different table.
    assert.deepEqual(copies(/&amp;|function escapeHtml/, ['lib/errors/text.ts', 'harness/junit.ts']), []);
  });

  it('arrays are shuffled by lib/physics shuffleInPlace only', () => {
    assert.deepEqual(copies(/Math\.floor\(\w+\(\) \* \(i \+ 1\)\)|this\.int\(i \+ 1\)/, ['lib/physics/random.ts']), []);
  });
});

describe('one spelling: weights', () => {
  it('no sampleWeight / sampleWeights in lib/, grading/, harness/, the notebook sources or the README', () => {
    const files = ['lib', 'grading', 'harness', 'notebooks/src'].flatMap((d) => tsFiles(join(ROOT, d))).concat([join(ROOT, 'README.md'), join(ROOT, 'grading', 'README.md')]);
    const bad: string[] = [];
    for (const f of files) readFileSync(f, 'utf8').split('\n').forEach((line, i) => { if (/\bsampleWeights?\b/.test(line)) bad.push(`${f.slice(ROOT.length + 1)}:${i + 1}`); });
    assert.ok(files.length > 100);
    assert.deepEqual(bad, []);
  });
});
