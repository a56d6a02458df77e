/**
 * Loaded into the tslab kernel (`node --require tools/kernel-preload.js …/tslab kernel`, see the kernelspec
 * written by tools/postinstall.js).
 *
 * tslab 1.0.22 sends every Jupyter message with zeromq's `socket.send()` without awaiting it. zeromq 6 allows
 * one send in progress per socket and throws `EBUSY: Socket is busy writing` synchronously for a second one,
 * which happens as soon as a send has to wait (a busy machine, a client reading iopub slowly: the send
 * high-water mark is reached). The exception escapes tslab and the kernel dies mid-cell (exit code 7).
 * Here each socket's sends are queued instead: a send waits for the previous one, in order, and a send
 * that fails is reported once on stderr rather than killing the kernel.
 */
'use strict';
const path = require('node:path');

function patch(zmq) {
  const proto = zmq.Socket && zmq.Socket.prototype;
  if (!proto || typeof proto.send !== 'function') return false;
  const send = proto.send;
  const tails = new WeakMap();
  let reported = false;
  const queued = function (message) {
    const tail = tails.get(this);
    const run = tail ? tail.then(() => send.call(this, message)) : Promise.resolve().then(() => send.call(this, message));
    const settled = run.catch((e) => {
      if (!reported) {
        reported = true;
        process.stderr.write(`hepml kernel: a Jupyter message could not be sent (${e && e.message}); continuing.\n`);
      }
    });
    tails.set(this, settled);
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
