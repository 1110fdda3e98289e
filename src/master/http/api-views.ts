/** Builds the API's JSON shapes (api-types.ts) from the master's merged view. Pure. */
import { jsonEndpoint, jsonErrors, jsonExceptions, jsonPercentiles, round3 } from '../../report/json-summary.js';
import type { EndpointView } from '../../stats/view.js';
import type { RunTarget } from '../master-types.js';
import { switchAtMs } from '../open-split.js';
import { valueAt } from '../shapes/stages.js';
import { scopeLabel, type ThresholdResult } from '../thresholds/index.js';
import type { WorkerEntry } from '../worker-entry.js';
import type { ApiEndpoint, ApiTarget, ApiThreshold, ApiWorker } from './api-types.js';

/** The summary's endpoint shape plus the current (10 s) window. */
export function apiEndpoint(e: EndpointView): ApiEndpoint {
  return {
    ...jsonEndpoint(e),
    current: { rps: round3(e.current.rps), failRps: round3(e.current.failRps), percentiles: jsonPercentiles(e.current.percentiles) },
  };
}

/** Errors and exceptions in the JSON summary's order and shape. */
export { jsonErrors as apiErrors, jsonExceptions as apiExceptions };

export function apiTarget(t: RunTarget | null, now: number, runStartedAt: number | null): ApiTarget | null {
  if (t === null) return null;
  return {
    users: t.users,
    spawnRate: t.spawnRate,
    host: t.host,
    runTimeMs: t.runTimeMs,
    classes: t.classes ? [...t.classes] : null,
    // The rate in force from the switch-over point on: a change takes effect SWITCH_AHEAD_MS after it is made.
    arrivalRate: t.open ? round3(valueAt(t.open.stages, t.open.startRate, switchAtMs(now, runStartedAt))) : null,
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

