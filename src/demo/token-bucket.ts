import type { Clock } from '../clock.js';

/** The outcome of one `take()`: allowed, or refused with the wait until a token is back. */
export type TakeResult =
  | { allowed: true; remaining: number }
  | { allowed: false; remaining: 0; retryAfterMs: number };

/**
 * A token bucket: `capacity` tokens, refilled continuously at `capacity` tokens per second, so a
 * caller gets at most `capacity` requests in any one-second burst and `capacity` per second sustained.
 * Time comes from the injected clock, so tests step it without sleeping.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;

  constructor(capacity: number, clock: Clock) {
    this.#capacity = capacity;
    this.#clock = clock;
    this.#tokens = capacity;
    this.#last = clock.now();
  }

  get capacity(): number {
    return this.#capacity;
  }

  take(): TakeResult {
    const now = this.#clock.now();
    const elapsedMs = Math.max(0, now - this.#last);
    this.#last = now;
    this.#tokens = Math.min(this.#capacity, this.#tokens + (elapsedMs * this.#capacity) / 1000);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { allowed: true, remaining: Math.floor(this.#tokens) };
    }
    const retryAfterMs = ((1 - this.#tokens) * 1000) / this.#capacity;
    return { allowed: false, remaining: 0, retryAfterMs };
  }
}
