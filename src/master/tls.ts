/**
 * TLS for the master's two listeners (`--tls-cert`, `--tls-key`): the worker port then speaks wss
 * and the web UI/API https. One place builds the listener so both refuse a bad pair the same way.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { StampedeError } from '../errors.js';

/** A PEM certificate (chain) and its private key, as read from `--tls-cert` and `--tls-key`. */
export interface TlsFiles {
  cert: string | Buffer;
  key: string | Buffer;
}

export type Listener = HttpServer | HttpsServer;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A plain HTTP server, or an HTTPS one when `tls` is given. A certificate or key that OpenSSL
 * cannot use (not PEM, or a key that does not belong to the certificate) is a usage error.
 */
export function createListener(tls: TlsFiles | undefined, handler: Handler): Listener {
  if (tls === undefined) return createHttpServer(handler);
  try {
    return createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, handler);
  } catch (err) {
    throw new StampedeError(
      'STAMPEDE_ERR_USAGE',
      `--tls-cert/--tls-key cannot be used (${(err as Error).message}): give a PEM certificate (with its chain) and the PEM private key that belongs to it`,
    );
  }
}

/** `https` or `http`, for URLs that name a listener. */
export function schemeOf(tls: TlsFiles | undefined): 'https' | 'http' {
  return tls === undefined ? 'http' : 'https';
}
