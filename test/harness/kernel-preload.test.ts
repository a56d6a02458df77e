import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const preload = join(root, 'tools', 'kernel-preload.js');

/**
 * A burst of un-awaited sends (as tslab makes) to a slow reader with tiny buffers; prints "sent N in order"
 * or the error. Push/Pull, as it never drops messages (tslab's iopub Publisher hits the same EBUSY when its
 * peer reads slowly, and would drop rather than reorder).
 */
const burst = `
const zmq = require(${JSON.stringify(join(root, 'node_modules', 'zeromq'))});
(async () => {
  const pub = new zmq.Push({ sendHighWaterMark: 2 });
  await pub.bind('tcp://127.0.0.1:*');
  const sub = new zmq.Pull({ receiveHighWaterMark: 2 });
  sub.connect(pub.lastEndpoint);
  await new Promise((r) => setTimeout(r, 200));
  const seen = [];
  const reader = (async () => { for await (const [m] of sub) { seen.push(m.readUInt32LE(0)); if (seen.length === 60) return; } })();
  try {
    for (let i = 0; i < 60; i++) { const b = Buffer.alloc(100000); b.writeUInt32LE(i, 0); pub.send([b]); }
  } catch (e) { console.log('error ' + e.code); process.exit(0); }
  await reader;
  console.log('sent ' + seen.length + (seen.every((v, i) => v === i) ? ' in order' : ' out of order'));
  process.exit(0);
})();`;

function run(args: string[]): string {
  return execFileSync(process.execPath, [...args, '-e', burst], { encoding: 'utf8', timeout: 60000 }).trim();
}

describe('tools/kernel-preload: zeromq sends queued in the kernel', function () {
  it('without it, a second send while one waits throws EBUSY (what killed kernels with exit code 7)', function () {
    assert.equal(run([]), 'error EBUSY');
  });

  it('with it, every message of the burst is delivered, in order', function () {
    assert.equal(run(['--require', preload]), 'sent 60 in order');
  });

  it('the kernelspec written at install loads it into the tslab kernel', function () {
    const spec = JSON.parse(readFileSync(join(root, '.jupyter', 'kernels', 'tslab', 'kernel.json'), 'utf8')) as { argv: string[] };
    const at = spec.argv.indexOf('--require');
    assert.ok(at > 0 && spec.argv[at + 1] === preload, JSON.stringify(spec.argv));
    assert.ok(spec.argv.indexOf('--require') < spec.argv.findIndex((a) => a.endsWith(join('tslab', 'bin', 'tslab'))));
  });

  it('runs in the main thread only: workers (its watchdog, the trees\' helper) do not start watchdogs of their own', function () {
    if (!existsSync('/proc/self/status')) this.skip(); // counts threads through Linux's /proc
    this.timeout(30000);
    // The child starts one worker of its own, as the trees do, then counts its threads twice. Before the fix
    // each worker ran the preload again and started another watchdog worker: +15 threads in 3 s, and growing.
    const child = `
      const { Worker } = require('node:worker_threads');
      new Worker('setInterval(() => {}, 1000)', { eval: true }).unref();
      const threads = () => Number(require('node:fs').readFileSync('/proc/self/status', 'utf8').match(/Threads:\\s+(\\d+)/)[1]);
      setTimeout(() => { const a = threads(); setTimeout(() => { console.log(a + ' ' + threads()); process.exit(0); }, 2500); }, 500);`;
    const out = execFileSync(process.execPath, ['--require', preload, '-e', child], {
      encoding: 'utf8', timeout: 20000, env: { ...process.env, HEPML_PARENT_PID: String(process.pid) } }).trim();
    const [early, late] = out.split(' ').map(Number);
    assert.ok(early > 0 && late === early, `threads at 0.5 s and 3 s: ${out}`);
  });
});
