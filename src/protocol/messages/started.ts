import { message, Shape } from '../check.js';
import { LIMITS } from '../constants.js';
import type { MessageSpec } from '../spec.js';

export const STARTED = 'started';

/** Worker → master, once per run: the moment the worker actually began its plan (for the start skew). */
export interface StartedMessage {
  t: typeof STARTED;
  /** The plan's runId. */
  runId: string;
  /** Master epoch ms (the worker's clock plus its estimated offset) at which it started. */
  at: number;
}

export function started(runId: string, at: number): StartedMessage {
  return { t: STARTED, runId, at };
}

const SHAPE = new Shape(['t', 'runId', 'at']);

export function decodeStarted(u: unknown): StartedMessage {
  const f = message(u, STARTED, SHAPE);
  return { t: STARTED, runId: f.str('runId', LIMITS.idChars, 1), at: f.num('at') };
}

export const startedSpec = { tag: STARTED, direction: 'worker-to-master', decode: decodeStarted } as const satisfies MessageSpec<StartedMessage>;
