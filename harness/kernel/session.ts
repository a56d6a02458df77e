/**
 * One tslab kernel driven over the Jupyter messaging protocol: a subprocess started from the
 * kernelspec, and shell/control/stdin (Dealer), iopub (Subscriber) and heartbeat (Request) sockets.
 *
 * Death is detected from the process's exit (authoritative, at any time) and from the heartbeat
 * before each cell. tslab answers the heartbeat from its JavaScript event loop, so a long synchronous
 * computation legitimately stops it: during a cell only the process exit and the cell timeout count.
 *
 * No orphans: the kernel is the leader of its own process group (killed as a group), every live kernel is
 * killed when this process exits (see {@link killAllKernels}, which `hepml run` also calls on SIGINT/SIGTERM),
 * the connection file (it holds the HMAC key) is removed as soon as the kernel has read it, and the kernel
 * preload's watchdog kills the kernel when this process dies by SIGKILL (`HEPML_PARENT_PID`).
 * Asynchronous errors (a throw in a timer callback, an unhandled rejection) reach the runner through a
 * file the preload appends to (`HEPML_ASYNC_ERRORS`), each with the execution count of the cell that
 * scheduled it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { HepmlError } from '../../lib/errors';
import type { AsyncError, CellRun, ExecuteOptions, KernelSession, StartOptions } from '../engine';
import { endpoint, makeConnection, type ConnectionInfo } from './connection';
import { PROJECT_ROOT, type KernelSpec } from './kernelspec';
import { DEFAULT_MAX_OUTPUT_BYTES, OutputCollector, type DisplayRegistry } from './outputs';
import { kernelSnapshot, kernelV8Flags } from './snapshot';
import { parseTslabError } from './tslab-error';
import { decode, encode, makeHeader, type Message } from './wire';

export interface SessionOptions {
  /** Milliseconds to wait for kernel_info_reply. Default 60000. */
  startTimeoutMs?: number;
  /** Milliseconds between SIGINT and SIGKILL after a cell timeout. Default 3000. */
  graceMs?: number;
  /** Milliseconds a heartbeat may take before the kernel counts as dead. Default 10000. */
  heartbeatTimeoutMs?: number;
  /**
   * After the shell reply, milliseconds of iopub silence after which the cell counts as finished even
   * without its `idle` status (a kernel's iopub publisher drops messages past its high-water mark, the
   * `idle` among them, when output floods a slow reader). As nbclient's iopub_timeout. Default 4000.
   */
  iopubGraceMs?: number;
  /**
   * Start the kernel from the startup snapshot (tslab's compiler loaded, the library's declarations parsed:
   * see harness/kernel/snapshot.ts), built on first use. Saves 2-3 CPU-seconds per kernel; `hepml autograde`
   * turns it on. The environment variable HEPML_KERNEL_SNAPSHOT=1 / =0 overrides it. Default false.
   */
  snapshot?: boolean;
}
const DEFAULTS = { startTimeoutMs: 60000, graceMs: 3000, heartbeatTimeoutMs: 10000, iopubGraceMs: 4000, snapshot: false };

/** Set once a kernel refused the snapshot: the rest of this process starts kernels without it. */
let snapshotRefused = false;

/** True once a kernel of this process refused the snapshot; `reset` clears it (tests). @internal */
export function snapshotRefusedOnce(reset = false): boolean {
  const was = snapshotRefused;
  if (reset) snapshotRefused = false;
  return was;
}

/**
 * Whether a kernel command line can take the snapshot: run by this Node (which built it), with no V8
 * options of its own (only `--require` preloads before the script) and no NODE_OPTIONS (a snapshot loads
 * only under the V8 configuration it was built with; `--max-old-space-size` already differs).
 */
export function snapshotApplies(argv: string[], env: NodeJS.ProcessEnv): boolean {
  if (argv[0] !== process.execPath || (env.NODE_OPTIONS ?? '').trim() !== '') return false;
  let i = 1;
  while (i < argv.length && argv[i] === '--require') i += 2;
  return i < argv.length && !argv[i].startsWith('-');
}

/** Whether kernels start from the snapshot: HEPML_KERNEL_SNAPSHOT (1/0) over the option. */
export function useSnapshot(option: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.HEPML_KERNEL_SNAPSHOT === '1') return true;
  if (env.HEPML_KERNEL_SNAPSHOT === '0') return false;
  return option;
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };
interface Pending { collector: OutputCollector; reply?: Message; idle: boolean; done: () => void; finished: Promise<'done'>; lastIopub: number; waitIdle?: NodeJS.Timeout; grace: boolean }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Kernels started by this process and not yet shut down. */
const live = new Set<TslabSession>();
let exitHook = false;

/**
 * Kills every kernel this process started (SIGKILL to each kernel's process group) and removes their
 * connection files, synchronously. Safe to call from a signal handler or `process.on('exit')`.
 * @returns how many kernels were still running
 */
export function killAllKernels(): number {
  let n = 0;
  for (const s of live) {
    if (s.killNow()) n++;
    s.removeFiles();
  }
  return n;
}

/** The V8 report of an exhausted heap, as Node prints it before aborting. */
const OOM = /JavaScript heap out of memory|Reached heap limit|Allocation failed - process out of memory|FATAL ERROR: .*(?:heap|Allocation failed)/;

export class TslabSession implements KernelSession {
  private readonly sessionId = `hepml-${process.pid}-${Date.now()}`;
  private readonly displays: DisplayRegistry = new Map();
  private readonly pending = new Map<string, Pending>();
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly stdin = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private child?: ChildProcess;
  private exit?: Exit;
  private exited!: Promise<Exit>;
  private closed = false;
  private stderrTail = '';
  private startedFromSnapshot = false;
  private outOfMemory = '';
  private connectionFile = '';
  private asyncFile = '';
  private asyncOffset = 0;
  private readonly opts: Required<SessionOptions>;

  private constructor(private readonly info: ConnectionInfo, options: SessionOptions) {
    this.opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  }

  /** Starts the kernel and resolves once it answered kernel_info and iopub is connected. */
  static async start(spec: KernelSpec, start: StartOptions, options: SessionOptions = {}): Promise<TslabSession> {
    const info = await makeConnection(path.basename(path.dirname(spec.file)));
    const s = new TslabSession(info, options);
    const blob = useSnapshot(s.opts.snapshot) && !snapshotRefused ? await kernelSnapshot() : undefined;
    try {
      await s.launch(spec, start, blob);
      await s.waitReady();
    } catch (err) {
      await s.shutdown();
      // A kernel started from the snapshot that exited before answering (a Node that will not load it:
      // other V8 options than at its build, a damaged file) starts again without it, and so does every
      // later kernel of this process: the snapshot is never why a kernel did not start.
      if (s.startedFromSnapshot && s.exit) {
        snapshotRefused = true;
        const why = s.stderrTail.trim().split('\n').find((l) => l.trim() !== '') ?? s.describeExit();
        process.stderr.write(`hepml: kernels start without the startup snapshot (a kernel started from it exited: ${why.trim()})\n`);
        return TslabSession.start(spec, start, options);
      }
      throw err;
    }
    return s;
  }

  private async launch(spec: KernelSpec, start: StartOptions, snapshotBlob?: string): Promise<void> {
    const stem = path.join(os.tmpdir(), `hepml-kernel-${process.pid}-${this.info.shell_port}`);
    this.connectionFile = `${stem}.json`;
    this.asyncFile = path.join(os.tmpdir(), `hepml-async-${process.pid}-${this.info.shell_port}.jsonl`);
    fs.writeFileSync(this.connectionFile, JSON.stringify(this.info), { mode: 0o600 });
    fs.writeFileSync(this.asyncFile, '', { mode: 0o600 });
    const argv = spec.argv.map((a) => a.replace('{connection_file}', this.connectionFile));
    // The project's own kernelspec names the Node that ran `npm install`; the kernel runs under the Node
    // running hepml instead (so `npm run test:node -- 24` tests the kernel on Node 24 too).
    if (path.resolve(spec.file).startsWith(path.join(PROJECT_ROOT, '.jupyter') + path.sep) && /^node(\.exe)?$/.test(path.basename(argv[0]))) argv[0] = process.execPath;
    const env = { ...process.env, ...spec.env, ...start.env, HEPML_PARENT_PID: String(process.pid), HEPML_ASYNC_ERRORS: this.asyncFile };
    if (snapshotBlob && snapshotApplies(argv, env)) {
      argv.splice(1, 0, '--snapshot-blob', snapshotBlob, ...kernelV8Flags());
      this.startedFromSnapshot = true;
    }
    // detached: its own process group, so it and anything it starts die together (and a terminal's Ctrl-C
    // reaches only hepml run, which stops the kernels itself).
    const child = spawn(argv[0], argv.slice(1), { cwd: start.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    this.child = child;
    live.add(this);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => killAllKernels());
    }
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        live.delete(this);
        resolve((this.exit = { code, signal }));
      });
      child.on('error', (err) => {
        this.stderrTail += `\n${err.message}`;
        resolve((this.exit = { code: -1, signal: null }));
      });
    });
    // The kernel's own stdout/stderr (not cell output): keep the tail for crash reports.
    const keep = (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-2000);
      if (!this.outOfMemory) this.outOfMemory = this.stderrTail.split('\n').find((l) => OOM.test(l))?.trim() ?? '';
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.shell.connect(endpoint(this.info, this.info.shell_port));
    this.control.connect(endpoint(this.info, this.info.control_port));
    this.stdin.connect(endpoint(this.info, this.info.stdin_port));
    this.iopub.connect(endpoint(this.info, this.info.iopub_port));
    this.iopub.subscribe();
    void this.pump(this.iopub, 'iopub');
    void this.pump(this.shell, 'shell');
  }

  /** Routes every message of a socket to the pending request it answers. */
  private async pump(sock: zmq.Dealer | zmq.Subscriber, channel: 'iopub' | 'shell'): Promise<void> {
    try {
      for await (const frames of sock) {
        let msg: Message;
        try {
          msg = decode(this.info.key, frames as Buffer[]);
        } catch {
          continue; // unsigned or corrupt: ignored, as Jupyter clients do
        }
        const p = this.pending.get(msg.parent_header.msg_id ?? '');
        if (!p) continue;
        if (channel === 'shell') {
          p.reply = msg;
          if (!p.idle && p.grace) this.awaitIdle(p);
        } else if (msg.header.msg_type === 'status') {
          p.lastIopub = Date.now();
          p.idle ||= msg.content.execution_state === 'idle';
        } else {
          p.lastIopub = Date.now();
          try {
            p.collector.add(msg);
          } catch {
            /* one bad output must not stop the pump (the cell's reply still has to arrive) */
          }
        }
        if (p.reply && p.idle) {
          clearInterval(p.waitIdle);
          p.done();
        }
      }
    } catch {
      /* socket closed */
    }
  }

  /** The reply is in: finish once `idle` arrives, or once iopub has been silent for iopubGraceMs. */
  private awaitIdle(p: Pending): void {
    p.lastIopub = Math.max(p.lastIopub, Date.now());
    p.waitIdle = setInterval(() => {
      if (Date.now() - p.lastIopub < this.opts.iopubGraceMs) return;
      clearInterval(p.waitIdle);
      p.done();
    }, Math.min(250, this.opts.iopubGraceMs));
    p.waitIdle.unref();
  }

  /** Asynchronous errors the kernel recorded since the last call. */
  private readAsyncErrors(): AsyncError[] {
    if (!this.asyncFile) return [];
    let text: string;
    try {
      const buf = fs.readFileSync(this.asyncFile);
      text = buf.subarray(this.asyncOffset).toString('utf8');
    } catch {
      return [];
    }
    const end = text.lastIndexOf('\n') + 1;
    this.asyncOffset += Buffer.byteLength(text.slice(0, end));
    const out: AsyncError[] = [];
    for (const line of text.slice(0, end).split('\n')) {
      if (!line) continue;
      try {
        const e = JSON.parse(line) as { kind: AsyncError['kind']; cell: number | null; ename: string; message: string; stack: string[] };
        out.push({ kind: e.kind, executionCount: e.cell, ename: e.ename, message: e.message, stack: e.stack ?? [] });
      } catch {
        /* partial line */
      }
    }
    return out;
  }

  /**
   * Asynchronous errors still to be reported after the last cell: one kernel_info round trip first, so
   * rejections of the last cell (reported by Node after its microtasks) have been recorded.
   */
  async settle(timeoutMs = 2000): Promise<AsyncError[]> {
    if (this.exit || this.closed) return this.readAsyncErrors();
    const r = this.request('kernel_info_request', {}, timeoutMs);
    await r.result;
    this.pending.delete(r.id);
    return this.readAsyncErrors();
  }

  /** Sends a request and resolves when both its reply and its iopub `idle` arrived, or on timeout/death. */
  private request(msgType: string, content: Record<string, unknown>, timeoutMs: number, sock = this.shell, maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES): { id: string; result: Promise<'done' | 'timeout' | 'dead'>; pending: Pending } {
    const header = makeHeader(msgType, this.sessionId);
    let done!: () => void;
    const finished = new Promise<'done'>((r) => (done = () => r('done')));
    const pending: Pending = { collector: new OutputCollector(this.displays, { maxBytes: maxOutputBytes }), idle: false, done, finished, lastIopub: 0, grace: msgType === 'execute_request' };
    this.pending.set(header.msg_id, pending);
    void sock.send(encode(this.info.key, { header, parent_header: {}, metadata: {}, content })).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const dead = this.exited.then(() => 'dead' as const);
    const result = Promise.race([finished, timeout, dead]).finally(() => {
      clearTimeout(timer);
      clearInterval(pending.waitIdle);
    });
    return { id: header.msg_id, result, pending };
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + this.opts.startTimeoutMs;
    // Resend kernel_info until one is answered on shell AND seen on iopub (the subscription is up).
    while (Date.now() < deadline) {
      const r = this.request('kernel_info_request', {}, Math.min(1000, deadline - Date.now()));
      const outcome = await r.result;
      this.pending.delete(r.id);
      if (outcome === 'done') {
        // The kernel has bound its ports: its connection file (with the HMAC key) is no longer needed.
        fs.rmSync(this.connectionFile, { force: true });
        return;
      }
      if (outcome === 'dead') throw new HepmlError(`kernel: expected the tslab kernel to start, found it exited (${this.describeExit()}).${this.tail()}`);
    }
    throw new HepmlError(`kernel: expected the tslab kernel to answer within ${this.opts.startTimeoutMs / 1000} s, found no answer.${this.tail()}`);
  }

  /** Pings the heartbeat channel; true when the echo came back in time. */
  async heartbeat(timeoutMs = this.opts.heartbeatTimeoutMs): Promise<boolean> {
    const hb = new zmq.Request({ linger: 0, receiveTimeout: timeoutMs, sendTimeout: timeoutMs });
    try {
      hb.connect(endpoint(this.info, this.info.hb_port));
      await hb.send('ping');
      const [echo] = await hb.receive();
      return echo.toString() === 'ping';
    } catch {
      return false;
    } finally {
      hb.close();
    }
  }

  async execute(code: string, options: ExecuteOptions): Promise<CellRun> {
    if (this.exit || this.closed) return this.deadRun(new OutputCollector(), null);
    if (!(await this.heartbeat())) return this.deadRun(new OutputCollector(), null, 'the kernel stopped answering its heartbeat');
    const content = { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true };
    for (let attempt = 0; ; attempt++) {
      const r = this.request('execute_request', content, options.timeoutMs, this.shell, options.maxOutputBytes);
      const outcome = await r.result;
      if (outcome === 'timeout') {
        this.child?.kill('SIGINT');
        // Give the interrupted cell a moment to report (its stderr becomes part of the outputs).
        await Promise.race([r.pending.finished, this.exited, sleep(this.opts.graceMs)]);
        this.pending.delete(r.id);
        const collector = r.pending.collector;
        await this.kill();
        const error = { ename: 'CellTimeoutError', evalue: `the cell ran longer than ${options.timeoutMs / 1000} s; the kernel was interrupted and stopped`, traceback: [] as string[] };
        error.traceback = [`${error.ename}: ${error.evalue}`];
        collector.outputs.push({ output_type: 'error', ...error });
        return { status: 'timeout', outputs: collector.outputs, executionCount: null, error };
      }
      this.pending.delete(r.id);
      if (outcome === 'dead') return this.deadRun(r.pending.collector, null);
      const reply = r.pending.reply!.content as { status: string; execution_count?: number };
      if (reply.status === 'abort' && attempt < 5) {
        await sleep(250); // tslab aborts requests within 200 ms of an error
        continue;
      }
      const collector = r.pending.collector;
      const executionCount = reply.execution_count ?? null;
      const asyncErrors = this.readAsyncErrors();
      if (reply.status === 'ok') return { status: 'ok', outputs: collector.outputs, executionCount, asyncErrors };
      const error = reply.status === 'abort' ? { ename: 'Aborted', evalue: 'the kernel aborted the request', traceback: [] } : parseTslabError(collector.stderr);
      if (!collector.outputs.some((o) => o.output_type === 'error')) collector.outputs.push({ output_type: 'error', ...error });
      await sleep(250); // let tslab's 200 ms abort window pass before the next cell
      return { status: 'error', outputs: collector.outputs, executionCount, error, asyncErrors };
    }
  }

  private deadRun(collector: OutputCollector, executionCount: number | null, why?: string): CellRun {
    if (this.outOfMemory && !why) {
      const evalue = `the kernel ran out of memory (the JavaScript heap is full) while running this cell. Raise the kernel's heap, e.g. NODE_OPTIONS=--max-old-space-size=8192 hepml run …, or use less data (--quick, fewer events).`;
      const error = { ename: 'OutOfMemory', evalue, traceback: [`OutOfMemory: ${evalue}`, `Kernel output: ${this.outOfMemory}`] };
      collector.outputs.push({ output_type: 'error', ...error });
      return { status: 'dead', outputs: collector.outputs, executionCount, error, asyncErrors: this.readAsyncErrors() };
    }
    const reason = why ?? `the kernel died while running this cell (${this.describeExit()})`;
    const error = { ename: 'KernelDied', evalue: reason, traceback: [`KernelDied: ${reason}`, ...this.tail().split('\n').filter(Boolean)] };
    collector.outputs.push({ output_type: 'error', ...error });
    return { status: 'dead', outputs: collector.outputs, executionCount, error, asyncErrors: this.readAsyncErrors() };
  }

  private describeExit(): string {
    if (!this.exit) return 'still running';
    return this.exit.signal ? `killed by ${this.exit.signal}` : `exit code ${this.exit.code}`;
  }

  private tail(): string {
    const t = this.stderrTail.trim().split('\n').slice(-12).join(' | ');
    return t ? ` Kernel output: ${t}` : '';
  }

  /**
   * SIGKILL to the kernel's process group (the kernel alone where it has none) and removal of its files,
   * synchronously. Returns true when the kernel was still running.
   * @internal used by {@link killAllKernels}
   */
  killNow(): boolean {
    const running = !!this.child && !this.exit && this.child.pid !== undefined;
    if (running) {
      try {
        process.kill(-this.child!.pid!, 'SIGKILL');
      } catch {
        this.child!.kill('SIGKILL');
      }
    }
    if (this.connectionFile) fs.rmSync(this.connectionFile, { force: true });
    return running;
  }

  /** Removes the connection and async-error files. @internal */
  removeFiles(): void {
    for (const f of [this.connectionFile, this.asyncFile]) if (f) fs.rmSync(f, { force: true });
  }

  /** SIGKILL unless already gone; resolves when the process has exited. */
  private async kill(): Promise<void> {
    if (!this.child || this.exit) return;
    this.killNow();
    await Promise.race([this.exited, sleep(5000)]);
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.child && !this.exit && this.exited) {
        const r = this.request('shutdown_request', { restart: false }, 2000, this.control);
        await r.result;
        await Promise.race([this.exited, sleep(1000)]);
      }
    } finally {
      await this.kill();
      for (const sock of [this.shell, this.control, this.stdin, this.iopub]) sock.close();
      this.pending.clear();
      live.delete(this);
      this.removeFiles();
    }
  }
}
