/**
 * Notebooks load the compiled library (`hepml-course` -> dist/lib). Before running or checking them,
 * rebuild dist/ when any lib/**\/*.ts is newer than the last build.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './kernel/kernelspec';

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (entry.name.endsWith(ext)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** The file whose mtime marks the last build. */
function stamp(root: string): string {
  return path.join(root, 'dist', '.hepml-build-stamp');
}

/** True when dist/ is missing or older than some lib/**\/*.ts. */
export function distIsStale(root = PROJECT_ROOT): boolean {
  if (!fs.existsSync(path.join(root, 'dist', 'lib', 'index.js'))) return true;
  // The stamp is ours; dist/.tsbuildinfo is what `npm run build` / postinstall leave behind.
  const built = Math.max(...[stamp(root), path.join(root, 'dist', '.tsbuildinfo')].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  return newestMtime(path.join(root, 'lib'), '.ts') > built;
}

/**
 * Rebuilds dist/ with the project's tsc when stale; logs one line when it does. Type errors elsewhere
 * in lib/ do not stop the build (tsc still emits); they are mentioned in the line.
 * @returns true when it rebuilt.
 */
export function ensureDist(log: (line: string) => void = (l) => console.error(l), root = PROJECT_ROOT): boolean {
  if (!distIsStale(root)) return false;
  const started = Date.now();
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  let note = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    const out = String((err as { stdout?: Buffer }).stdout ?? '');
    const count = (out.match(/error TS/g) ?? []).length;
    note = ` (tsc reported ${count} type error${count === 1 ? '' : 's'}; first: ${out.split('\n')[0].slice(0, 160)})`;
  }
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.writeFileSync(stamp(root), new Date().toISOString() + '\n');
  log(`hepml: lib/ changed since the last build; rebuilt dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s${note}`);
  return true;
}
