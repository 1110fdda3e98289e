import type { Response } from '../../scenario/http-types.js';

/** Response headers as undici parses them (lower-case names, repeated ones as arrays). */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

export const NO_HEADERS: ResponseHeaders = Object.freeze({});

/** A fully read response. The body is kept as received and decoded on first use. */
export class HttpResponse implements Response {
  readonly status: number;
  readonly headers: ResponseHeaders;
  ok: boolean;
  error: string | undefined;
  readonly bytes: number;
  readonly elapsedMs: number;
  #body: Buffer | Buffer[] | undefined;
  #text: string | undefined;

  constructor(status: number, headers: ResponseHeaders, body: Buffer | Buffer[] | undefined, bytes: number, elapsedMs: number, error: string | undefined) {
    this.status = status;
    this.headers = headers;
    this.ok = error === undefined;
    this.error = error;
    this.bytes = bytes;
    this.elapsedMs = elapsedMs;
    this.#body = body;
    this.#text = undefined;
  }

  text(): string {
    if (this.#text === undefined) {
      const body = this.#body;
      this.#text = body === undefined ? '' : Array.isArray(body) ? Buffer.concat(body).toString('utf8') : body.toString('utf8');
      this.#body = undefined;
    }
    return this.#text;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see Response.json
  json<T = any>(): T {
    return JSON.parse(this.text()) as T;
  }
}
