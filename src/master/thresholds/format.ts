/** The console's `Thresholds` section: each threshold, its observed value and pass/FAIL. Pure. */
import { renderTable, type Column } from '../../report/table.js';
import { formatMs } from '../../report/text.js';
import { scopeLabel } from './evaluate.js';
import type { ThresholdResult } from './types.js';

const COLUMNS: readonly Column[] = [
  { header: 'Scope', align: 'left', minWidth: 20, gap: '' },
  { header: 'Threshold', align: 'left', minWidth: 16, gap: ' ' },
  { header: 'Observed', align: 'right', minWidth: 12, gap: ' | ' },
  { header: 'Result', align: 'left', minWidth: 6, gap: ' | ' },
];

/** The observed value with its unit: `87.50 ms`, `12.34/s`, `0.52%`, `1200`, or `no data`. */
export function formatObserved(r: ThresholdResult): string {
  const v = r.observed;
  if (v === null) return 'no data';
  switch (r.threshold.unit) {
    case 'ms':
      return `${formatMs(v)} ms`;
    case '/s':
      return `${v.toFixed(2)}/s`;
    case 'ratio':
      return `${(v * 100).toFixed(2)}%`;
    case 'count':
      return String(v);
  }
}

/**
 * `Thresholds` and one row per threshold in the order given, then a verdict line. A threshold with
 * no data fails (`FAIL (no data)`), so a misspelt endpoint cannot pass. '' when there are none.
 */
export function formatThresholdReport(results: readonly ThresholdResult[], abortMessage: string | null = null): string {
  if (results.length === 0) return '';
  const rows = results.map((r) => [
    scopeLabel(r.threshold),
    r.threshold.expression + (r.threshold.abortOnFail ? ' (abortOnFail)' : ''),
    formatObserved(r),
    r.ok ? 'pass' : r.observed === null ? 'FAIL (no data)' : 'FAIL',
  ]);
  const failed = results.filter((r) => !r.ok).length;
  const verdict =
    abortMessage !== null
      ? `Run aborted: ${abortMessage}\n`
      : failed === 0
        ? `All ${results.length} thresholds passed\n`
        : `${failed} of ${results.length} thresholds crossed\n`;
  return 'Thresholds\n' + renderTable(COLUMNS, [rows]) + verdict;
}
