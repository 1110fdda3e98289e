/**
 * The shared token. A worker sends it in the upgrade request (`authorization: Bearer <token>`);
 * the master compares it in constant time and refuses a wrong one with HTTP 401 before upgrading.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const AUTH_HEADER = 'authorization';
const SCHEME = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The header value for a token. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** Headers for the worker's upgrade request (none without a token). */
export function authHeaders(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { [AUTH_HEADER]: bearer(token) };
}

/** The token of an upgrade request's `authorization: Bearer …` header, or undefined. */
export function tokenFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[AUTH_HEADER];
  if (typeof value !== 'string') return undefined;
  return SCHEME.exec(value)?.[1];
}

/**
 * Compares a presented token with the expected one in time independent of where they differ
 * (both are hashed first, so their lengths leak nothing either). Undefined never matches.
 */
export function tokensEqual(presented: string | undefined, expected: string): boolean {
  const a = createHash('sha256').update(presented ?? '').digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented !== undefined;
}

/** A fresh random token (256 bits, base64url), e.g. for a standalone run's loopback workers. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}
