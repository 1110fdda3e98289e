/**
 * Builds one EndpointView (view.ts) from merged numbers and histograms. Pure: no clock, no state.
 * Percentiles are HdrHistogram's, converted to milliseconds (µs precision) and clamped into the
 * observed [min, max] of the same samples, so p99 never exceeds max.
 */
import type { Totals } from './endpoint-aggregate.js';
import type { LatencyHistogram } from './histogram.js';
import { clampToRange, percentileKey } from './percentile.js';
import type { EndpointView, PercentileTable } from './view.js';

export interface EndpointViewInput {
  method: string;
  name: string;
  totals: Totals;
  sumUs: number;
  bytes: number;
  status: Readonly<Record<string, number>>;
  hist: LatencyHistogram;
  sched: LatencyHistogram | null;
  window: Totals;
  windowHist: LatencyHistogram;
  /** Seconds since the run's start (>= 0). */
  elapsedS: number;
  /** Seconds the current window actually covers: min(window length, elapsed). */
  coveredS: number;
  /** Percentile fractions, ascending. */
  qs: readonly number[];
}

const scratch: number[] = [];

function table(hist: LatencyHistogram, totals: Totals | null, qs: readonly number[]): PercentileTable {
  const out: PercentileTable = {};
  const values = hist.total === 0 ? null : hist.percentiles(qs, scratch);
  qs.forEach((q, i) => {
    const us = values?.[i];
    if (us === undefined || Number.isNaN(us)) {
      out[percentileKey(q)] = null;
      return;
    }
    out[percentileKey(q)] = (totals === null ? us : clampToRange(us, totals.minUs, totals.maxUs)) / 1000;
  });
  return out;
}

function rate(n: number, seconds: number): number {
  return seconds > 0 ? n / seconds : 0;
}

export function buildEndpointView(v: EndpointViewInput): EndpointView {
  const { count, failures } = v.totals;
  const percentiles = table(v.hist, v.totals, v.qs);
  const view: EndpointView = {
    method: v.method,
    name: v.name,
    count,
    failures,
    minMs: count === 0 ? null : v.totals.minUs / 1000,
    maxMs: count === 0 ? null : v.totals.maxUs / 1000,
    avgMs: count === 0 ? null : v.sumUs / count / 1000,
    medianMs: percentiles[percentileKey(0.5)] ?? (count === 0 ? null : clampedMedian(v)),
    avgBytes: count === 0 ? 0 : v.bytes / count,
    totalBytes: v.bytes,
    rps: rate(count, v.elapsedS),
    failRps: rate(failures, v.elapsedS),
    percentiles,
    current: {
      rps: rate(v.window.count, v.coveredS),
      failRps: rate(v.window.failures, v.coveredS),
      percentiles: table(v.windowHist, v.window, v.qs),
    },
    status: { ...v.status },
  };
  if (v.sched !== null && v.sched.total > 0) {
    const max = v.sched.maxValue();
    view.scheduled = {
      percentiles: table(v.sched, null, v.qs),
      avgMs: v.sched.mean() / 1000,
      maxMs: max === null ? null : max / 1000,
    };
  }
  return view;
}

/** The median when 0.5 is not among the reported percentiles. */
function clampedMedian(v: EndpointViewInput): number | null {
  const us = v.hist.valueAtPercentile(0.5);
  return us === null ? null : clampToRange(us, v.totals.minUs, v.totals.maxUs) / 1000;
}
