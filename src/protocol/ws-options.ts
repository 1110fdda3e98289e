/** The ws settings both ends must use (REFERENCE.md "msgpackr and ws"). */
import type { ClientOptions, ServerOptions } from 'ws';
import { authHeaders } from './auth.js';
import { MAX_FRAME_BYTES } from './constants.js';
import { urlHost } from '../url-host.js';

/** Time a worker allows for the TCP connect plus the upgrade. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * For the master's WebSocketServer (spread in, then add `noServer` or `server`): no
 * compression (histograms are already compact; deflate cost 3.5–4× the CPU) and frames capped
 * at MAX_FRAME_BYTES (ws closes with 1009 above it).
 */
export const SERVER_WS_OPTIONS = {
  maxPayload: MAX_FRAME_BYTES,
  perMessageDeflate: false,
} as const satisfies ServerOptions;

/** For the worker's WebSocket: the same caps (ws turns compression on in clients unless told). */
export const CLIENT_WS_OPTIONS = {
  maxPayload: MAX_FRAME_BYTES,
  perMessageDeflate: false,
  handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
} as const satisfies ClientOptions;

/** CLIENT_WS_OPTIONS plus the token header (when there is a token). */
export function wsClientOptions(token: string | undefined): ClientOptions {
  return { ...CLIENT_WS_OPTIONS, headers: authHeaders(token) };
}

/** The URL a worker connects to. */
export function masterUrl(host: string, port: number): string {
  return `ws://${urlHost(host)}:${port}/`;
}
