import type { EndpointView, PercentileTable, StatsView } from '../stats/view.js';
import { PERCENTILE_COLUMNS, percentileOf } from './percentiles.js';
import { renderTable, type Column } from './table.js';
import { byNameThenMethod, formatMs, MIN_NAME_WIDTH, nameWidthOf, truncateMiddle } from './text.js';
import type { ConsoleOptions } from './types.js';

export const PERCENTILES_HEADING = 'Response time percentiles (approximated)';
export const SCHEDULED_HEADING =
  'Response time percentiles from the scheduled send time (the headline: corrected for coordinated omission)';
export const ACTUAL_HEADING = 'Response time percentiles from the actual send (approximated; a closed loop hides stalls here)';
const SCHEDULED_SUFFIX = ' (scheduled)';

function columns(nameWidth: number): Column[] {
  return [
    { header: 'Type', align: 'left', minWidth: 8, gap: '' },
    { header: 'Name', align: 'left', minWidth: nameWidth, fixedWidth: nameWidth, gap: ' ' },
    ...PERCENTILE_COLUMNS.map((p, i): Column => ({
      header: `${p.label}%`,
      align: 'right',
      minWidth: i === 0 ? 8 : 6,
      gap: ' ',
    })),
    { header: '# reqs', align: 'right', minWidth: 6, gap: ' ' },
  ];
}

function row(method: string, name: string, count: number, table: PercentileTable): string[] {
  return [method, name, ...PERCENTILE_COLUMNS.map((p) => formatMs(percentileOf(table, p))), String(count)];
}

function actualRow(entry: EndpointView, nameWidth: number): string[] {
  return row(entry.method, truncateMiddle(entry.name, nameWidth), entry.count, entry.percentiles);
}

function scheduledRow(entry: EndpointView, nameWidth: number): string[] | null {
  if (entry.scheduled === undefined) return null;
  const room = nameWidth - SCHEDULED_SUFFIX.length;
  const name =
    room >= MIN_NAME_WIDTH
      ? truncateMiddle(entry.name, room) + SCHEDULED_SUFFIX
      : truncateMiddle(entry.name + SCHEDULED_SUFFIX, nameWidth);
  return row(entry.method, name, entry.count, entry.scheduled.percentiles);
}

function scheduledBlock(view: StatsView, nameWidth: number): string {
  const rows = [...view.endpoints]
    .sort(byNameThenMethod)
    .map((e) => scheduledRow(e, nameWidth))
    .filter((r) => r !== null);
  const total = scheduledRow(view.total, nameWidth);
  if (rows.length === 0 && total === null) return '';
  const sections = total === null ? [rows] : [rows, [total]];
  return renderTable(columns(nameWidth), sections);
}

/**
 * Locust's percentile table (cumulative, ms): endpoints, a separator, `Aggregated`. Endpoints
 * without samples show `N/A`. When the view has `scheduled` percentiles (the open model, or pacing
 * users), those come first as the headline, each name suffixed ` (scheduled)`, and the table from
 * the actual send follows.
 */
export function formatPercentileTable(view: StatsView, opts: ConsoleOptions = {}): string {
  const nameWidth = nameWidthOf(opts.nameWidth);
  const rows = [...view.endpoints].sort(byNameThenMethod).map((e) => actualRow(e, nameWidth));
  const actual = renderTable(columns(nameWidth), [rows, [actualRow(view.total, nameWidth)]]);
  const scheduled = scheduledBlock(view, nameWidth);
  if (scheduled === '') return PERCENTILES_HEADING + '\n' + actual;
  return SCHEDULED_HEADING + '\n' + scheduled + '\n' + ACTUAL_HEADING + '\n' + actual;
}
