/** Console tables and the JSON summary: pure formatters over the merged StatsView. */
export { formatStatsTable, type StatsTableOptions } from './stats-table.js';
export { formatPercentileTable, PERCENTILES_HEADING, SCHEDULED_HEADING, ACTUAL_HEADING } from './percentile-table.js';
export { formatErrorReport, formatExceptionReport, errorLabel, firstTracebackLine } from './error-report.js';
export { formatWorkerTable } from './worker-table.js';
export { formatSummary } from './summary.js';
export {
  buildJsonSummary,
  JSON_SUMMARY_SCHEMA,
  type JsonSummary,
  type JsonEndpoint,
  type JsonRun,
  type JsonError,
  type JsonException,
  type JsonPercentiles,
} from './json-summary.js';
export { writeJson, serializeJsonSummary, type JsonOutput, type TextSink } from './json-write.js';
export { PERCENTILE_COLUMNS, type PercentileColumn } from './percentiles.js';
export { formatMs, formatFailures, formatRate, truncateMiddle, DEFAULT_NAME_WIDTH, MIN_NAME_WIDTH } from './text.js';
export type { WorkerRow, RunInfo, ConsoleOptions, SummaryOptions } from './types.js';
