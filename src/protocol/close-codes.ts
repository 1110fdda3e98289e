/**
 * WebSocket close codes of the protocol (4000–4999 is the application range of RFC 6455),
 * plus the standard 1009. docs/protocol.md lists each with what the worker does next.
 */
export const CloseCode = {
  /** A frame could not be decoded, or its message has the wrong shape or an unknown type. */
  BAD_FRAME: 4000,
  /** hello.protocolVersion differs from the master's PROTOCOL_VERSION. */
  VERSION_MISMATCH: 4001,
  /** Another live worker process (a different `instance`) is connected with this workerId. */
  DUPLICATE_WORKER_ID: 4002,
  /** A valid message arrived in a state where it makes no sense (e.g. report before hello). */
  UNEXPECTED_MESSAGE: 4003,
  /** The master is shutting down, or told the worker to quit. */
  MASTER_QUIT: 4004,
  /** The master heard nothing from the worker for the heartbeat timeout: it is lost. */
  HEARTBEAT_TIMEOUT: 4005,
  /** The run was aborted (a threshold with abortOnFail, or a lost worker under --on-worker-loss abort). */
  RUN_ABORTED: 4006,
  /** Standard: the frame was larger than MAX_FRAME_BYTES (ws closes with it by itself). */
  MESSAGE_TOO_BIG: 1009,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/** HTTP status of an upgrade request with a missing or wrong token: refused before any WebSocket exists. */
export const UNAUTHORIZED_STATUS = 401;

interface CloseCodeInfo {
  readonly name: CloseCodeName;
  readonly meaning: string;
  /** Whether a worker should connect again after this close (with backoff), or give up. */
  readonly reconnect: boolean;
}

const INFO: Readonly<Record<CloseCodeValue, CloseCodeInfo>> = {
  4000: { name: 'BAD_FRAME', meaning: 'bad frame: undecodable or wrong shape', reconnect: false },
  4001: { name: 'VERSION_MISMATCH', meaning: 'protocol version mismatch: run the same stampede version on master and workers', reconnect: false },
  4002: { name: 'DUPLICATE_WORKER_ID', meaning: 'duplicate worker id: another live worker process uses it', reconnect: false },
  4003: { name: 'UNEXPECTED_MESSAGE', meaning: 'unexpected message for the connection state', reconnect: false },
  4004: { name: 'MASTER_QUIT', meaning: 'master shutting down, or told the worker to quit', reconnect: false },
  4005: { name: 'HEARTBEAT_TIMEOUT', meaning: 'heartbeat timeout: the master had not heard from the worker (lost)', reconnect: true },
  4006: { name: 'RUN_ABORTED', meaning: 'run aborted', reconnect: false },
  1009: { name: 'MESSAGE_TOO_BIG', meaning: 'message too big: a frame exceeded MAX_FRAME_BYTES', reconnect: false },
};

/** What a close code means, for logs; codes outside the protocol are described generically. */
export function describeCloseCode(code: number): string {
  const info = (INFO as Partial<Record<number, CloseCodeInfo>>)[code];
  if (info !== undefined) return `${code} ${info.meaning}`;
  if (code === 1000) return '1000 normal closure';
  if (code === 1001) return '1001 going away';
  if (code === 1006) return '1006 connection dropped without a close frame';
  return `${code} (not a stampede close code)`;
}

/**
 * Whether a worker should reconnect after the connection closed with `code`. Protocol codes say
 * so in their table; any other code (1006 dropped, 1001 going away, …) is a network event: retry.
 */
export function shouldReconnect(code: number): boolean {
  const info = (INFO as Partial<Record<number, CloseCodeInfo>>)[code];
  return info === undefined ? true : info.reconnect;
}

/** Every protocol close code with its name and meaning, in code order (for docs and tests). */
export function closeCodeTable(): ReadonlyArray<{ code: CloseCodeValue } & CloseCodeInfo> {
  return (Object.values(CloseCode) as CloseCodeValue[]).sort((a, b) => a - b).map((code) => ({ code, ...INFO[code] }));
}

const MAX_REASON_BYTES = 123;

/** A close reason cut to the 123 bytes RFC 6455 allows, without splitting a UTF-8 character. */
export function closeReason(text: string): string {
  if (Buffer.byteLength(text) <= MAX_REASON_BYTES) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > MAX_REASON_BYTES - 3) break;
    out += ch;
    bytes += n;
  }
  return `${out}...`;
}
