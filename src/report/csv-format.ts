/**
 * Locust's four CSV files (`--csv PREFIX`), as text. Pure: rows from a StatsView.
 * Headers are Locust's byte for byte (shared/REFERENCE.md); the documented departures are times
 * with decimals (µs precision) and, in the history, percentiles of the current 10 s window.
 */
import type { EndpointView, ExceptionView, PercentileTable, StatsView } from '../stats/view.js';
import { PERCENTILE_COLUMNS, percentileOf } from './percentiles.js';
import { byNameThenMethod, compareText } from './text.js';

const PERCENT_HEADERS = PERCENTILE_COLUMNS.map((c) => `${c.label}%`);

export const STATS_HEADER = [
  'Type', 'Name', 'Request Count', 'Failure Count', 'Median Response Time', 'Average Response Time',
  'Min Response Time', 'Max Response Time', 'Average Content Size', 'Requests/s', 'Failures/s', ...PERCENT_HEADERS,
] as const;

export const HISTORY_HEADER = [
  'Timestamp', 'User Count', 'Type', 'Name', 'Requests/s', 'Failures/s', ...PERCENT_HEADERS,
  'Total Request Count', 'Total Failure Count', 'Total Median Response Time', 'Total Average Response Time',
  'Total Min Response Time', 'Total Max Response Time', 'Total Average Content Size',
] as const;

export const FAILURES_HEADER = ['Method', 'Name', 'Error', 'Occurrences', 'First Seen', 'Last Seen'] as const;

export const EXCEPTIONS_HEADER = ['Count', 'Message', 'Traceback', 'Nodes'] as const;

export const NOT_AVAILABLE = 'N/A';

/** RFC 4180 quoting, as Python's csv module does it (QUOTE_MINIMAL). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One line, ending with `\n`. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\n';
}

/** A number with at most 3 decimals, trailing zeros dropped: `12.5`, `0.042`, `7`. */
export function num3(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** A time in ms (3 decimals: µs), or N/A without samples. */
function ms(value: number | null, count: number): string {
  return value === null || count === 0 ? NOT_AVAILABLE : num3(value);
}

function percentiles(table: PercentileTable, count: number): string[] {
  return PERCENTILE_COLUMNS.map((c) => ms(percentileOf(table, c), count));
}

/** `%Y-%m-%dT%H:%M:%SZ` in UTC. */
export function utcSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function statsRow(e: EndpointView): string[] {
  return [
    e.method,
    e.name,
    String(e.count),
    String(e.failures),
    ms(e.medianMs, e.count),
    ms(e.avgMs, e.count),
    ms(e.minMs, e.count),
    ms(e.maxMs, e.count),
    num3(e.avgBytes),
    num3(e.rps),
    num3(e.failRps),
    ...percentiles(e.percentiles, e.count),
  ];
}

/** `PREFIX_stats.csv`: endpoints by (name, method), then `Aggregated`; whole-run rates, cumulative percentiles. */
export function statsCsv(view: StatsView): string {
  const rows = [...view.endpoints].sort(byNameThenMethod).map(statsRow);
  return [STATS_HEADER, ...rows, statsRow(view.total)].map(csvLine).join('');
}

function historyRow(e: EndpointView, timestampS: number, users: number): string[] {
  return [
    String(timestampS),
    String(users),
    e.method,
    e.name,
    num3(e.current.rps),
    num3(e.current.failRps),
    // The window's percentiles are null when it holds no request.
    ...percentiles(e.current.percentiles, 1),
    String(e.count),
    String(e.failures),
    ms(e.medianMs, e.count),
    ms(e.avgMs, e.count),
    ms(e.minMs, e.count),
    ms(e.maxMs, e.count),
    num3(e.avgBytes),
  ];
}

/**
 * The rows of `PREFIX_stats_history.csv` for one second: the `Aggregated` row, preceded by one row
 * per endpoint (by name, method) when `fullHistory`. Requests/s, Failures/s and the percentiles
 * cover the current 10 s window; the Total columns are the running totals.
 */
export function historyRows(view: StatsView, timestampS: number, users: number, fullHistory: boolean): string {
  const endpoints = fullHistory ? [...view.endpoints].sort(byNameThenMethod) : [];
  return [...endpoints, view.total].map((e) => csvLine(historyRow(e, timestampS, users))).join('');
}

export function historyHeader(): string {
  return csvLine(HISTORY_HEADER);
}

/** `PREFIX_failures.csv`: most frequent first, then by name, method, error. */
export function failuresCsv(view: StatsView): string {
  const rows = [...view.errors]
    .sort((a, b) => b.occurrences - a.occurrences || compareText(a.name, b.name) || compareText(a.method, b.method) || compareText(a.error, b.error))
    .map((e) => [e.method, e.name, e.error, String(e.occurrences), utcSeconds(e.firstSeen), utcSeconds(e.lastSeen)]);
  return [FAILURES_HEADER, ...rows].map(csvLine).join('');
}

function exceptionRow(x: ExceptionView): string[] {
  return [String(x.count), x.message, x.traceback, x.nodes.join(', ')];
}

/** `PREFIX_exceptions.csv`: most frequent first; Nodes lists the worker ids joined by ", ". */
export function exceptionsCsv(view: StatsView): string {
  const rows = [...view.exceptions].sort((a, b) => b.count - a.count || compareText(a.message, b.message)).map(exceptionRow);
  return [EXCEPTIONS_HEADER, ...rows].map(csvLine).join('');
}
