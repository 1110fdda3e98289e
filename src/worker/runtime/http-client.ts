import { AsyncLocalStorage } from 'node:async_hooks';
import { Client, errors, type Dispatcher } from 'undici';
import type { Clock } from '../../clock.js';
import type { HttpClient, RequestOptions, Response } from '../../scenario/http-types.js';
import type { Recorder } from '../../stats/types.js';
import { CookieJar } from './cookie-jar.js';
import { HttpResponse, NO_HEADERS, type ResponseHeaders } from './http-response.js';
import { loopTurns } from './loop-turns.js';
import { classifyNetworkError } from './network-error.js';
import { applyOptions, verdict, withCookie } from './request-options.js';
import { appendQuery, isAbsolute, splitAbsolute, stripQuery } from './request-path.js';

/** What every client of one user class shares (one object, not one per user). */
export interface ClientConfig {
  /** `http://host:port`, no path. */
  readonly origin: string;
  /**
   * `origin` parsed, handed to every Client of the class: undici keeps the URL object it is given
   * (and parses a string into a URL of its own, per Client). Optional; `origin` is parsed when absent.
   */
  readonly originUrl?: URL;
  /** The host's path prefix (`/api`), or '' (prepended to relative paths). */
  readonly basePath: string;
  readonly recorder: Recorder;
  readonly clock: Clock;
  /** undici Client options: one keep-alive connection, shared connector, default timeouts. */
  readonly clientOptions: Client.Options;
}

/** Marks the async context of a user's onStop, the only code that may send after interrupt(). */
const stopping = new AsyncLocalStorage<UserHttpClient>();

/** A promise that never settles: requests made after a stop abort hang, so abandoned tasks stay parked. */
const NEVER = new Promise<never>(() => undefined);

let settle: (client: UserHttpClient, handler: RequestHandler, err: Error | undefined) => void;

/**
 * One virtual user's HTTP client: one undici Client (one keep-alive connection, pipelining 1),
 * default headers, a cookie jar created on the first Set-Cookie. Each request is dispatched with
 * undici's dispatch() (its cheapest path), read in full, recorded as one Sample, and returned.
 */
export class UserHttpClient implements HttpClient {
  readonly headers: Record<string, string> = {};
  readonly #config: ClientConfig;
  #dispatcher: Client | undefined;
  /** Clients for absolute URLs to other origins, made on first use. */
  #others: Map<string, Client> | undefined;
  #jar: CookieJar | undefined;
  /** Bumped by abort(): responses to requests of an older generation are dropped, unrecorded. */
  #generation = 0;
  #closed = false;
  /** Set by drain(): new requests park; those in flight finish and are recorded. */
  #draining = false;
  /** Set by interrupt(): only onStop's requests (run inside whileStopping) are sent. */
  #interrupted = false;
  #inFlight = 0;
  #drained: (() => void) | undefined;
  /** µs the current task started after its scheduled time, or -1 when it has no schedule. */
  #lateUs = -1;

  static {
    settle = (client, handler, err) => client.#settle(handler, err);
  }

  constructor(config: ClientConfig) {
    this.#config = config;
  }

  get(path: string, opts?: RequestOptions): Promise<Response> {
    return this.request('GET', path, opts);
  }

  post(path: string, opts?: RequestOptions): Promise<Response> {
    return this.request('POST', path, opts);
  }

  put(path: string, opts?: RequestOptions): Promise<Response> {
    return this.request('PUT', path, opts);
  }

  patch(path: string, opts?: RequestOptions): Promise<Response> {
    return this.request('PATCH', path, opts);
  }

  delete(path: string, opts?: RequestOptions): Promise<Response> {
    return this.request('DELETE', path, opts);
  }

  head(path: string, opts?: RequestOptions): Promise<Response> {
    return this.request('HEAD', path, opts);
  }

  /**
   * How late (µs, >= 0) the current task started against its schedule (open-model arrival, or a
   * paced user's due time), or -1 for none. Each request sent from now on records
   * `scheduledUs = durationUs + lateUs` as well as its latency from the actual send.
   */
  setLateness(lateUs: number): void {
    this.#lateUs = lateUs;
  }

  request(method: string, path: string, opts?: RequestOptions): Promise<Response> {
    if (this.#closed || this.#draining) return NEVER;
    if (this.#interrupted && stopping.getStore() !== this) return NEVER;
    try {
      return this.#send(method, path, opts);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  #send(method: string, path: string, opts: RequestOptions | undefined): Promise<Response> {
    const config = this.#config;
    let target = path;
    let origin: string | undefined;
    let named = path;
    if (path.charCodeAt(0) !== 47 /* / */) {
      if (!isAbsolute(path)) {
        // A relative path ('users') is taken from the host's base path, like '/users'.
        named = `/${path}`;
        target = config.basePath + named;
      } else {
        const split = splitAbsolute(path);
        target = split.path;
        if (split.origin !== config.origin) origin = split.origin;
      }
    } else if (config.basePath !== '') target = config.basePath + path;
    const cookiePath = stripQuery(target);
    if (opts?.query !== undefined) target = appendQuery(target, opts.query);
    const dispatchOptions: Dispatcher.DispatchOptions = { method, path: target, headers: this.headers, body: null };
    if (opts !== undefined) applyOptions(dispatchOptions, opts);
    const jar = this.#jar;
    if (jar !== undefined && jar.size > 0) {
      const cookie = jar.header(cookiePath, config.clock.now());
      if (cookie !== undefined) withCookie(dispatchOptions, this.headers, cookie);
    }
    let dispatcher: Client;
    if (origin !== undefined) dispatcher = this.#other(origin);
    else dispatcher = this.#dispatcher ??= new Client(config.originUrl ?? config.origin, config.clientOptions);
    const name = opts?.name ?? stripQuery(named);
    const handler = new RequestHandler(method, name, cookiePath, opts, this.#generation, this.#lateUs, this);
    if (opts?.timeout !== undefined) handler.timeoutMs = dispatchOptions.headersTimeout ?? 0;
    const promise = new Promise<Response>((resolve, reject) => {
      handler.resolve = resolve;
      handler.reject = reject;
    });
    handler.start = performance.now();
    this.#inFlight++;
    dispatcher.dispatch(dispatchOptions, handler);
    return promise;
  }

  cookies(path = '/'): Record<string, string> {
    return this.#jar === undefined ? {} : this.#jar.toRecord(path, this.#config.clock.now());
  }

  clearCookies(): void {
    this.#jar?.clear();
  }

  /**
   * Stops new requests (they park and are never sent) and waits up to `ms` for the requests in
   * flight to finish; those are recorded as usual, so every request the target received is counted.
   */
  drain(ms: number): Promise<void> {
    this.#draining = true;
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * Drops every request in flight (they never settle and are not recorded) and closes the
   * connections. Later requests open a new connection. Used when a stop times out.
   */
  abort(): void {
    this.#generation++;
    this.#inFlight = 0;
    this.#draining = false;
    this.#drained = undefined;
    const dispatcher = this.#dispatcher;
    this.#dispatcher = undefined;
    if (dispatcher !== undefined) void dispatcher.destroy();
    if (this.#others !== undefined) {
      for (const other of this.#others.values()) void other.destroy();
      this.#others = undefined;
    }
  }

  /**
   * After a stop interrupted a task (and the drain is over): drops what is still in flight, and from
   * now on sends only requests made inside `whileStopping()` (onStop). Whatever the interrupted task
   * still tries to send parks and is never sent, however deep its await chain.
   */
  interrupt(): void {
    this.abort();
    this.#interrupted = true;
  }

  /**
   * Runs `fn` (the user's onStop) with the right to send after interrupt(). Only a stop that timed
   * out (draining, or interrupted already) can interrupt, so only then is `fn` run in the async
   * context: on Node 20 the first AsyncLocalStorage.run() turns on a promise hook for the whole
   * process, which would slow every later request of every user (about 2× per await chain).
   */
  whileStopping<T>(fn: () => T): T {
    return this.#draining || this.#interrupted ? stopping.run(this, fn) : fn();
  }

  /** Closes the connections; requests made after this never settle. */
  close(): void {
    this.#closed = true;
    this.abort();
  }

  #other(origin: string): Client {
    this.#others ??= new Map();
    let client = this.#others.get(origin);
    if (client === undefined) {
      client = new Client(origin, this.#config.clientOptions);
      this.#others.set(origin, client);
    }
    return client;
  }

  #settle(h: RequestHandler, err: Error | undefined): void {
    if (h.generation !== this.#generation) return;
    if (--this.#inFlight === 0 && this.#drained !== undefined) queueMicrotask(this.#drained);
    const elapsedMs = performance.now() - h.start;
    const durationUs = Math.round(elapsedMs * 1000);
    const scheduledUs = h.lateUs < 0 ? undefined : durationUs + h.lateUs;
    const recorder = this.#config.recorder;
    if (err !== undefined) {
      const error = classifyNetworkError(err);
      if (error === undefined) {
        h.reject(err);
        return;
      }
      loopTurns.count++;
      recorder.record({ method: h.method, name: h.name, durationUs, scheduledUs, ok: false, status: undefined, bytes: h.bytes, error });
      h.resolve(new HttpResponse(0, NO_HEADERS, undefined, h.bytes, elapsedMs, error));
      return;
    }
    loopTurns.count++;
    const headers = h.headers;
    const setCookie = headers['set-cookie'];
    if (setCookie !== undefined) (this.#jar ??= new CookieJar()).store(setCookie, h.cookiePath, this.#config.clock.now());
    const res = new HttpResponse(h.status, headers, h.body, h.bytes, elapsedMs, undefined);
    const error = verdict(res, h.opts);
    if (error !== undefined) {
      res.ok = false;
      res.error = error;
    }
    recorder.record({ method: h.method, name: h.name, durationUs, scheduledUs, ok: error === undefined, status: h.status, bytes: h.bytes, error });
    h.resolve(res);
  }
}

/** undici v7 dispatch handler: collects status, headers and body, then settles the request. */
class RequestHandler implements Dispatcher.DispatchHandler {
  readonly method: string;
  readonly name: string;
  readonly cookiePath: string;
  readonly opts: RequestOptions | undefined;
  readonly generation: number;
  /** The client's lateness when the request was sent (see UserHttpClient.setLateness). */
  readonly lateUs: number;
  readonly #client: UserHttpClient;
  start = 0;
  status = 0;
  headers: ResponseHeaders = NO_HEADERS;
  bytes = 0;
  body: Buffer | Buffer[] | undefined = undefined;
  resolve: (res: Response) => void = noop;
  reject: (err: unknown) => void = noop;
  /**
   * The request's own `timeout` (ms), 0 without one. undici's headers and body timers are coarse
   * (they fire up to about a second late), so a request with its own timeout also gets a native
   * timer: from the send to the headers, then between body chunks.
   */
  timeoutMs = 0;
  #timer: NodeJS.Timeout | undefined = undefined;
  #controller: Dispatcher.DispatchController | undefined = undefined;

  constructor(method: string, name: string, cookiePath: string, opts: RequestOptions | undefined, generation: number, lateUs: number, client: UserHttpClient) {
    this.method = method;
    this.name = name;
    this.cookiePath = cookiePath;
    this.opts = opts;
    this.generation = generation;
    this.lateUs = lateUs;
    this.#client = client;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Its presence selects undici's v7 handler interface.
    if (this.timeoutMs <= 0) return;
    this.#controller = controller;
    this.#timer = setTimeout(RequestHandler.#timedOut, this.timeoutMs, this);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: ResponseHeaders): void {
    this.status = statusCode;
    this.headers = headers;
    this.#timer?.refresh();
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#timer?.refresh();
    this.bytes += chunk.length;
    const body = this.body;
    if (body === undefined) this.body = chunk;
    else if (Array.isArray(body)) body.push(chunk);
    else this.body = [body, chunk];
  }

  onResponseEnd(): void {
    clearTimeout(this.#timer);
    settle(this.#client, this, undefined);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, err: Error): void {
    clearTimeout(this.#timer);
    settle(this.#client, this, err);
  }

  /** The request's own timeout passed: abort it with undici's error, recorded as `timeout`. */
  static #timedOut(this: void, h: RequestHandler): void {
    h.#timer = undefined;
    const controller = h.#controller;
    if (controller === undefined || controller.aborted) return;
    // A status means the headers came: the body stalled.
    controller.abort(h.status !== 0 ? new errors.BodyTimeoutError() : new errors.HeadersTimeoutError());
  }
}

function noop(): void {
  // Replaced before dispatch.
}
