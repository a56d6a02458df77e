import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { distIsStale } from '../../harness/build';

describe('harness/build: when dist/ must be rebuilt', () => {
  let root: string;
  const at = (rel: string, seconds: number) => {
    const f = path.join(root, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    if (!fs.existsSync(f)) fs.writeFileSync(f, '');
    fs.utimesSync(f, seconds, seconds);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-build-'));
    at('lib/index.ts', 1000);
    at('lib/plots/a.ts', 1000);
    at('lib/types.d.ts', 5000);   // declarations have no output
    at('dist/lib/index.js', 2000);
    at('dist/lib/plots/a.js', 2000);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is fresh when every source is older than its output', () => {
    assert.equal(distIsStale(root), false);
  });

  it('is stale when a source is newer than its output, even after a type check rewrote dist/.tsbuildinfo', () => {
    at('lib/plots/a.ts', 3000);
    assert.equal(distIsStale(root), true);
    at('dist/.tsbuildinfo', 4000);   // what `tsc -p tsconfig.build.json --noEmit` does
    assert.equal(distIsStale(root), true, 'a type check does not make dist fresh');
    at('dist/.hepml-build-stamp', 4000);   // our own rebuild (tsc may leave an unchanged output's mtime alone)
    assert.equal(distIsStale(root), false);
  });

  it('is stale for a new source without output, and without dist/lib/index.js', () => {
    at('lib/new.ts', 1500);
    assert.equal(distIsStale(root), true);
    fs.rmSync(path.join(root, 'lib/new.ts'));
    fs.rmSync(path.join(root, 'dist/lib/index.js'));
    assert.equal(distIsStale(root), true);
  });
});

describe('npm scripts: build and typecheck use the project\'s TypeScript', () => {
  const root = path.join(__dirname, '..', '..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies?: Record<string, string>; dependencies?: Record<string, string> };

  it('runs node_modules/typescript, not node_modules/.bin/tsc (tslab\'s bundled compiler takes that name)', () => {
    for (const name of ['build', 'typecheck']) assert.match(pkg.scripts[name], /^node node_modules\/typescript\/bin\/tsc /, name);
    const pinned = pkg.devDependencies?.typescript ?? pkg.dependencies?.typescript;
    const own = (require(path.join(root, 'node_modules', 'typescript', 'package.json')) as { version: string }).version;
    assert.equal(own, pinned);
    // The trap this avoids: node_modules/.bin/tsc is tslab's bundled compiler (TypeScript 5.0), which
    // accepted typed-array code that the real build (the pinned version, as postinstall runs it) rejects.
  });
});
