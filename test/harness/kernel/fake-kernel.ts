/**
 * A minimal Jupyter kernel for session tests: answers kernel_info, heartbeat and shutdown like a real one;
 * for execute_request it prints `out`, replies ok, and then never publishes its `idle` status (as when a
 * flooded iopub publisher drops it past its high-water mark).
 * Run: node --require tsx/cjs fake-kernel.ts CONNECTION_FILE
 */
import * as fs from 'node:fs';
import * as zmq from 'zeromq';
import { decode, encode, makeHeader, type Message } from '../../../harness/kernel/wire';

const info = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as { ip: string; key: string; shell_port: number; control_port: number; iopub_port: number; hb_port: number; stdin_port: number };
const ep = (port: number) => `tcp://${info.ip}:${port}`;

async function main(): Promise<void> {
  const shell = new zmq.Router();
  const control = new zmq.Router();
  const iopub = new zmq.Publisher();
  const hb = new zmq.Reply();
  const stdin = new zmq.Router();
  await Promise.all([shell.bind(ep(info.shell_port)), control.bind(ep(info.control_port)), iopub.bind(ep(info.iopub_port)), hb.bind(ep(info.hb_port)), stdin.bind(ep(info.stdin_port))]);
  void (async () => {
    for await (const [m] of hb) await hb.send(m);
  })();
  const pub = (parent: Message['header'], type: string, content: Record<string, unknown>) => iopub.send(encode(info.key, { header: makeHeader(type, 'fake'), parent_header: parent, metadata: {}, content }));
  let count = 0;
  const serve = async (sock: zmq.Router) => {
    for await (const frames of sock) {
      const msg = decode(info.key, frames as Buffer[]);
      const type = msg.header.msg_type;
      const reply = (content: Record<string, unknown>) => sock.send(encode(info.key, { identities: msg.identities, header: makeHeader(type.replace(/_request$/, '_reply'), 'fake'), parent_header: msg.header, metadata: {}, content }));
      if (type === 'kernel_info_request') {
        await pub(msg.header, 'status', { execution_state: 'busy' });
        await reply({ status: 'ok', protocol_version: '5.3', implementation: 'fake', language_info: { name: 'typescript' } });
        await pub(msg.header, 'status', { execution_state: 'idle' });
      } else if (type === 'execute_request') {
        await pub(msg.header, 'status', { execution_state: 'busy' });
        await pub(msg.header, 'stream', { name: 'stdout', text: 'out\n' });
        await reply({ status: 'ok', execution_count: ++count });
        // no idle: dropped
      } else if (type === 'shutdown_request') {
        await reply({ status: 'ok', restart: false });
        process.exit(0);
      }
    }
  };
  void serve(shell);
  void serve(control);
}
void main();
