import { systemClock, type Clock } from '../clock.js';
import { StampedeError } from '../errors.js';
import type { Logger } from '../logger.js';

/** One line per reason per minute: enough to see an attack or a misconfigured worker, not a flood. */
export const DEFAULT_LOG_WINDOW_MS = 60_000;

export interface LogLimiterOptions {
  /** Default DEFAULT_LOG_WINDOW_MS. */
  windowMs?: number;
  /** Default the system clock. */
  clock?: Clock;
}

/**
 * Rate-limited logging for what strangers on the master port can cause (bad frames, wrong
 * tokens, refused hellos, connections that are not HTTP): the first occurrence of a reason in a
 * window is logged, later ones are only counted, and the next line for that reason says how many
 * were left out (`suppressed`). Reasons must come from a fixed set (error and close codes), never
 * from peer input, so the table stays small.
 */
export class LogLimiter {
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #seen = new Map<string, { until: number; suppressed: number }>();

  constructor(options: LogLimiterOptions = {}) {
    const w = options.windowMs ?? DEFAULT_LOG_WINDOW_MS;
    if (!Number.isFinite(w) || w < 0) throw new StampedeError('STAMPEDE_ERR_USAGE', `unsupported windowMs ${w}, use a number of milliseconds >= 0`);
    this.#windowMs = w;
    this.#clock = options.clock ?? systemClock;
  }

  /** null: stay quiet; otherwise log, and the number is how many were left out since the last line. */
  admit(reason: string): number | null {
    const now = this.#clock.now();
    const known = this.#seen.get(reason);
    if (known !== undefined && now < known.until) {
      known.suppressed += 1;
      return null;
    }
    this.#seen.set(reason, { until: now + this.#windowMs, suppressed: 0 });
    return known?.suppressed ?? 0;
  }

  /** Logs `msg` at `level` with `fields` and `reason`, unless this reason was logged within the window. */
  log(logger: Logger, level: 'warn' | 'info' | 'debug', reason: string, fields: Record<string, unknown>, msg: string): void {
    const suppressed = this.admit(reason);
    if (suppressed === null) return;
    logger[level]({ ...fields, reason, ...(suppressed > 0 ? { suppressed } : {}) }, msg);
  }
}

/**
 * Text that quotes peer input (a decoder's message shows the frame's start), made safe for one log
 * line: control characters escaped (no forged lines), at most `max` characters.
 */
export function printable(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const safe = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}
