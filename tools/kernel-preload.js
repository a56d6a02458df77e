/**
 * Loaded into the tslab kernel (`node --require tools/kernel-preload.js …/tslab kernel`, see the kernelspec
 * written by tools/postinstall.js).
 *
 * tslab 1.0.22 sends every Jupyter message with zeromq's `socket.send()` without awaiting it. zeromq 6 allows
 * one send in progress per socket and throws `EBUSY: Socket is busy writing` synchronously for a second one,
 * which happens as soon as a send has to wait (a busy machine, a client reading iopub slowly: the send
 * high-water mark is reached). The exception escapes tslab and the kernel dies mid-cell (exit code 7).
 * Here a send that finds its socket busy is queued instead (and every later one behind it, so the order
 * holds); a send that fails is reported once on stderr rather than killing the kernel.
 */
'use strict';
const path = require('node:path');

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

try {
  // The zeromq that tslab loads (resolved from tslab's own folder).
  const tslabDir = path.dirname(require.resolve('tslab/package.json', { paths: [path.join(__dirname, '..')] }));
  patch(require(require.resolve('zeromq', { paths: [tslabDir] })));
} catch (e) {
  process.stderr.write(`hepml kernel: zeromq send queue not installed (${e && e.message}).\n`);
}

module.exports = { patch };
