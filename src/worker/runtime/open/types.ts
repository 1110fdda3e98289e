/**
 * The open model as the master hands it to a worker (issue 4): a global arrival schedule, and the
 * stripe of its arrivals that this worker owns (k6 execution-segment style, equal segments).
 */

/** A piecewise-linear arrival rate: starts at startRate (arrivals/s) at t=0 and ramps linearly to each stage's target over its duration. After the last stage no arrival happens. */
export interface ArrivalSchedule {
  startRate: number;
  stages: { durationMs: number; target: number }[];
}

export interface OpenPlan {
  /** Local epoch ms (already converted from master time by the agent) of schedule time 0. */
  t0: number;
  schedule: ArrivalSchedule;
  /** Arrivals are numbered 1, 2, 3, … on the GLOBAL schedule: arrival k happens at the time when the cumulative arrivals ∫rate reach k. This worker runs arrival k iff k >= fromArrival && (k - 1) % stripeCount === stripeIndex (round robin, k6 execution-segment style with equal segments). Arrivals below fromArrival are governed by the previous plan (a re-split after a worker joins or leaves keeps earlier arrivals with their old owners). */
  fromArrival: number;
  stripeIndex: number;
  stripeCount: number;
  /** This worker's cap on virtual users (the pool); each arrival takes an idle user of a class chosen by weight, creating one (with onStart) while the pool is under the cap; otherwise the arrival is DROPPED and counted. */
  maxUsers: number;
}
