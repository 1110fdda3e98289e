import * as wire from '../protocol/index.js';
import { dispatch, type DispatchResult } from './dispatch.js';
import type { MasterOptions, RunTarget } from './master-types.js';
import { OpenSplit } from './open-split.js';
import { sameCounts } from './registry.js';
import type { WorkerEntry } from './worker-entry.js';

/** A worker whose share did not change is not sent a plan; one that must change ramps at least this fast. */
const MIN_SPAWN_RATE = 0.001;

/** The master's options, with the endpoint cap resolved (the master's default applied once). */
export type PlannerOptions = MasterOptions & { maxEndpoints: number };

export interface PlanInput {
  target: RunTarget;
  ready: WorkerEntry[];
  runId: string;
  runStartedAt: number;
  now: number;
}

/**
 * Turns the run target into each worker's plan: dispatch (users per class, spawn rate) in the
 * closed model, stripes of the arrival schedule in the open model. Sends only what changed.
 */
export class Planner {
  #o: PlannerOptions;
  #last: DispatchResult | undefined;
  #open = new OpenSplit();

  constructor(options: PlannerOptions) {
    this.#o = options;
  }

  reset(): void {
    this.#last = undefined;
    this.#open.reset();
  }

  /** Sends the plans; returns true in the open model (where there is no ramp to wait for). */
  apply(p: PlanInput): boolean {
    if (p.target.open !== undefined) {
      this.#applyOpen(p, p.target.open);
      return true;
    }
    const only = p.target.classes;
    const result = dispatch({
      classes: only === undefined ? this.#o.classes : this.#o.classes.map((c) => (only.includes(c.name) ? c : { ...c, weight: 0, fixedCount: c.fixedCount === null ? null : 0 })),
      users: p.target.users,
      spawnRate: p.target.spawnRate,
      workers: p.ready.map((w) => w.id),
      ...(this.#last ? { previous: this.#last } : {}),
    });
    this.#last = result;
    for (const w of p.ready) {
      const share = result.perWorker[w.id];
      if (!share) continue;
      if (w.planned && sameCounts(w.target, share.users)) continue;
      const startAt = w.planned ? p.now : Math.max(p.now + 50, p.runStartedAt);
      this.#send(w, p, share.users, Math.max(share.spawnRate, MIN_SPAWN_RATE), startAt, undefined);
    }
    return false;
  }

  #applyOpen(p: PlanInput, open: NonNullable<RunTarget['open']>): void {
    const plans = this.#open.split(p.ready.map((w) => w.id), open, p.runStartedAt, p.now);
    if (plans === null) return;
    const only = p.target.classes;
    const names = Object.fromEntries(this.#o.classes.filter((c) => only === undefined || only.includes(c.name)).map((c) => [c.name, 0]));
    for (const w of p.ready) {
      const stripe = plans.get(w.id);
      if (stripe !== undefined) this.#send(w, p, names, 1, w.planned ? p.now : Math.max(p.now + 50, p.runStartedAt), stripe);
    }
  }

  #send(w: WorkerEntry, p: PlanInput, users: Record<string, number>, spawnRate: number, startAt: number, open: wire.PlanOpen | undefined): void {
    w.target = open === undefined ? users : {};
    w.planned = true;
    w.reportsDue = true;
    if (w.state === 'ready' || w.state === 'running') w.state = open === undefined ? 'spawning' : 'running';
    w.peer?.send(
      wire.plan({
        runId: p.runId,
        host: p.target.host,
        users,
        spawnRate,
        startAt,
        runTimeMs: p.target.runTimeMs,
        options: { tags: this.#o.tags, excludeTags: this.#o.excludeTags, stopTimeoutMs: this.#o.stopTimeoutMs, maxEndpoints: this.#o.maxEndpoints },
        ...(open === undefined ? {} : { open }),
      }),
    );
  }
}
