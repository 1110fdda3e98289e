/**
 * Thresholds (performance budgets): what a parsed threshold is, what it is measured against, and
 * what one evaluation gives. See docs/thresholds.md.
 */

/** What a threshold measures. `rate` (k6) is read as `fail_ratio`. */
export type ThresholdMetric = 'p' | 'avg' | 'med' | 'min' | 'max' | 'rps' | 'fail_ratio' | 'count';

export type ThresholdOp = '<' | '<=' | '>' | '>=' | '==';

/** The unit of a metric's values: milliseconds, per second, a fraction, or a plain count. */
export type ThresholdUnit = 'ms' | '/s' | 'ratio' | 'count';

/** One endpoint `(method, name)` as the stats name it. */
export interface ThresholdScope {
  method: string;
  name: string;
}

export interface Threshold {
  /** The endpoint it judges, or null for every request together (the `Aggregated` row). */
  scope: ThresholdScope | null;
  /** The expression as written, without the scope and options: `p(95)<500`. */
  expression: string;
  metric: ThresholdMetric;
  /** For `p(N)`: N / 100, a fraction in [0, 1]. */
  q: number | null;
  op: ThresholdOp;
  /** The bound, in `unit` (times converted to milliseconds, `%` to a fraction). */
  value: number;
  unit: ThresholdUnit;
  /** Stop the run as soon as the threshold is crossed (after `delayAbortEvalMs`). */
  abortOnFail: boolean;
  /** Time from the run's start before abortOnFail may act, in ms. */
  delayAbortEvalMs: number;
  /** Where it was given: `--threshold` or the loadfile's `export const thresholds`. */
  origin: 'cli' | 'loadfile';
}

/** The numbers a threshold can read for one scope. Times in ms; null when there is no sample. */
export interface ScopeStats {
  count: number;
  failures: number;
  /** Requests per second over the run so far. */
  rps: number;
  avgMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  medianMs: number | null;
  /** The value at fraction q of the merged histogram, in ms; null when there is no sample. */
  percentileMs(q: number): number | null;
}

/** What thresholds are judged against: the master's merged data. */
export interface ThresholdData {
  /** Every request together. */
  total: ScopeStats;
  /** One endpoint, or null when it has had no request (or is unknown). */
  scope(method: string, name: string): ScopeStats | null;
}

export interface ThresholdResult {
  threshold: Threshold;
  /** The measured value in the threshold's unit; null when there is nothing to measure. */
  observed: number | null;
  /** Passed: observed is known and satisfies the bound. */
  ok: boolean;
}
