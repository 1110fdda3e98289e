import type { PlanOpen } from '../protocol/index.js';
import { cumulativeArrivals } from '../worker/runtime/open/schedule.js';
import type { Stage } from './shapes/stages.js';

/** The open model as the master plans it: a global arrival schedule and a global pool cap. */
export interface OpenTarget {
  /** Arrivals per second at the start. */
  startRate: number;
  /** Rate stages (k6 ramping-arrival-rate); no arrivals after the last. */
  stages: Stage[];
  /** Cap on virtual users across all workers. */
  maxUsers: number;
}

/** How far ahead of a re-split its switch-over arrival is placed, so every worker has the plan in time. */
export const SWITCH_AHEAD_MS = 500;

/**
 * Where a change made at `now` (master ms) takes effect in a schedule that started at `t0`: ms
 * into the schedule, SWITCH_AHEAD_MS ahead. A retarget and the re-split it causes both use it, so
 * old and new schedules agree on every arrival before it.
 */
export function switchAtMs(now: number, t0: number | null): number {
  return Math.max(0, now + SWITCH_AHEAD_MS - (t0 ?? now));
}

/**
 * Splits the global arrival schedule across workers, k6 execution-segment style with equal
 * segments: worker i of n runs arrivals k with (k − 1) mod n = i. When the worker set (or the
 * schedule) changes, the new stripes govern arrivals from a switch-over number K a little ahead in
 * time, and earlier arrivals stay with their old owners, so the union is still the global schedule.
 */
export class OpenSplit {
  #workers: string[] = [];
  #target: OpenTarget | null = null;
  #fromArrival = 1;

  /**
   * The plans to send, or null when nothing changed. `t0` is the schedule's start (master ms) and
   * `now` the master time; a first split covers the schedule from arrival 1.
   */
  split(workers: readonly string[], target: OpenTarget, t0: number, now: number): Map<string, PlanOpen> | null {
    const sameWorkers = workers.length === this.#workers.length && workers.every((w, i) => w === this.#workers[i]);
    if (sameWorkers && this.#target === target) return null;
    if (this.#target !== null) {
      this.#fromArrival = Math.floor(cumulativeArrivals(switchAtMs(now, t0), { startRate: target.startRate, stages: target.stages })) + 1;
    }
    this.#workers = [...workers];
    this.#target = target;
    const plans = new Map<string, PlanOpen>();
    const n = workers.length;
    workers.forEach((id, i) => {
      plans.set(id, {
        t0,
        startRate: target.startRate,
        stages: target.stages.map((s) => ({ ...s })),
        fromArrival: this.#fromArrival,
        stripeIndex: i,
        stripeCount: n,
        maxUsers: Math.floor(target.maxUsers / n) + (i < target.maxUsers % n ? 1 : 0),
      });
    });
    return plans;
  }

  reset(): void {
    this.#workers = [];
    this.#target = null;
    this.#fromArrival = 1;
  }
}

/**
 * The schedule after a live change of rate at `atMs` (schedule time): identical up to `atMs`, then
 * a ramp of `rampMs` to `rate` held for `holdMs`. Arrival numbers before the change keep their times.
 */
export function retargetSchedule(target: OpenTarget, atMs: number, rate: number, rampMs: number, holdMs: number): OpenTarget {
  const stages: Stage[] = [];
  let t = 0;
  let from = target.startRate;
  for (const s of target.stages) {
    if (t + s.durationMs <= atMs) {
      stages.push({ ...s });
      t += s.durationMs;
      from = s.target;
      continue;
    }
    const part = atMs - t;
    if (part > 0) {
      const value = from + ((s.target - from) * part) / s.durationMs;
      stages.push({ durationMs: part, target: value });
    }
    break;
  }
  const covered = stages.reduce((sum, s) => sum + s.durationMs, 0);
  if (covered < atMs) stages.push({ durationMs: atMs - covered, target: stages.at(-1)?.target ?? target.startRate });
  stages.push({ durationMs: rampMs, target: rate }, { durationMs: holdMs, target: rate });
  return { startRate: target.startRate, stages, maxUsers: target.maxUsers };
}
