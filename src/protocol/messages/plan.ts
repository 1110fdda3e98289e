import { message, Shape } from '../check.js';
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
    options: { tags: [...f.options.tags], excludeTags: [...f.options.excludeTags], stopTimeoutMs: f.options.stopTimeoutMs },
  };
}

const SHAPE = new Shape(['t', 'runId', 'host', 'users', 'spawnRate', 'startAt', 'runTimeMs', 'options']);
const OPTIONS = new Shape(['tags', 'excludeTags', 'stopTimeoutMs']);

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
    },
  };
}

export const planSpec = { tag: PLAN, direction: 'master-to-worker', decode: decodePlan } as const satisfies MessageSpec<PlanMessage>;
