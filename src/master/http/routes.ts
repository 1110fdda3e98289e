/** Every route of the master's HTTP server (docs/http-api.md), with who may call it. */
import type { ApiContext } from './context.js';
import { reset, run, stop } from './control-handlers.js';
import { formatMetrics } from './metrics/collect.js';
import { EXPOSITION_TYPE } from './metrics/exposition.js';
import { thresholdResults } from './context.js';
import { json, type Reply } from './reply.js';
import { csv, htmlReport, jsonReport } from './report-handlers.js';
import { Router } from './router.js';
import { errors, exceptions, healthz, history, readyz, stats, workers } from './stats-handlers.js';
import { UI_FILES, type UiAssets } from './ui-assets.js';

function metrics(ctx: ApiContext): Reply {
  const m = ctx.master;
  const body = formatMetrics({
    view: m.view(),
    histogramOf: (method, name) => m.aggregator.histogramOf(method, name),
    runState: m.state,
    users: m.runningUsers,
    targetUsers: (m.state === 'spawning' || m.state === 'running') && m.target !== null && m.target.open === undefined ? m.target.users : 0,
    workerStates: [...m.workers.values()].map((w) => w.state),
    droppedArrivals: m.droppedArrivals,
    thresholds: thresholdResults(ctx),
  });
  return { status: 200, type: EXPOSITION_TYPE, body, headers: { 'cache-control': 'no-store' } };
}

export function buildRouter(ctx: ApiContext, ui: UiAssets): Router {
  const r = new Router();
  for (const path of Object.keys(UI_FILES)) r.add('GET', path, 'open', () => ui.reply(path));
  r.add('GET', '/healthz', 'open', () => healthz());
  r.add('GET', '/readyz', 'open', () => readyz(ctx));
  r.add('GET', '/api/config', 'read', () => json(200, ctx.config));
  r.add('GET', '/api/stats', 'read', () => stats(ctx));
  r.add('GET', '/api/stats/history', 'read', () => history(ctx));
  r.add('GET', '/api/workers', 'read', () => workers(ctx));
  r.add('GET', '/api/errors', 'read', () => errors(ctx));
  r.add('GET', '/api/exceptions', 'read', () => exceptions(ctx));
  r.add('POST', '/api/run', 'write', (rc) => run(ctx, rc));
  r.add('POST', '/api/stop', 'write', (rc) => stop(ctx, rc));
  r.add('POST', '/api/reset', 'write', (rc) => reset(ctx, rc));
  r.add('GET', '/api/report.csv', 'read', (rc) => csv(ctx, rc));
  r.add('GET', '/api/report.json', 'read', () => jsonReport(ctx));
  r.add('GET', '/api/report.html', 'read', () => htmlReport(ctx));
  r.add('GET', '/metrics', 'read', () => metrics(ctx));
  return r;
}
