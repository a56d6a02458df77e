/**
 * The course's expectations: each notebook may have `notebooks/expect/<name>.json` with the ranges its
 * recorded figures (the `record({...})` keys in results.json) must land in, for the quick run (the tests)
 * and the full run (`npm run course`), and one line saying what the real data gives:
 *
 *   { "real": "one line from CALIBRATION.md",
 *     "quick": { "testAuc": [0.75, 0.95], "maxCorrPair": "lep_phi_0 / lep_phi_1" },
 *     "full":  { ... } }
 *
 * `[lo, hi]` means lo ≤ value ≤ hi (either may be null for an open end); a string, boolean or number means
 * equality. A key listed but not recorded is a problem too.
 *
 * Check a full course run:   npx tsx tools/expect.ts out/course/results.json
 * Check a quick run:         npx tsx tools/expect.ts out/quick/results.json --quick
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One expectation: a closed range `[lo, hi]` (null = open end) or an exact value. */
export type Expectation = [number | null, number | null] | string | number | boolean;

/** The contents of `notebooks/expect/<name>.json`. */
export interface Expectations {
  real: string;
  quick?: Record<string, Expectation>;
  full?: Record<string, Expectation>;
}

/** Which run the figures come from. */
export type Mode = 'quick' | 'full';

const DIR = join(__dirname, '..', 'notebooks', 'expect');

/** Reads a notebook's expectations file, or undefined when it has none; a malformed file throws with its path. */
export function loadExpectations(name: string, dir: string = DIR): Expectations | undefined {
  const path = join(dir, `${name}.json`);
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: expected JSON, found a syntax error (${(err as Error).message}).`);
  }
  const e = parsed as Expectations;
  if (typeof e !== 'object' || e === null || typeof e.real !== 'string') throw new Error(`${path}: expected an object with a "real" line, found ${JSON.stringify(parsed).slice(0, 80)}.`);
  for (const mode of ['quick', 'full'] as const) {
    for (const [key, want] of Object.entries(e[mode] ?? {})) {
      const ok = typeof want === 'string' || typeof want === 'number' || typeof want === 'boolean'
        || (Array.isArray(want) && want.length === 2 && want.every((v) => v === null || typeof v === 'number') && (want[0] === null || want[1] === null || want[0] <= want[1]));
      if (!ok) throw new Error(`${path}: ${mode}.${key}: expected [lo, hi] or an exact value, found ${JSON.stringify(want)}.`);
    }
  }
  return e;
}

/** Names of the notebooks that have an expectations file. */
export function expectationNames(dir: string = DIR): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort() : [];
}

/**
 * Checks one notebook's recorded figures against its expectations for `mode`.
 * @param name - the notebook's name without extension, e.g. `'01-ww-exploration'`
 * @param results - the notebook's `results` object from results.json
 * @param mode - `'quick'` or `'full'`
 * @returns the problems, one sentence each (empty when all hold, or when the notebook has no file)
 */
export function checkExpectations(name: string, results: Record<string, unknown>, mode: Mode, dir: string = DIR): string[] {
  const e = loadExpectations(name, dir);
  const wants = e?.[mode] ?? {};
  const problems: string[] = [];
  for (const [key, want] of Object.entries(wants)) {
    const got = results[key];
    if (got === undefined) {
      problems.push(`${name}: ${key} was not recorded (expected ${JSON.stringify(want)} in ${mode} mode).`);
    } else if (Array.isArray(want)) {
      const [lo, hi] = want;
      if (typeof got !== 'number' || Number.isNaN(got) || (lo !== null && got < lo) || (hi !== null && got > hi)) {
        problems.push(`${name}: ${key} = ${JSON.stringify(got)}, expected within [${lo ?? '-inf'}, ${hi ?? 'inf'}] (${mode}).`);
      }
    } else if (got !== want) {
      problems.push(`${name}: ${key} = ${JSON.stringify(got)}, expected ${JSON.stringify(want)} (${mode}).`);
    }
  }
  return problems;
}

/** Checks every notebook of a results.json that has an expectations file; returns the problems and what was checked. */
export function checkResultsFile(path: string, mode: Mode, dir: string = DIR): { problems: string[]; checked: string[] } {
  if (!existsSync(path)) throw new Error(`${path}: no such file. Run \`npm run course\` first (it writes out/course/results.json).`);
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { notebooks?: Record<string, { status?: string; results?: Record<string, unknown> }> };
  if (!doc.notebooks || typeof doc.notebooks !== 'object') throw new Error(`${path}: expected a results.json written by \`hepml run\` (with "notebooks"), found none.`);
  const problems: string[] = [];
  const checked: string[] = [];
  for (const [nbPath, entry] of Object.entries(doc.notebooks)) {
    const name = basename(nbPath).replace(/\.ipynb$/, '');
    if (!loadExpectations(name, dir)) continue;
    checked.push(name);
    if (entry.status !== 'passed') problems.push(`${name}: status ${entry.status}, expected passed.`);
    problems.push(...checkExpectations(name, entry.results ?? {}, mode, dir));
  }
  return { problems, checked };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--')) ?? join('out', 'course', 'results.json');
  const mode: Mode = args.includes('--quick') ? 'quick' : 'full';
  try {
    const { problems, checked } = checkResultsFile(file, mode);
    for (const name of checked) {
      const real = loadExpectations(name)?.real;
      console.log(`${problems.some((p) => p.startsWith(`${name}:`)) ? 'FAIL' : 'ok  '} ${name}${real ? `  (real data: ${real})` : ''}`);
    }
    for (const p of problems) console.log(`  - ${p}`);
    console.log(`${checked.length} notebook(s) checked against notebooks/expect (${mode}), ${problems.length} problem(s)`);
    process.exit(problems.length ? 1 : 0);
  } catch (err) {
    console.error(`expect: ${(err as Error).message}`);
    process.exit(2);
  }
}
