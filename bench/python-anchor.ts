/**
 * A Python anchor of a bench as one persistent process answering one timed request at a time (a line in, a
 * JSON line out), so that a bench can alternate it with hepml request by request: this VM's speed swings by
 * up to 2× for seconds at a time, and alternating gives both sides the same moments. The script prints a JSON
 * line with `"ready": true` (and whatever else it reports once) when it has loaded its data and libraries.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Debian's python3 (with torch, xgboost, scikit-learn); the pyenv one first on PATH has none of them. */
export const PYTHON = '/usr/bin/python3';

export class PythonAnchor {
  private constructor(private readonly child: ChildProcessWithoutNullStreams, private readonly lines: AsyncIterator<string>,
    /** The script's ready line. */
    readonly ready: Record<string, unknown>, private readonly err: () => string) {}

  /**
   * Starts `script` with `args` (and `env` added to this process's); `null`, with a one-line note naming
   * `what`, when there is no Debian python3 or the script does not come up.
   */
  static async start(what: string, script: string, args: string[], env: Record<string, string> = {}): Promise<PythonAnchor | null> {
    if (!existsSync(PYTHON)) {
      console.log(`(${what} unavailable: no ${PYTHON})`);
      return null;
    }
    const child = spawn(PYTHON, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next().catch(() => ({ done: true, value: undefined }));
    try {
      const ready = JSON.parse(first.value ?? 'null');
      if (ready?.ready) return new PythonAnchor(child, lines, ready, () => err);
    } catch {
      // reported below
    }
    child.kill();
    console.log(`(${what} unavailable: ${(err.trim().split('\n').pop() || first.value || 'no answer').slice(0, 200)})`);
    return null;
  }

  /** Sends one request line and returns the parsed answer. */
  async ask<T>(request: string): Promise<T> {
    this.child.stdin.write(`${request}\n`);
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`the python anchor stopped: ${this.err().trim().split('\n').pop()}`);
    return JSON.parse(value) as T;
  }

  /** Ends the script's input (it exits). */
  stop(): void {
    this.child.stdin.end();
  }
}
