import { REPORT_PERCENTILES } from '../stats/types.js';
import type { PercentileTable } from '../stats/view.js';

/** One reported percentile: the fraction, its key in the StatsView, and its label in reports. */
export interface PercentileColumn {
  fraction: number;
  /** Key in `PercentileTable`: '0.5', '0.66', …, '1'. */
  viewKey: string;
  /** Locust-style label without the percent sign: '50', '66', …, '99.9', '99.99', '100'. */
  label: string;
}

export const PERCENTILE_COLUMNS: readonly PercentileColumn[] = REPORT_PERCENTILES.map((fraction) => ({
  fraction,
  viewKey: String(fraction),
  label: String(Number((fraction * 100).toFixed(6))),
}));

/**
 * The value of one percentile, null when the view has none. Keys are matched by their numeric
 * value too, so '0.50' or '1.0' would be found as well as '0.5' and '1'.
 */
export function percentileOf(table: PercentileTable, column: PercentileColumn): number | null {
  const direct = table[column.viewKey];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(table)) {
    if (Number(key) === column.fraction) return value;
  }
  return null;
}
