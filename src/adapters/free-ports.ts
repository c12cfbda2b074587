// Free TCP ports for runs' helper processes. The kernel picks one (bind to port 0), we release it
// and hand it to a sidecar. Another process may take it in between (the race behind Veins' and
// SUMO's "address already in use"); the sidecar adapter answers that by starting again with
// fresh ports. Within one campaign, ports in use by a run and recently released ones are never
// handed out again, so parallel runs cannot collide with each other.
import { createServer } from 'node:net';

async function kernelPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class PortAllocator {
  private readonly inUse = new Set<number>();
  /** Recently released ports, oldest first (a closed port may linger in TIME_WAIT). */
  private readonly recent: number[] = [];

  constructor(
    private readonly host = '127.0.0.1',
    private readonly remember = 4096,
  ) {}

  /** `n` distinct free ports, reserved until released. */
  async allocate(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let tries = 0; out.length < n; tries++) {
      if (tries > 200 + n * 20) throw new Error(`could not find ${n} free TCP port(s)`);
      const port = await kernelPort(this.host);
      if (port === 0 || this.inUse.has(port) || this.recent.includes(port)) continue;
      this.inUse.add(port);
      out.push(port);
    }
    return out;
  }

  release(ports: readonly number[]): void {
    for (const p of ports) {
      if (!this.inUse.delete(p)) continue;
      this.recent.push(p);
      if (this.recent.length > this.remember) this.recent.shift();
    }
  }
}
