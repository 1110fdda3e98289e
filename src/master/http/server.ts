/**
 * The master's HTTP server: the JSON API, the live web UI and /metrics on one port
 * (`--web-host`, `--web-port`). The pipeline of each request: Host check → routing (404/405) →
 * CORS preflight → Origin check → auth (401/403) → handler → JSON error replies for what throws.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StampedeError } from '../../errors.js';
import type { ApiConfig } from './api-types.js';
import { checkAuth, type AuthPolicy } from './auth.js';
import { DEFAULT_MAX_BODY_BYTES, readBody } from './body.js';
import type { ApiContext } from './context.js';
import { checkHost, checkOrigin, corsHeaders, corsOrigin, isLoopback, preflightHeaders } from './guard.js';
import { HistorySampler } from './history-sampler.js';
import { checkOptions, type HttpServerOptions } from './options.js';
import { errorReply, HttpError, type Reply } from './reply.js';
import { notFound, type Router } from './router.js';
import { buildRouter } from './routes.js';
import { RunControl } from './run-control.js';
import { defaultUiDir, UiAssets } from './ui-assets.js';
import { createListener, schemeOf } from '../tls.js';
import { urlHost } from '../../url-host.js';

export interface HttpServer {
  /** The port it listens on (the real one when 0 was asked for). */
  readonly port: number;
  /** `http://host:port` (`https://` with TLS), no trailing slash (IPv6 hosts in brackets). */
  readonly url: string;
  /** Stops listening, ends open connections and stops the server's timers. */
  close(): Promise<void>;
}

const BASE_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '';
  } catch {
    return '';
  }
}

function write(res: ServerResponse, method: string, reply: Reply, extra: Record<string, string>): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...BASE_HEADERS, ...extra, ...reply.headers, 'content-type': reply.type, 'content-length': String(body.length) };
  res.writeHead(reply.status, headers);
  res.end(method === 'HEAD' ? undefined : body);
}

interface Pipeline {
  router: Router;
  policy: AuthPolicy;
  cors: string | undefined;
  loopback: boolean;
  maxBodyBytes: number;
}

/** The answer to a CORS preflight (OPTIONS); 405 when CORS does not allow the request's origin. */
function preflight(p: Pipeline, req: IncomingMessage, path: string): Reply {
  const allowed = p.router.allowed(path);
  if (allowed === null) throw notFound(path);
  const origin = corsOrigin(req.headers, p.cors);
  if (origin === null) {
    const why = p.cors === undefined ? 'CORS is off (--web-cors ORIGIN turns it on)' : `CORS only allows ${p.cors}`;
    throw new HttpError(405, `OPTIONS is only answered for CORS preflights, and ${why}`, { headers: { allow: allowed.join(', ') } });
  }
  return { status: 204, type: 'text/plain; charset=utf-8', body: '', headers: preflightHeaders(origin, allowed) };
}

async function answer(p: Pipeline, req: IncomingMessage, method: string): Promise<Reply> {
  checkHost(req.headers, p.loopback);
  const url = new URL(req.url ?? '/', 'http://stampede.invalid');
  if (method === 'OPTIONS') return preflight(p, req, url.pathname);
  const route = p.router.match(method, url.pathname);
  checkOrigin(method, req.headers, p.cors);
  checkAuth(route.access, req.headers, p.policy);
  let body: Promise<Buffer> | null = null;
  return await route.handler({ req, url, body: () => (body ??= readBody(req, p.maxBodyBytes)) });
}

/** Starts the server; rejects with STAMPEDE_ERR_LISTEN when the port cannot be had. */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  checkOptions(opts);
  const log = opts.logger;
  const control = new RunControl({ master: opts.master, logger: log, defaults: opts.defaults });
  const sampler = opts.reports?.history === undefined ? new HistorySampler(opts.master) : null;
  const config: ApiConfig = {
    version: packageVersion(),
    headless: opts.headless,
    expectWorkers: opts.expectWorkers,
    defaults: { ...opts.defaults },
    classes: [...(opts.classNames ?? [])],
    auth: { write: opts.authToken !== undefined, read: opts.authToken !== undefined && opts.authRead === true },
  };
  const ctx: ApiContext = {
    master: opts.master,
    control,
    history: opts.reports?.history ?? sampler!,
    onFreshRun: () => sampler?.restart(),
    config,
    reports: opts.reports ?? {},
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
  const pipeline: Pipeline = {
    router: buildRouter(ctx, new UiAssets(opts.uiDir ?? defaultUiDir())),
    policy: { token: opts.authToken, protectReads: opts.authRead === true },
    cors: opts.cors,
    loopback: isLoopback(opts.host),
    maxBodyBytes: ctx.maxBodyBytes,
  };

  const server = createListener(opts.tls, (req, res) => {
    const method = req.method ?? 'GET';
    const origin = corsOrigin(req.headers, opts.cors);
    const cors = origin === null ? {} : corsHeaders(origin);
    answer(pipeline, req, method)
      .catch((err: unknown) => {
        if (!(err instanceof HttpError)) log.error({ err, method, url: req.url }, 'the web API failed to answer a request');
        return errorReply(err);
      })
      .then((reply) => write(res, method, reply, cors))
      .catch((err: unknown) => {
        log.warn({ err }, 'could not write a web API reply');
        res.destroy();
      });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      control.dispose();
      sampler?.close();
      reject(new StampedeError('STAMPEDE_ERR_LISTEN', `cannot listen on ${opts.host}:${opts.port} for the web UI (${err.code ?? err.message}): pick another --web-port, or --no-web to run without it`));
    });
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const url = `${schemeOf(opts.tls)}://${urlHost(opts.host)}:${port}`;
  log.info({ url, auth: config.auth }, 'web UI and API listening');
  return {
    port,
    url,
    async close() {
      control.dispose();
      sampler?.close();
      server.closeIdleConnections();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
