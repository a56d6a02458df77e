/**
 * Loaded into the tslab kernel (`node --require tools/kernel-preload.js …/tslab kernel`, see the kernelspec
 * written by tools/postinstall.js). Three things:
 *
 * 1. zeromq send queue. tslab 1.0.22 sends every Jupyter message with zeromq's `socket.send()` without
 *    awaiting it. zeromq 6 allows one send in progress per socket and throws `EBUSY: Socket is busy writing`
 *    synchronously for a second one, which happens as soon as a send has to wait (a busy machine, a client
 *    reading iopub slowly: the send high-water mark is reached). The exception escapes tslab and the kernel
 *    dies mid-cell (exit code 7). Here a send that finds its socket busy is queued instead (and every later
 *    one behind it, so the order holds); a send that fails is reported once on stderr rather than killing
 *    the kernel.
 * 2. Asynchronous errors (when `HEPML_ASYNC_ERRORS` names a file, as `hepml run` does). tslab only prints an
 *    exception thrown in a timer callback or an unhandled rejection, into whatever cell runs at that moment,
 *    and the cell passes. Each execute request runs in an AsyncLocalStorage context holding its execution
 *    count, so the error's context says which cell scheduled it; one JSON line per error goes to the file and
 *    the runner fails the notebook on that cell.
 * 3. Parent watchdog (when `HEPML_PARENT_PID` is set, as `hepml run` does). If the runner dies without
 *    stopping the kernel (SIGKILL), the kernel is re-parented; a worker thread (so a long synchronous cell does
 *    not delay it) notices within half a second, removes the connection file and kills the kernel's process
 *    group.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { isMainThread } = require('node:worker_threads');

function patch(zmq) {
  const proto = zmq.Socket && zmq.Socket.prototype;
  if (!proto || typeof proto.send !== 'function') return false;
  const send = proto.send;
  const states = new WeakMap();
  let reported = false;
  const report = (e) => {
    if (!reported) {
      reported = true;
      process.stderr.write(`hepml kernel: a Jupyter message could not be sent (${e && e.message}); continuing.\n`);
    }
  };
  const queued = function (message) {
    let s = states.get(this);
    if (!s) states.set(this, (s = { waiting: 0, tail: Promise.resolve() }));
    const defer = () => {
      s.waiting++;
      return s.tail.then(() => send.call(this, message)).finally(() => {
        s.waiting--;
      });
    };
    let run;
    if (s.waiting > 0) {
      run = defer(); // keep the order behind messages already waiting
    } else {
      // Send at once, as zeromq does (a cell that prints and then exits still gets its output out); only a
      // send that finds the socket busy waits for the one in flight.
      try {
        run = send.call(this, message);
      } catch (e) {
        run = e && e.code === 'EBUSY' ? defer() : Promise.reject(e);
      }
    }
    const settled = run.then(() => undefined, report);
    s.tail = settled;
    return settled;
  };
  // The native method is read-only: each sending socket class gets its own queued `send`.
  let patched = false;
  for (const name of ['Publisher', 'Router', 'Reply', 'Dealer', 'Request', 'Pair', 'Push', 'XPublisher']) {
    const cls = zmq[name];
    if (!cls || Object.prototype.hasOwnProperty.call(cls.prototype, 'send')) continue;
    Object.defineProperty(cls.prototype, 'send', { value: queued, writable: true, configurable: true });
    patched = true;
  }
  return patched;
}

/** Records uncaught exceptions and unhandled rejections with the execution count of the cell that scheduled them. */
function trackAsyncErrors(jupyter, file) {
  const { AsyncLocalStorage } = require('node:async_hooks');
  const util = require('node:util');
  const als = new AsyncLocalStorage();
  const proto = jupyter && jupyter.JupyterHandlerImpl && jupyter.JupyterHandlerImpl.prototype;
  if (!proto || typeof proto.handleExecuteImpl !== 'function') return false;
  const handle = proto.handleExecuteImpl;
  proto.handleExecuteImpl = function (...args) {
    // handleExecuteImpl increments execCount first: this request's count is the next one.
    return als.run({ count: (this.execCount || 0) + 1 }, () => handle.apply(this, args));
  };
  const record = (kind, err) => {
    const store = als.getStore();
    const isError = err instanceof Error || (err && typeof err === 'object' && typeof err.message === 'string');
    const entry = {
      kind,
      cell: store ? store.count : null,
      ename: isError && err.name ? String(err.name) : typeof err,
      message: isError ? String(err.message) : util.inspect(err, { depth: 2, breakLength: Infinity }).slice(0, 2000),
      stack: isError && typeof err.stack === 'string' ? err.stack.split('\n').slice(0, 12) : [],
    };
    try {
      fs.appendFileSync(file, JSON.stringify(entry) + '\n');
    } catch {
      /* the runner is gone */
    }
  };
  process.on('uncaughtException', (e) => record('UncaughtException', e));
  process.on('unhandledRejection', (r) => record('UnhandledRejection', r));
  return true;
}

/** Kills the kernel (and its process group) once its parent `hepml run` is gone; removes the connection file. */
function watchParent(parent) {
  const at = process.argv.indexOf('--config-path');
  const conn = at > 0 ? process.argv[at + 1] : '';
  const { Worker } = require('node:worker_threads');
  const code = `
    const { workerData: w } = require('node:worker_threads');
    const fs = require('node:fs');
    setInterval(() => {
      let alive = process.ppid === w.parent;
      if (alive) { try { process.kill(w.parent, 0); } catch (e) { alive = e.code === 'EPERM'; } }
      if (alive) return;
      if (w.conn) { try { fs.rmSync(w.conn, { force: true }); } catch {} }
      if (w.results) { try { fs.rmSync(w.results, { force: true }); } catch {} }
      if (w.errors) { try { fs.rmSync(w.errors, { force: true }); } catch {} }
      try { process.kill(-process.pid, 'SIGKILL'); } catch {}
      process.kill(process.pid, 'SIGKILL');
    }, 500);`;
  const own = (f) => (f && path.basename(f).startsWith('hepml-') ? f : '');
  const worker = new Worker(code, { eval: true, workerData: { parent, conn: own(conn), results: own(process.env.HEPML_RESULTS), errors: own(process.env.HEPML_ASYNC_ERRORS) } });
  worker.unref();
}

/** Installs the three pieces into this kernel. */
function install() {
  // A kernel started from the startup snapshot (harness/kernel/snapshot.ts) has tslab's compiler loaded
  // already: put it into the module cache before tslab (required below) loads its own copy.
  const snapshot = globalThis.__hepmlKernelSnapshot;
  if (snapshot && typeof snapshot.prime === 'function') {
    try {
      snapshot.prime(require('node:module'));
    } catch (e) {
      process.stderr.write(`hepml kernel: the snapshot's compiler not used (${e && e.message}).\n`);
    }
  }
  let tslabDir;
  try {
    // The zeromq that tslab loads (resolved from tslab's own folder).
    tslabDir = path.dirname(require.resolve('tslab/package.json', { paths: [path.join(__dirname, '..')] }));
    patch(require(require.resolve('zeromq', { paths: [tslabDir] })));
  } catch (e) {
    process.stderr.write(`hepml kernel: zeromq send queue not installed (${e && e.message}).\n`);
  }

  if (process.env.HEPML_ASYNC_ERRORS && tslabDir) {
    try {
      if (!trackAsyncErrors(require(path.join(tslabDir, 'dist', 'jupyter.js')), process.env.HEPML_ASYNC_ERRORS)) throw new Error('tslab has no JupyterHandlerImpl.handleExecuteImpl');
    } catch (e) {
      process.stderr.write(`hepml kernel: asynchronous errors not tracked (${e && e.message}).\n`);
    }
  }

  if (Number(process.env.HEPML_PARENT_PID) > 0) {
    try {
      watchParent(Number(process.env.HEPML_PARENT_PID));
    } catch (e) {
      process.stderr.write(`hepml kernel: parent watchdog not started (${e && e.message}).\n`);
    }
  }
}

// Worker threads inherit `--require`, so this file also runs at the start of every worker: the watchdog's
// own, the trees' helper thread, any other. Installing there too made each watchdog worker start another one:
// a chain of threads, each loading tslab's TypeScript compiler, that grew a kernel by gigabytes in a few
// minutes and took CPU from the cells. Only the kernel's main thread installs.
if (isMainThread) install();

module.exports = { patch, trackAsyncErrors };
