import { StampedeError } from '../../errors.js';
import type { ShapeContext, ShapeSource, ShapeTick } from './types.js';

/**
 * The loadfile's `export function shape({ elapsed, users, stats })`. Its result is checked; a
 * throw or a bad value is a loadfile error (exit 2) naming what came back.
 */
export function customShape(fn: (ctx: ShapeContext) => unknown, classNames: readonly string[]): ShapeSource {
  return {
    name: 'shape',
    next(ctx): ShapeTick | null {
      let out: unknown;
      try {
        out = fn(ctx);
      } catch (err) {
        throw new StampedeError('STAMPEDE_ERR_LOADFILE', `the loadfile's shape() threw at ${ctx.elapsed.toFixed(1)} s: ${(err as Error).message ?? String(err)}`);
      }
      if (out === null || out === undefined) return null;
      return checkTick(out, classNames);
    },
  };
}

function checkTick(out: unknown, classNames: readonly string[]): ShapeTick {
  const bad = (why: string): StampedeError =>
    new StampedeError('STAMPEDE_ERR_LOADFILE', `the loadfile's shape() returned ${JSON.stringify(out)}: ${why}. Return { users, spawnRate, classes? } or null to end the run`);
  if (typeof out !== 'object' || out === null) throw bad('not an object');
  const o = out as Record<string, unknown>;
  if (typeof o.users !== 'number' || !Number.isInteger(o.users) || o.users < 0) throw bad('users must be a whole number >= 0');
  if (typeof o.spawnRate !== 'number' || !(o.spawnRate > 0) || !Number.isFinite(o.spawnRate)) throw bad('spawnRate must be a number > 0');
  if (o.classes === undefined) return { users: o.users, spawnRate: o.spawnRate };
  if (!Array.isArray(o.classes) || o.classes.length === 0 || !o.classes.every((c) => typeof c === 'string' && classNames.includes(c))) {
    throw bad(`classes must be a non-empty list of ${classNames.join(', ')}`);
  }
  return { users: o.users, spawnRate: o.spawnRate, classes: o.classes as string[] };
}
