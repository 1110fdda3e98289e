import type { StatsView } from '../stats/view.js';
import { formatErrorReport, formatExceptionReport } from './error-report.js';
import { formatPercentileTable } from './percentile-table.js';
import { formatStatsTable } from './stats-table.js';
import { formatMs } from './text.js';
import type { RunInfo, SummaryOptions } from './types.js';
import { formatWorkerTable } from './worker-table.js';

function runNotes(run: RunInfo): string {
  const notes: string[] = [];
  if (run.startSkewMs !== null) notes.push(`Start skew across workers: ${formatMs(run.startSkewMs)} ms`);
  if (run.lostReports !== undefined && run.lostReports > 0) {
    notes.push(`Lost reports: ${run.lostReports} (interval reports that never reached the master; their requests are not counted above)`);
  }
  return notes.map((n) => n + '\n').join('');
}

/**
 * The end-of-run console output, in Locust's order: the stats table with whole-run rates, the
 * percentile table, the error report; then ours: the exception report, the worker table and the
 * start skew. Empty parts are left out; parts are separated by one blank line.
 */
export function formatSummary(view: StatsView, run: RunInfo, opts: SummaryOptions = {}): string {
  const layout = { nameWidth: opts.nameWidth };
  const parts = [
    formatStatsTable(view, { ...layout, current: false }),
    formatPercentileTable(view, layout),
    formatErrorReport(view, layout),
    formatExceptionReport(view, layout),
    formatWorkerTable(opts.workers ?? []),
    runNotes(run),
  ];
  return parts.filter((p) => p !== '').join('\n');
}
