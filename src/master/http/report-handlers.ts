/**
 * The report downloads, built by src/report from the merged data at the time of the request:
 * `report.csv` (Locust's stats file; `?table=failures|exceptions` for the other two), `report.json`
 * (the JSON summary of `--json`), `report.html` (the `--html` report).
 */
import { exceptionsCsv, failuresCsv, statsCsv } from '../../report/csv-format.js';
import { renderHtmlReport } from '../../report/html.js';
import { buildJsonSummary, type JsonSummary } from '../../report/json-summary.js';
import type { RunInfo } from '../../report/types.js';
import { thresholdResults, type ApiContext } from './context.js';
import { download, HttpError, type Reply } from './reply.js';
import type { RequestContext } from './router.js';

const CSV_TABLES = { stats: statsCsv, failures: failuresCsv, exceptions: exceptionsCsv } as const;

/** `stampede-2024-05-01T12-00-00Z` for file names. */
function stamp(now: number): string {
  return `stampede-${new Date(now).toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
}

export function csv(ctx: ApiContext, rc: RequestContext): Reply {
  const table = rc.url.searchParams.get('table') ?? 'stats';
  if (!(table in CSV_TABLES)) {
    throw new HttpError(400, `unknown table '${table}': use ?table=stats (default), failures or exceptions`, { code: 'STAMPEDE_ERR_USAGE' });
  }
  const body = CSV_TABLES[table as keyof typeof CSV_TABLES](ctx.master.view());
  return download('text/csv; charset=utf-8', `${stamp(ctx.master.now())}_${table}.csv`, body);
}

/** The run info the CLI gives, or one built from the master (exit code as the run stands now). */
export function runInfoOf(ctx: ApiContext): RunInfo {
  if (ctx.reports.runInfo) return ctx.reports.runInfo();
  const m = ctx.master;
  const now = ctx.master.now();
  const target = m.target;
  const thresholds = thresholdResults(ctx);
  const crossed = thresholds !== null && thresholds.some((r) => !r.ok);
  const failed = m.view().total.failures > 0;
  return {
    version: ctx.config.version,
    startedAt: m.runStartedAt ?? now,
    endedAt: now,
    host: target?.host ?? ctx.config.defaults.host,
    users: target?.users ?? m.runningUsers,
    spawnRate: target?.spawnRate ?? ctx.config.defaults.spawnRate,
    runTimeS: target?.runTimeMs == null ? null : target.runTimeMs / 1000,
    locustfile: ctx.reports.locustfile ?? '',
    exitCode: crossed ? 3 : failed ? 1 : 0,
    workers: [...m.workers.values()].map((w) => ({ id: w.id, host: w.host, state: w.state, users: { ...w.target } })),
    startSkewMs: m.startSkewMs(),
    lostReports: m.lostReports,
  };
}

function summaryNow(ctx: ApiContext): JsonSummary {
  const thresholds = thresholdResults(ctx);
  return buildJsonSummary(ctx.master.view(), runInfoOf(ctx), {
    ...(thresholds === null ? {} : { thresholds }),
    history: { stepS: ctx.history.stepS, points: ctx.history.points() },
  });
}

export function jsonReport(ctx: ApiContext): Reply {
  return download('application/json; charset=utf-8', `${stamp(ctx.master.now())}.json`, `${JSON.stringify(summaryNow(ctx), null, 2)}\n`);
}

/** The self-contained HTML report, as a file to save (it carries inline scripts, so it is not shown in place). */
export function htmlReport(ctx: ApiContext): Reply {
  return download('text/html; charset=utf-8', `${stamp(ctx.master.now())}.html`, renderHtmlReport(summaryNow(ctx)));
}
