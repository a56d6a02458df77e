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
  /** Uncaught exceptions and unhandled rejections the kernel saw while (or since) this cell ran. */
  asyncErrors?: AsyncError[];
}

/** An error no cell caught: thrown in a timer callback, or a rejected promise nobody handled. */
export interface AsyncError {
  kind: 'UncaughtException' | 'UnhandledRejection';
  /** Execution count of the cell that scheduled it, when the kernel could tell. */
  executionCount: number | null;
  ename: string;
  message: string;
  /** The first stack lines. */
  stack: string[];
}

export interface ExecuteOptions {
  /** Per-cell limit in milliseconds; past it the kernel is interrupted, then killed. */
  timeoutMs: number;
  /** Most characters of output stored for the cell; the rest is dropped with a note. Default 16 MiB. */
  maxOutputBytes?: number;
}

/** One running kernel. */
export interface KernelSession {
  execute(code: string, options: ExecuteOptions): Promise<CellRun>;
  /** Shuts the kernel down (politely, then by force) and releases its sockets. Idempotent. */
  shutdown(): Promise<void>;
  /** Asynchronous errors still arriving after the last cell (optional: fakes need not implement it). */
  settle?(): Promise<AsyncError[]>;
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
