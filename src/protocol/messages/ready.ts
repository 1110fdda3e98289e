import { message, Shape } from '../check.js';
import { LIMITS } from '../constants.js';
import type { MessageSpec } from '../spec.js';

export const READY = 'ready';

/** An error as it crosses the wire (STYLE.md rule 3). */
export interface WireError {
  /** A stable upper-case code: STAMPEDE_ERR_… (or a Node code such as ERR_MODULE_NOT_FOUND, ENOENT). */
  code: string;
  message: string;
}

/** Worker → master, once per `bundle`: the bundle loaded (no error), or why it did not. */
export interface ReadyMessage {
  t: typeof READY;
  /** The hash of the bundle this answers. */
  hash: string;
  error?: WireError;
}

export function ready(hash: string, error?: WireError): ReadyMessage {
  return error === undefined ? { t: READY, hash } : { t: READY, hash, error: { code: error.code, message: error.message } };
}

const SHAPE = new Shape(['t', 'hash'], ['error']);
const ERROR = new Shape(['code', 'message']);
const CODE = /^[A-Z][A-Z0-9_]*$/;

export function decodeReady(u: unknown): ReadyMessage {
  const f = message(u, READY, SHAPE);
  const hash = f.str('hash', LIMITS.hashChars, 1);
  if (!f.has('error')) return { t: READY, hash };
  const e = f.fields('error', ERROR);
  const code = e.str('code', LIMITS.errorCodeChars, 1);
  e.require(CODE.test(code), 'code', 'an upper-case error code such as STAMPEDE_ERR_LOADFILE');
  return { t: READY, hash, error: { code, message: e.str('message', LIMITS.errorMessageChars) } };
}

export const readySpec = { tag: READY, direction: 'worker-to-master', decode: decodeReady } as const satisfies MessageSpec<ReadyMessage>;
