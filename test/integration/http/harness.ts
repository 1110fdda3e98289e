/**
 * A real master in the test process (Master + its WebSocket server + the HTTP server under test),
 * real worker processes (dist/cli/main.js --worker, so run `npm run build` first), and a tiny HTTP
 * client that can send any header (Host, Origin, Authorization) to the API on loopback.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startHttpServer, type HttpServer, type HttpServerOptions } from '../../../src/master/http/index.js';
import type { Master } from '../../../src/master/master.js';
import { startMasterServer, type MasterServer } from '../../../src/master/server.js';
import { bundleLoadfile, loadBundle } from '../../../src/scenario/index.js';
import { spawnCli, type CliProcess } from '../../helpers/index.js';
import { testMaster } from '../../helpers/master.js';

export interface Stack {
  master: Master;
  http: HttpServer;
  masterServer: MasterServer;
  /** The token between master and workers. */
  token: string;
  workers: CliProcess[];
  classNames: string[];
  /** Starts one more worker process (`--worker-id id`). */
  startWorker(id: string): CliProcess;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Loadfile source (TypeScript, imports from 'stampede'). */
  loadfile: string;
  /** Worker processes to start and wait for (default 0). */
  workers?: number;
  /** Overrides of the HTTP server options. */
  http?: Partial<HttpServerOptions>;
  /** Default host of runs started from the API. */
  host?: string;
}

/** Users that GET `path` and wait `waitS` seconds, forever. */
export function getLoop(path: string, waitS: number, className = 'Getter'): string {
  return `import { HttpUser, constant, task } from 'stampede';
export class ${className} extends HttpUser {
  waitTime = constant(${waitS});
  @task async hit(): Promise<void> {
    await this.client.get('${path}');
  }
}
`;
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-http-'));
  const file = join(dir, 'loadfile.ts');
  writeFileSync(file, o.loadfile);
  const bundle = await bundleLoadfile(file);
  const loaded = await loadBundle(bundle.code, bundle.filename);
  const classes = loaded.classes.map((c) => ({ name: c.name, weight: c.weight, fixedCount: c.fixedCount > 0 ? c.fixedCount : null }));
  const logger = pino({ level: 'silent' });
  const master = testMaster({ logger, bundle, classes });
  const token = randomBytes(16).toString('hex');
  const masterServer = await startMasterServer({ host: '127.0.0.1', port: 0, token, logger, onConnection: (ws, req) => master.attach(ws, req) });
  const classNames = classes.map((c) => c.name);
  const http = await startHttpServer({
    master,
    host: '127.0.0.1',
    port: 0,
    logger,
    headless: false,
    expectWorkers: o.workers ?? 0,
    defaults: { host: o.host ?? '', users: 1, spawnRate: 1, runTimeMs: null },
    classNames,
    ...o.http,
  });
  const workers: CliProcess[] = [];
  const startWorker = (id: string): CliProcess => {
    const args = ['--worker', '--master-host', '127.0.0.1', '--master-port', String(masterServer.port), '--auth-token', token, '--worker-id', id, '--loglevel', 'warn'];
    const p = spawnCli(args, { timeoutMs: 60_000 });
    workers.push(p);
    return p;
  };
  for (let i = 0; i < (o.workers ?? 0); i++) startWorker(`w${i + 1}`);
  const close = async (): Promise<void> => {
    await master.stop().catch(() => undefined);
    await master.quit();
    await http.close();
    await masterServer.close();
    for (const w of workers) w.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited.catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
  if ((o.workers ?? 0) > 0 && !(await master.waitForWorkers(o.workers ?? 0, 20_000))) {
    const logs = workers.map((w) => w.stderr()).join('\n');
    await close();
    throw new Error(`the workers did not become ready within 20 s\n${logs}`);
  }
  return { master, http, masterServer, token, workers, classNames, startWorker, close };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

export interface CallOptions {
  body?: string | Buffer;
  /** A JSON body (sets content-type). */
  json?: unknown;
  headers?: Record<string, string>;
  token?: string;
}

/** One request to the server at `base` (`http://127.0.0.1:port`), with full control of the headers. */
export function call(base: string, method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const url = new URL(path, base);
  const headers: Record<string, string> = { ...o.headers };
  let body: Buffer | undefined = o.body === undefined ? undefined : Buffer.from(o.body);
  if (o.json !== undefined) {
    body = Buffer.from(JSON.stringify(o.json));
    headers['content-type'] ??= 'application/json';
  }
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  if (body !== undefined && headers['transfer-encoding'] === undefined) headers['content-length'] ??= String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text) as unknown;
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parsed });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} took more than 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls `check` every 100 ms until it returns a value other than undefined; fails after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = performance.now() + timeoutMs;
  let last: unknown;
  while (performance.now() < end) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}
