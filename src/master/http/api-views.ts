/** Builds the API's JSON shapes (api-types.ts) from the master's merged view. Pure. */
import { PERCENTILE_COLUMNS, percentileOf } from '../../report/percentiles.js';
import { compareText, failRatio } from '../../report/text.js';
import type { EndpointView, ErrorView, ExceptionView, PercentileTable } from '../../stats/view.js';
import type { RunTarget } from '../master-types.js';
import { scopeLabel, type ThresholdResult } from '../thresholds/index.js';
import type { WorkerEntry } from '../worker-entry.js';
import type { ApiEndpoint, ApiError, ApiException, ApiPercentiles, ApiTarget, ApiThreshold, ApiWorker } from './api-types.js';

/** Milliseconds (and rates) to 3 decimals: microsecond precision. */
export function round3(value: number): number {
  return Math.round(value * 1e3) / 1e3;
}

function round3OrNull(value: number | null): number | null {
  return value === null ? null : round3(value);
}

export function apiPercentiles(table: PercentileTable): ApiPercentiles {
  const out: ApiPercentiles = {};
  for (const column of PERCENTILE_COLUMNS) out[column.label] = round3OrNull(percentileOf(table, column));
  return out;
}

function statusCounts(counts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const code of Object.keys(counts).sort((a, b) => Number(a) - Number(b) || compareText(a, b))) out[code] = counts[code] ?? 0;
  return out;
}

export function apiEndpoint(e: EndpointView): ApiEndpoint {
  const out: ApiEndpoint = {
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
    percentiles: apiPercentiles(e.percentiles),
    status: statusCounts(e.status),
    current: { rps: round3(e.current.rps), failRps: round3(e.current.failRps), percentiles: apiPercentiles(e.current.percentiles) },
  };
  if (e.scheduled !== undefined) {
    out.scheduled = { avgMs: round3OrNull(e.scheduled.avgMs), maxMs: round3OrNull(e.scheduled.maxMs), percentiles: apiPercentiles(e.scheduled.percentiles) };
  }
  return out;
}

/** Errors sorted by (name, method, error), as in the JSON summary. */
export function apiErrors(errors: readonly ErrorView[]): ApiError[] {
  return [...errors]
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.method, b.method) || compareText(a.error, b.error))
    .map((e) => ({
      method: e.method,
      name: e.name,
      error: e.error,
      occurrences: e.occurrences,
      firstSeen: new Date(e.firstSeen).toISOString(),
      firstSeenMs: e.firstSeen,
      lastSeen: new Date(e.lastSeen).toISOString(),
      lastSeenMs: e.lastSeen,
    }));
}

/** Exceptions, most frequent first. */
export function apiExceptions(exceptions: readonly ExceptionView[]): ApiException[] {
  return [...exceptions]
    .sort((a, b) => b.count - a.count || compareText(a.message, b.message))
    .map((x) => ({ count: x.count, message: x.message, traceback: x.traceback, nodes: [...x.nodes] }));
}

export function apiTarget(t: RunTarget | null, now: number, runStartedAt: number | null): ApiTarget | null {
  if (t === null) return null;
  return {
    users: t.users,
    spawnRate: t.spawnRate,
    host: t.host,
    runTimeMs: t.runTimeMs,
    classes: t.classes ? [...t.classes] : null,
    arrivalRate: t.open ? rateNow(t.open.startRate, t.open.stages, Math.max(0, now - (runStartedAt ?? now))) : null,
    maxUsers: t.open ? t.open.maxUsers : null,
  };
}

/** The open model's rate at `atMs` into the schedule: linear within a stage, the last target after. */
function rateNow(startRate: number, stages: readonly { durationMs: number; target: number }[], atMs: number): number {
  let t = 0;
  let from = startRate;
  for (const s of stages) {
    if (atMs < t + s.durationMs) return round3(from + ((s.target - from) * (atMs - t)) / s.durationMs);
    t += s.durationMs;
    from = s.target;
  }
  return from;
}

export function apiThresholds(results: readonly ThresholdResult[]): ApiThreshold[] {
  return results.map((r) => ({
    scope: scopeLabel(r.threshold),
    expression: r.threshold.expression,
    observed: r.observed,
    unit: r.threshold.unit,
    ok: r.ok,
    abortOnFail: r.threshold.abortOnFail,
  }));
}

export function apiWorker(w: WorkerEntry, now: number): ApiWorker {
  return {
    id: w.id,
    index: w.index,
    host: w.host,
    pid: w.pid,
    state: w.state,
    users: { ...w.users },
    totalUsers: w.totalUsers,
    target: { ...w.target },
    rps: round3(w.rps),
    cpuPercent: round3(w.cpuPercent),
    rssBytes: w.rssBytes,
    loopLagMs: round3(w.loopLagMs),
    lastReportAgeMs: w.lastReportAt > 0 ? Math.max(0, Math.round(now - w.lastReportAt)) : null,
  };
}

/** Users running now, as the workers last reported them. */
export function runningUsers(workers: Iterable<WorkerEntry>): number {
  let n = 0;
  for (const w of workers) if (w.state !== 'lost') n += w.totalUsers;
  return n;
}

