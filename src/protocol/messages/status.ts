import { message, Shape } from '../check.js';
import type { MessageSpec } from '../spec.js';

export const STATUS = 'status';

/** Worker → master, about once a second: how loaded the worker itself is. */
export interface StatusMessage {
  t: typeof STATUS;
  /** Process CPU over the last interval; 100 is one core, so it can exceed 100. */
  cpuPercent: number;
  rssBytes: number;
  /** Event-loop lag over the interval, ms. */
  loopLagMs: number;
}

export function status(f: Omit<StatusMessage, 't'>): StatusMessage {
  return { t: STATUS, cpuPercent: f.cpuPercent, rssBytes: f.rssBytes, loopLagMs: f.loopLagMs };
}

const SHAPE = new Shape(['t', 'cpuPercent', 'rssBytes', 'loopLagMs']);

export function decodeStatus(u: unknown): StatusMessage {
  const f = message(u, STATUS, SHAPE);
  return {
    t: STATUS,
    cpuPercent: f.num('cpuPercent'),
    rssBytes: f.int('rssBytes'),
    loopLagMs: f.num('loopLagMs'),
  };
}

export const statusSpec = { tag: STATUS, direction: 'worker-to-master', decode: decodeStatus } as const satisfies MessageSpec<StatusMessage>;
