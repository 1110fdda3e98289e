import type { WebSocket } from 'ws';
import type { Logger } from '../logger.js';
import { encode, decodeWorkerMessage, ProtocolError, CloseCode, closeReason, type MasterMessage, type WorkerMessage } from '../protocol/index.js';
import { printable, type LogLimiter } from './log-limiter.js';

/**
 * One worker connection as the master sees it: decode in, encode out, liveness. A bad frame
 * closes it with the documented code (4000, or 1009 from ws above the frame limit, 1002 for broken
 * WebSocket framing); the log line for each reason is rate-limited, since anyone who reaches
 * the port can send them.
 */
export class WorkerPeer {
  readonly remote: string;
  lastSeen: number;
  #ws: WebSocket;
  #closed = false;
  #onMessage: (msg: WorkerMessage) => void = () => {};
  #onClose: (code: number, reason: string) => void = () => {};

  constructor(ws: WebSocket, remote: string, now: number, logger: Logger, limiter: LogLimiter) {
    this.#ws = ws;
    this.remote = remote;
    this.lastSeen = now;
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.#closed) return;
      this.lastSeen = performance.timeOrigin + performance.now();
      let msg: WorkerMessage;
      try {
        if (!isBinary) throw new ProtocolError('STAMPEDE_ERR_PROTOCOL_BAD_FRAME', 'text frames are not part of the protocol');
        msg = decodeWorkerMessage(data);
      } catch (err) {
        const code = err instanceof ProtocolError ? err.closeCode : CloseCode.BAD_FRAME;
        const why = err instanceof ProtocolError ? err.code : 'STAMPEDE_ERR_PROTOCOL_BAD_FRAME';
        limiter.log(logger, 'warn', `bad-frame:${why}:${code}`, { remote, code, err: printable((err as Error).message) }, 'closing a worker connection: bad frame');
        this.close(code, (err as Error).message);
        return;
      }
      this.#onMessage(msg);
    });
    ws.on('pong', () => {
      this.lastSeen = performance.timeOrigin + performance.now();
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.#closed = true;
      this.#onClose(code, reason.toString());
    });
    // ws emits an error (then closes: 1009 over the frame limit, 1002 for broken framing) for
    // frames it cannot read, and for sockets that fail.
    ws.on('error', (err: Error & { code?: unknown }) => {
      const code = typeof err.code === 'string' && err.code.startsWith('WS_ERR_') ? err.code : 'socket';
      limiter.log(logger, code === 'socket' ? 'debug' : 'warn', `ws-error:${code}`, { remote, err: err.message }, 'closing a worker connection: unreadable WebSocket frame');
    });
  }

  get open(): boolean {
    return !this.#closed;
  }

  onMessage(fn: (msg: WorkerMessage) => void): void {
    this.#onMessage = fn;
  }

  onClose(fn: (code: number, reason: string) => void): void {
    this.#onClose = fn;
  }

  send(msg: MasterMessage): void {
    if (this.#closed) return;
    this.#ws.send(encode(msg), { binary: true });
  }

  ping(): void {
    if (!this.#closed) this.#ws.ping();
  }

  /**
   * Sends pending frames, then closes with a documented code. The reason is cut to the 123 bytes
   * RFC 6455 allows (ws throws above that, and reasons quote peer input: multi-byte text).
   */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ws.close(code, closeReason(reason));
    const ws = this.#ws;
    setTimeout(() => ws.terminate(), 2000).unref();
  }

  terminate(): void {
    this.#closed = true;
    this.#ws.terminate();
  }
}
