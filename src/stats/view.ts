/**
 * The merged, read-only view of a run's stats that every reporter consumes
 * (console, JSON, later CSV/HTML/API/metrics). Times in milliseconds (floats).
 */

/** Percentile fraction as a string key: '0.5', '0.66', …, '1'. Null when there is no data. */
export type PercentileTable = Record<string, number | null>;

export interface EndpointView {
  method: string;
  /** For the total row: method '' and name 'Aggregated'. */
  name: string;
  count: number;
  failures: number;
  /** null when count is 0. */
  minMs: number | null;
  maxMs: number | null;
  avgMs: number | null;
  medianMs: number | null;
  avgBytes: number;
  totalBytes: number;
  /** Whole-run rates: count / elapsed seconds. */
  rps: number;
  failRps: number;
  /** Cumulative percentiles. */
  percentiles: PercentileTable;
  /** The last CURRENT_WINDOW_SECONDS. */
  current: { rps: number; failRps: number; percentiles: PercentileTable };
  status: Record<string, number>;
  /** Open model: percentiles measured from the scheduled arrival (absent in the closed model). */
  scheduled?: { percentiles: PercentileTable; avgMs: number | null; maxMs: number | null };
}

export interface ErrorView {
  method: string;
  name: string;
  error: string;
  occurrences: number;
  firstSeen: number;
  lastSeen: number;
}

export interface ExceptionView {
  message: string;
  traceback: string;
  count: number;
  /** Worker ids that reported it. */
  nodes: string[];
}

export interface StatsView {
  /** Epoch ms of the first sample's interval (or of the last reset). */
  startedAt: number;
  /** Epoch ms the view was taken at. */
  now: number;
  /** Sorted by (name, method). */
  endpoints: EndpointView[];
  total: EndpointView;
  errors: ErrorView[];
  exceptions: ExceptionView[];
}
