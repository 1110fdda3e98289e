/**
 * Which arrivals of the global schedule this worker runs, and when: one cursor per open plan
 * received, the newest plan owning the arrivals from its fromArrival on and each older plan
 * keeping the arrivals below the fromArrival of the plans after it. Pure: no clock, no timers.
 */
import { StampedeError } from '../../../errors.js';
import { ArrivalTimes } from './schedule.js';
import type { OpenPlan } from './types.js';

/** An arrival this worker owns: its number on the global schedule and its scheduled epoch ms. */
export interface Arrival {
  readonly k: number;
  readonly at: number;
}

/** The first k >= from with (k - 1) % count === index. */
export function firstOwnedArrival(from: number, index: number, count: number): number {
  return from + ((((index - (from - 1)) % count) + count) % count);
}

/** Throws STAMPEDE_ERR_USAGE with what is wrong with the plan (the schedule is checked too). */
export function checkOpenPlan(plan: OpenPlan): ArrivalTimes {
  const bad = (what: string): StampedeError => new StampedeError('STAMPEDE_ERR_USAGE', `open plan: ${what}`);
  if (typeof plan.t0 !== 'number' || !Number.isFinite(plan.t0)) throw bad(`t0 must be an epoch time in ms; got ${String(plan.t0)}`);
  if (!Number.isSafeInteger(plan.fromArrival) || plan.fromArrival < 1) throw bad(`fromArrival must be a whole number of 1 or more; got ${String(plan.fromArrival)}`);
  if (!Number.isSafeInteger(plan.stripeCount) || plan.stripeCount < 1) throw bad(`stripeCount must be a whole number of 1 or more; got ${String(plan.stripeCount)}`);
  if (!Number.isSafeInteger(plan.stripeIndex) || plan.stripeIndex < 0 || plan.stripeIndex >= plan.stripeCount) {
    throw bad(`stripeIndex must be a whole number from 0 to stripeCount - 1 (${plan.stripeCount - 1}); got ${String(plan.stripeIndex)}`);
  }
  if (!Number.isSafeInteger(plan.maxUsers) || plan.maxUsers < 0) throw bad(`maxUsers must be a whole number of 0 or more; got ${String(plan.maxUsers)}`);
  return new ArrivalTimes(plan.schedule);
}

class Stream {
  readonly #plan: OpenPlan;
  readonly #times: ArrivalTimes;
  /** Arrivals from here on belong to later plans (exclusive bound). */
  upper = Number.POSITIVE_INFINITY;
  /** The next arrival this stream may run; every owned arrival below it has run on this worker. */
  next: number;
  /** Scheduled epoch ms of `next`, or +Infinity when the stream has nothing left. */
  nextAt = Number.POSITIVE_INFINITY;

  constructor(plan: OpenPlan, times: ArrivalTimes) {
    this.#plan = plan;
    this.#times = times;
    this.next = firstOwnedArrival(plan.fromArrival, plan.stripeIndex, plan.stripeCount);
  }

  /** True when arrival k has already run on this worker under this stream. */
  ran(k: number): boolean {
    const p = this.#plan;
    return k < this.next && k >= p.fromArrival && (k - 1) % p.stripeCount === p.stripeIndex;
  }

  /** Moves `next` past arrivals that an older stream (`streams[0 .. older)`) already ran, and computes `nextAt`. */
  settle(streams: readonly Stream[], older: number): void {
    // Bounded: an older stream only claims arrivals below its own `next`.
    while (this.next < this.upper && this.next <= this.#times.total && ranBefore(streams, older, this.next)) {
      this.next += this.#plan.stripeCount;
    }
    const at = this.next < this.upper ? this.#times.timeOf(this.next) : null;
    this.nextAt = at === null ? Number.POSITIVE_INFINITY : this.#plan.t0 + at;
  }

  advance(streams: readonly Stream[], older: number): void {
    this.next += this.#plan.stripeCount;
    this.settle(streams, older);
  }
}

function ranBefore(streams: readonly Stream[], older: number, k: number): boolean {
  for (let i = 0; i < older; i++) if ((streams[i] as Stream).ran(k)) return true;
  return false;
}

/**
 * The arrivals this worker owns, in time order, across plan changes. A new plan replaces the older
 * ones from its fromArrival on; arrivals below it stay with the older plans, and an arrival that
 * already ran here is never run again (a plan sent twice is harmless).
 */
export class ArrivalQueue {
  /** Oldest first; the newest is always kept. */
  #streams: Stream[] = [];

  setPlan(plan: OpenPlan): void {
    const times = checkOpenPlan(plan);
    const streams = this.#streams;
    streams.forEach((s, i) => {
      s.upper = Math.min(s.upper, plan.fromArrival);
      s.settle(streams, i);
    });
    const stream = new Stream(plan, times);
    stream.settle(streams, streams.length);
    this.#streams.push(stream);
    this.#prune();
  }

  /** Scheduled epoch ms of the next arrival; +Infinity when none is left (or no plan yet). */
  nextAt(): number {
    let at = Number.POSITIVE_INFINITY;
    for (const s of this.#streams) if (s.nextAt < at) at = s.nextAt;
    return at;
  }

  /** True when every plan has run out of arrivals. */
  get done(): boolean {
    return this.nextAt() === Number.POSITIVE_INFINITY;
  }

  /** Takes the earliest arrival due at or before `now` (epoch ms), or undefined when none is due. */
  take(now: number): Arrival | undefined {
    const streams = this.#streams;
    let best = -1;
    for (let i = 0; i < streams.length; i++) {
      const s = streams[i] as Stream;
      if (s.nextAt <= now && s.nextAt !== Number.POSITIVE_INFINITY && (best < 0 || s.nextAt < (streams[best] as Stream).nextAt)) best = i;
    }
    if (best < 0) return undefined;
    const s = streams[best] as Stream;
    const arrival: Arrival = { k: s.next, at: s.nextAt };
    s.advance(streams, best);
    return arrival;
  }

  /** Drops older streams that are spent and that no later stream can still collide with. */
  #prune(): void {
    const streams = this.#streams;
    this.#streams = streams.filter(
      (s, i) => i === streams.length - 1 || s.nextAt !== Number.POSITIVE_INFINITY || streams.slice(i + 1).some((n) => n.next < s.next),
    );
  }
}
