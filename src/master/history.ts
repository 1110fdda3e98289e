/**
 * The run's time series, one point per second, for the JSON summary and the HTML report (the CSV
 * history is written to disk as it comes and is not kept here).
 *
 * Memory is bounded: at most `maxPoints` points (default 3600). When full, neighbouring points are
 * merged in pairs and the step doubles: every second for the first hour, then every 2 s up to 2 h,
 * every 4 s up to 4 h, and so on. A merged point covers the seconds of both: rates are their mean
 * (weighted by span), users and percentiles the highest of them, the running totals the later's.
 */
import type { StatsView } from '../stats/view.js';

export interface HistoryPoint {
  /** Epoch ms at the end of the span. */
  t: number;
  /** Seconds the point covers: 1, or 2, 4, … after downsampling. */
  spanS: number;
  /** Users running. */
  users: number;
  /** Requests and failures per second over the current window (10 s), as in the CSV history. */
  rps: number;
  failRps: number;
  /** Response-time percentiles of the current window, ms; null without requests in it. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Running totals of the final statistics at `t` (they restart at --reset-stats / after --warmup). */
  count: number;
  failures: number;
}

export type Sample = Omit<HistoryPoint, 'spanS'>;

export const DEFAULT_MAX_POINTS = 3600;

/** One point from the merged view at its time, with the users running then. */
export function sampleOf(view: StatsView, users: number): Sample {
  const c = view.total.current;
  return {
    t: view.now,
    users,
    rps: c.rps,
    failRps: c.failRps,
    p50Ms: c.percentiles['0.5'] ?? null,
    p95Ms: c.percentiles['0.95'] ?? null,
    p99Ms: c.percentiles['0.99'] ?? null,
    count: view.total.count,
    failures: view.total.failures,
  };
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** `b` (later) merged into `a` (earlier). */
export function mergePoints(a: HistoryPoint, b: HistoryPoint): HistoryPoint {
  const span = a.spanS + b.spanS;
  return {
    t: b.t,
    spanS: span,
    users: Math.max(a.users, b.users),
    rps: (a.rps * a.spanS + b.rps * b.spanS) / span,
    failRps: (a.failRps * a.spanS + b.failRps * b.spanS) / span,
    p50Ms: maxOf(a.p50Ms, b.p50Ms),
    p95Ms: maxOf(a.p95Ms, b.p95Ms),
    p99Ms: maxOf(a.p99Ms, b.p99Ms),
    count: b.count,
    failures: b.failures,
  };
}

export class History {
  readonly #maxPoints: number;
  #points: HistoryPoint[] = [];
  /** Seconds each stored point covers now. */
  #step = 1;
  /** Samples gathered towards the next point while step > 1. */
  #pending: HistoryPoint | null = null;

  constructor(options: { maxPoints?: number } = {}) {
    const max = options.maxPoints ?? DEFAULT_MAX_POINTS;
    if (!Number.isSafeInteger(max) || max < 2 || max % 2 !== 0) {
      throw new RangeError(`unsupported maxPoints ${max}: use an even integer >= 2`);
    }
    this.#maxPoints = max;
  }

  /** Seconds between points: 1 until the history fills up, then 2, 4, … */
  get stepS(): number {
    return this.#step;
  }

  /** The points, oldest first, with the samples not yet making a full step as a last partial point. */
  points(): HistoryPoint[] {
    return this.#pending === null ? [...this.#points] : [...this.#points, this.#pending];
  }

  /** Adds the sample of one second (call it once a second). */
  add(sample: Sample): void {
    const point: HistoryPoint = { ...sample, spanS: 1 };
    this.#pending = this.#pending === null ? point : mergePoints(this.#pending, point);
    if (this.#pending.spanS < this.#step) return;
    this.#points.push(this.#pending);
    this.#pending = null;
    if (this.#points.length >= this.#maxPoints) this.#halve();
  }

  #halve(): void {
    const merged: HistoryPoint[] = [];
    for (let i = 0; i + 1 < this.#points.length; i += 2) merged.push(mergePoints(this.#points[i]!, this.#points[i + 1]!));
    this.#points = merged;
    this.#step *= 2;
  }
}
