import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { slowHeaderParts, writeAnswer, type PathBehaviour } from './behaviour.js';
import { LatencySequence } from './latency.js';

export type { Action, PathBehaviour } from './behaviour.js';
export type { Latency, LatencyBand } from './latency.js';

export interface CountingServerOptions {
  /** Default 127.0.0.1. Never bind anything but loopback in tests. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /**
   * Behaviour per path (the URL path, without the query). A key ending in `*` matches every path
   * that starts with the rest (`/api/*`); exact keys win, then the longest prefix, then `fallback`.
   * A latency distribution runs one sequence per key, in order of arrival.
   */
  routes?: Record<string, PathBehaviour>;
  /** For paths no key matches. Default: 200 `ok` at once. */
  fallback?: PathBehaviour;
  /**
   * Stall the whole server for `forMs`, starting `atMs` after the first request arrives: any answer
   * due in that window is held until it ends (like a GC pause or a stuck process; see wrk2).
   */
  stall?: { atMs: number; forMs: number };
  /** How many requests `requests()` keeps (the newest). Default 10 000. Counts are never capped. */
  logLimit?: number;
}

export interface RecordedRequest {
  method: string;
  /** The raw request target, query included. */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** performance.now() at arrival, in ms. */
  at: number;
}

export interface CountingServer {
  /** `http://127.0.0.1:port`, no trailing slash. */
  url: string;
  port: number;
  /** Requests that arrived (headers parsed), in total or for one exact path. Exact, never sampled. */
  received(path?: string): number;
  /** Requests whose answer was written completely, in total or for one exact path. */
  answered(path?: string): number;
  /** Connections open now. */
  connections(): number;
  /** Connections accepted since the start. */
  totalConnections(): number;
  /** The newest requests (bodies fully read), oldest first. */
  requests(): readonly RecordedRequest[];
  /** Replaces (or adds) the behaviour for a route key; its latency sequence starts over. */
  setRoute(key: string, behaviour: PathBehaviour): void;
  /** Stalls the server from now on for `forMs`. */
  stallNow(forMs: number): void;
  /** Resolves once `received(path)` reaches `count`; rejects after `timeoutMs` (default 5 000). */
  waitForRequests(count: number, opts?: { path?: string; timeoutMs?: number }): Promise<void>;
  /** Drops pending answers and ends every connection (keep-alive and never-answered ones too). */
  close(): Promise<void>;
}

interface Route {
  behaviour: PathBehaviour;
  latency: LatencySequence;
}

/** Starts a loopback HTTP server whose behaviour per path is configured, and which counts exactly. */
export async function startCountingServer(opts: CountingServerOptions = {}): Promise<CountingServer> {
  const routes = new Map<string, Route>();
  const setRoute = (key: string, behaviour: PathBehaviour): void => {
    routes.set(key, { behaviour, latency: new LatencySequence(behaviour.latencyMs ?? 0) });
  };
  for (const [key, b] of Object.entries(opts.routes ?? {})) setRoute(key, b);
  setRoute('\0fallback', opts.fallback ?? {});
  const logLimit = opts.logLimit ?? 10_000;

  const received = new Counter();
  const answered = new Counter();
  const log: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  let open = 0;
  let accepted = 0;
  let firstAt: number | undefined;
  let stall: { from: number; to: number } | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  /** Waits out the stall window if "now" is inside it. Bounded: at most a few passes. */
  const stallGate = async (): Promise<void> => {
    for (let i = 0; i < 4; i++) {
      const now = performance.now();
      if (stall === undefined || now < stall.from || now >= stall.to) return;
      await sleep(stall.to - now);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = performance.now();
    if (firstAt === undefined) {
      firstAt = at;
      if (opts.stall !== undefined) stall = { from: at + opts.stall.atMs, to: at + opts.stall.atMs + opts.stall.forMs };
    }
    const url = req.url ?? '/';
    const path = url.split('?', 1)[0] ?? '/';
    received.add(path);
    for (const w of waiters) w();
    const route = findRoute(routes, path);
    const b = route.behaviour;
    const latency = route.latency.next();
    const body = await readAll(req);
    log.push({ method: req.method ?? 'GET', url, path, headers: req.headers, body, at });
    if (log.length >= 2 * logLimit) log.splice(0, log.length - logLimit); // amortised trim, not a shift per request

    const action = b.action ?? 'answer';
    if (action === 'never') return;
    if (latency > 0) await sleep(latency);
    await stallGate();
    if (res.destroyed) return;
    if (action === 'destroy') {
      req.socket.destroy();
      return;
    }
    if (action === 'slow-headers') {
      const { first, rest } = slowHeaderParts(b);
      req.socket.write(first);
      await sleep(b.slowMs ?? 1000);
      if (req.socket.destroyed) return;
      req.socket.end(rest);
      answered.add(path);
      return;
    }
    const complete = await writeAnswer(res, b, action === 'slow-body' ? () => sleep(b.slowMs ?? 1000) : undefined);
    if (complete) answered.add(path);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  });
  server.on('connection', (socket) => {
    open++;
    accepted++;
    socket.once('close', () => open--);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    received: (path) => received.get(path),
    answered: (path) => answered.get(path),
    connections: () => open,
    totalConnections: () => accepted,
    requests: () => (log.length > logLimit ? log.slice(-logLimit) : log.slice()),
    setRoute,
    stallNow: (forMs) => {
      const now = performance.now();
      stall = { from: now, to: now + forMs };
    },
    waitForRequests: (count, o = {}) => waitFor(() => received.get(o.path) >= count, waiters, o.timeoutMs ?? 5000, () =>
      `waitForRequests: expected ${count} requests${o.path === undefined ? '' : ` to ${o.path}`}, got ${received.get(o.path)}`),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

class Counter {
  #total = 0;
  readonly #byPath = new Map<string, number>();

  add(path: string): void {
    this.#total++;
    this.#byPath.set(path, (this.#byPath.get(path) ?? 0) + 1);
  }

  get(path?: string): number {
    return path === undefined ? this.#total : (this.#byPath.get(path) ?? 0);
  }
}

function findRoute(routes: Map<string, Route>, path: string): Route {
  const exact = routes.get(path);
  if (exact !== undefined) return exact;
  let best: Route | undefined;
  let bestLen = -1;
  for (const [key, route] of routes) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (path.startsWith(prefix) && prefix.length > bestLen) {
      best = route;
      bestLen = prefix.length;
    }
  }
  return best ?? (routes.get('\0fallback') as Route);
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
    req.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

function waitFor(ok: () => boolean, waiters: Set<() => void>, timeoutMs: number, describe: () => string): Promise<void> {
  if (ok()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!ok()) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve();
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`${describe()} within ${timeoutMs} ms`));
    }, timeoutMs);
    waiters.add(check);
  });
}
