/**
 * The kernel startup snapshot (harness/kernel/snapshot.ts): the parsed-file cache hands out a tree only
 * for the very same request, a kernel started from the snapshot compiles and runs cells as before (type
 * errors included) while taking its declaration files from the snapshot, a stale snapshot is rebuilt, and
 * one that cannot be built leaves kernels starting as before.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDist } from '../../../harness/build';
import { KernelEngine, PROJECT_ROOT } from '../../../harness/kernel';
import { snapshotApplies, snapshotRefusedOnce, useSnapshot } from '../../../harness/kernel/session';
import { kernelSnapshot, kernelV8Flags, resetKernelSnapshot } from '../../../harness/kernel/snapshot';
import type { KernelSession } from '../../../harness/engine';
import { skipWithoutZeromq } from '../../zeromq';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const entry = require('../../../harness/kernel/snapshot-entry.js') as {
  parsedCache(files: Map<string, { text: string; languageVersion: number; sourceFile: object }>): {
    take(fileName: string, text: string, options: unknown, setParentNodes?: boolean, scriptKind?: number): object | undefined;
    stats(): { hits: number; misses: number; left: number };
  };
  loadTypeScript(file: string): typeof import('typescript');
  binderOptions(ts: unknown, converterSource: string): { target: number } | undefined;
};
const TS = require.resolve('@tslab/typescript-for-tslab', { paths: [path.join(path.dirname(require.resolve('tslab/package.json')), 'dist')] });

const textOf = (o: { text?: string | string[] }) => (Array.isArray(o.text) ? o.text.join('') : o.text ?? '');

describe('harness: kernel startup snapshot', function () {
  this.timeout(240000);

  describe('the parsed-file cache', () => {
    const ts = entry.loadTypeScript(TS);
    const text = 'export declare const x: number;\n';
    const file = '/virtual/x.d.ts';
    const fresh = () => new Map([[file, { text, languageVersion: ts.ScriptTarget.ES2022, sourceFile: ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.ES2022 }) }]]);

    it('hands out the tree once, for the same text and options, with the caller setting the module indicator', () => {
      const cache = entry.parsedCache(fresh());
      let indicated: object | undefined;
      const tree = cache.take(file, text, { languageVersion: ts.ScriptTarget.ES2022, setExternalModuleIndicator: (f: object) => (indicated = f) });
      assert.ok(tree && (tree as { fileName: string }).fileName === file);
      assert.equal(indicated, tree);
      assert.equal(cache.take(file, text, { languageVersion: ts.ScriptTarget.ES2022 }), undefined, 'a second request parses afresh');
      assert.deepEqual(cache.stats(), { hits: 1, misses: 0, left: 0 });
    });

    it('refuses a changed text, another language version, an implied format or parent pointers', () => {
      const asks: [string, unknown, boolean?][] = [
        [text + '// changed\n', { languageVersion: ts.ScriptTarget.ES2022 }],
        [text, { languageVersion: ts.ScriptTarget.ES2020 }],
        [text, { languageVersion: ts.ScriptTarget.ES2022, impliedNodeFormat: ts.ModuleKind.ESNext }],
        [text, ts.ScriptTarget.ES2022, true],
      ];
      for (const [t, options, parents] of asks) {
        const cache = entry.parsedCache(fresh());
        assert.equal(cache.take(file, t, options, parents), undefined);
        assert.deepEqual(cache.stats(), { hits: 0, misses: 1, left: 0 });
      }
      assert.equal(entry.parsedCache(fresh()).take('/virtual/other.d.ts', text, ts.ScriptTarget.ES2022), undefined);
    });

    it('refuses a tree bound as a script when the caller says module (and the reverse)', () => {
      const cache = entry.parsedCache(fresh());
      const tree = cache.take(file, text, { languageVersion: ts.ScriptTarget.ES2022, setExternalModuleIndicator: (f: { externalModuleIndicator?: unknown }) => (f.externalModuleIndicator = undefined) });
      assert.equal(tree, undefined);
      assert.deepEqual(cache.stats(), { hits: 0, misses: 1, left: 0 });
    });

    it("binds trees with tslab's options only where its converter sets none the binder reads", () => {
      const converter = fs.readFileSync(path.join(path.dirname(require.resolve('tslab/package.json')), 'dist', 'converter.js'), 'utf8');
      assert.deepEqual(entry.binderOptions(ts, converter), { target: ts.ScriptTarget.ES2022 });
      assert.equal(entry.binderOptions(ts, converter.replace('skipLibCheck: true,', 'skipLibCheck: true, alwaysStrict: true,')), undefined);
      assert.equal(entry.binderOptions(ts, converter.replace('skipLibCheck: true,', 'skipLibCheck: true, strict: true,')), undefined);
      assert.equal(entry.binderOptions(ts, converter.replace(/ES2022/g, 'ES2023')), undefined);
    });

    it('refuses a compiler whose createSourceFile it does not recognise', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-snap-ts-'));
      try {
        const fake = path.join(dir, 'typescript.js');
        fs.writeFileSync(fake, 'module.exports = { version: "9.9" };\n');
        assert.throws(() => entry.loadTypeScript(fake), /typescript\.js: expected one "function createSourceFile\(\.\.\.\)" \(TypeScript 5\.0\), found 0/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('HEPML_KERNEL_SNAPSHOT overrides the option', () => {
    assert.equal(useSnapshot(false, {}), false);
    assert.equal(useSnapshot(true, {}), true);
    assert.equal(useSnapshot(false, { HEPML_KERNEL_SNAPSHOT: '1' }), true);
    assert.equal(useSnapshot(true, { HEPML_KERNEL_SNAPSHOT: '0' }), false);
  });

  it('applies only to a kernel run by this Node with no V8 options of its own (the snapshot would not load)', () => {
    const tslab = ['--require', '/p/tools/kernel-preload.js', '/p/node_modules/tslab/bin/tslab', 'kernel', '--config-path', '/tmp/c.json'];
    assert.equal(snapshotApplies([process.execPath, ...tslab], {}), true);
    assert.equal(snapshotApplies([process.execPath, ...tslab], { NODE_OPTIONS: '' }), true);
    assert.equal(snapshotApplies([process.execPath, ...tslab], { NODE_OPTIONS: '--max-old-space-size=192' }), false);
    assert.equal(snapshotApplies([process.execPath, '--max-old-space-size=192', ...tslab], {}), false);
    assert.equal(snapshotApplies(['/opt/other/node', ...tslab], {}), false);
  });

  it('a snapshot that cannot be built leaves kernels starting as before, with one warning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-snap-bad-'));
    const notADir = path.join(dir, 'file');
    fs.writeFileSync(notADir, '');
    const warnings: string[] = [];
    resetKernelSnapshot();
    try {
      assert.equal(await kernelSnapshot(notADir, (l) => warnings.push(l)), undefined);
      assert.equal(warnings.length, 2);
      assert.match(warnings[1], /^hepml: kernels start without the startup snapshot \(.+\); grading is slower but unchanged\.$/);
    } finally {
      resetKernelSnapshot();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a kernel started from it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-snap-'));
    const cache = path.join(dir, 'cache');
    const work = path.join(dir, 'submission');
    const warnings: string[] = [];
    let blob: string | undefined;
    let session: KernelSession | undefined;

    before(async function () {
      skipWithoutZeromq(this);
      ensureDist();
      resetKernelSnapshot();
      blob = await kernelSnapshot(cache, (l) => warnings.push(l));
      // Laid out as autograde's working copy of a submission.
      fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true });
      fs.symlinkSync(PROJECT_ROOT, path.join(work, 'node_modules', 'hepml-course'), 'dir');
      session = await new KernelEngine('tslab', { snapshot: true }).start({ cwd: work });
    });
    after(async () => {
      await session?.shutdown();
      resetKernelSnapshot();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('was built once into the folder, with a manifest of the parsed files', () => {
      assert.ok(blob && fs.existsSync(blob), `expected a snapshot, found ${blob} (${warnings.join(' | ')})`);
      assert.deepEqual(warnings.map((w) => w.split(' (')[0].replace(/ in .*/, '')), ['hepml: building the kernel startup snapshot']);
      const manifest = JSON.parse(fs.readFileSync(blob!.replace(/\.blob$/, '.json'), 'utf8')) as { files: [string, number, number][] };
      const files = manifest.files.map(([f]) => f);
      assert.ok(files.some((f) => f.endsWith(path.join('lib', 'lib.es2022.d.ts'))), 'lib.es2022.d.ts');
      assert.ok(files.some((f) => f.startsWith(path.join(PROJECT_ROOT, 'dist')) && f.endsWith('index.d.ts')), "the library's declarations");
    });

    it('runs cells as before and takes the declaration files from the snapshot', async () => {
      const ok = await session!.execute("import { rocAucScore } from 'hepml-course';\nconsole.log(rocAucScore(Int32Array.from([0, 1, 0, 1]), Float32Array.from([0.1, 0.9, 0.2, 0.8])));", { timeoutMs: 120000 });
      assert.equal(ok.status, 'ok', JSON.stringify(ok.error));
      assert.equal(textOf(ok.outputs[0] as { text?: string }), '1\n');
      const stats = await session!.execute('console.log(JSON.stringify((globalThis as any).__hepmlKernelSnapshot.stats()));', { timeoutMs: 60000 });
      const s = JSON.parse(textOf(stats.outputs[0] as { text?: string })) as { hits: number; misses: number; left: number };
      assert.ok(s.hits > 100 && s.misses === 0, `expected the parsed files to be used, found ${JSON.stringify(s)}`);
      const argv = await session!.execute('console.log(JSON.stringify(process.execArgv));', { timeoutMs: 60000 });
      const execArgv = JSON.parse(textOf(argv.outputs[0] as { text?: string })) as string[];
      for (const flag of ['--snapshot-blob', ...kernelV8Flags()]) assert.ok(execArgv.includes(flag), `${flag} in ${execArgv.join(' ')}`);
    });

    it('still reports type errors, with the compiler of the snapshot', async () => {
      const bad = await session!.execute("const n: number = 'one';", { timeoutMs: 60000 });
      assert.equal(bad.status, 'error');
      assert.match(bad.error!.evalue, /Type 'string' is not assignable to type 'number'/);
      // Against the library's declarations, which came from the snapshot parsed and bound.
      const lib = await session!.execute("rocAucScore('labels', Float32Array.from([0.5]));", { timeoutMs: 60000 });
      assert.equal(lib.status, 'error');
      assert.match(lib.error!.evalue, /Argument of type 'string' is not assignable to parameter of type/);
    });

    it('a damaged snapshot: the kernel starts without it, and so do later ones', async () => {
      const saved = fs.readFileSync(blob!);
      fs.writeFileSync(blob!, saved.subarray(0, 1 << 16)); // as if cut short
      snapshotRefusedOnce(true);
      const engine = new KernelEngine('tslab', { snapshot: true });
      // The one warning goes to stderr: caught here, and checked.
      const warned: string[] = [];
      const write = process.stderr.write;
      process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        if (String(chunk).startsWith('hepml: kernels start without the startup snapshot')) return warned.push(String(chunk)) > 0;
        return (write as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest);
      }) as typeof process.stderr.write;
      try {
        for (let k = 0; k < 2; k++) {
          const s = await engine.start({ cwd: work });
          try {
            const run = await s.execute('console.log(typeof (globalThis as any).__hepmlKernelSnapshot);', { timeoutMs: 60000 });
            assert.equal(run.status, 'ok');
            assert.equal(textOf(run.outputs[0] as { text?: string }), 'undefined\n');
          } finally {
            await s.shutdown();
          }
          assert.equal(snapshotRefusedOnce(), true);
        }
        assert.equal(warned.length, 1, `expected one warning, got ${JSON.stringify(warned)}`);
        assert.match(warned[0], /a kernel started from it exited: /);
      } finally {
        process.stderr.write = write;
        snapshotRefusedOnce(true);
        fs.writeFileSync(blob!, saved);
      }
    });

    it('is rebuilt when a parsed file changed since', async () => {
      const manifestFile = blob!.replace(/\.blob$/, '.json');
      const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { files: [string, number, number][] };
      m.files[0][1] += 1; // as if that file had grown
      fs.writeFileSync(manifestFile, JSON.stringify(m));
      resetKernelSnapshot();
      warnings.length = 0;
      assert.equal(await kernelSnapshot(cache, (l) => warnings.push(l)), blob);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /^hepml: building the kernel startup snapshot/);
      const again = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { files: [string, number, number][] };
      assert.equal(again.files[0][1], fs.statSync(again.files[0][0]).size);
    });
  });
});
