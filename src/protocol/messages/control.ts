/** The three messages without fields: stop and quit (master → worker), stopped (worker → master). */
import { message, Shape } from '../check.js';
import type { MessageSpec } from '../spec.js';

export const STOP = 'stop';
export const QUIT = 'quit';
export const STOPPED = 'stopped';

/** Stop all users (honouring the plan's stopTimeoutMs), send the final report, then `stopped`. The worker stays connected. */
export interface StopMessage {
  t: typeof STOP;
}

/** Stop (if running) and exit; the master closes the connection with 4004 right after. */
export interface QuitMessage {
  t: typeof QUIT;
}

/** All users stopped after a `stop`; sent after the final report. */
export interface StoppedMessage {
  t: typeof STOPPED;
}

export function stop(): StopMessage {
  return { t: STOP };
}

export function quit(): QuitMessage {
  return { t: QUIT };
}

export function stopped(): StoppedMessage {
  return { t: STOPPED };
}

const BARE = new Shape(['t']);

export function decodeStop(u: unknown): StopMessage {
  message(u, STOP, BARE);
  return { t: STOP };
}

export function decodeQuit(u: unknown): QuitMessage {
  message(u, QUIT, BARE);
  return { t: QUIT };
}

export function decodeStopped(u: unknown): StoppedMessage {
  message(u, STOPPED, BARE);
  return { t: STOPPED };
}

export const stopSpec = { tag: STOP, direction: 'master-to-worker', decode: decodeStop } as const satisfies MessageSpec<StopMessage>;
export const quitSpec = { tag: QUIT, direction: 'master-to-worker', decode: decodeQuit } as const satisfies MessageSpec<QuitMessage>;
export const stoppedSpec = { tag: STOPPED, direction: 'worker-to-master', decode: decodeStopped } as const satisfies MessageSpec<StoppedMessage>;
