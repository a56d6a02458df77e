#!/usr/bin/env node
'use strict';
/**
 * `npm run test:node -- VERSION [FILE...] [mocha options]`: runs the test suite (or the given test files)
 * under another Node, taken from npm's `node` package (it works offline against the npm registry).
 * The Node is installed once into a scratch folder, `$HEPML_NODE_DIR` or `<tmp>/hepml-node-VERSION`, and
 * reused; delete that folder to remove it. The tslab kernel runs under the same Node (hepml run starts the
 * project kernelspec with the Node that runs it).
 *
 *   npm run test:node -- 24                                   the whole suite on Node 24
 *   npm run test:node -- 24 test/harness/integration.test.ts  one file
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [version, ...rest] = process.argv.slice(2);
if (!version || !/^\d+(\.\d+){0,2}$/.test(version)) {
  console.error('usage: npm run test:node -- VERSION [FILE...] [mocha options]   (e.g. 24, 24.21 or 24.21.0)');
  process.exit(2);
}
const dir = process.env.HEPML_NODE_DIR || path.join(os.tmpdir(), `hepml-node-${version}`);
const bin = path.join(dir, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');

function installedVersion() {
  if (!fs.existsSync(bin)) return '';
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}
const matches = (v) => v === `v${version}` || v.startsWith(`v${version}.`);

if (!matches(installedVersion())) {
  fs.mkdirSync(dir, { recursive: true });
  // The node package's preinstall is what fetches the binary (it npm-installs node-<platform>-<arch> of the
  // same version, from the registry): approved here, or npm 11 skips it and no binary arrives.
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'hepml-node-scratch', private: true, allowScripts: { node: true } }, null, 2) + '\n');
  console.error(`test:node: installing node@${version} into ${dir}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', `node@${version}`], { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0 || !matches(installedVersion())) {
    console.error(`test:node: could not install node@${version} into ${dir} (npm exit ${r.status}; found ${installedVersion() || 'no node binary'}).`);
    process.exit(1);
  }
}
console.error(`test:node: running the tests under ${installedVersion()} (${bin})`);
const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
// Files given: run only those; none: the whole suite (as npm test).
const files = rest.filter((a) => !a.startsWith('-'));
const args = files.length ? rest : ["test/**/*.test.ts", ...rest];
const env = { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` };
const r = spawnSync(bin, [mocha, ...args], { cwd: root, stdio: 'inherit', env });
process.exit(r.status === null ? 1 : r.status);
