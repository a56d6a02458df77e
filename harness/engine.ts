/**
 * What the runner needs from a kernel, so that a fake engine can test the runner without one.
 * The real engine is `KernelEngine` (harness/kernel), which drives tslab over the Jupyter protocol.
 */
import type { IOutput } from '@jupyterlab/nbformat';
import type { ErrorContent } from './kernel/tslab-error';

export type { ErrorContent };

/** How one cell ended: `timeout` and `dead` end the kernel session. */
export type CellStatus = 'ok' | 'error' | 'timeout' | 'dead';

export interface CellRun {
  status: CellStatus;
  outputs: IOutput[];
  executionCount: number | null;
  /** Set when status is not `ok`. */
  error?: ErrorContent;
}

export interface ExecuteOptions {
  /** Per-cell limit in milliseconds; past it the kernel is interrupted, then killed. */
  timeoutMs: number;
}

/** One running kernel. */
export interface KernelSession {
  execute(code: string, options: ExecuteOptions): Promise<CellRun>;
  /** Shuts the kernel down (politely, then by force) and releases its sockets. Idempotent. */
  shutdown(): Promise<void>;
}

export interface StartOptions {
  /** Working directory of the kernel (the notebook's folder). */
  cwd: string;
  /** Extra environment variables (on top of this process's). */
  env?: Record<string, string>;
}

/** Starts kernel sessions. */
export interface Engine {
  readonly name: string;
  start(options: StartOptions): Promise<KernelSession>;
}
