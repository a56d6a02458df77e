/** The connection file a kernel is started with: five free TCP ports on localhost and a random key. */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

export interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name: string;
}

/** A port the OS says is free now (bind to port 0, read it, release it). */
export function freePort(ip = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, ip, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Builds connection info with five distinct free ports and a 256-bit hex key. */
export async function makeConnection(kernelName: string, ip = '127.0.0.1'): Promise<ConnectionInfo> {
  const ports = new Set<number>();
  while (ports.size < 5) ports.add(await freePort(ip));
  const [shell_port, iopub_port, stdin_port, control_port, hb_port] = [...ports];
  return { transport: 'tcp', ip, shell_port, iopub_port, stdin_port, control_port, hb_port, key: randomBytes(32).toString('hex'), signature_scheme: 'hmac-sha256', kernel_name: kernelName };
}

/** `tcp://127.0.0.1:PORT` for one channel. */
export function endpoint(info: ConnectionInfo, port: number): string {
  return `${info.transport}://${info.ip}:${port}`;
}
