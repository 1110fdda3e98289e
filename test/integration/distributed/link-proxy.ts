/**
 * A TCP proxy on loopback between a worker and the master, so a test can cut their link without
 * root: `cut(ms)` destroys every proxied connection and refuses new ones for `ms`, then accepts
 * again. Refused attempts are counted (they show the worker retrying). `holdMasterToWorker()`
 * stops forwarding the master's frames (acks among them) on the open connections, while the
 * worker's frames still get through.
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
  /** From now until the next cut, frames from the master are held back (never delivered). */
  holdMasterToWorker(): void;
  /** Cuts the link now; resolves when it accepts connections again, `ms` later. */
  cut(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startLinkProxy(masterPort: number): Promise<LinkProxy> {
  const open = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
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
    const pair = { client, upstream };
    pairs.add(pair);
    client.once('close', () => pairs.delete(pair));
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
    holdMasterToWorker: () => {
      for (const { client, upstream } of pairs) {
        upstream.unpipe(client);
        upstream.pause();
      }
    },
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
