import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
});
