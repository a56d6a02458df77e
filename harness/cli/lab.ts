/**
 * `hepml lab`: start the installed Jupyter front end on the course notebooks with the project's
 * TypeScript kernel (the kernelspec written at install into .jupyter/kernels/tslab).
 *
 * JupyterLab is preferred where installed, else classic Notebook. Jupyter's own state (runtime files
 * with secrets, config) goes to a folder under the project's .jupyter/, never the home directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { UsageError } from '../command';

const ROOT = resolve(__dirname, '..', '..');

const USAGE = `usage: hepml lab [--port N] [--no-browser] [--front lab|notebook] [--dry-run]

Starts Jupyter (JupyterLab where installed, else classic Notebook) on notebooks/ with the
"TypeScript (hepml-course)" kernel, on 127.0.0.1 with a random token, and prints the URL.
  --port N        port (default 8888; Jupyter picks the next free one)
  --no-browser    do not open a browser
  --front NAME    force 'lab' or 'notebook'
  --dry-run       print the command and environment instead of starting`;

/** Which front ends the `jupyter` on PATH (or $JUPYTER) offers. */
export function detectFrontEnds(jupyter = process.env.JUPYTER ?? 'jupyter'): { lab: boolean; notebook: boolean } {
  const has = (sub: string) => spawnSync(jupyter, [sub, '--version'], { stdio: 'ignore' }).status === 0;
  return { lab: has('lab'), notebook: has('notebook') };
}

/** The environment that makes Jupyter find the project kernelspec and keep its state in the project. */
export function labEnvironment(root = ROOT): NodeJS.ProcessEnv {
  const state = join(root, '.jupyter');
  return {
    ...process.env,
    JUPYTER_PATH: state,
    JUPYTER_DATA_DIR: join(state, 'data'),
    JUPYTER_RUNTIME_DIR: join(state, 'runtime'),
    JUPYTER_CONFIG_DIR: join(state, 'config'),
  };
}

export const command: Command = {
  name: 'lab',
  summary: 'start Jupyter on the course notebooks with the TypeScript kernel',
  usage: USAGE,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { port: { type: 'string', default: '8888' }, 'no-browser': { type: 'boolean', default: false }, front: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      allowPositionals: false,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UsageError(`--port: expected a port number, found ${JSON.stringify(values.port)}.`);
    if (values.front !== undefined && values.front !== 'lab' && values.front !== 'notebook') throw new UsageError(`--front: expected lab or notebook, found ${JSON.stringify(values.front)}.`);
    if (!existsSync(join(ROOT, '.jupyter', 'kernels', 'tslab', 'kernel.json'))) {
      console.error("hepml lab: the TypeScript kernelspec is missing; run 'npm install' (it writes .jupyter/kernels/tslab).");
      return 1;
    }
    const jupyter = process.env.JUPYTER ?? 'jupyter';
    const found = detectFrontEnds(jupyter);
    const front = values.front ?? (found.lab ? 'lab' : found.notebook ? 'notebook' : undefined);
    if (!front || !found[front as 'lab' | 'notebook']) {
      console.error('hepml lab: no Jupyter front end is installed. Install JupyterLab (pip install jupyterlab) or, on Debian, '
        + "'apt-get install jupyter-notebook', then run 'npm run lab' again. The kernelspec is in .jupyter/kernels/tslab.");
      return 1;
    }
    const token = randomBytes(16).toString('hex');
    const env = labEnvironment();
    for (const d of ['data', 'runtime', 'config']) mkdirSync(join(ROOT, '.jupyter', d), { recursive: true });
    const args = [front, '--ip=127.0.0.1', `--port=${port}`, `--notebook-dir=${join(ROOT, 'notebooks')}`, `--IdentityProvider.token=${token}`, `--NotebookApp.token=${token}`];
    if (values['no-browser']) args.push('--no-browser');
    if (values['dry-run']) {
      console.log([jupyter, ...args].join(' '));
      console.log(`JUPYTER_PATH=${env.JUPYTER_PATH}`);
      return 0;
    }
    console.log(`hepml lab: starting Jupyter ${front === 'lab' ? 'Lab' : 'Notebook'}; open http://127.0.0.1:${port}/?token=${token} and choose the "TypeScript (hepml-course)" kernel.`);
    const child = spawn(jupyter, args, { env, stdio: 'inherit', cwd: join(ROOT, 'notebooks') });
    const stop = () => child.kill('SIGTERM');
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return await new Promise<number>((res) => child.on('exit', (code) => res(code ?? 0)));
  },
};
