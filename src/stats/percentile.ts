/**
 * Percentile maths, pure. The rank rule is HdrHistogram's ("nearest rank", with its guard
 * against one-ulp floating point noise), so a counts array gives the same value as
 * hdr-histogram-js's getValueAtPercentile for the same samples.
 */
import { highestValueAt, lowestValueAt } from './layout.js';

function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 52);
}

/**
 * The 1-based rank of the sample at fraction `q` (0..1) of `total` samples, exactly as
 * hdr-histogram-js computes it for getValueAtPercentile(q * 100). At least 1.
 */
export function rankAtPercentile(total: number, q: number): number {
  const percentile = Math.min(q * 100, 100);
  const fp = (percentile / 100) * total;
  return Math.max(Math.ceil(fp - ulp(fp)), 1);
}

/** The key of a percentile fraction in a PercentileTable: '0.5', '0.99', '1'. */
export function percentileKey(q: number): string {
  return String(q);
}

/**
 * Value (µs) at fraction `q` of a dense HDR counts array laid out for HISTOGRAM_CONFIG:
 * the highest value of the bucket holding the rank-th sample (the lowest for q = 0), as
 * hdr-histogram-js reports it. Null when the array holds no samples.
 */
export function percentileFromCounts(counts: ArrayLike<number>, q: number): number | null {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] ?? 0;
  if (total === 0) return null;
  const rank = rankAtPercentile(total, q);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank) return q === 0 ? lowestValueAt(i) : highestValueAt(i);
  }
  return null;
}

/**
 * The exact percentile of raw samples with the same rank rule: the rank-th smallest sample.
 * For tests and tools (it sorts a copy). Null for no samples.
 */
export function exactPercentile(samples: readonly number[], q: number): number | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  return sorted[rankAtPercentile(sorted.length, q) - 1] ?? null;
}

/** Clamp a histogram percentile into the observed [min, max], so that p99 never exceeds max. */
export function clampToRange(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
