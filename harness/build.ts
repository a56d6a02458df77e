/**
 * Notebooks load the compiled library (`hepml-course` -> dist/lib). Before running or checking them,
 * rebuild dist/ when any lib/**\/*.ts is newer than the last build.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './kernel/kernelspec';

/** The lib/ sources (.ts, not .d.ts) under `dir`, relative to `root`. */
function sources(dir: string, root: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(p, root, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path.relative(root, p));
  }
  return out;
}

const mtime = (f: string): number => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);

/** The file whose mtime marks the last build. */
function stamp(root: string): string {
  return path.join(root, 'dist', '.hepml-build-stamp');
}

/**
 * True when dist/ is missing or some lib/**\/*.ts is newer than its compiled .js and than our last build.
 * Each source is compared with its own output, not with dist/.tsbuildinfo: `tsc -p tsconfig.build.json
 * --noEmit` (a type check) rewrites that file without emitting, which made a stale dist look fresh.
 */
export function distIsStale(root = PROJECT_ROOT): boolean {
  if (!fs.existsSync(path.join(root, 'dist', 'lib', 'index.js'))) return true;
  const built = mtime(stamp(root));
  return sources(path.join(root, 'lib'), root).some((ts) => {
    const t = mtime(path.join(root, ts));
    return t > built && t > mtime(path.join(root, 'dist', ts.replace(/\.ts$/, '.js')));
  });
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
