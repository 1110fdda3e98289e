import { StampedeError } from '../errors.js';
import type { OpenTarget } from '../master/open-split.js';
import { breakpointShape, parseBreakConditions } from '../master/shapes/breakpoint.js';
import { customShape } from '../master/shapes/custom-shape.js';
import { PROFILES, isProfileName } from '../master/shapes/profiles.js';
import { FOREVER_MS, parseStages, stagesLengthMs } from '../master/shapes/stages.js';
import { stagesShape } from '../master/shapes/stages-shape.js';
import type { ShapeContext, ShapeSource } from '../master/shapes/types.js';

/** The options that decide the load's shape over time. */
export interface LoadShapeOptions {
  users: number;
  spawnRate: number;
  runTime: number | undefined;
  stages: string | undefined;
  profile: string | undefined;
  arrivalRate: number | undefined;
  maxUsers: number;
  stepUsers: number;
  stepTime: number;
  stopWhen: string | undefined;
  /** Which of users/spawnRate/runTime the user typed (a profile's numbers yield to them). */
  given: ReadonlySet<string>;
}

/** How the run is driven. */
export type LoadPlan =
  | { kind: 'steady'; users: number; spawnRate: number; runTimeMs: number | undefined }
  | { kind: 'shape'; source: ShapeSource; runTimeMs: number | undefined }
  | { kind: 'open'; open: OpenTarget; runTimeMs: number | undefined };

/**
 * Decides the load over time from the flags and the loadfile: a steady user count (Locust's
 * -u/-r/-t), k6 stages, a named profile, the loadfile's shape(), or the open model.
 */
export function loadPlan(o: LoadShapeOptions, shape: unknown, classNames: readonly string[]): LoadPlan {
  const exclusive = [o.profile !== undefined && '--profile', typeof shape === 'function' && "the loadfile's shape()", o.arrivalRate !== undefined && '--arrival-rate'].filter(Boolean);
  if (exclusive.length > 1) throw usage(`${exclusive.join(' and ')} cannot be combined: pick one way to shape the load`);
  if (o.arrivalRate !== undefined) {
    const stages = o.stages === undefined ? [{ durationMs: o.runTime ?? FOREVER_MS, target: o.arrivalRate }] : parseStages(o.stages);
    return { kind: 'open', open: { startRate: o.arrivalRate, stages, maxUsers: o.maxUsers }, runTimeMs: o.runTime };
  }
  if (typeof shape === 'function') {
    if (o.stages !== undefined) throw usage("--stages and the loadfile's shape() cannot be combined");
    return { kind: 'shape', source: customShape(shape as (ctx: ShapeContext) => unknown, classNames), runTimeMs: o.runTime };
  }
  if (o.profile !== undefined) return profilePlan(o);
  if (o.stages !== undefined) return { kind: 'shape', source: stagesShape(parseStages(o.stages)), runTimeMs: o.runTime };
  return { kind: 'steady', users: o.users, spawnRate: o.spawnRate, runTimeMs: o.runTime };
}

function profilePlan(o: LoadShapeOptions): LoadPlan {
  const name = o.profile ?? '';
  if (!isProfileName(name)) throw usage(`unknown --profile '${name}': use one of ${Object.keys(PROFILES).join(', ')}`);
  const p = PROFILES[name];
  const users = o.given.has('users') ? o.users : p.users;
  const spawnRate = o.given.has('spawnRate') ? o.spawnRate : p.spawnRate;
  const runTimeMs = o.given.has('runTime') ? o.runTime : p.runTimeMs;
  if (name === 'breakpoint') {
    const conditions = parseBreakConditions(o.stopWhen ?? 'fail_ratio>0.01,p95>1000ms');
    const source = breakpointShape({ startUsers: o.stepUsers, stepUsers: o.stepUsers, stepMs: o.stepTime, maxUsers: users, spawnRate, conditions });
    return { kind: 'shape', source, runTimeMs };
  }
  if ('stages' in p && o.stages === undefined) {
    const scale = users / p.users;
    const stages = p.stages.map((s) => ({ durationMs: s.durationMs, target: Math.round(s.target * scale) }));
    return { kind: 'shape', source: stagesShape(stages), runTimeMs: o.given.has('runTime') ? o.runTime : stagesLengthMs(stages) };
  }
  if (o.stages !== undefined) return { kind: 'shape', source: stagesShape(parseStages(o.stages)), runTimeMs };
  return { kind: 'steady', users, spawnRate, runTimeMs };
}

function usage(message: string): StampedeError {
  return new StampedeError('STAMPEDE_ERR_USAGE', message);
}
