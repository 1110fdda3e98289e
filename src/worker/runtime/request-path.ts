import { StampedeError } from '../../errors.js';
import type { QueryValue, RequestOptions } from '../../scenario/http-types.js';

/** `s` up to its first `?` (the whole string when there is none). */
export function stripQuery(s: string): string {
  const q = s.indexOf('?');
  return q < 0 ? s : s.slice(0, q);
}

/** Appends query parameters to a path that may already have a query. Arrays repeat the key. */
export function appendQuery(path: string, query: NonNullable<RequestOptions['query']>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly QueryValue[]) params.append(key, String(v));
    else params.append(key, String(value as QueryValue));
  }
  const qs = params.toString();
  if (qs === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${qs}`;
}

/** An absolute `http(s)://` URL split into its origin and its path with query. */
export function splitAbsolute(url: string): { origin: string; path: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badPath(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badPath(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

/** True for `scheme://…` (only http and https pass splitAbsolute). */
export function isAbsolute(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

function badPath(url: string): StampedeError {
  return new StampedeError(
    'STAMPEDE_ERR_LOADFILE',
    `request path ${JSON.stringify(url)} is neither a path starting with / nor an http(s):// URL`,
  );
}
