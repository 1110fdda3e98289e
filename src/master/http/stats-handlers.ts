/** The read side of the API: stats, history, workers, errors, exceptions, health and readiness. */
import { round3 } from '../../report/json-summary.js';
import { apiEndpoint, apiErrors, apiExceptions, apiTarget, apiThresholds, apiWorker } from './api-views.js';
import type { ApiHistory, ApiStats, ApiWorker } from './api-types.js';
import { thresholdResults, type ApiContext } from './context.js';
import { json, type Reply } from './reply.js';

export function statsBody(ctx: ApiContext): ApiStats {
  const m = ctx.master;
  const view = m.view();
  const thresholds = thresholdResults(ctx);
  return {
    state: m.state,
    users: m.runningUsers,
    target: apiTarget(m.target, view.now, m.runStartedAt),
    workers: m.readyWorkers().length,
    expectWorkers: ctx.config.expectWorkers,
    runStartedAt: m.runStartedAt,
    statsStartedAt: view.startedAt,
    now: view.now,
    stopsAt: ctx.control.stopsAt,
    totals: apiEndpoint(view.total),
    endpoints: view.endpoints.map(apiEndpoint),
    errors: apiErrors(view.errors),
    droppedArrivals: m.droppedArrivals,
    startSkewMs: m.startSkewMs(),
    thresholds: thresholds === null ? [] : apiThresholds(thresholds),
  };
}

export function stats(ctx: ApiContext): Reply {
  return json(200, statsBody(ctx));
}

export function history(ctx: ApiContext): Reply {
  const points = ctx.history.points().map((p) => ({ ...p, rps: round3(p.rps), failRps: round3(p.failRps) }));
  const body: ApiHistory = { stepS: ctx.history.stepS, points };
  return json(200, body);
}

export function workers(ctx: ApiContext): Reply {
  const now = ctx.master.now();
  const list: ApiWorker[] = [...ctx.master.workers.values()].sort((a, b) => a.index - b.index).map((w) => apiWorker(w, now));
  return json(200, { workers: list });
}

export function errors(ctx: ApiContext): Reply {
  return json(200, { errors: apiErrors(ctx.master.view().errors) });
}

export function exceptions(ctx: ApiContext): Reply {
  return json(200, { exceptions: apiExceptions(ctx.master.view().exceptions) });
}

/** Liveness: the master process answers. */
export function healthz(): Reply {
  return json(200, { status: 'ok' });
}

/** Readiness: the expected workers are connected and loaded the loadfile (503 until then). */
export function readyz(ctx: ApiContext): Reply {
  const ready = ctx.master.readyWorkers().length;
  const ok = ready >= ctx.config.expectWorkers;
  return json(ok ? 200 : 503, { ready: ok, workers: ready, expectWorkers: ctx.config.expectWorkers });
}
