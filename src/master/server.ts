import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { StampedeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { MAX_FRAME_BYTES, tokenFromHeaders, tokensEqual } from '../protocol/index.js';

export interface MasterServerOptions {
  host: string;
  port: number;
  /** Shared token; undefined disables the check (loopback-only standalone runs always set one). */
  token: string | undefined;
  logger: Logger;
  onConnection(ws: WebSocket, req: IncomingMessage): void;
}

export interface MasterServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/**
 * The master's WebSocket listener. The token is checked on the upgrade request and a wrong
 * one is refused with HTTP 401 before any WebSocket exists (docs/protocol.md).
 */
export async function startMasterServer(opts: MasterServerOptions): Promise<MasterServer> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: true });
  const http: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('stampede master: connect with a WebSocket (stampede --worker)\n');
  });
  let refusedLogged = 0;
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (opts.token !== undefined && !tokensEqual(tokenFromHeaders(req.headers), opts.token)) {
      if (refusedLogged++ < 5) opts.logger.warn({ remote: req.socket.remoteAddress }, 'refused a worker connection: missing or wrong auth token (HTTP 401)');
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-type: text/plain\r\n\r\nwrong or missing auth token: start the worker with --auth-token (or STAMPEDE_AUTH_TOKEN) set to the master\'s token\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => opts.onConnection(ws, req));
  });
  http.on('clientError', (_err, socket) => socket.destroy());
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
