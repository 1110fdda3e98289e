import type { EndpointView, StatsView } from '../stats/view.js';
import { renderTable, type Column } from './table.js';
import { byNameThenMethod, formatFailures, formatMs, formatRate, nameWidthOf, truncateMiddle } from './text.js';
import type { ConsoleOptions } from './types.js';

export interface StatsTableOptions extends ConsoleOptions {
  /** true: rates of the current window (periodic table); false: whole-run rates (final table). */
  current: boolean;
}

function columns(nameWidth: number): Column[] {
  return [
    { header: 'Type', align: 'left', minWidth: 8, gap: '' },
    { header: 'Name', align: 'left', minWidth: nameWidth, fixedWidth: nameWidth, gap: ' ' },
    { header: '# reqs', align: 'right', minWidth: 7, gap: ' ' },
    { header: '# fails', align: 'right', minWidth: 12, gap: ' ' },
    { header: 'Avg', align: 'right', minWidth: 7, gap: ' |' },
    { header: 'Min', align: 'right', minWidth: 7, gap: ' ' },
    { header: 'Max', align: 'right', minWidth: 7, gap: ' ' },
    { header: 'Med', align: 'right', minWidth: 7, gap: ' ' },
    { header: 'req/s', align: 'right', minWidth: 7, gap: ' | ' },
    { header: 'failures/s', align: 'right', minWidth: 11, gap: ' ' },
  ];
}

function row(entry: EndpointView, current: boolean, nameWidth: number): string[] {
  const rps = current ? entry.current.rps : entry.rps;
  const failRps = current ? entry.current.failRps : entry.failRps;
  return [
    entry.method,
    truncateMiddle(entry.name, nameWidth),
    String(entry.count),
    formatFailures(entry.count, entry.failures),
    formatMs(entry.avgMs),
    formatMs(entry.minMs),
    formatMs(entry.maxMs),
    formatMs(entry.medianMs),
    formatRate(rps),
    formatRate(failRps),
  ];
}

/**
 * Locust's request table: one row per endpoint in (name, method) order, a separator,
 * then the `Aggregated` row. Times in ms (see formatMs), `N/A` where an endpoint has no samples.
 */
export function formatStatsTable(view: StatsView, opts: StatsTableOptions): string {
  const nameWidth = nameWidthOf(opts.nameWidth);
  const rows = [...view.endpoints].sort(byNameThenMethod).map((e) => row(e, opts.current, nameWidth));
  return renderTable(columns(nameWidth), [rows, [row(view.total, opts.current, nameWidth)]]);
}
