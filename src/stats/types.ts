/**
 * The shapes that cross from the worker's recorder to the master's aggregator.
 * A worker produces one IntervalSnapshot per interval (1 s); the master merges them.
 * Standalone runs use the very same path (a master plus local worker processes).
 */

/** Latency histograms: microseconds, 1 µs .. 1 h, 3 significant digits (DESIGN.md §4). */
export const HISTOGRAM_CONFIG = {
  lowestDiscernibleValue: 1,
  highestTrackableValue: 3_600_000_000,
  numberOfSignificantValueDigits: 3,
} as const;

/** The percentiles every report shows, as fractions (Locust's columns). */
export const REPORT_PERCENTILES = [0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1] as const;

/** Length of the "current" window for rates and windowed percentiles, in seconds. */
export const CURRENT_WINDOW_SECONDS = 10;

/**
 * A sparse histogram: only the non-empty buckets of an HDR histogram with HISTOGRAM_CONFIG,
 * as (bucket index, count) pairs, varint coded with delta indexes. Cheap to merge on the master
 * straight into a counts array (no decode into a Histogram object).
 */
export type SparseHistogram = Uint8Array;

/** Stats of one endpoint `(method, name)` over one interval. Times in microseconds. */
export interface EntrySnapshot {
  /** HTTP method, or the kind of a custom entry (`measure`). */
  method: string;
  /** The URL path, or the `name` given to group URLs, or the measure's name. */
  name: string;
  count: number;
  failures: number;
  sumUs: number;
  /** 0 when count is 0. */
  minUs: number;
  maxUs: number;
  /** Response body bytes received. */
  bytes: number;
  /** Status code -> count. Requests with no response (network errors) are not in here. */
  status: Record<string, number>;
  hist: SparseHistogram;
  /** Open model only: latency measured from the scheduled arrival time. */
  schedHist?: SparseHistogram;
}

/** Failures grouped by `(method, name, error)`. Times are epoch milliseconds. */
export interface ErrorSnapshot {
  method: string;
  name: string;
  /** A stable error text: `HTTP 500`, `ECONNREFUSED`, `timeout`, `check failed: …`. */
  error: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** Exceptions thrown by user code, grouped by message and stack. */
export interface ExceptionSnapshot {
  message: string;
  traceback: string;
  count: number;
}

export interface IntervalSnapshot {
  /** Epoch milliseconds, in master time. */
  start: number;
  end: number;
  entries: EntrySnapshot[];
  errors: ErrorSnapshot[];
  exceptions: ExceptionSnapshot[];
  /** Open model: arrivals dropped in the interval because no virtual user was free; omitted when 0. */
  dropped?: number;
}

/** What one request (or measure) produced, as handed to the recorder. */
export interface Sample {
  method: string;
  name: string;
  /** Latency from the actual send, microseconds (integer, >= 0). */
  durationUs: number;
  /** Open model: latency from the scheduled arrival, microseconds. */
  scheduledUs?: number;
  ok: boolean;
  /** HTTP status when a response came; undefined on network errors. */
  status?: number;
  bytes: number;
  /** Set when ok is false: the stable error text. */
  error?: string;
}

/** The worker-side sink that every request and exception is recorded into. */
export interface Recorder {
  record(sample: Sample): void;
  exception(error: unknown): void;
  /** Open model: counts `n` (default 1) arrivals dropped because the user pool was full. */
  dropped(n?: number): void;
  /** Closes the current interval at `now` (epoch ms, master time) and starts a new one. */
  take(now: number): IntervalSnapshot;
}
