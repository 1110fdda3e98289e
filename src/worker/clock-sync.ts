/**
 * NTP-style clock offset over the master connection: each sample is (t0 sent, masterTime, t1
 * received); the offset is masterTime − (t0 + t1) / 2, taken from the sample with the smallest
 * round trip, whose error is at most half that round trip.
 */
export class ClockSync {
  #best: { rtt: number; offset: number } | null = null;

  add(t0: number, masterTime: number, t1: number): void {
    const rtt = t1 - t0;
    if (rtt < 0) return;
    if (this.#best === null || rtt < this.#best.rtt) this.#best = { rtt, offset: masterTime - (t0 + t1) / 2 };
  }

  /** master time − local time, in ms (0 until a sample came). */
  get offsetMs(): number {
    return this.#best?.offset ?? 0;
  }

  get rttMs(): number | null {
    return this.#best?.rtt ?? null;
  }

  reset(): void {
    this.#best = null;
  }
}
