/**
 * ThresholdData over the master's merged stats: the StatsView for counts, times and rates, and the
 * merged histograms for percentiles the view does not carry (p(97.5), …).
 */
import type { LatencyHistogram } from '../../stats/histogram.js';
import { clampToRange, percentileKey } from '../../stats/percentile.js';
import type { EndpointView, StatsView } from '../../stats/view.js';
import type { ScopeStats, ThresholdData } from './types.js';

/** The merged cumulative histogram of (method, name); ('', 'Aggregated') for all. Aggregator.histogramOf fits. */
export type HistogramSource = (method: string, name: string) => LatencyHistogram | null;

function scopeStats(e: EndpointView, histogramOf: HistogramSource): ScopeStats {
  return {
    count: e.count,
    failures: e.failures,
    rps: e.rps,
    avgMs: e.avgMs,
    minMs: e.minMs,
    maxMs: e.maxMs,
    medianMs: e.medianMs,
    percentileMs(q: number): number | null {
      const known = e.percentiles[percentileKey(q)];
      if (known !== undefined) return known;
      const us = histogramOf(e.method, e.name)?.valueAtPercentile(q) ?? null;
      if (us === null || e.minMs === null || e.maxMs === null) return null;
      return clampToRange(us, e.minMs * 1000, e.maxMs * 1000) / 1000;
    },
  };
}

export function thresholdData(view: StatsView, histogramOf: HistogramSource): ThresholdData {
  const byKey = new Map(view.endpoints.map((e) => [`${e.method}\u0000${e.name}`, e]));
  return {
    total: scopeStats(view.total, histogramOf),
    scope(method, name) {
      const e = byKey.get(`${method}\u0000${name}`);
      return e === undefined ? null : scopeStats(e, histogramOf);
    },
  };
}
