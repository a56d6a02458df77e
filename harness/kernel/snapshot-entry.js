/**
 * The tslab kernel's startup snapshot (see harness/kernel/snapshot.ts, which builds it with
 * `node --snapshot-blob BLOB --build-snapshot harness/kernel/snapshot-entry.js`).
 *
 * A tslab kernel spends most of its start parsing: its TypeScript compiler (typescript.js, 8 MB), the
 * lib.es2022 declarations and @types/node when it starts, then the declarations of `hepml-course` (tfjs
 * among them) at the first cell that imports it, ~700 .d.ts files, 2-3 CPU-seconds every kernel. The
 * snapshot holds the compiler already loaded and those files already parsed; a kernel started from it
 * takes each parsed file once, when its compiler asks for that file with the very same text and parse
 * options, and parses everything else (a file changed since the build, a student's own module) as before.
 * The trees are also bound (symbols, scopes, flow), with the options tslab's compiler binds them with (see
 * binderOptions). So the compiler sees the same trees it would have built; nothing else of the kernel changes.
 *
 * Inputs (environment, build only): HEPML_SNAPSHOT_TS (tslab's typescript.js), HEPML_SNAPSHOT_LIST (the
 * files to parse, written by harness/kernel/snapshot-files.js), HEPML_SNAPSHOT_MANIFEST (written: the
 * files parsed, with size and mtime, to tell when the snapshot is stale).
 *
 * The snapshot may only load built-in modules (Node's rule), so this file is self-contained. Required
 * normally (tests), it only exports {@link parsedCache}.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');

/** The line of typescript.js whose function gets the cache look-up (TypeScript 5.0, as tslab 1.0.22 pins). */
const CREATE_SOURCE_FILE = 'function createSourceFile(fileName, sourceText, languageVersionOrOptions, setParentNodes = false, scriptKind) {';
const LOOKUP = '\n    { const hit = globalThis.__hepmlKernelSnapshot && globalThis.__hepmlKernelSnapshot.take(fileName, sourceText, languageVersionOrOptions, setParentNodes, scriptKind); if (hit) return hit; }';

/**
 * Parsed files, each handed out at most once: only to a request for the same file name, with the same
 * text, language version and no implied node format, parent pointers or script kind (what tslab's
 * compiler asks for .d.ts files); the file's external-module indicator is then set by the caller's own
 * rule, as a fresh parse would. Anything else gets `undefined` (the caller parses).
 * @param {Map<string, {text: string, languageVersion: number, sourceFile: object}>} files
 */
function parsedCache(files) {
  const stats = { hits: 0, misses: 0 };
  return {
    stats: () => ({ ...stats, left: files.size }),
    take(fileName, text, options, setParentNodes, scriptKind) {
      const e = files.get(fileName);
      if (!e) return undefined;
      files.delete(fileName);
      const o = typeof options === 'object' && options !== null ? options : { languageVersion: options };
      if (e.text !== text || o.languageVersion !== e.languageVersion || o.impliedNodeFormat !== undefined || setParentNodes || scriptKind !== undefined) {
        stats.misses++;
        return undefined;
      }
      if (typeof o.setExternalModuleIndicator === 'function') {
        // The tree was bound as a module or as a script by this indicator: another verdict, another tree.
        const before = e.sourceFile.externalModuleIndicator;
        o.setExternalModuleIndicator(e.sourceFile);
        if (e.sourceFile.externalModuleIndicator !== before) {
          stats.misses++;
          return undefined;
        }
      }
      stats.hits++;
      return e.sourceFile;
    },
  };
}

/** Loads typescript.js with the look-up in createSourceFile; throws when the line is not found exactly once. */
function loadTypeScript(file) {
  const src = fs.readFileSync(file, 'utf8');
  const parts = src.split(CREATE_SOURCE_FILE);
  if (parts.length !== 2) throw new Error(`${file}: expected one "function createSourceFile(...)" (TypeScript 5.0), found ${parts.length - 1}`);
  const vm = require('node:vm');
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${parts[0]}${CREATE_SOURCE_FILE}${LOOKUP}${parts[1]}\n})`, { filename: file });
  const m = { exports: {} };
  wrapper.call(m.exports, m.exports, require, m, file, path.dirname(file));
  return m.exports;
}

/**
 * The compiler options TypeScript 5.0's binder reads are the target, alwaysStrict/strict,
 * allowUnreachableCode, allowUnusedLabels and noFallthroughCasesInSwitch. tslab sets the target (ES2022 on
 * Node >= 18, as the parse) and none of the others, and reads no tsconfig; so a tree bound here with
 * `{ target: ES2022 }` is the tree the kernel's first program would bind. Where tslab's converter names
 * any of those options (another tslab), trees are only parsed, not bound. (The converter's text is part of
 * the snapshot's name, so another converter means another snapshot.)
 */
function binderOptions(ts, converterSource) {
  if (/\b(alwaysStrict|strict|allowUnreachableCode|allowUnusedLabels|noFallthroughCasesInSwitch)\s*:/.test(converterSource)) return undefined;
  if (!/target:\s*ts\.ScriptTarget\.ES2022\b/.test(converterSource) || typeof ts.bindSourceFile !== 'function') return undefined;
  return { target: ts.ScriptTarget.ES2022 };
}

function build() {
  const tsFile = process.env.HEPML_SNAPSHOT_TS;
  const ts = loadTypeScript(tsFile);
  const names = JSON.parse(fs.readFileSync(process.env.HEPML_SNAPSHOT_LIST, 'utf8'));
  const bindOptions = binderOptions(ts, fs.readFileSync(process.env.HEPML_SNAPSHOT_CONVERTER, 'utf8'));
  const files = new Map();
  const manifest = [];
  for (const name of names) {
    const text = ts.sys.readFile(name);
    if (text === undefined) continue;
    const st = fs.statSync(name);
    const sourceFile = ts.createSourceFile(name, text, { languageVersion: ts.ScriptTarget.ES2022 });
    if (bindOptions) ts.bindSourceFile(sourceFile, bindOptions);
    files.set(name, { text, languageVersion: ts.ScriptTarget.ES2022, sourceFile });
    manifest.push([name, st.size, st.mtimeMs]);
  }
  fs.writeFileSync(process.env.HEPML_SNAPSHOT_MANIFEST, JSON.stringify({ typescript: tsFile, files: manifest }));
  const cache = parsedCache(files);
  globalThis.__hepmlKernelSnapshot = {
    take: cache.take,
    stats: cache.stats,
    /** Makes `require('@tslab/typescript-for-tslab')` return the compiler of the snapshot. */
    prime(Module) {
      if (Module._cache[tsFile]) return;
      const m = new Module(tsFile, null);
      m.filename = tsFile;
      m.exports = ts;
      m.loaded = true;
      m.paths = Module._nodeModulePaths(path.dirname(tsFile));
      Module._cache[tsFile] = m;
    },
  };
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    // The kernel preload (`--require`, run before this) primes the module cache already; this is for a
    // kernel started without it. Then the script named first on the command line runs as the main module.
    const Module = require('node:module');
    globalThis.__hepmlKernelSnapshot.prime(Module);
    if (!process.argv[1]) {
      process.stderr.write('hepml kernel snapshot: expected a script to run (tslab), found none.\n');
      process.exit(2);
    }
    process.argv[1] = path.resolve(process.argv[1]);
    Module.runMain();
  });
}

if (v8.startupSnapshot && v8.startupSnapshot.isBuildingSnapshot()) build();
else module.exports = { parsedCache, loadTypeScript, binderOptions, CREATE_SOURCE_FILE };
