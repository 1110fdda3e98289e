import type { Dispatcher } from 'undici';
import { StampedeError } from '../../errors.js';
import type { OkStatus, RequestOptions, Response } from '../../scenario/http-types.js';

/** Per-request options onto undici's dispatch options (headers are copied only when they change). */
export function applyOptions(d: Dispatcher.DispatchOptions, opts: RequestOptions): void {
  const base = d.headers as Record<string, string>;
  if (opts.json !== undefined) {
    d.body = JSON.stringify(opts.json);
    const headers: Record<string, string> = { ...base, ...opts.headers };
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    d.headers = headers;
  } else {
    if (opts.body !== undefined) d.body = opts.body;
    if (opts.headers !== undefined) d.headers = { ...base, ...opts.headers };
  }
  if (opts.timeout !== undefined) {
    if (typeof opts.timeout !== 'number' || !(opts.timeout > 0) || !Number.isFinite(opts.timeout)) {
      throw new StampedeError('STAMPEDE_ERR_LOADFILE', `request timeout must be a number of seconds above 0; got ${String(opts.timeout)}`);
    }
    const ms = Math.max(1, Math.round(opts.timeout * 1000));
    d.headersTimeout = ms;
    d.bodyTimeout = ms;
  }
  if (opts.okStatus !== undefined && !isOkStatusSpec(opts.okStatus)) {
    throw new StampedeError('STAMPEDE_ERR_LOADFILE', 'okStatus must be a status number, an array of them, or a function (status) => boolean');
  }
}

/** Adds the jar's cookies to the request's headers (after any cookie header of the user's). */
export function withCookie(d: Dispatcher.DispatchOptions, base: Record<string, string>, cookie: string): void {
  const headers = d.headers === base ? { ...base } : (d.headers as Record<string, string>);
  const own = headers.cookie ?? headers.Cookie;
  headers.cookie = own === undefined || own === '' ? cookie : `${own}; ${cookie}`;
  if (headers.Cookie !== undefined) delete headers.Cookie;
  d.headers = headers;
}

function hasHeader(headers: Record<string, string>, lower: string): boolean {
  for (const key in headers) if (key.toLowerCase() === lower) return true;
  return false;
}

function isOkStatusSpec(spec: unknown): spec is OkStatus {
  return typeof spec === 'number' || typeof spec === 'function' || (Array.isArray(spec) && spec.every((s) => typeof s === 'number'));
}

/** The failure text for a response, or undefined when it counts as a success. */
export function verdict(res: Response, opts: RequestOptions | undefined): string | undefined {
  const status = res.status;
  const okStatus = opts?.okStatus;
  let ok: boolean;
  if (okStatus === undefined) ok = status >= 200 && status < 400;
  else if (typeof okStatus === 'number') ok = status === okStatus;
  else if (typeof okStatus === 'function') {
    try {
      ok = okStatus(status);
    } catch (err) {
      return `okStatus threw: ${messageOf(err)}`;
    }
  } else ok = okStatus.includes(status);
  if (!ok) return `HTTP ${status}`;
  const check = opts?.check;
  if (check === undefined) return undefined;
  try {
    return check(res) ? undefined : 'check failed';
  } catch (err) {
    return `check threw: ${messageOf(err)}`;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
