import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { StampedeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { MAX_FRAME_BYTES, tokenFromHeaders, tokensEqual } from '../protocol/index.js';
import { LogLimiter } from './log-limiter.js';
import { createListener, type TlsFiles } from './tls.js';

export interface MasterServerOptions {
  host: string;
  port: number;
  /** Shared token; undefined disables the check (loopback-only standalone runs always set one). */
  token: string | undefined;
  logger: Logger;
  /** Serve wss instead of ws (`--tls-cert`, `--tls-key`). */
  tls?: TlsFiles;
  onConnection(ws: WebSocket, req: IncomingMessage): void;
}

export interface MasterServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

const UNAUTHORIZED = 'HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-type: text/plain\r\n\r\nwrong or missing auth token: start the worker with --auth-token (or STAMPEDE_AUTH_TOKEN) set to the master\'s token\n';

/**
 * The master's WebSocket listener. The token is checked on the upgrade request and a wrong
 * one is refused with HTTP 401 before any WebSocket exists (docs/protocol.md). Bytes that are not
 * HTTP (or, with TLS, not a TLS handshake) drop the connection without an answer. The log lines
 * for refusals are rate-limited: anyone who reaches the port can cause them.
 */
export async function startMasterServer(opts: MasterServerOptions): Promise<MasterServer> {
  // Anyone who reaches the port can cause these lines: one per reason per minute.
  const limiter = new LogLimiter();
  const log = opts.logger;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: true });
  const http = createListener(opts.tls, (_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('stampede master: connect with a WebSocket (stampede --worker)\n');
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (opts.token !== undefined && !tokensEqual(tokenFromHeaders(req.headers), opts.token)) {
      limiter.log(log, 'warn', 'refused-token', { remote: req.socket.remoteAddress }, 'refused a worker connection: missing or wrong auth token (HTTP 401)');
      socket.end(UNAUTHORIZED);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => opts.onConnection(ws, req));
  });
  http.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const code = typeof err.code === 'string' ? err.code : 'unknown';
    if (code.startsWith('HPE_')) limiter.log(log, 'warn', `not-http:${code}`, { code }, 'dropped a connection to the worker port that does not speak HTTP');
    socket.destroy();
  });
  http.on('tlsClientError', (err: NodeJS.ErrnoException) => {
    limiter.log(log, 'warn', 'tls-handshake', { err: err.message }, 'dropped a connection to the worker port whose TLS handshake failed (a worker without TLS, or not a worker)');
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) =>
      reject(new StampedeError('STAMPEDE_ERR_LISTEN', `cannot listen on ${opts.host}:${opts.port} for workers (${err.code ?? err.message}): pick another --master-bind-port or stop what uses it`)),
    );
    http.listen(opts.port, opts.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  return {
    port,
    host: opts.host,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
