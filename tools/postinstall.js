'use strict';
/**
 * Runs after `npm install` / `npm ci`:
 *  1. builds the library into dist/ (notebooks load the compiled library, see README "How notebooks import the library");
 *  2. links node_modules/hepml-course to the project so a cell can `import ... from "hepml-course"`;
 *  3. writes the tslab kernelspecs into the project-local Jupyter path `.jupyter/kernels/`
 *     (what `tslab install --prefix` writes, without needing a Python jupyter_client);
 *  4. checks that zeromq's prebuilt addon loads (zeromq's own install script, which did that, is denied in
 *     package.json "allowScripts": see .npmrc), with one clear line if it does not.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const log = (m) => console.log(`hepml postinstall: ${m}`);

function build() {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  log('built the library into dist/');
}

function selfLink() {
  const link = path.join(root, 'node_modules', 'hepml-course');
  try {
    const st = fs.lstatSync(link);
    if (st.isSymbolicLink() && fs.readlinkSync(link) === '..') return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch { /* absent */ }
  fs.symlinkSync('..', link, 'dir');
  log('linked node_modules/hepml-course -> the project');
}

function kernelspecs() {
  const tslabBin = path.join(root, 'node_modules', 'tslab', 'bin', 'tslab');
  for (const js of [false, true]) {
    const name = js ? 'jslab' : 'tslab';
    const dir = path.join(root, '.jupyter', 'kernels', name);
    fs.mkdirSync(dir, { recursive: true });
    // kernel-preload queues zeromq sends (tslab does not await them; a second concurrent send kills the kernel).
    const argv = [process.execPath, '--require', path.join(root, 'tools', 'kernel-preload.js'), tslabBin, 'kernel', '--config-path', '{connection_file}'];
    if (js) argv.push('--js');
    const spec = {
      argv,
      display_name: js ? 'JavaScript (hepml-course)' : 'TypeScript (hepml-course)',
      language: js ? 'javascript' : 'typescript',
    };
    fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(spec, null, 1) + '\n');
  }
  log(`kernelspecs tslab and jslab written to ${path.join(root, '.jupyter', 'kernels')} (JUPYTER_PATH=${path.join(root, '.jupyter')})`);
}

function zeromqLoads() {
  try {
    require(require.resolve('zeromq', { paths: [root] }));
  } catch (err) {
    console.error(`hepml postinstall: warning: zeromq's prebuilt addon does not load on this platform (${String(err && err.message).split('\n')[0]}); hepml run and the kernel need it.`);
  }
}

try {
  selfLink();
  kernelspecs();
  zeromqLoads();
  build();
} catch (err) {
  console.error(`hepml postinstall failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
}
