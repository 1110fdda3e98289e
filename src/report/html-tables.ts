/** The HTML report's tables, rendered from the JSON summary. Pure; every text is escaped. */
import type { JsonEndpoint, JsonError, JsonException, JsonPercentiles, JsonSummary, JsonThreshold } from './json-summary.js';
import { PERCENTILE_COLUMNS } from './percentiles.js';
import { formatMs, formatRate } from './text.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A cell: `l` aligns left; `cls` adds classes. */
function td(text: string, cls = ''): string {
  return `<td${cls === '' ? '' : ` class="${cls}"`}>${escapeHtml(text)}</td>`;
}

function table(headers: readonly [string, 'l' | 'r'][], rows: readonly string[]): string {
  const head = headers.map(([h, align]) => `<th${align === 'l' ? ' class="l"' : ''}>${escapeHtml(h)}</th>`).join('');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function percent(count: number, failures: number): string {
  const ratio = count > 0 ? failures / count : failures > 0 ? 1 : 0;
  return `${failures} (${(ratio * 100).toFixed(2)}%)`;
}

function statsRow(e: JsonEndpoint, total: boolean): string {
  const cells = [
    td(e.method, 'l'),
    td(e.name, 'l name'),
    td(String(e.count)),
    td(percent(e.count, e.failures), e.failures > 0 ? 'fail' : ''),
    td(formatMs(e.medianMs)),
    td(formatMs(e.percentiles['95'] ?? null)),
    td(formatMs(e.avgMs)),
    td(formatMs(e.minMs)),
    td(formatMs(e.maxMs)),
    td(e.avgBytes.toFixed(0)),
    td(formatRate(e.rps)),
    td(formatRate(e.failRps)),
  ];
  return `<tr${total ? ' class="total"' : ''}>${cells.join('')}</tr>`;
}

/** Locust's request statistics, whole-run rates. */
export function statsTable(s: JsonSummary): string {
  const headers: [string, 'l' | 'r'][] = [
    ['Type', 'l'], ['Name', 'l'], ['# Requests', 'r'], ['# Fails', 'r'], ['Median (ms)', 'r'], ['95%ile (ms)', 'r'],
    ['Average (ms)', 'r'], ['Min (ms)', 'r'], ['Max (ms)', 'r'], ['Avg size (bytes)', 'r'], ['RPS', 'r'], ['Failures/s', 'r'],
  ];
  return table(headers, [...s.endpoints.map((e) => statsRow(e, false)), statsRow(s.totals, true)]);
}

function percentileRow(method: string, name: string, p: JsonPercentiles, count: number, total: boolean): string {
  const cells = [td(method, 'l'), td(name, 'l name'), ...PERCENTILE_COLUMNS.map((c) => td(formatMs(p[c.label] ?? null))), td(String(count))];
  return `<tr${total ? ' class="total"' : ''}>${cells.join('')}</tr>`;
}

/** Cumulative percentiles, ms; with `scheduled`, those measured from the scheduled send time (open model). */
export function percentileTable(s: JsonSummary, scheduled = false): string {
  const headers: [string, 'l' | 'r'][] = [['Type', 'l'], ['Name', 'l'], ...PERCENTILE_COLUMNS.map((c): [string, 'r'] => [`${c.label}%`, 'r']), ['# reqs', 'r']];
  const pick = (e: JsonEndpoint): JsonPercentiles | null => (scheduled ? (e.scheduled?.percentiles ?? null) : e.percentiles);
  const rows: string[] = [];
  for (const e of s.endpoints) {
    const p = pick(e);
    if (p !== null) rows.push(percentileRow(e.method, e.name, p, e.count, false));
  }
  const total = pick(s.totals);
  if (total !== null) rows.push(percentileRow(s.totals.method, s.totals.name, total, s.totals.count, true));
  return table(headers, rows);
}

function observed(t: JsonThreshold): string {
  if (t.observed === null) return 'no data';
  if (t.unit === 'ms') return `${formatMs(t.observed)} ms`;
  if (t.unit === 'ratio') return `${(t.observed * 100).toFixed(2)}%`;
  if (t.unit === '/s') return `${t.observed.toFixed(2)}/s`;
  return String(t.observed);
}

export function thresholdTable(thresholds: readonly JsonThreshold[]): string {
  const rows = thresholds.map((t) =>
    `<tr>${td(t.scope, 'l name')}${td(t.expression + (t.abortOnFail ? ' (abortOnFail)' : ''), 'l')}${td(observed(t))}${td(t.ok ? 'pass' : 'FAIL', t.ok ? 'l ok' : 'l bad')}${td(t.origin, 'l')}</tr>`,
  );
  return table([['Scope', 'l'], ['Threshold', 'l'], ['Observed', 'r'], ['Result', 'l'], ['Given in', 'l']], rows);
}

export function failuresTable(errors: readonly JsonError[]): string {
  const sorted = [...errors].sort((a, b) => b.occurrences - a.occurrences);
  const rows = sorted.map((e) => `<tr>${td(String(e.occurrences))}${td(e.method, 'l')}${td(e.name, 'l name')}${td(e.error, 'l')}${td(e.firstSeen, 'l')}${td(e.lastSeen, 'l')}</tr>`);
  return table([['# occurrences', 'r'], ['Method', 'l'], ['Name', 'l'], ['Error', 'l'], ['First seen', 'l'], ['Last seen', 'l']], rows);
}

export function exceptionsTable(exceptions: readonly JsonException[]): string {
  const rows = exceptions.map((x) => {
    const trace = x.traceback === '' ? escapeHtml(x.message) : `<details><summary>${escapeHtml(x.message)}</summary><pre>${escapeHtml(x.traceback)}</pre></details>`;
    return `<tr>${td(String(x.count))}<td class="l">${trace}</td>${td(x.nodes.join(', '), 'l')}</tr>`;
  });
  return table([['Count', 'r'], ['Message', 'l'], ['Nodes', 'l']], rows);
}

export function workersTable(s: JsonSummary): string {
  const rows = s.run.workers.map((w) => {
    const users = Object.values(w.users).reduce((a, b) => a + b, 0);
    const classes = Object.entries(w.users).map(([k, v]) => `${k}: ${v}`).join(', ');
    const share = w.share === null ? '—' : `${(w.share * 100).toFixed(1)}%`;
    return `<tr>${td(w.id, 'l')}${td(w.host, 'l')}${td(w.state, 'l')}${td(String(users))}${td(share)}${td(classes, 'l')}</tr>`;
  });
  return table([['Worker', 'l'], ['Host', 'l'], ['State', 'l'], ['Users', 'r'], ['Share', 'r'], ['Users per class', 'l']], rows);
}
