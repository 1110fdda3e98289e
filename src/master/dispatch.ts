/**
 * Dispatch: which worker runs how many users of which class, and how fast each worker gets there.
 * A pure function — no I/O, no clock, no randomness — so the master calls it on every change
 * (target, worker joined, worker lost) and tests check it with tables.
 *
 * Guarantees, for any valid input with at least one worker:
 * - per class and in total, the shares add up exactly to the target;
 * - no two workers' totals differ by more than one user;
 * - classes are split by fixedCount first, then weight (largest remainder, exact);
 * - given `previous`, a user is stopped only where a worker's total or a class's count must fall
 *   (a worker joined, the target fell), and then as few as possible; a worker that left has its
 *   users started on the others; a growing target only adds users and a shrinking one only removes
 *   them, the last added first (one exception: largest remainder can lower a class's count by one
 *   as the total grows, the Alabama paradox, and then that class loses the user);
 * - per class, workers differ by at most one whenever that is possible without stopping more users;
 * - the worker spawn rates add up to the global rate and all workers finish ramping together.
 */
import { usersPerClass } from './dispatch/apportion.js';
import { invariant } from './dispatch/errors.js';
import { Grid } from './dispatch/grid.js';
import { layoutFresh } from './dispatch/layout.js';
import { settle } from './dispatch/settle.js';
import { removeSurplus } from './dispatch/shrink.js';
import { splitSpawnRate } from './dispatch/spawn-rate.js';
import { workerTotals } from './dispatch/totals.js';
import { type DispatchInput, type DispatchResult, type WorkerShare } from './dispatch/types.js';
import { validateInput } from './dispatch/validate.js';

export type { DispatchClass, DispatchInput, DispatchResult, WorkerShare } from './dispatch/types.js';
export { DISPATCH_INPUT_CODE, DispatchInputError } from './dispatch/errors.js';
export { type Fraction, type Segment, fraction, segments, scaleBySegment } from './dispatch/segments.js';
export { type Stripe, stripe, ownsArrival, nextOwnedArrival } from './dispatch/stripe.js';

export function dispatch(input: DispatchInput): DispatchResult {
  validateInput(input);
  const names = input.classes.map((c) => c.name);
  const perClassCounts = usersPerClass(input.classes, input.users);
  const perClass = Object.fromEntries(names.map((name, c) => [name, perClassCounts[c] ?? 0]));
  if (input.workers.length === 0) return { perWorker: {}, perClass };

  const before = previousGrid(input);
  const grid = place(before.grid, perClassCounts, input.users);

  const changes = input.workers.map((_, w) => {
    let n = before.dropped[w] ?? 0;
    for (let c = 0; c < grid.cols; c++) n += Math.abs(grid.get(w, c) - before.grid.get(w, c));
    return n;
  });
  const rates = splitSpawnRate(input.spawnRate, changes);
  const perWorker = Object.fromEntries(
    input.workers.map((id, w): [string, WorkerShare] => {
      const users = Object.fromEntries(names.map((name, c) => [name, grid.get(w, c)]));
      return [id, { users, total: grid.rowSum(w), spawnRate: rates[w] ?? 0 }];
    }),
  );
  return { perWorker, perClass };
}

/**
 * The new users per (worker, class), from the previous ones: the round-robin layout from nothing,
 * else settle from what is kept (first taking away class surplus that only receiving workers hold).
 */
function place(previous: Grid, perClass: readonly number[], users: number): Grid {
  const totals = workerTotals(users, [...Array(previous.rows).keys()].map((w) => previous.rowSum(w)));
  if (previous.isEmpty()) return layoutFresh(perClass, totals);
  const grid = previous.clone();
  if (settle(grid, perClass, users)) return grid;
  removeSurplus(grid, perClass, totals);
  if (grid.isEmpty()) return layoutFresh(perClass, totals);
  invariant(settle(grid, perClass, users), 'place: no split after removing the class surplus');
  return grid;
}

/**
 * The previous users of the current workers and classes as a grid, plus, per worker, the users of
 * classes that no longer exist (they must be stopped). Workers that left are simply absent.
 */
function previousGrid(input: DispatchInput): { grid: Grid; dropped: number[] } {
  const grid = new Grid(input.workers.length, input.classes.length);
  const dropped = input.workers.map(() => 0);
  const byName = new Map(input.classes.map((cls, c) => [cls.name, c]));
  const prev = input.previous?.perWorker ?? {};
  input.workers.forEach((id, w) => {
    if (!Object.hasOwn(prev, id)) return;
    for (const [name, n] of Object.entries(prev[id]?.users ?? {})) {
      const c = byName.get(name);
      if (c === undefined) dropped[w] = (dropped[w] ?? 0) + n;
      else grid.set(w, c, n);
    }
  });
  return { grid, dropped };
}
