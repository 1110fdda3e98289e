import { StampedeError } from '../errors.js';

/**
 * How long a user waits after each task. The runtime calls `nextDelayMs` once per task, after the
 * task ends, and sleeps that long before the next one (a cancellable sleep: stopping is immediate).
 * Helpers take seconds, as Locust's do.
 */
export interface WaitTime {
  /**
   * Milliseconds to wait now. `dueMs` is when the task that just ended was due to start, and `nowMs`
   * is the current time (both epoch ms from the injected clock). The next task is due at
   * `nowMs + result`, so pacing does not drift with timer lateness.
   */
  nextDelayMs(dueMs: number, nowMs: number): number;
  /** For logs and errors: `between(1, 3)`, `constantPacing(2)`… */
  readonly description: string;
}

/** A random wait, uniform in [min, max] seconds, after every task. */
export function between(minSeconds: number, maxSeconds: number): WaitTime {
  checkSeconds('between', 'min', minSeconds);
  checkSeconds('between', 'max', maxSeconds);
  if (maxSeconds < minSeconds) {
    throw new StampedeError(
      'STAMPEDE_ERR_LOADFILE',
      `between(${minSeconds}, ${maxSeconds}): max is below min; write the smaller number first`,
    );
  }
  return new Between(minSeconds * 1000, maxSeconds * 1000, `between(${minSeconds}, ${maxSeconds})`);
}

/** The same wait, in seconds, after every task. */
export function constant(seconds: number): WaitTime {
  checkSeconds('constant', 'seconds', seconds);
  return new Between(seconds * 1000, seconds * 1000, `constant(${seconds})`);
}

/**
 * A task START every `seconds` seconds: the wait is whatever is left of the period after the task.
 * A task that overruns its period is followed by the next one at once, and the schedule restarts
 * from then (no burst to catch up).
 */
export function constantPacing(seconds: number): WaitTime {
  checkSeconds('constantPacing', 'seconds', seconds);
  return new Pacing(seconds * 1000, `constantPacing(${seconds})`);
}

/** `perSecond` task starts per second per user: constantPacing(1 / perSecond). */
export function constantThroughput(perSecond: number): WaitTime {
  if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0) {
    throw new StampedeError(
      'STAMPEDE_ERR_LOADFILE',
      `constantThroughput(${String(perSecond)}): the rate must be a number of tasks per second above 0`,
    );
  }
  return new Pacing(1000 / perSecond, `constantThroughput(${perSecond})`);
}

class Between implements WaitTime {
  readonly #minMs: number;
  readonly #spanMs: number;
  readonly description: string;

  constructor(minMs: number, maxMs: number, description: string) {
    this.#minMs = minMs;
    this.#spanMs = maxMs - minMs;
    this.description = description;
  }

  nextDelayMs(): number {
    return this.#spanMs === 0 ? this.#minMs : this.#minMs + Math.random() * this.#spanMs;
  }
}

class Pacing implements WaitTime {
  readonly #periodMs: number;
  readonly description: string;

  constructor(periodMs: number, description: string) {
    this.#periodMs = periodMs;
    this.description = description;
  }

  nextDelayMs(dueMs: number, nowMs: number): number {
    const left = dueMs + this.#periodMs - nowMs;
    return left > 0 ? left : 0;
  }
}

function checkSeconds(fn: string, what: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new StampedeError(
      'STAMPEDE_ERR_LOADFILE',
      `${fn}(): ${what} must be a number of seconds, 0 or more; got ${String(value)}`,
    );
  }
}

/** True for the objects the helpers above return (or any object with a nextDelayMs method). */
export function isWaitTime(value: unknown): value is WaitTime {
  return typeof value === 'object' && value !== null && typeof (value as WaitTime).nextDelayMs === 'function';
}
