import { renderTable, type Column } from './table.js';
import { compareText, formatMs, formatRate } from './text.js';
import type { WorkerRow } from './types.js';

const COLUMNS: readonly Column[] = [
  { header: 'Worker', align: 'left', minWidth: 8, gap: '' },
  { header: 'Host', align: 'left', minWidth: 8, gap: ' ' },
  { header: 'State', align: 'left', minWidth: 8, gap: ' ' },
  { header: 'Users', align: 'right', minWidth: 7, gap: ' | ' },
  { header: 'req/s', align: 'right', minWidth: 9, gap: ' ' },
  { header: 'CPU %', align: 'right', minWidth: 6, gap: ' | ' },
  { header: 'Loop lag', align: 'right', minWidth: 10, gap: ' ' },
  { header: 'Last report', align: 'right', minWidth: 12, gap: ' ' },
];

const byId = new Intl.Collator('en', { numeric: true });

function reportAge(ms: number): string {
  return ms >= 0 ? `${(ms / 1000).toFixed(1)} s ago` : 'never';
}

function row(worker: WorkerRow): string[] {
  return [
    worker.id,
    worker.host,
    worker.state,
    String(worker.users),
    formatRate(worker.rps),
    worker.cpuPercent.toFixed(1),
    `${formatMs(worker.loopLagMs)} ms`,
    reportAge(worker.lastReportAgeMs),
  ];
}

/**
 * The per-worker table: one row per worker in natural id order (`w-2` before `w-10`), a separator,
 * then a `Total` row with the users and request rates summed. Returns '' when there are no workers.
 */
export function formatWorkerTable(workers: readonly WorkerRow[]): string {
  if (workers.length === 0) return '';
  const sorted = [...workers].sort((a, b) => byId.compare(a.id, b.id) || compareText(a.id, b.id));
  const users = workers.reduce((sum, w) => sum + w.users, 0);
  const rps = workers.reduce((sum, w) => sum + w.rps, 0);
  const total = ['Total', '', '', String(users), formatRate(rps), '', '', ''];
  return 'Workers\n' + renderTable(COLUMNS, [sorted.map(row), [total]]);
}
