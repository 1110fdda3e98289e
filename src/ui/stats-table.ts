/// <reference lib="dom" />
/** The per-endpoint statistics table: Locust's columns, sortable by any column, Aggregated last. */
import type { ApiEndpoint } from '../master/http/api-types.js';
import { el, replaceChildren } from './dom.js';
import * as fmt from './format.js';

interface Column {
  title: string;
  num: boolean;
  value: (e: ApiEndpoint) => number | string | null;
  text: (e: ApiEndpoint) => string;
}

const p = (label: string) => (e: ApiEndpoint): number | null => e.percentiles[label] ?? null;

const COLUMNS: Column[] = [
  { title: 'Type', num: false, value: (e) => e.method, text: (e) => e.method },
  { title: 'Name', num: false, value: (e) => e.name, text: (e) => e.name },
  { title: '# Requests', num: true, value: (e) => e.count, text: (e) => fmt.count(e.count) },
  { title: '# Fails', num: true, value: (e) => e.failures, text: (e) => (e.failures === 0 ? '0' : `${fmt.count(e.failures)} (${fmt.percent(e.failRatio)})`) },
  { title: 'Median ms', num: true, value: (e) => e.medianMs, text: (e) => fmt.ms(e.medianMs) },
  { title: '95%ile ms', num: true, value: p('95'), text: (e) => fmt.ms(p('95')(e)) },
  { title: '99%ile ms', num: true, value: p('99'), text: (e) => fmt.ms(p('99')(e)) },
  { title: 'Average ms', num: true, value: (e) => e.avgMs, text: (e) => fmt.ms(e.avgMs) },
  { title: 'Min ms', num: true, value: (e) => e.minMs, text: (e) => fmt.ms(e.minMs) },
  { title: 'Max ms', num: true, value: (e) => e.maxMs, text: (e) => fmt.ms(e.maxMs) },
  { title: 'Avg size', num: true, value: (e) => e.avgBytes, text: (e) => fmt.bytes(e.avgBytes) },
  { title: 'Current RPS', num: true, value: (e) => e.current.rps, text: (e) => fmt.rate(e.current.rps) },
  { title: 'Current fails/s', num: true, value: (e) => e.current.failRps, text: (e) => fmt.rate(e.current.failRps) },
];

function compare(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export class StatsTable {
  #table: HTMLTableElement;
  #sortBy = 1;
  #descending = false;
  #last: { endpoints: ApiEndpoint[]; totals: ApiEndpoint } | null = null;

  constructor(host: HTMLElement) {
    this.#table = el('table', { class: 'grid', id: 'stats-table' });
    host.append(el('div', { class: 'scroll' }, this.#table));
    this.#renderHead();
  }

  update(endpoints: ApiEndpoint[], totals: ApiEndpoint): void {
    this.#last = { endpoints, totals };
    const col = COLUMNS[this.#sortBy]!;
    const rows = [...endpoints].sort((a, b) => {
      const c = compare(col.value(a), col.value(b)) || compare(a.name, b.name) || compare(a.method, b.method);
      return this.#descending ? -c : c;
    });
    const body = el('tbody');
    replaceChildren(body, rows.length === 0 ? [el('tr', {}, el('td', { colspan: String(COLUMNS.length), class: 'empty' }, 'No requests yet.'))] : rows.map((e) => this.#row(e)));
    const foot = el('tfoot', {}, this.#row(totals));
    this.#table.tBodies[0]?.remove();
    this.#table.tFoot?.remove();
    this.#table.append(body, foot);
  }

  #row(e: ApiEndpoint): HTMLTableRowElement {
    return el('tr', e.failures > 0 ? { class: 'has-failures' } : {}, ...COLUMNS.map((c) => el('td', c.num ? { class: 'num' } : {}, c.text(e))));
  }

  #renderHead(): void {
    const row = el('tr', {}, ...COLUMNS.map((c, i) => {
      const sorted = i === this.#sortBy;
      const th = el('th', { class: c.num ? 'num sortable' : 'sortable', 'aria-sort': sorted ? (this.#descending ? 'descending' : 'ascending') : 'none', tabindex: '0', title: `Sort by ${c.title}` }, c.title);
      const sort = (): void => {
        this.#descending = sorted ? !this.#descending : c.num;
        this.#sortBy = i;
        this.#renderHead();
        if (this.#last) this.update(this.#last.endpoints, this.#last.totals);
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') sort();
      });
      return th;
    }));
    this.#table.tHead?.remove();
    this.#table.createTHead().append(row);
  }
}
