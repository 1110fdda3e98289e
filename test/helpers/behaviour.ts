import type { ServerResponse } from 'node:http';
import type { Latency } from './latency.js';

/**
 * What the counting server does with a request to one path.
 * - `answer` (default): after the latency, send status, headers and body.
 * - `never`: read the request and never answer (the socket stays open until the client or close()).
 * - `destroy`: after the latency, destroy the socket without a response (the client sees a reset).
 * - `slow-headers`: after the latency, send the status line at once, the other header lines
 *   `slowMs` later, then the body, then close the connection (raw bytes, `Connection: close`).
 * - `slow-body`: after the latency, send the headers at once and the body `slowMs` later.
 */
export type Action = 'answer' | 'never' | 'destroy' | 'slow-headers' | 'slow-body';

export interface PathBehaviour {
  action?: Action;
  /** Default 200. */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Response body; default `ok` (text/plain). Ignored when `json` or `bodyBytes` is given. */
  body?: string | Buffer;
  /** Response body as JSON (sets content-type). */
  json?: unknown;
  /** A generated body of exactly this many bytes, streamed in 64 KiB chunks with backpressure. */
  bodyBytes?: number;
  /** Delay before the answer starts: fixed ms or a deterministic distribution. Default 0. */
  latencyMs?: Latency;
  /** The gap used by `slow-headers` and `slow-body`. Default 1000 ms. */
  slowMs?: number;
  /** Answer with `Connection: close`, so the client must open a new connection next time. */
  closeConnection?: boolean;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x78);

/**
 * Writes an `answer` (or a `slow-body` answer when `bodyDelay` is given). Resolves true once the
 * whole answer is handed to the socket, false when the client went away first.
 */
export async function writeAnswer(res: ServerResponse, b: PathBehaviour, bodyDelay?: () => Promise<void>): Promise<boolean> {
  const { body, type } = bodyOf(b);
  const length = b.bodyBytes ?? body.length;
  const headers: Record<string, string | number> = { 'content-type': type, 'content-length': length, ...b.headers };
  if (b.closeConnection === true) headers.connection = 'close';
  res.writeHead(b.status ?? 200, headers);
  if (bodyDelay !== undefined) {
    res.flushHeaders();
    await bodyDelay();
    if (res.destroyed) return false;
  }
  if (b.bodyBytes === undefined) {
    res.end(body);
    return true;
  }
  let left = b.bodyBytes;
  while (left > 0 && !res.destroyed) {
    const n = Math.min(left, CHUNK.length);
    left -= n;
    if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) await drained(res);
  }
  if (res.destroyed) return false;
  res.end();
  return true;
}

/** The raw bytes of a `slow-headers` answer: the status line, then the rest. */
export function slowHeaderParts(b: PathBehaviour): { first: string; rest: Buffer } {
  const { body, type } = bodyOf({ ...b, bodyBytes: undefined });
  const status = b.status ?? 200;
  const lines = [`content-type: ${type}`, `content-length: ${body.length}`, 'connection: close'];
  for (const [k, v] of Object.entries(b.headers ?? {})) lines.push(`${k}: ${v}`);
  return { first: `HTTP/1.1 ${status} SLOW\r\n`, rest: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]) };
}

function bodyOf(b: PathBehaviour): { body: Buffer; type: string } {
  if (b.json !== undefined) return { body: Buffer.from(JSON.stringify(b.json)), type: 'application/json' };
  if (b.bodyBytes !== undefined) return { body: Buffer.alloc(0), type: 'application/octet-stream' };
  const body = b.body ?? 'ok';
  return { body: typeof body === 'string' ? Buffer.from(body) : body, type: 'text/plain' };
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
