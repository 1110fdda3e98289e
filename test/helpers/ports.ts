import { createServer } from 'node:net';

/**
 * A TCP port that was free on 127.0.0.1 a moment ago (bound to 0, read, released). Another process
 * may take it before you do, so prefer listen(0) on your own server when you can; use this when a
 * child process must be told its port up front.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('freePort: the OS returned no port'))));
    });
  });
}

