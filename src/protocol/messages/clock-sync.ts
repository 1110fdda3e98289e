import { message, Shape } from '../check.js';
import type { MessageSpec } from '../spec.js';

export const CLOCK_REQUEST = 'clockRequest';
export const CLOCK_REPLY = 'clockReply';

/** Worker → master: an NTP-style probe. */
export interface ClockRequestMessage {
  t: typeof CLOCK_REQUEST;
  /** Chosen by the worker to match the reply. */
  id: number;
  /** The worker's clock (epoch ms) when it sent the request. */
  t0: number;
}

/** Master → worker: the answer, sent as soon as the request is read. */
export interface ClockReplyMessage {
  t: typeof CLOCK_REPLY;
  id: number;
  /** Echo of the request's t0. */
  t0: number;
  /** The master's clock (epoch ms) when it answered. */
  masterTime: number;
}

export function clockRequest(id: number, t0: number): ClockRequestMessage {
  return { t: CLOCK_REQUEST, id, t0 };
}

export function clockReply(request: ClockRequestMessage, masterTime: number): ClockReplyMessage {
  return { t: CLOCK_REPLY, id: request.id, t0: request.t0, masterTime };
}

const REQUEST = new Shape(['t', 'id', 't0']);
const REPLY = new Shape(['t', 'id', 't0', 'masterTime']);

export function decodeClockRequest(u: unknown): ClockRequestMessage {
  const f = message(u, CLOCK_REQUEST, REQUEST);
  return { t: CLOCK_REQUEST, id: f.int('id'), t0: f.num('t0') };
}

export function decodeClockReply(u: unknown): ClockReplyMessage {
  const f = message(u, CLOCK_REPLY, REPLY);
  return { t: CLOCK_REPLY, id: f.int('id'), t0: f.num('t0'), masterTime: f.num('masterTime') };
}

export const clockRequestSpec = {
  tag: CLOCK_REQUEST,
  direction: 'worker-to-master',
  decode: decodeClockRequest,
} as const satisfies MessageSpec<ClockRequestMessage>;

export const clockReplySpec = {
  tag: CLOCK_REPLY,
  direction: 'master-to-worker',
  decode: decodeClockReply,
} as const satisfies MessageSpec<ClockReplyMessage>;
