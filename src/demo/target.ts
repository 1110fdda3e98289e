import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { StampedeError } from '../errors.js';
import { errorReply, type Reply } from './reply.js';
import { demoRouter } from './routes.js';
import type { Router } from './router.js';
import { urlHost } from '../url-host.js';

export interface DemoTargetOptions {
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Port to bind; 0 picks a free one. Default 0. */
  port?: number;
  logger?: Logger;
  /** `/api/limited` allows this many requests per second (token bucket, per server). Default 10. */
  rateLimitPerSecond?: number;
  /** Time source for the rate limiter and the job status. Default: the system clock. */
  clock?: Clock;
  /** Seed of the latency generator: the same seed gives the same latencies. Default 1. */
  seed?: number;
}

export interface DemoTarget {
  port: number;
  /** `http://host:port`, with no trailing slash. */
  url: string;
  /** Requests answered so far (responses written), for exact-count tests. */
  received(): number;
  /** Stops listening, drops pending answers and ends every connection, keep-alive ones included. */
  close(): Promise<void>;
}

export const DEMO_DEFAULTS = { host: '127.0.0.1', port: 0, rateLimitPerSecond: 10, seed: 1 } as const;

/** Request bodies above this size are refused with 413 and the connection is closed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Starts the demo API (a realistic target for the examples and `npm run demo`). */
export async function startDemoTarget(opts: DemoTargetOptions = {}): Promise<DemoTarget> {
  const host = opts.host ?? DEMO_DEFAULTS.host;
  const port = opts.port ?? DEMO_DEFAULTS.port;
  const rate = opts.rateLimitPerSecond ?? DEMO_DEFAULTS.rateLimitPerSecond;
  check(Number.isInteger(port) && port >= 0 && port <= 65535, `port must be an integer in 0..65535, got ${port}`);
  check(Number.isInteger(rate) && rate >= 1, `rateLimitPerSecond must be a positive integer, got ${rate}`);
  const logger = opts.logger ?? pino({ level: 'silent' });
  const router = demoRouter({ clock: opts.clock ?? systemClock, seed: opts.seed ?? DEMO_DEFAULTS.seed, rateLimitPerSecond: rate });

  let answered = 0;
  const pending = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    readBody(req, (body) => {
      const reply = body === undefined ? tooLarge(res) : route(router, req, body, logger);
      const send = (): void => {
        if (res.destroyed) return;
        writeReply(res, reply);
        answered++;
      };
      if (reply.delayMs <= 0) return send();
      const timer = setTimeout(() => {
        pending.delete(timer);
        send();
      }, reply.delayMs);
      pending.add(timer);
      res.once('close', () => {
        clearTimeout(timer);
        pending.delete(timer);
      });
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${reachableHost(host)}:${bound}`;
  logger.info({ url }, 'demo target listening');

  let closing: Promise<void> | undefined;
  return {
    port: bound,
    url,
    received: () => answered,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const t of pending) clearTimeout(t);
        pending.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        logger.info({ url, answered }, 'demo target closed');
      });
      return closing;
    },
  };
}

function route(router: Router, req: IncomingMessage, body: Buffer, logger: Logger): Reply {
  const url = new URL(req.url ?? '/', 'http://demo.invalid');
  const method = req.method ?? 'GET';
  const match = router.match(method, url.pathname);
  if (match.kind === 'none') return errorReply(404, 'not_found', `no route ${method} ${url.pathname}`);
  if (match.kind === 'method') {
    return { ...errorReply(405, 'method_not_allowed', `${url.pathname} accepts ${match.allow.join(', ')}`), headers: { allow: match.allow.join(', ') } };
  }
  try {
    return match.handler({ method, path: url.pathname, query: url.searchParams, params: match.params, headers: req.headers, body });
  } catch (err) {
    logger.error({ err, method, path: url.pathname }, 'demo route failed');
    return errorReply(500, 'internal_error', 'the demo route threw; see the demo target log');
  }
}

/** Reads the whole body, then calls `done` once: with the body, or undefined past MAX_BODY_BYTES. */
function readBody(req: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      refused = true;
      chunks.length = 0;
      done(undefined);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!refused) done(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  });
  req.on('error', () => undefined);
}

/** The 413 answer; the connection is closed after it since the rest of the body is not read. */
function tooLarge(res: ServerResponse): Reply {
  res.shouldKeepAlive = false;
  return errorReply(413, 'payload_too_large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
}

function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.json === undefined || reply.status === 204) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.json);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = Buffer.byteLength(text);
  res.writeHead(reply.status, headers);
  res.end(text);
}

/** Where to reach a server bound to `host`: a wildcard address means this machine. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return urlHost(host);
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new StampedeError('STAMPEDE_ERR_USAGE', `startDemoTarget: ${message}`);
}
