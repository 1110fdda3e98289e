/**
 * Stable error classes for requests that got no (complete) response. These strings are what the
 * failures report groups by, so they never contain addresses, ports or timings.
 */

/** System error codes kept as they are. */
const SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'EMFILE',
  'ENFILE',
]);

/** undici's own codes, mapped to the class a user recognises. */
const UNDICI_CODES: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_ABORTED: 'ECONNABORTED',
  UND_ERR_DESTROYED: 'ECONNABORTED',
  UND_ERR_CLOSED: 'ECONNABORTED',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'content-length mismatch',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'response too large',
  UND_ERR_HEADERS_OVERFLOW: 'headers too large',
  UND_ERR_INFO: 'bad response',
  UND_ERR_NOT_SUPPORTED: 'not supported',
};

/** Codes that mean the request itself was malformed: a bug in the loadfile, thrown to the task. */
const CALLER_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE']);

/**
 * The error class for a failed request, or undefined when the error is the caller's mistake
 * (an invalid header, method or body), which the client throws instead.
 */
export function classifyNetworkError(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    if (CALLER_CODES.has(code)) return undefined;
    if (SYSTEM_CODES.has(code)) return code;
    const mapped = UNDICI_CODES[code];
    if (mapped !== undefined) return mapped;
    if (code.startsWith('HPE_')) return `bad response (${code})`;
    return code;
  }
  if (err instanceof TypeError) return undefined;
  return err instanceof Error ? err.name : 'unknown error';
}
