/**
 * The JSON shapes of the web API (docs/http-api.md). Field names are stable: fields may be added,
 * never renamed or removed. Times are milliseconds rounded to 3 decimals (the µs precision of the
 * histograms); points in time are epoch milliseconds. The web UI imports these types too.
 */

import type { JsonEndpoint, JsonError, JsonException, JsonPercentiles } from '../../report/json-summary.js';
import type { HistoryPoint } from '../history.js';

/** Percentile label ('50', '66', …, '99.9', '99.99', '100') → ms, null without samples. */
export type ApiPercentiles = JsonPercentiles;

/** An endpoint (or the total row): the JSON summary's shape (docs/json-summary.md) plus the current window. */
export interface ApiEndpoint extends JsonEndpoint {
  /** The last 10 seconds. */
  current: { rps: number; failRps: number; percentiles: ApiPercentiles };
}

export type ApiError = JsonError;

export type ApiException = JsonException;

export interface ApiThreshold {
  /** `global` or `METHOD name`. */
  scope: string;
  expression: string;
  /** In `unit`; null when there is nothing to measure yet. */
  observed: number | null;
  unit: string;
  ok: boolean;
  abortOnFail: boolean;
}

export type ApiRunState = 'waiting' | 'spawning' | 'running' | 'stopping' | 'stopped';

export interface ApiTarget {
  users: number;
  spawnRate: number;
  host: string;
  runTimeMs: number | null;
  classes: string[] | null;
  /** Open model: the arrival rate now, and the cap on users. */
  arrivalRate: number | null;
  maxUsers: number | null;
}

export interface ApiStats {
  state: ApiRunState;
  /** Users running now, as the workers last reported. */
  users: number;
  /** What the run was asked for; null before the first run. */
  target: ApiTarget | null;
  /** Workers connected and able to take users. */
  workers: number;
  expectWorkers: number;
  /** Epoch ms the run started at (null before), the stats count from, and of this answer. */
  runStartedAt: number | null;
  statsStartedAt: number;
  now: number;
  /** Epoch ms at which a run started from the API with runTime stops, else null. */
  stopsAt: number | null;
  totals: ApiEndpoint;
  endpoints: ApiEndpoint[];
  errors: ApiError[];
  droppedArrivals: number;
  startSkewMs: number | null;
  /** Empty when there are no thresholds. */
  thresholds: ApiThreshold[];
}

export interface ApiWorker {
  id: string;
  index: number;
  host: string;
  pid: number;
  state: string;
  /** Users per class running now, and their sum. */
  users: Record<string, number>;
  totalUsers: number;
  /** Users per class it was told to run. */
  target: Record<string, number>;
  rps: number;
  cpuPercent: number;
  rssBytes: number;
  loopLagMs: number;
  /** Ms since its last report reached the master; null before the first. */
  lastReportAgeMs: number | null;
}

/** One point of the run's time series: the master's history point (src/master/history.ts). */
export type ApiHistoryPoint = HistoryPoint;

export interface ApiHistory {
  stepS: number;
  points: ApiHistoryPoint[];
}

export interface ApiConfig {
  version: string;
  headless: boolean;
  expectWorkers: number;
  defaults: { host: string; users: number; spawnRate: number; runTimeMs: number | null };
  classes: string[];
  auth: { write: boolean; read: boolean };
}

export interface ApiRunResult {
  started: boolean;
  state: ApiRunState;
  target: ApiTarget;
  stopsAt: number | null;
}
