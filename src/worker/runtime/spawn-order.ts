/** A user class as the spawn order sees it. */
export interface ClassCount {
  readonly weight: number;
  /** A fixedCount class: its users come before the weighted classes' users, and go after them. */
  readonly fixed: boolean;
  readonly count: number;
  readonly target: number;
}

export interface Change {
  readonly index: number;
  /** +1 spawns a user of the class, -1 stops one. */
  readonly delta: 1 | -1;
}

/**
 * Which user to start or stop next, one change at a time. Stops come first (every class above
 * its target). Spawns go to fixedCount classes first, then are interleaved across the weighted
 * classes by smooth weighted round robin (nginx's: each eligible class gains its weight, the
 * richest is picked and pays the total), so any prefix of the ramp follows the weights as closely
 * as whole users allow. Pure: no clock, no I/O.
 */
export class SpawnOrder {
  readonly #spawnCredit: number[] = [];
  readonly #stopCredit: number[] = [];

  next(classes: readonly ClassCount[]): Change | undefined {
    const stop = smoothPick(classes, this.#stopCredit, (c) => c.count > c.target && !c.fixed);
    if (stop !== undefined) return { index: stop, delta: -1 };
    const fixedStop = classes.findIndex((c) => c.fixed && c.count > c.target);
    if (fixedStop >= 0) return { index: fixedStop, delta: -1 };
    const fixedSpawn = classes.findIndex((c) => c.fixed && c.count < c.target);
    if (fixedSpawn >= 0) return { index: fixedSpawn, delta: 1 };
    const spawn = smoothPick(classes, this.#spawnCredit, (c) => c.count < c.target && !c.fixed);
    return spawn === undefined ? undefined : { index: spawn, delta: 1 };
  }
}

function smoothPick(classes: readonly ClassCount[], credit: number[], eligible: (c: ClassCount) => boolean): number | undefined {
  let best: number | undefined;
  let total = 0;
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i] as ClassCount;
    if (!eligible(c)) continue;
    const value = (credit[i] ?? 0) + c.weight;
    credit[i] = value;
    total += c.weight;
    if (best === undefined || value > (credit[best] as number)) best = i;
  }
  if (best !== undefined) credit[best] = (credit[best] as number) - total;
  return best;
}
