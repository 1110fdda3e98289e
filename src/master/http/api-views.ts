/** Builds the API's JSON shapes (api-types.ts) from the master's merged view. Pure. */
import { jsonEndpoint, jsonError, jsonPercentiles, round3 } from '../../report/json-summary.js';
import { compareText } from '../../report/text.js';
import type { EndpointView, ErrorView, ExceptionView, PercentileTable } from '../../stats/view.js';
import type { RunTarget } from '../master-types.js';
import { SWITCH_AHEAD_MS } from '../open-split.js';
import { valueAt } from '../shapes/stages.js';
import { scopeLabel, type ThresholdResult } from '../thresholds/index.js';
import type { WorkerEntry } from '../worker-entry.js';
import type { ApiEndpoint, ApiError, ApiException, ApiPercentiles, ApiTarget, ApiThreshold, ApiWorker } from './api-types.js';

export { round3 };

export const apiPercentiles: (table: PercentileTable) => ApiPercentiles = jsonPercentiles;

/** The summary's endpoint shape plus the current (10 s) window. */
export function apiEndpoint(e: EndpointView): ApiEndpoint {
  return {
    ...jsonEndpoint(e),
    current: { rps: round3(e.current.rps), failRps: round3(e.current.failRps), percentiles: apiPercentiles(e.current.percentiles) },
  };
}

/** Errors sorted by (name, method, error), as in the JSON summary. */
export function apiErrors(errors: readonly ErrorView[]): ApiError[] {
  return [...errors]
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.method, b.method) || compareText(a.error, b.error))
    .map(jsonError);
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
    // The rate in force from the switch-over point on: a change takes effect SWITCH_AHEAD_MS after it is made.
    arrivalRate: t.open ? round3(valueAt(t.open.stages, t.open.startRate, Math.max(0, now + SWITCH_AHEAD_MS - (runStartedAt ?? now)))) : null,
    maxUsers: t.open ? t.open.maxUsers : null,
  };
}

/** The open model's rate at `atMs` into the schedule: linear within a stage, the last target after. */
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

