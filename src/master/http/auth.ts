/**
 * Bearer-token checks for the web API (`--web-auth-token`). Without a token nothing is protected.
 * With one, mutating routes need it, and reads need it too when `authRead` is set. Health probes
 * and the UI's static files are always open (they carry no data).
 *
 * No token in the request: 401 with `WWW-Authenticate: Bearer`. A wrong token: 403.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AUTH_HEADER, tokenFromHeaders, tokensEqual } from '../../protocol/auth.js';
import { HttpError } from './reply.js';
import type { Access } from './router.js';

export interface AuthPolicy {
  token: string | undefined;
  protectReads: boolean;
}

/** True when a route with this access needs the token under the policy. */
export function needsToken(access: Access, policy: AuthPolicy): boolean {
  if (policy.token === undefined || access === 'open') return false;
  return access === 'write' || policy.protectReads;
}

/** Throws HttpError 401/403 unless the request may use a route with `access`. */
export function checkAuth(access: Access, headers: IncomingHttpHeaders, policy: AuthPolicy): void {
  if (!needsToken(access, policy)) return;
  const presented = tokenFromHeaders(headers);
  if (presented === undefined) {
    const what = headers[AUTH_HEADER] === undefined ? 'no token was sent' : 'the authorization header is not "Bearer <token>"';
    throw new HttpError(401, `this route needs the web API token (${what}): send "Authorization: Bearer <token>" with the master's --web-auth-token`, {
      headers: { 'www-authenticate': 'Bearer realm="stampede"' },
    });
  }
  if (!tokensEqual(presented, policy.token!)) {
    throw new HttpError(403, "wrong web API token: use the master's --web-auth-token (or STAMPEDE_WEB_AUTH_TOKEN)");
  }
}
