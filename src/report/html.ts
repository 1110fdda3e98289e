/**
 * `--html FILE`: one self-contained HTML file (inline CSS and JS, uPlot inlined, no network) built
 * from the JSON summary: the verdict, headline numbers, thresholds, charts over time (requests and
 * failures per second, p50/p95/p99, users), request statistics, percentiles, failures, exceptions
 * and workers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StampedeError } from '../errors.js';
import { chartAssets } from './html-assets.js';
import { CHART_SCRIPT } from './html-chart-script.js';
import { REPORT_CSS } from './html-style.js';
import { escapeHtml, exceptionsTable, failuresTable, percentileTable, statsTable, thresholdTable, workersTable } from './html-tables.js';
import type { JsonSummary } from './json-summary.js';
import { formatMs, formatRate } from './text.js';

/** Text that is safe inside <script>: no `</script`, no `<!--`. */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function seriesJson(s: JsonSummary): string {
  const p = s.timeSeries.points;
  const series = {
    t: p.map((x) => x.tMs / 1000),
    rps: p.map((x) => x.rps),
    failRps: p.map((x) => x.failRps),
    p50: p.map((x) => x.p50Ms),
    p95: p.map((x) => x.p95Ms),
    p99: p.map((x) => x.p99Ms),
    users: p.map((x) => x.users),
  };
  return JSON.stringify(series).replace(/</g, '\\u003c');
}

function verdict(s: JsonSummary): { text: string; ok: boolean } {
  switch (s.run.exitCode) {
    case 0:
      return { text: 'PASSED', ok: true };
    case 3:
      return { text: 'THRESHOLDS CROSSED', ok: false };
    case 1:
      return { text: 'REQUESTS FAILED', ok: false };
    default:
      return { text: `EXIT ${s.run.exitCode}`, ok: false };
  }
}

function card(label: string, value: string, bad = false): string {
  return `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value${bad ? ' bad' : ''}">${escapeHtml(value)}</div></div>`;
}

function cards(s: JsonSummary): string {
  const t = s.totals;
  const maxUsers = s.timeSeries.points.reduce((m, p) => Math.max(m, p.users), 0);
  const passed = s.thresholds.filter((x) => x.ok).length;
  const items = [
    card('Requests', String(t.count)),
    card('Failures', `${t.failures} (${(t.failRatio * 100).toFixed(2)}%)`, t.failures > 0),
    card('Requests/s', formatRate(t.rps)),
    card('Median', `${formatMs(t.medianMs)} ms`),
    card('p95', `${formatMs(t.percentiles['95'] ?? null)} ms`),
    card('p99', `${formatMs(t.percentiles['99'] ?? null)} ms`),
    card('Peak users', String(Math.max(maxUsers, 0) || s.run.users)),
  ];
  if (s.thresholds.length > 0) items.push(card('Thresholds passed', `${passed} / ${s.thresholds.length}`, passed < s.thresholds.length));
  return `<div class="cards">${items.join('')}</div>`;
}

function meta(s: JsonSummary): string {
  const r = s.run;
  const parts = [
    `Host ${r.host || '(per class)'}`,
    `Loadfile ${r.locustfile}`,
    `Started ${r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
    `Duration ${r.durationS.toFixed(1)} s`,
    `Users ${r.users} at ${r.spawnRate}/s`,
    `Workers ${r.workers.length}`,
  ];
  if (r.startSkewMs !== null) parts.push(`Start skew ${formatMs(r.startSkewMs)} ms`);
  if (r.warmupS !== null || r.resetStats) parts.push(`Statistics from ${r.statsStartedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${r.warmupS !== null ? ` (warm-up ${r.warmupS} s excluded)` : ' (reset when all users had started)'}`);
  return parts.map((p) => `<span>${escapeHtml(p)}</span>`).join(' ');
}

function section(id: string, title: string, body: string, note = ''): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}${note === '' ? '' : `<small>${escapeHtml(note)}</small>`}</h2>${body}</section>`;
}

function charts(s: JsonSummary): string {
  if (s.timeSeries.points.length === 0) return section('over-time', 'Over time', '<p class="empty">The run was too short for a time series.</p>');
  const step = s.timeSeries.stepS === 1 ? 'one point per second' : `one point per ${s.timeSeries.stepS} s`;
  return section('over-time', 'Over time', '<div class="charts"><div class="chart" id="chart-rps"></div><div class="chart" id="chart-latency"></div><div class="chart" id="chart-users"></div></div>', step);
}

/** The whole report as one HTML document. */
export function renderHtmlReport(s: JsonSummary): string {
  const assets = chartAssets();
  const v = verdict(s);
  const scheduled = s.totals.scheduled !== undefined || s.endpoints.some((e) => e.scheduled !== undefined);
  const body = [
    cards(s),
    s.thresholds.length > 0 ? section('thresholds', 'Thresholds', thresholdTable(s.thresholds)) : '',
    s.run.abortReason !== null ? section('aborted', 'Stopped early', `<p>${escapeHtml(s.run.abortReason)}</p>`) : '',
    charts(s),
    section('stats', 'Request statistics', statsTable(s), 'whole-run rates'),
    section('percentiles', 'Response time percentiles', percentileTable(s), 'ms, cumulative'),
    scheduled ? section('scheduled', 'Response time percentiles from the scheduled send time', percentileTable(s, true), 'open model, corrected for coordinated omission') : '',
    section('failures', 'Failures', s.errors.length > 0 ? failuresTable(s.errors) : '<p class="empty">No failures.</p>'),
    section('exceptions', 'Exceptions', s.exceptions.length > 0 ? exceptionsTable(s.exceptions) : '<p class="empty">No exceptions in user code.</p>'),
    s.run.workers.length > 0 ? section('workers', 'Workers', workersTable(s)) : '',
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>stampede report: ${escapeHtml(s.run.host)} ${escapeHtml(s.run.startedAt)}</title>
<style>${assets.css}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>stampede report<span class="verdict ${v.ok ? 'ok' : 'bad'}">${escapeHtml(v.text)}</span></h1><div class="meta">${meta(s)}</div></header>
<main>
${body}
</main>
<footer>stampede ${escapeHtml(s.run.version)} · exit code ${s.run.exitCode} · the same numbers as the JSON summary (${escapeHtml(s.schema)})</footer>
<script type="application/json" id="stampede-series">${seriesJson(s)}</script>
<script>${inlineScript(assets.script)}</script>
<script>${inlineScript(CHART_SCRIPT)}</script>
</body>
</html>
`;
}

/** Writes the report to `path` (creating its directory); STAMPEDE_ERR_REPORT_WRITE when it cannot. */
export async function writeHtmlReport(path: string, summary: JsonSummary): Promise<void> {
  const html = renderHtmlReport(summary);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, html, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StampedeError('STAMPEDE_ERR_REPORT_WRITE', `cannot write the HTML report to "${path}" (${reason}); give --html a writable file path`, { cause: err });
  }
}
