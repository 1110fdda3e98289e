import { WebSocket } from 'ws';
import type { Logger } from '../logger.js';
import { StampedeError } from '../errors.js';
import {
  CLIENT_WS_OPTIONS,
  CloseCode,
  shouldReconnect,
  decodeMasterMessage,
  encode,
  quit,
  authHeaders,
  type MasterMessage,
  type WorkerMessage,
} from '../protocol/index.js';

export interface ConnectionOptions {
  url: string;
  token: string | undefined;
  logger: Logger;
  /** Keep retrying for this long after a start or a drop, then give up. */
  connectTimeoutMs: number;
  /** No frame or ping from the master for this long: assume the link is dead and reconnect. */
  silenceTimeoutMs: number;
  /** For a wss:// url: CA certificate(s) (PEM) the master's certificate must chain to; default Node's store. */
  ca?: string | Buffer;
  onOpen(): void;
  onMessage(msg: MasterMessage): void;
  /** Fatal: the master refused us, or it stayed unreachable past the timeout. */
  onFatal(err: StampedeError): void;
}


/** OpenSSL's and Node's codes for a certificate that failed verification. */
const CERT_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/;

/**
 * The worker's link to the master: connects (the master may not be up yet), reconnects with
 * backoff after a drop, and gives up after the connect timeout. Frames are msgpack.
 */
export class MasterConnection {
  #o: ConnectionOptions;
  #ws: WebSocket | null = null;
  #closing = false;
  #downSince = Date.now();
  #attempt = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #silenceTimer: NodeJS.Timeout | null = null;
  /** The socket or TLS error of the last failed attempt, for the give-up message. */
  #lastError: string | null = null;
  #certWarned = false;

  constructor(options: ConnectionOptions) {
    this.#o = options;
  }

  get connected(): boolean {
    return this.#ws !== null && this.#ws.readyState === WebSocket.OPEN;
  }

  start(): void {
    this.#downSince = Date.now();
    this.#connect();
  }

  /** Sends `msg` (as `frame` when the caller has already encoded it); false when the link is down. */
  send(msg: WorkerMessage, frame?: Uint8Array): boolean {
    const ws = this.#ws;
    if (ws === null || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(frame ?? encode(msg), { binary: true });
    return true;
  }

  /** Closes on purpose (1000: the master sees a worker leaving, not a lost one). */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#silenceTimer) clearTimeout(this.#silenceTimer);
    const ws = this.#ws;
    if (ws === null || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1000, 'worker leaving');
      setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2000).unref();
    });
  }

  #connect(): void {
    if (this.#closing) return;
    this.#attempt += 1;
    const ca = this.#o.ca;
    const ws = new WebSocket(this.#o.url, { ...CLIENT_WS_OPTIONS, headers: authHeaders(this.#o.token), ...(ca === undefined ? {} : { ca }) });
    ws.binaryType = 'nodebuffer';
    this.#ws = ws;
    let refused = false;
    ws.on('open', () => {
      this.#attempt = 0;
      this.#lastError = null;
      this.#o.logger.info({ url: this.#o.url }, 'connected to master');
      this.#armSilence();
      this.#o.onOpen();
    });
    ws.on('ping', () => this.#armSilence());
    ws.on('message', (data: Buffer) => {
      this.#armSilence();
      let msg: MasterMessage;
      try {
        msg = decodeMasterMessage(data);
      } catch (err) {
        this.#o.logger.error({ err: (err as Error).message }, 'the master sent a frame this worker cannot decode; reconnecting');
        ws.terminate();
        return;
      }
      this.#o.onMessage(msg);
    });
    ws.on('unexpected-response', (_req, res) => {
      refused = true;
      const status = res.statusCode ?? 0;
      res.resume();
      ws.terminate();
      if (status === 401) {
        this.#fatal(new StampedeError('STAMPEDE_ERR_MASTER_REFUSED', `the master at ${this.#o.url} refused the auth token (HTTP 401): set --auth-token / STAMPEDE_AUTH_TOKEN to the master's token`));
      } else {
        this.#scheduleRetry(`HTTP ${status}`);
      }
    });
    ws.on('error', (err: Error & { code?: unknown }) => this.#onError(err));
    ws.on('close', (code: number, reason: Buffer) => {
      if (this.#silenceTimer) clearTimeout(this.#silenceTimer);
      if (this.#ws === ws) this.#ws = null;
      if (this.#closing || refused) return;
      if (code === CloseCode.MASTER_QUIT) {
        this.#o.onMessage(quit());
        return;
      }
      if (!shouldReconnect(code)) {
        this.#fatal(new StampedeError('STAMPEDE_ERR_MASTER_REFUSED', `the master closed the connection (${code}): ${reason.toString() || 'refused'}`));
        return;
      }
      if (this.#attempt === 0) {
        this.#downSince = Date.now();
        this.#o.logger.warn({ code, reason: reason.toString() }, 'lost the master connection; reconnecting');
      }
      this.#scheduleRetry(`closed ${code}`);
    });
  }

  /** Connection errors are retried; a certificate the worker does not trust is said once, at warn. */
  #onError(err: Error & { code?: unknown }): void {
    const code = typeof err.code === 'string' ? err.code : '';
    this.#lastError = code === '' ? err.message : `${code}: ${err.message}`;
    if (CERT_ERROR.test(code) && !this.#certWarned) {
      this.#certWarned = true;
      this.#o.logger.warn({ code, err: err.message }, "the master's TLS certificate is not trusted: pass --master-ca FILE with the CA that signed it, and connect with the name (or IP) the certificate was issued for");
      return;
    }
    this.#o.logger.debug({ err: err.message }, 'master connection error');
  }

  #scheduleRetry(why: string): void {
    if (this.#closing) return;
    const down = Date.now() - this.#downSince;
    if (down >= this.#o.connectTimeoutMs) {
      const last = this.#lastError === null ? '' : `, last error ${this.#lastError}`;
      this.#fatal(new StampedeError('STAMPEDE_ERR_MASTER_UNREACHABLE', `gave up on the master at ${this.#o.url} after ${Math.round(down / 1000)} s (${why}${last}): check --master-host/--master-port and that the master runs, or raise --master-connect-timeout`));
      return;
    }
    const delay = Math.min(5000, 100 * 2 ** Math.min(this.#attempt, 6)) * (0.75 + Math.random() * 0.5);
    if (this.#attempt === 1 || this.#attempt % 10 === 0) this.#o.logger.info({ why, attempt: this.#attempt }, 'waiting for the master');
    this.#retryTimer = setTimeout(() => this.#connect(), Math.min(delay, this.#o.connectTimeoutMs - down));
  }

  #armSilence(): void {
    if (this.#silenceTimer) clearTimeout(this.#silenceTimer);
    this.#silenceTimer = setTimeout(() => {
      this.#o.logger.warn('no heartbeat from the master; reconnecting');
      this.#ws?.terminate();
    }, this.#o.silenceTimeoutMs);
  }

  #fatal(err: StampedeError): void {
    this.#closing = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#o.onFatal(err);
  }
}
