/**
 * Deterministic latency sequences for the counting server, so that the percentiles a test must see
 * are known in advance.
 */

/** One band of a distribution: `share` parts (a positive integer) answered after `ms` milliseconds. */
export interface LatencyBand {
  share: number;
  ms: number;
}

/**
 * A fixed latency in milliseconds, or a distribution such as
 * `[{ share: 90, ms: 5 }, { share: 10, ms: 100 }]` ("90 % at 5 ms, 10 % at 100 ms").
 */
export type Latency = number | readonly LatencyBand[];

/**
 * The latency of the k-th request (0-based) of a distribution. Bands are interleaved by smooth
 * weighted round robin over a cycle of `sum(shares)` requests: every full cycle holds each band
 * exactly `share` times, and any prefix is as close to the shares as integers allow. So 1 000
 * requests at `90×5 ms, 10×100 ms` give exactly 900 at 5 ms and 100 at 100 ms.
 */
export class LatencySequence {
  readonly #cycle: number[];
  #next = 0;

  constructor(latency: Latency) {
    this.#cycle = typeof latency === 'number' ? [checkMs(latency)] : buildCycle(latency);
  }

  /** The latency of the next request, in milliseconds. */
  next(): number {
    const ms = this.#cycle[this.#next % this.#cycle.length] as number;
    this.#next++;
    return ms;
  }
}

/** The first `n` latencies a path configured with `latency` answers with (for expected percentiles). */
export function latencySequence(latency: Latency, n: number): number[] {
  const seq = new LatencySequence(latency);
  return Array.from({ length: n }, () => seq.next());
}

/** The nearest-rank percentile (`p` in 0..100) of a list of numbers, as HDR histograms compute it. */
export function percentileOf(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentileOf: values is empty; record something first');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function buildCycle(bands: readonly LatencyBand[]): number[] {
  if (bands.length === 0) throw new RangeError('latency distribution is empty; give at least one { share, ms } band');
  for (const b of bands) {
    if (!Number.isInteger(b.share) || b.share <= 0) {
      throw new RangeError(`latency band share must be a positive integer, got ${b.share}`);
    }
    checkMs(b.ms);
  }
  const total = bands.reduce((s, b) => s + b.share, 0);
  const current = bands.map(() => 0);
  const cycle: number[] = [];
  for (let i = 0; i < total; i++) {
    let best = 0;
    for (let j = 0; j < bands.length; j++) {
      current[j] = (current[j] as number) + (bands[j] as LatencyBand).share;
      if ((current[j] as number) > (current[best] as number)) best = j;
    }
    current[best] = (current[best] as number) - total;
    cycle.push((bands[best] as LatencyBand).ms);
  }
  return cycle;
}

function checkMs(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be a finite number of ms >= 0, got ${ms}`);
  return ms;
}
