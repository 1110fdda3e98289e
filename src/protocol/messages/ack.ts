import { message, Shape } from '../check.js';
import type { MessageSpec } from '../spec.js';

export const ACK = 'ack';

/**
 * Master → worker, for every report it receives, duplicates included: the report with this seq
 * is applied (or was already), so the worker drops it from its unacked buffer. Not cumulative.
 */
export interface AckMessage {
  t: typeof ACK;
  seq: number;
}

export function ack(seq: number): AckMessage {
  return { t: ACK, seq };
}

const SHAPE = new Shape(['t', 'seq']);

export function decodeAck(u: unknown): AckMessage {
  const f = message(u, ACK, SHAPE);
  return { t: ACK, seq: f.int('seq', 1) };
}

export const ackSpec = { tag: ACK, direction: 'master-to-worker', decode: decodeAck } as const satisfies MessageSpec<AckMessage>;
