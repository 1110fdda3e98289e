import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { errorReply, parseJsonObject, stringField, type Reply, type RequestContext } from './reply.js';
import type { Prng } from './prng.js';

/**
 * Stateless session tokens: `base64url(username).base64url(hmac)`, signed with a key made when the
 * server starts. Nothing is stored per login, so a long load test does not grow the server's memory.
 */
export class TokenSigner {
  readonly #key = randomBytes(32);

  sign(username: string): string {
    const user = Buffer.from(username, 'utf8').toString('base64url');
    return `${user}.${this.#mac(user)}`;
  }

  /** The username of a valid token, or undefined. */
  verify(token: string): string | undefined {
    const dot = token.indexOf('.');
    if (dot <= 0) return undefined;
    const user = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'utf8');
    const expected = Buffer.from(this.#mac(user), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return Buffer.from(user, 'base64url').toString('utf8');
  }

  #mac(user: string): string {
    return createHmac('sha256', this.#key).update(user).digest('base64url');
  }
}

/** The token of a request: `Authorization: Bearer <token>`, else the `session` cookie. */
export function requestToken(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth !== undefined && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = headers.cookie;
  if (cookie === undefined) return undefined;
  for (const pair of cookie.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === 'session') return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** A 401 reply when the request carries no valid token, else undefined (go on). */
export function requireAuth(signer: TokenSigner, ctx: RequestContext): Reply | undefined {
  const token = requestToken(ctx.headers);
  if (token !== undefined && signer.verify(token) !== undefined) return undefined;
  return {
    ...errorReply(401, 'unauthorized', 'log in with POST /api/auth/login and send "Authorization: Bearer <token>"'),
    headers: { 'www-authenticate': 'Bearer' },
  };
}

/** `POST /api/auth/login {username, password}` → 200 `{token}` plus a `session` cookie; bad body → 400. */
export function loginRoute(signer: TokenSigner, prng: Prng) {
  return (ctx: RequestContext): Reply => {
    const delayMs = prng.between(8, 15);
    const body = parseJsonObject(ctx.body);
    const username = body && stringField(body, 'username');
    const password = body && stringField(body, 'password');
    if (username === undefined || password === undefined) {
      return errorReply(400, 'bad_request', 'send a JSON body {"username": "…", "password": "…"} with non-empty strings', delayMs);
    }
    const token = signer.sign(username);
    return {
      status: 200,
      json: { token, token_type: 'Bearer', expires_in: 3600, username },
      headers: { 'set-cookie': `session=${token}; Path=/; HttpOnly; SameSite=Lax` },
      delayMs,
    };
  };
}
