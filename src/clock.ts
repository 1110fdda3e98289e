/** Time source injected into schedulers, windows and dispatch so tests control it. */
export interface Clock {
  /** Epoch milliseconds (may be fractional). */
  now(): number;
}

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
};
