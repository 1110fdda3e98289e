import { Fields, message, Shape } from '../check.js';
import { MAX_MAX_ENDPOINTS } from '../../stats/limits.js';
import { LIMITS } from '../constants.js';
import type { MessageSpec } from '../spec.js';

export const PLAN = 'plan';

export interface PlanOptions {
  /** Run only tasks with any of these tags (empty: all). */
  tags: string[];
  /** Never run tasks with any of these tags. */
  excludeTags: string[];
  /** On stop, let running tasks finish for up to this long. */
  stopTimeoutMs: number;
  /** Distinct endpoint names the worker records apart (the master's `--max-endpoints`). */
  maxEndpoints: number;
}

/** One step of a piecewise-linear arrival rate: ramp linearly to `target` arrivals/s over `durationMs`. */
export interface PlanRateStage {
  durationMs: number;
  target: number;
}

/**
 * The open model (arrival rate): the global schedule and this worker's stripe of it. Arrivals are
 * numbered 1, 2, … on the global schedule; this worker runs arrival k when k >= fromArrival and
 * (k − 1) mod stripeCount = stripeIndex.
 */
export interface PlanOpen {
  /** Master epoch ms of schedule time 0. */
  t0: number;
  startRate: number;
  stages: PlanRateStage[];
  fromArrival: number;
  stripeIndex: number;
  stripeCount: number;
  /** This worker's cap on virtual users. */
  maxUsers: number;
}

/**
 * Master → worker: this worker's share of the run. Sent to start a run, and again mid-run with
 * the same runId to retarget (new user counts, rate or run time); the worker ramps to it.
 */
export interface PlanMessage {
  t: typeof PLAN;
  runId: string;
  /** Base URL of the target. */
  host: string;
  /** Target users per user class on this worker. */
  users: Record<string, number>;
  /** This worker's share of the global spawn rate, users per second (0 when it has nothing to change). */
  spawnRate: number;
  /** When to start, in master epoch ms (the worker converts with its clock offset). */
  startAt: number;
  /** Run time from startAt, or null to run until stopped. */
  runTimeMs: number | null;
  options: PlanOptions;
  /** Present in the open model: then `users` only names the classes that may be used. */
  open?: PlanOpen;
}

export function plan(f: Omit<PlanMessage, 't'>): PlanMessage {
  return {
    t: PLAN,
    runId: f.runId,
    host: f.host,
    users: { ...f.users },
    spawnRate: f.spawnRate,
    startAt: f.startAt,
    runTimeMs: f.runTimeMs,
    options: { tags: [...f.options.tags], excludeTags: [...f.options.excludeTags], stopTimeoutMs: f.options.stopTimeoutMs, maxEndpoints: f.options.maxEndpoints },
    ...(f.open === undefined ? {} : { open: { ...f.open, stages: f.open.stages.map((s) => ({ ...s })) } }),
  };
}

const SHAPE = new Shape(['t', 'runId', 'host', 'users', 'spawnRate', 'startAt', 'runTimeMs', 'options'], ['open']);
const OPTIONS = new Shape(['tags', 'excludeTags', 'stopTimeoutMs', 'maxEndpoints']);
const OPEN = new Shape(['t0', 'startRate', 'stages', 'fromArrival', 'stripeIndex', 'stripeCount', 'maxUsers']);
const STAGE = new Shape(['durationMs', 'target']);

export function decodePlan(u: unknown): PlanMessage {
  const f = message(u, PLAN, SHAPE);
  const o = f.fields('options', OPTIONS);
  return {
    t: PLAN,
    runId: f.str('runId', LIMITS.idChars, 1),
    host: f.str('host', LIMITS.urlChars),
    users: f.counts('users', LIMITS.userClasses, LIMITS.classNameChars),
    spawnRate: f.num('spawnRate'),
    startAt: f.num('startAt'),
    runTimeMs: f.intOrNull('runTimeMs'),
    options: {
      tags: o.strings('tags', LIMITS.tags, LIMITS.tagChars),
      excludeTags: o.strings('excludeTags', LIMITS.tags, LIMITS.tagChars),
      stopTimeoutMs: o.int('stopTimeoutMs'),
      maxEndpoints: o.int('maxEndpoints', 1, MAX_MAX_ENDPOINTS),
    },
    ...(f.has('open') ? { open: decodeOpen(f.fields('open', OPEN)) } : {}),
  };
}

function decodeOpen(o: Fields): PlanOpen {
  const stages = o.list('stages', LIMITS.rateStages).map((s, i) => {
    const st = Fields.of(s, `${o.path}.stages`, i, STAGE);
    return { durationMs: st.num('durationMs'), target: st.num('target', 0, LIMITS.arrivalRate) };
  });
  const stripeCount = o.int('stripeCount', 1, LIMITS.workers);
  return {
    t0: o.num('t0'),
    startRate: o.num('startRate', 0, LIMITS.arrivalRate),
    stages,
    fromArrival: o.int('fromArrival', 1),
    stripeIndex: o.int('stripeIndex', 0, stripeCount - 1),
    stripeCount,
    maxUsers: o.int('maxUsers'),
  };
}

export const planSpec = { tag: PLAN, direction: 'master-to-worker', decode: decodePlan } as const satisfies MessageSpec<PlanMessage>;
