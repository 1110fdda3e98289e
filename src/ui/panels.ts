/// <reference lib="dom" />
/** The failures, exceptions, workers and thresholds tabs: plain tables rebuilt on each update. */
import type { ApiError, ApiException, ApiThreshold, ApiWorker } from '../master/http/api-types.js';
import { el, replaceChildren } from './dom.js';
import * as fmt from './format.js';

type Cell = string | { text: string; num?: boolean; cls?: string; node?: Node };

function table(headers: readonly (string | { text: string; num: boolean })[], rows: readonly Cell[][], empty: string): HTMLElement {
  if (rows.length === 0) return el('p', { class: 'empty' }, empty);
  const head = el('tr', {}, ...headers.map((h) => (typeof h === 'string' ? el('th', {}, h) : el('th', { class: 'num' }, h.text))));
  const body = rows.map((r) =>
    el('tr', {}, ...r.map((c) => (typeof c === 'string' ? el('td', {}, c) : el('td', { class: [c.num ? 'num' : '', c.cls ?? ''].join(' ').trim() }, c.node ?? c.text)))),
  );
  return el('div', { class: 'scroll' }, el('table', { class: 'grid' }, el('thead', {}, head), el('tbody', {}, ...body)));
}

const n = (text: string): Cell => ({ text, num: true });

export function renderFailures(host: HTMLElement, errors: readonly ApiError[]): void {
  const rows = [...errors].sort((a, b) => b.occurrences - a.occurrences).map((e) => [n(fmt.count(e.occurrences)), e.method, e.name, { text: e.error, cls: 'error-text' }, n(fmt.clock(e.lastSeenMs))]);
  replaceChildren(host, [table([{ text: '# Occurrences', num: true }, 'Method', 'Name', 'Error', { text: 'Last seen', num: true }], rows, 'No failures so far.')]);
}

export function renderExceptions(host: HTMLElement, exceptions: readonly ApiException[]): void {
  const rows = exceptions.map((x) => [
    n(fmt.count(x.count)),
    { text: x.message, cls: 'error-text' },
    { text: '', node: el('details', {}, el('summary', {}, x.traceback.split('\n')[0] ?? ''), el('pre', {}, x.traceback)) },
    x.nodes.join(', '),
  ]);
  replaceChildren(host, [table([{ text: 'Count', num: true }, 'Message', 'Traceback', 'Workers'], rows, 'No exceptions in user code.')]);
}

export function renderWorkers(host: HTMLElement, workers: readonly ApiWorker[]): void {
  const rows = workers.map((w) => [
    w.id,
    w.host,
    { text: w.state, node: el('span', { class: 'pill', 'data-state': w.state }, w.state) },
    n(fmt.count(w.totalUsers)),
    n(fmt.rate(w.rps)),
    n(`${w.cpuPercent.toFixed(0)}%`),
    n(fmt.bytes(w.rssBytes)),
    n(fmt.ms(w.loopLagMs)),
    n(w.lastReportAgeMs === null ? '–' : `${(w.lastReportAgeMs / 1000).toFixed(1)} s ago`),
  ]);
  const headers = ['Id', 'Host', 'State', { text: 'Users', num: true }, { text: 'RPS', num: true }, { text: 'CPU', num: true }, { text: 'Memory', num: true }, { text: 'Loop lag ms', num: true }, { text: 'Last report', num: true }];
  replaceChildren(host, [table(headers, rows, 'No worker has connected yet. Start one with: stampede --worker --master-host <this machine>')]);
}

function observed(t: ApiThreshold): string {
  if (t.observed === null) return 'no data';
  if (t.unit === 'ms') return `${fmt.ms(t.observed)} ms`;
  if (t.unit === 'ratio') return fmt.percent(t.observed);
  if (t.unit === '/s') return `${fmt.rate(t.observed)}/s`;
  return fmt.count(t.observed);
}

export function renderThresholds(host: HTMLElement, thresholds: readonly ApiThreshold[]): void {
  const rows = thresholds.map((t) => [
    t.scope,
    { text: t.expression, cls: 'mono' },
    n(observed(t)),
    { text: '', node: el('span', { class: `pill ${t.ok ? 'pass' : 'fail'}` }, t.ok ? 'pass' : 'FAIL') },
  ]);
  replaceChildren(host, [table(['Scope', 'Threshold', { text: 'Observed', num: true }, 'Result'], rows, 'No thresholds: add --threshold or export const thresholds in the loadfile.')]);
}
