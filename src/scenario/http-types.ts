/**
 * The HTTP client as loadfiles see it (`this.client`). The implementation is the worker's
 * (src/worker/runtime/http-client.ts); only these types are public.
 */

/** Which statuses count as a success: one status, a list, or a predicate. Default: 200–399. */
export type OkStatus = number | readonly number[] | ((status: number) => boolean);

export type QueryValue = string | number | boolean;

export interface RequestOptions {
  /** The name the request is recorded under (group URLs: `/api/users/{id}`). Default: the path without its query. */
  name?: string;
  /** A value sent as JSON (sets `content-type: application/json` unless you set it). */
  json?: unknown;
  /** A raw body. Ignored when `json` is given. */
  body?: string | Uint8Array;
  /** Headers for this request; they override the client's default `headers`. */
  headers?: Record<string, string>;
  /** Query parameters, appended to the path (arrays repeat the key). */
  query?: Record<string, QueryValue | readonly QueryValue[]>;
  /** Seconds to wait for the headers, and then between body chunks. Default 60. */
  timeout?: number;
  /** Statuses that count as a success. Default 200–399. */
  okStatus?: OkStatus;
  /**
   * Extra check on a response whose status is ok. Returning a falsy value fails the request
   * (`check failed`); throwing fails it too (`check threw: <message>`). Not called otherwise.
   */
  check?: (res: Response) => boolean;
}

/** A response, already read in full: `text()` and `json()` are synchronous. */
export interface Response {
  /** The HTTP status, or 0 when no response came (see `error`). */
  readonly status: number;
  /** Response headers, lower-case names; repeated headers are arrays. Empty when status is 0. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Whether the request was recorded as a success (status accepted and check passed). */
  readonly ok: boolean;
  /**
   * Why it failed, as recorded: `HTTP 503`, `check failed`, `check threw: …`, or a network error
   * class (`ECONNREFUSED`, `ECONNRESET`, `timeout`, `connect timeout`, `ENOTFOUND`, `EPIPE`, …).
   */
  readonly error: string | undefined;
  /** Body bytes received. */
  readonly bytes: number;
  /** From the send to the end of the body, in milliseconds. */
  readonly elapsedMs: number;
  /** The body decoded as UTF-8 ('' when there is none). */
  text(): string;
  /** The body parsed as JSON; throws a SyntaxError if it is not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loadfiles read fields without declaring types
  json<T = any>(): T;
}

/**
 * One virtual user's HTTP client, bound to the host. One keep-alive connection per user; a cookie
 * jar per user. Network errors and timeouts never throw: they resolve with status 0 and `error` set.
 * Paths are relative to the host; an absolute `http(s)://` URL may also be given.
 */
export interface HttpClient {
  /** Headers sent with every request of this user (change them freely, e.g. `authorization`). */
  readonly headers: Record<string, string>;
  get(path: string, opts?: RequestOptions): Promise<Response>;
  post(path: string, opts?: RequestOptions): Promise<Response>;
  put(path: string, opts?: RequestOptions): Promise<Response>;
  patch(path: string, opts?: RequestOptions): Promise<Response>;
  delete(path: string, opts?: RequestOptions): Promise<Response>;
  head(path: string, opts?: RequestOptions): Promise<Response>;
  /** Any method (upper-case, e.g. `OPTIONS`). */
  request(method: string, path: string, opts?: RequestOptions): Promise<Response>;
  /** The cookies the jar would send to `path` now (name → value). */
  cookies(path?: string): Record<string, string>;
  clearCookies(): void;
}
