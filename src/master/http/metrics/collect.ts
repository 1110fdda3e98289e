/**
 * `/metrics`: the master's merged numbers as Prometheus metrics (docs/http-api.md#metrics). Pure:
 * everything comes in through MetricsInput.
 *
 * Counters restart from 0 when the stats are reset or a new run starts (Prometheus' rate() and
 * increase() handle counter resets). Quantiles are those of the merged HDR histograms over all
 * workers: global, not per instance.
 */
import type { LatencyHistogram } from '../../../stats/histogram.js';
import { percentileKey } from '../../../stats/percentile.js';
import type { EndpointView, StatsView } from '../../../stats/view.js';
import type { RunState } from '../../run-state.js';
import { scopeLabel, type ThresholdResult } from '../../thresholds/index.js';
import type { WorkerState } from '../../worker-entry.js';
import { BUCKET_BOUNDS_S, cumulativeBuckets } from './buckets.js';
import { Exposition, type Labels } from './exposition.js';

export const SUMMARY_QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;
export const RUN_STATES: readonly RunState[] = ['waiting', 'spawning', 'running', 'stopping', 'stopped'];
export const WORKER_STATES: readonly WorkerState[] = ['connecting', 'ready', 'spawning', 'running', 'missing', 'lost'];

export interface MetricsInput {
  view: StatsView;
  /** The merged cumulative histogram of one endpoint (Aggregator.histogramOf). */
  histogramOf(method: string, name: string): LatencyHistogram | null;
  runState: RunState;
  /** Users running now, and the running test's target (0 when no run is going, and in the open model). */
  users: number;
  targetUsers: number;
  workerStates: readonly WorkerState[];
  droppedArrivals: number;
  /** Null when the run has no thresholds: the threshold families are then left out. */
  thresholds: readonly ThresholdResult[] | null;
}

/** ms (µs precision) → seconds, without float noise from the double conversion. */
function seconds(ms: number): number {
  return Math.round(ms * 1000) / 1e6;
}

function endpointLabels(e: EndpointView): Labels {
  return { method: e.method, name: e.name };
}

function statusClasses(e: EndpointView): [string, number][] {
  const byClass = new Map<string, number>();
  let answered = 0;
  for (const [code, n] of Object.entries(e.status)) {
    const cls = /^[1-5]\d\d$/.test(code) ? `${code[0]}xx` : 'other';
    byClass.set(cls, (byClass.get(cls) ?? 0) + n);
    answered += n;
  }
  if (e.count > answered) byClass.set('none', e.count - answered);
  return [...byClass.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function requestFamilies(x: Exposition, endpoints: readonly EndpointView[]): void {
  x.family('stampede_requests_total', 'counter', 'Requests made, by endpoint and HTTP status class (1xx..5xx; none: no response, such as a connection error or a custom measure).');
  for (const e of endpoints) for (const [cls, n] of statusClasses(e)) x.sample('stampede_requests_total', { ...endpointLabels(e), status_class: cls }, n);
  x.family('stampede_failures_total', 'counter', 'Requests that failed (by status, check or network error), by endpoint.');
  for (const e of endpoints) x.sample('stampede_failures_total', endpointLabels(e), e.failures);
  x.family('stampede_response_bytes_total', 'counter', 'Response body bytes received, by endpoint.');
  for (const e of endpoints) x.sample('stampede_response_bytes_total', endpointLabels(e), e.totalBytes);
}

function sumSeconds(e: EndpointView): number {
  return e.avgMs === null ? 0 : seconds(e.avgMs * e.count);
}

function histogramFamily(x: Exposition, endpoints: readonly EndpointView[], histogramOf: MetricsInput['histogramOf']): void {
  const name = 'stampede_response_time_seconds';
  x.family(name, 'histogram', 'Response times from the merged HDR histograms of all workers; bucket counts are exact (a sample counts toward le when its HDR value, within 0.1 %, is <= le).');
  for (const e of endpoints) {
    const hist = histogramOf(e.method, e.name);
    const labels = endpointLabels(e);
    const { counts, total } = hist === null ? { counts: new Array<number>(BUCKET_BOUNDS_S.length + 1).fill(0), total: 0 } : cumulativeBuckets(hist);
    BUCKET_BOUNDS_S.forEach((bound, i) => x.sample(`${name}_bucket`, { ...labels, le: String(bound) }, counts[i]!));
    x.sample(`${name}_bucket`, { ...labels, le: '+Inf' }, total);
    x.sample(`${name}_sum`, labels, sumSeconds(e));
    x.sample(`${name}_count`, labels, total);
  }
}

function quantileSamples(x: Exposition, name: string, labels: Labels, e: EndpointView): void {
  for (const q of SUMMARY_QUANTILES) {
    const ms = e.percentiles[percentileKey(q)] ?? null;
    x.sample(name, { ...labels, quantile: String(q) }, ms === null ? Number.NaN : seconds(ms));
  }
  x.sample(`${name}_sum`, labels, sumSeconds(e));
  x.sample(`${name}_count`, labels, e.count);
}

function summaryFamilies(x: Exposition, view: StatsView): void {
  const per = 'stampede_response_time_quantile_seconds';
  x.family(per, 'summary', 'Response-time quantiles of each endpoint over the run (since the last reset), from the merged HDR histograms of all workers (0.1 % precision).');
  for (const e of view.endpoints) quantileSamples(x, per, endpointLabels(e), e);
  const all = 'stampede_aggregated_response_time_quantile_seconds';
  x.family(all, 'summary', 'Response-time quantiles of all endpoints together (the Aggregated row), from the merged HDR histograms of all workers.');
  quantileSamples(x, all, {}, view.total);
}

function runFamilies(x: Exposition, i: MetricsInput): void {
  x.family('stampede_users', 'gauge', 'Virtual users running now, as the workers last reported.').sample('stampede_users', {}, i.users);
  x.family('stampede_target_users', 'gauge', 'Users the running test was asked for (0 when no run is going, and in the open model).').sample('stampede_target_users', {}, i.targetUsers);
  x.family('stampede_workers', 'gauge', 'Workers known to the master, by state.');
  for (const state of WORKER_STATES) x.sample('stampede_workers', { state }, i.workerStates.filter((s) => s === state).length);
  x.family('stampede_run_state', 'gauge', "The master's run state: 1 for the current state, 0 for the others.");
  for (const state of RUN_STATES) x.sample('stampede_run_state', { state }, state === i.runState ? 1 : 0);
  x.family('stampede_dropped_arrivals_total', 'counter', 'Open model: arrivals dropped because no user was free under the cap.').sample('stampede_dropped_arrivals_total', {}, i.droppedArrivals);
}

function thresholdFamilies(x: Exposition, results: readonly ThresholdResult[]): void {
  const label = (r: ThresholdResult): Labels => ({ threshold: `${scopeLabel(r.threshold)}: ${r.threshold.expression}` });
  x.family('stampede_threshold_ok', 'gauge', 'Threshold status: 1 when the threshold holds on the merged data, 0 when it is crossed or has no data yet.');
  for (const r of results) x.sample('stampede_threshold_ok', label(r), r.ok ? 1 : 0);
  x.family('stampede_threshold_observed', 'gauge', "The value each threshold reads, in the threshold's unit (ms, /s, ratio or count); NaN without data.");
  for (const r of results) x.sample('stampede_threshold_observed', label(r), r.observed ?? Number.NaN);
}

export function formatMetrics(i: MetricsInput): string {
  const x = new Exposition();
  requestFamilies(x, i.view.endpoints);
  histogramFamily(x, i.view.endpoints, i.histogramOf);
  summaryFamilies(x, i.view);
  runFamilies(x, i);
  if (i.thresholds !== null) thresholdFamilies(x, i.thresholds);
  return x.text();
}
