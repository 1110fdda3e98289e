/**
 * A TCP proxy on loopback between a worker and the master, so a test can cut their link without
 * root: `cut(ms)` destroys every proxied connection and refuses new ones for `ms`, then accepts
 * again. Refused attempts are counted (they show the worker retrying).
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LinkProxy {
  /** The port workers connect to instead of the master's. */
  port: number;
  /** Connections accepted and forwarded so far. */
  forwarded(): number;
  /** Connection attempts refused while the link was cut. */
  refused(): number;
  /** Cuts the link now; resolves when it accepts connections again, `ms` later. */
  cut(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startLinkProxy(masterPort: number): Promise<LinkProxy> {
  const open = new Set<Socket>();
  let refusing = false;
  let forwarded = 0;
  let refused = 0;
  const server = createServer((client) => {
    if (refusing) {
      refused++;
      client.destroy();
      return;
    }
    forwarded++;
    const upstream = connect(masterPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    forwarded: () => forwarded,
    refused: () => refused,
    cut: (ms) => {
      refusing = true;
      for (const s of open) s.destroy();
      return new Promise((resolve) =>
        setTimeout(() => {
          refusing = false;
          resolve();
        }, ms),
      );
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
