import type { HistoryPoint } from '../master/history.js';
import { metricLabel } from '../master/thresholds/expression.js';
import { scopeLabel } from '../master/thresholds/evaluate.js';
import type { ThresholdResult } from '../master/thresholds/types.js';
import type { EndpointView, ErrorView, ExceptionView, PercentileTable, StatsView } from '../stats/view.js';
import { PERCENTILE_COLUMNS, percentileOf } from './percentiles.js';
import { byNameThenMethod, compareText, failRatio } from './text.js';
import type { RunInfo } from './types.js';

/** The schema id written into every summary; bumped on any incompatible change (docs/json-summary.md). */
export const JSON_SUMMARY_SCHEMA = 'stampede.summary/1';

/** Percentile label ('50', '66', …, '99.9', '99.99', '100') → milliseconds, null without samples. */
export type JsonPercentiles = Record<string, number | null>;

export interface JsonEndpoint {
  method: string;
  name: string;
  count: number;
  failures: number;
  failRatio: number;
  rps: number;
  failRps: number;
  minMs: number | null;
  avgMs: number | null;
  medianMs: number | null;
  maxMs: number | null;
  avgBytes: number;
  totalBytes: number;
  percentiles: JsonPercentiles;
  status: Record<string, number>;
  /** Open model only: latency from the scheduled send time. */
  scheduled?: { avgMs: number | null; maxMs: number | null; percentiles: JsonPercentiles };
}

export interface JsonRun {
  version: string;
  host: string;
  locustfile: string;
  users: number;
  spawnRate: number;
  runTimeS: number | null;
  startedAt: string;
  startedAtMs: number;
  endedAt: string;
  endedAtMs: number;
  durationS: number;
  exitCode: number;
  startSkewMs: number | null;
  lostReports: number;
  workers: Array<{ id: string; host: string; state: string; users: Record<string, number>; share: number | null }>;
  /** When the final statistics begin: the run's start, or the reset (--reset-stats, end of --warmup). */
  statsStartedAt: string;
  statsStartedAtMs: number;
  /** --warmup in seconds, null without one. */
  warmupS: number | null;
  resetStats: boolean;
  /** Why the run stopped early (an abortOnFail threshold, a lost worker, …), null when it did not. */
  abortReason: string | null;
  /** How the load was shaped: `steady`, `stages`, `shape` (the loadfile's), `breakpoint` or `open`. */
  loadShape: string;
  /** What the shape concluded, e.g. the breakpoint's last good step; null when it says nothing. */
  shapeOutcome: string | null;
  /** Open model: arrivals dropped because no user was free under --max-users (0 in the closed model). */
  droppedArrivals: number;
}

export interface JsonThreshold {
  /** `global`, or the endpoint as `METHOD NAME`. */
  scope: string;
  method: string | null;
  name: string | null;
  /** As written, without scope and options: `p(95)<500`. */
  expression: string;
  /** `p(95)`, `avg`, `med`, `min`, `max`, `rps`, `fail_ratio` (also for `rate`), `count`. */
  metric: string;
  op: string;
  /** The bound in `unit`: times in ms, `%` as a fraction. */
  value: number;
  unit: string;
  /** Measured at the end, in `unit`; null when there was nothing to measure. */
  observed: number | null;
  ok: boolean;
  abortOnFail: boolean;
  delayAbortEvalS: number;
  origin: 'cli' | 'loadfile';
}

/** A point of the master's history with its time as `tMs` (whole epoch ms) and figures rounded to 3 decimals. */
export type JsonTimePoint = Omit<HistoryPoint, 't'> & { tMs: number };

export interface JsonTimeSeries {
  /** Seconds between points: 1, or 2, 4, … for long runs (see docs/json-summary.md). */
  stepS: number;
  points: JsonTimePoint[];
}

/** What the summary holds beyond the stats view and the run info. */
export interface JsonExtras {
  thresholds?: readonly ThresholdResult[];
  history?: { stepS: number; points: readonly HistoryPoint[] };
  warmupMs?: number | null;
  resetStats?: boolean;
  abortReason?: string | null;
  loadShape?: string;
  shapeOutcome?: string | null;
  droppedArrivals?: number;
}

export interface JsonError {
  method: string;
  name: string;
  error: string;
  occurrences: number;
  firstSeen: string;
  firstSeenMs: number;
  lastSeen: string;
  lastSeenMs: number;
}

export interface JsonException {
  count: number;
  message: string;
  traceback: string;
  nodes: string[];
}

export interface JsonSummary {
  schema: typeof JSON_SUMMARY_SCHEMA;
  run: JsonRun;
  totals: JsonEndpoint;
  endpoints: JsonEndpoint[];
  errors: JsonError[];
  exceptions: JsonException[];
  thresholds: JsonThreshold[];
  timeSeries: JsonTimeSeries;
}

/** Milliseconds (and rates, byte averages) to 3 decimals: microsecond precision. */
/** Milliseconds (and rates) to 3 decimals: microsecond precision. */
export function round3(value: number): number {
  return Math.round(value * 1e3) / 1e3;
}

export function round3OrNull(value: number | null): number | null {
  return value === null ? null : round3(value);
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function jsonPercentiles(table: PercentileTable): JsonPercentiles {
  const out: JsonPercentiles = {};
  for (const column of PERCENTILE_COLUMNS) out[column.label] = round3OrNull(percentileOf(table, column));
  return out;
}

function status(counts: Record<string, number>): Record<string, number> {
  const codes = Object.keys(counts).sort((a, b) => Number(a) - Number(b) || compareText(a, b));
  const out: Record<string, number> = {};
  for (const code of codes) out[code] = counts[code] ?? 0;
  return out;
}

/** One endpoint (or the total row) as the summary and the HTTP API show it. */
export function jsonEndpoint(e: EndpointView): JsonEndpoint {
  const out: JsonEndpoint = {
    method: e.method,
    name: e.name,
    count: e.count,
    failures: e.failures,
    failRatio: Math.round(failRatio(e.count, e.failures) * 1e6) / 1e6,
    rps: round3(e.rps),
    failRps: round3(e.failRps),
    minMs: round3OrNull(e.minMs),
    avgMs: round3OrNull(e.avgMs),
    medianMs: round3OrNull(e.medianMs),
    maxMs: round3OrNull(e.maxMs),
    avgBytes: round3(e.avgBytes),
    totalBytes: e.totalBytes,
    percentiles: jsonPercentiles(e.percentiles),
    status: status(e.status),
  };
  if (e.scheduled !== undefined) {
    out.scheduled = {
      avgMs: round3OrNull(e.scheduled.avgMs),
      maxMs: round3OrNull(e.scheduled.maxMs),
      percentiles: jsonPercentiles(e.scheduled.percentiles),
    };
  }
  return out;
}

export function jsonError(e: ErrorView): JsonError {
  return {
    method: e.method,
    name: e.name,
    error: e.error,
    occurrences: e.occurrences,
    firstSeen: iso(e.firstSeen),
    firstSeenMs: e.firstSeen,
    lastSeen: iso(e.lastSeen),
    lastSeenMs: e.lastSeen,
  };
}

/** Errors in the summary's order: by (name, method, error). */
export function jsonErrors(errors: readonly ErrorView[]): JsonError[] {
  return [...errors].sort((a, b) => compareText(a.name, b.name) || compareText(a.method, b.method) || compareText(a.error, b.error)).map(jsonError);
}

/** Exceptions in the summary's order: most frequent first. */
export function jsonExceptions(exceptions: readonly ExceptionView[]): JsonException[] {
  return [...exceptions]
    .sort((a, b) => b.count - a.count || compareText(a.message, b.message))
    .map((e) => ({ count: e.count, message: e.message, traceback: e.traceback, nodes: [...e.nodes] }));
}

function threshold(r: ThresholdResult): JsonThreshold {
  const t = r.threshold;
  const precision = t.unit === 'ratio' ? 1e6 : 1e3;
  return {
    scope: scopeLabel(t),
    method: t.scope?.method ?? null,
    name: t.scope?.name ?? null,
    expression: t.expression,
    metric: metricLabel(t.metric, t.q),
    op: t.op,
    value: t.value,
    unit: t.unit,
    observed: r.observed === null ? null : Math.round(r.observed * precision) / precision,
    ok: r.ok,
    abortOnFail: t.abortOnFail,
    delayAbortEvalS: t.delayAbortEvalMs / 1000,
    origin: t.origin,
  };
}

function timePoint(p: HistoryPoint): JsonTimePoint {
  return {
    tMs: Math.round(p.t),
    spanS: p.spanS,
    users: p.users,
    rps: round3(p.rps),
    failRps: round3(p.failRps),
    p50Ms: round3OrNull(p.p50Ms),
    p95Ms: round3OrNull(p.p95Ms),
    p99Ms: round3OrNull(p.p99Ms),
    count: p.count,
    failures: p.failures,
  };
}

function runOf(run: RunInfo, statsStartedAt: number, extras: JsonExtras): JsonRun {
  // Whole milliseconds, as the *Ms fields promise; the clocks give fractions.
  const startedAt = Math.round(run.startedAt);
  const endedAt = Math.round(run.endedAt);
  return {
    version: run.version,
    host: run.host,
    locustfile: run.locustfile,
    users: run.users,
    spawnRate: run.spawnRate,
    runTimeS: run.runTimeS,
    startedAt: iso(startedAt),
    startedAtMs: startedAt,
    endedAt: iso(endedAt),
    endedAtMs: endedAt,
    durationS: round3((endedAt - startedAt) / 1000),
    exitCode: run.exitCode,
    startSkewMs: round3OrNull(run.startSkewMs),
    lostReports: run.lostReports ?? 0,
    workers: run.workers.map((w) => ({ id: w.id, host: w.host, state: w.state, users: { ...w.users }, share: w.share ?? null })),
    statsStartedAt: iso(statsStartedAt),
    statsStartedAtMs: Math.round(statsStartedAt),
    warmupS: extras.warmupMs === undefined || extras.warmupMs === null ? null : extras.warmupMs / 1000,
    resetStats: extras.resetStats ?? false,
    abortReason: extras.abortReason ?? null,
    loadShape: extras.loadShape ?? 'steady',
    shapeOutcome: extras.shapeOutcome ?? null,
    droppedArrivals: extras.droppedArrivals ?? 0,
  };
}

/**
 * The machine-readable end-of-run summary (`--json`). Field names are stable within a schema id and
 * documented in docs/json-summary.md. Endpoints are in (name, method) order; errors are
 * sorted by (name, method, error); exceptions by count, most frequent first; thresholds in the
 * order given; the time series oldest first.
 */
export function buildJsonSummary(view: StatsView, run: RunInfo, extras: JsonExtras = {}): JsonSummary {
  return {
    schema: JSON_SUMMARY_SCHEMA,
    run: runOf(run, view.startedAt, extras),
    totals: jsonEndpoint(view.total),
    endpoints: [...view.endpoints].sort(byNameThenMethod).map(jsonEndpoint),
    errors: jsonErrors(view.errors),
    exceptions: jsonExceptions(view.exceptions),
    thresholds: (extras.thresholds ?? []).map(threshold),
    timeSeries: { stepS: extras.history?.stepS ?? 1, points: (extras.history?.points ?? []).map(timePoint) },
  };
}
