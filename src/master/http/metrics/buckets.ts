/**
 * Prometheus histogram buckets from a merged HDR histogram, with exact counts. Pure.
 *
 * Rule: the bucket `le = B` counts every sample whose HDR value (the highest value of its HDR
 * bucket, the value HdrHistogram's percentiles report) is ≤ B. So the counts are exact counts of
 * the histogram's samples, and `histogram_quantile` picks the very bucket that holds the HDR
 * percentile. A sample is never counted below a boundary it is above; one within an HDR bucket
 * width (≤ 0.1 %) below B may be counted in the next bucket up. Values are integer microseconds.
 */
import type { LatencyHistogram } from '../../../stats/histogram.js';
import { highestValueAt } from '../../../stats/layout.js';

/** The fixed upper bounds, in seconds (Prometheus client defaults, extended to 10 s). */
export const BUCKET_BOUNDS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The bounds in microseconds (integers, the histogram's unit). */
const BOUNDS_US = BUCKET_BOUNDS_S.map((s) => Math.round(s * 1e6));

export interface CumulativeBuckets {
  /** Cumulative counts for each of BUCKET_BOUNDS_S, then +Inf (= the total). */
  counts: number[];
  total: number;
}

/** Cumulative counts per bound of `bounds` (µs, ascending), then the total. */
export function cumulativeBuckets(hist: LatencyHistogram, boundsUs: readonly number[] = BOUNDS_US): CumulativeBuckets {
  const counts = new Array<number>(boundsUs.length + 1).fill(0);
  let b = 0;
  let total = 0;
  hist.forEachBucket((index, count) => {
    const value = highestValueAt(index);
    while (b < boundsUs.length && value > boundsUs[b]!) {
      counts[b] = total;
      b++;
    }
    total += count;
  });
  for (; b < boundsUs.length; b++) counts[b] = total;
  counts[boundsUs.length] = total;
  return { counts, total };
}
