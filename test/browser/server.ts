/**
 * A classic Jupyter Notebook server for the browser test: 127.0.0.1, a free port, a random token,
 * the project's kernelspecs (JUPYTER_PATH=<project>/.jupyter) and every bit of Jupyter state (data,
 * runtime files with secrets, config) in a temporary folder, never the home directory.
 * Stopped by its PID with SIGTERM, which makes it shut its kernels down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../harness/kernel/connection';

export interface NotebookServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  token: string;
  pid: number;
  /** Everything the server printed (for failure messages). */
  log(): string;
  /** SIGTERM by PID, wait up to `graceMs` (default 10 s), then SIGKILL; removes the state folder. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerOptions {
  /** The `jupyter-notebook` executable. Default `/usr/bin/jupyter-notebook`. */
  executable?: string;
  /** The notebook dir the server serves. */
  notebookDir: string;
  /** Prepended to JUPYTER_PATH (where kernels/tslab lives). */
  jupyterPath: string;
  /** How long to wait for the server to answer. Default 60 s. */
  startTimeoutMs?: number;
}

const DEFAULTS = { executable: '/usr/bin/jupyter-notebook', startTimeoutMs: 60_000 };

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts the server and resolves once `/api/status` answers with the token. */
export async function startNotebookServer(options: ServerOptions): Promise<NotebookServer> {
  const executable = options.executable ?? DEFAULTS.executable;
  const state = mkdtempSync(join(tmpdir(), 'hepml-jupyter-'));
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const env = {
    ...process.env,
    JUPYTER_PATH: options.jupyterPath,
    JUPYTER_DATA_DIR: join(state, 'data'),
    JUPYTER_RUNTIME_DIR: join(state, 'runtime'),
    JUPYTER_CONFIG_DIR: join(state, 'config'),
    IPYTHONDIR: join(state, 'ipython'),
  };
  const args = ['--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0', `--NotebookApp.token=${token}`,
    `--notebook-dir=${options.notebookDir}`, '--NotebookApp.disable_check_xsrf=False', '--MappingKernelManager.cull_idle_timeout=0'];
  if (process.getuid?.() === 0) args.push('--allow-root'); // containers and CI often run as root
  const child = spawn(executable, args, { env, cwd: options.notebookDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const server: NotebookServer = {
    base,
    token,
    pid: child.pid ?? -1,
    log: () => output,
    async stop(graceMs = 10_000) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, 'SIGTERM');
        if (!(await exited(child, graceMs))) process.kill(child.pid, 'SIGKILL');
        await exited(child, 2000);
      }
      rmSync(state, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? DEFAULTS.startTimeoutMs);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${base}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) return server;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop(2000);
  throw new Error(`jupyter-notebook did not answer on ${base} (exit code ${child.exitCode}). Its output:\n${output}`);
}
