/** A loopback HTTP target the benchmarks aim at, with the counters they read from outside. */
import http from 'node:http';
import net from 'node:net';
import { BenchError } from '../lib/errors.js';

export interface Target {
  readonly kind: 'nginx' | 'node';
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The target's own process (its CPU is not the generator's). */
  readonly pid: number;
  /** Requests served so far (this counter's own probes included: a handful per run). */
  requests(): Promise<number>;
  /** Client connections open now. */
  connections(): Promise<number>;
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** GET on a fresh connection (so the probe never waits behind the load), body as text. */
export function probe(url: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new BenchError('STAMPEDE_ERR_BENCH_TARGET', `the target did not answer ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
