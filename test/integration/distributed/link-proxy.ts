/**
 * A TCP proxy on loopback between a worker and the master, so a test can cut their link without
 * root: `cut(ms)` destroys every proxied connection and refuses new ones for `ms`, then accepts
 * again. Refused attempts are counted (they show the worker retrying). `holdMasterToWorker()`
 * stops forwarding the master's frames (acks among them) on the open connections, while the
 * worker's frames still get through.
 *
 * The master's port may be a promise: connections that come before it resolves are held open
 * (their bytes wait in the socket) and forwarded once the master listens, so a worker started
 * first joins the moment the master is up, whatever its reconnect backoff.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LinkProxy {
  /** The port workers connect to instead of the master's. */
  port: number;
  /** Connections accepted so far (forwarded, or held until the master's port is known). */
  accepted(): number;
  /** Connection attempts refused while the link was cut. */
  refused(): number;
  /** From now until the next cut, frames from the master are held back (never delivered). */
  holdMasterToWorker(): void;
  /** Cuts the link now; resolves when it accepts connections again, `ms` later. */
  cut(ms: number): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

export async function startLinkProxy(masterPort: number | Promise<number>): Promise<LinkProxy> {
  const open = new Set<Socket>();
  const pairs = new Set<Pair>();
  let refusing = false;
  let accepted = 0;
  let refused = 0;

  const watch = (s: Socket, onClose: () => void): void => {
    open.add(s);
    s.on('error', () => undefined);
    s.once('close', () => {
      open.delete(s);
      onClose();
    });
  };

  const forward = (client: Socket, port: number): void => {
    const upstream = connect(port, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    watch(upstream, () => client.destroy());
    client.once('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const server = createServer((client) => {
    if (refusing) {
      refused++;
      client.destroy();
      return;
    }
    accepted++;
    client.pause();
    watch(client, () => undefined);
    void Promise.resolve(masterPort).then((port) => {
      if (!client.destroyed) forward(client, port);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
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
