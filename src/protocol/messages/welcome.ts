import { message, Shape } from '../check.js';
import { LIMITS } from '../constants.js';
import type { MessageSpec } from '../spec.js';

export const WELCOME = 'welcome';

/** Master → worker, the answer to an accepted hello. */
export interface WelcomeMessage {
  t: typeof WELCOME;
  /** The worker's 0-based position in join order (stable while it stays connected or comes back). */
  index: number;
  /** Echo of hello.workerId. */
  workerId: string;
  /** How often the master pings (PING_INTERVAL_MS): the worker may treat a much longer silence as a dead link. */
  heartbeatMs: number;
  /** How often the worker sends a report. */
  reportIntervalMs: number;
  /** The master's clock (epoch ms) when it sent this: a first, rough clock offset. */
  masterTime: number;
}

export function welcome(f: Omit<WelcomeMessage, 't'>): WelcomeMessage {
  return { t: WELCOME, index: f.index, workerId: f.workerId, heartbeatMs: f.heartbeatMs, reportIntervalMs: f.reportIntervalMs, masterTime: f.masterTime };
}

const SHAPE = new Shape(['t', 'index', 'workerId', 'heartbeatMs', 'reportIntervalMs', 'masterTime']);

export function decodeWelcome(u: unknown): WelcomeMessage {
  const f = message(u, WELCOME, SHAPE);
  return {
    t: WELCOME,
    index: f.int('index'),
    workerId: f.str('workerId', LIMITS.idChars, 1),
    heartbeatMs: f.int('heartbeatMs', 1),
    reportIntervalMs: f.int('reportIntervalMs', 1),
    masterTime: f.num('masterTime'),
  };
}

export const welcomeSpec = { tag: WELCOME, direction: 'master-to-worker', decode: decodeWelcome } as const satisfies MessageSpec<WelcomeMessage>;
