/**
 * Checks that come before routing: the Host header (DNS rebinding), the Origin of cross-site
 * requests, and CORS when `--web-cors ORIGIN` asks for it. Pure functions of the request headers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './reply.js';

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOST.test(host);
}

/** The host name of a Host header, without the port. */
export function hostName(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return colon < 0 ? hostHeader : hostHeader.slice(0, colon);
}

/**
 * A server bound to loopback only answers requests addressed to a loopback name, so a web page
 * whose DNS name was rebound to 127.0.0.1 cannot read the API or start a run.
 */
export function checkHost(headers: IncomingHttpHeaders, boundToLoopback: boolean): void {
  if (!boundToLoopback) return;
  const host = headers.host;
  if (host === undefined || !isLoopback(hostName(host))) {
    throw new HttpError(403, `this master's web server listens on loopback and only answers requests for localhost or 127.0.0.1 (Host was ${host === undefined ? 'missing' : `"${host}"`}): bind it with --web-host to serve other names`);
  }
}

/** True when the Origin header names the page's own server (scheme-less compare on host:port). */
function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The CORS origin to allow for this request, or null for no CORS headers. */
export function corsOrigin(headers: IncomingHttpHeaders, cors: string | undefined): string | null {
  const origin = headers.origin;
  if (cors === undefined || origin === undefined) return null;
  if (cors === '*') return '*';
  return origin === cors ? cors : null;
}

/**
 * Refuses a state-changing request sent by a page of another origin (a cross-site form post,
 * for example), unless CORS allows that origin.
 */
export function checkOrigin(method: string, headers: IncomingHttpHeaders, cors: string | undefined): void {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return;
  const origin = headers.origin;
  if (origin === undefined || sameOrigin(origin, headers.host) || corsOrigin(headers, cors) !== null) return;
  throw new HttpError(403, `cross-origin ${method} from ${origin} refused: start the master with --web-cors ${origin} to allow that page`);
}

/** CORS response headers for an allowed origin. */
export function corsHeaders(allowed: string): Record<string, string> {
  return allowed === '*' ? { 'access-control-allow-origin': '*' } : { 'access-control-allow-origin': allowed, vary: 'Origin' };
}

/** The answer to a CORS preflight for a route that allows `methods`. */
export function preflightHeaders(allowed: string, methods: readonly string[]): Record<string, string> {
  return {
    ...corsHeaders(allowed),
    'access-control-allow-methods': methods.join(', '),
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '600',
  };
}
