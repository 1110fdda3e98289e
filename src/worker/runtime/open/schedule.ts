/**
 * Pure arrival-schedule maths for the open model: how many arrivals a piecewise-linear rate has
 * produced by a time (∫rate), and the inverse, when arrival k happens. No clock, no I/O.
 * Times are ms from schedule time 0; rates are arrivals per second.
 */
import { StampedeError } from '../../../errors.js';
import type { ArrivalSchedule } from './types.js';

interface Segment {
  readonly startMs: number;
  readonly durationMs: number;
  /** Rate (arrivals/s) at the start and at the end of the segment. */
  readonly r0: number;
  readonly r1: number;
  /** Cumulative arrivals (real) at the start and at the end of the segment. */
  readonly cumStart: number;
  readonly cumEnd: number;
}

/** Floating-point slack when comparing a cumulative count with a whole arrival number. */
function slack(x: number): number {
  return 1e-11 * Math.max(1, Math.abs(x));
}

/** Arrivals (real) from the start of `s` to `tauMs` into it. */
function within(s: Segment, tauMs: number): number {
  if (s.r0 === s.r1) return (s.r0 * tauMs) / 1000;
  return (tauMs * (2 * s.r0 * s.durationMs + (s.r1 - s.r0) * tauMs)) / (2000 * s.durationMs);
}

/** Ms into `s` at which `m` arrivals (0 < m <= its total, within slack) have happened. */
function solve(s: Segment, m: number): number {
  if (m <= 0) return 0;
  let tau: number;
  if (s.r0 === s.r1) tau = (m * 1000) / s.r0;
  else {
    // r0·τ + a·τ²/2 = m (τ in s, a in arrivals/s²), in the form that is stable for a ≈ 0 and a < 0.
    const a = (1000 * (s.r1 - s.r0)) / s.durationMs;
    const disc = Math.max(0, s.r0 * s.r0 + 2 * a * m);
    tau = (2000 * m) / (s.r0 + Math.sqrt(disc));
  }
  return Math.min(s.durationMs, Math.max(0, tau));
}

/**
 * A checked schedule, compiled once for fast lookups: `timeOf(k)` costs a binary search over the
 * stages. Throws STAMPEDE_ERR_USAGE for negative or non-finite rates and durations.
 */
export class ArrivalTimes {
  readonly #segments: Segment[] = [];
  /** Cumulative arrivals (real) at the end of the schedule. */
  readonly cumulativeTotal: number;
  /** Whole arrivals in the schedule. */
  readonly total: number;
  readonly endMs: number;

  constructor(schedule: ArrivalSchedule) {
    checkSchedule(schedule);
    let rate = schedule.startRate;
    let at = 0;
    let cum = 0;
    for (const { durationMs, target } of schedule.stages) {
      const r0 = rate;
      rate = target;
      if (durationMs === 0) continue; // a step: the rate jumps to the target
      const cumEnd = cum + ((r0 + target) * durationMs) / 2000;
      this.#segments.push({ startMs: at, durationMs, r0, r1: target, cumStart: cum, cumEnd });
      at += durationMs;
      cum = cumEnd;
    }
    this.endMs = at;
    this.cumulativeTotal = cum;
    this.total = Math.floor(cum + slack(cum));
  }

  /** Arrivals (real, not rounded) by `tMs`: 0 before the start, the total after the end. */
  cumulative(tMs: number): number {
    if (!(tMs > 0)) return 0;
    if (tMs >= this.endMs) return this.cumulativeTotal;
    const segs = this.#segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = segs[mid] as Segment;
      if (tMs < s.startMs + s.durationMs) hi = mid;
      else lo = mid + 1;
    }
    const s = segs[lo] as Segment;
    return s.cumStart + within(s, tMs - s.startMs);
  }

  /** When arrival k (1, 2, 3, …) happens, in ms from time 0; null when there is no arrival k. */
  timeOf(k: number): number | null {
    if (!(k >= 1) || k > this.total) return null;
    const segs = this.#segments;
    const need = k - slack(k);
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((segs[mid] as Segment).cumEnd >= need) hi = mid;
      else lo = mid + 1;
    }
    const s = segs[lo] as Segment;
    return s.startMs + solve(s, Math.max(0, k - s.cumStart));
  }
}

/** Throws STAMPEDE_ERR_USAGE unless every rate and duration is a finite number, 0 or more. */
export function checkSchedule(schedule: ArrivalSchedule): void {
  const bad = (what: string, v: unknown): StampedeError =>
    new StampedeError('STAMPEDE_ERR_USAGE', `arrival schedule: ${what} must be a finite number, 0 or more; got ${String(v)}`);
  if (typeof schedule !== 'object' || schedule === null || !Array.isArray(schedule.stages)) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', 'arrival schedule must be { startRate, stages: [{ durationMs, target }, …] }');
  }
  if (!isNonNegative(schedule.startRate)) throw bad('startRate', schedule.startRate);
  schedule.stages.forEach((stage, i) => {
    if (!isNonNegative(stage.durationMs)) throw bad(`stage ${i + 1} durationMs`, stage.durationMs);
    if (!isNonNegative(stage.target)) throw bad(`stage ${i + 1} target (arrivals/s)`, stage.target);
  });
}

function isNonNegative(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/** Arrivals (real) that `schedule` has produced by `tMs` ms after time 0. */
export function cumulativeArrivals(tMs: number, schedule: ArrivalSchedule): number {
  return new ArrivalTimes(schedule).cumulative(tMs);
}

/** When arrival k happens, in ms after time 0; null past the end of the schedule (or k < 1). */
export function arrivalTimeMs(k: number, schedule: ArrivalSchedule): number | null {
  return new ArrivalTimes(schedule).timeOf(k);
}

/** Whole arrivals in the schedule. */
export function totalArrivals(schedule: ArrivalSchedule): number {
  return new ArrivalTimes(schedule).total;
}

/** Length of the schedule in ms (the sum of the stage durations). */
export function scheduleEndMs(schedule: ArrivalSchedule): number {
  return new ArrivalTimes(schedule).endMs;
}
