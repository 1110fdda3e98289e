import type { Clock } from '../../../clock.js';
import { MAX_DELAY_MS, VirtualUser, type UserEnv, type UserKind } from '../virtual-user.js';
import { ArrivalQueue } from './arrival-queue.js';
import { ClassPicker } from './class-picker.js';
import type { OpenPlan } from './types.js';

/** A user class as the open model runs it. */
export interface OpenKind extends UserKind {
  readonly weight: number;
}

export interface OpenExecutorOptions {
  kinds: readonly OpenKind[];
  /** What the users share; selfStopped and exited are replaced by the executor's own. */
  env: UserEnv;
  clock: Clock;
  /** How long a stopping user's running task may go on before it is aborted. */
  stopTimeoutMs: number;
}

/** At most this many arrivals fire in one timer callback; the rest follow in the next one. */
const MAX_ARRIVALS_PER_TICK = 2000;
/** One class's users: every live one, and the idle ones (newest last). */
class Pool {
  readonly kind: OpenKind;
  readonly members = new Set<VirtualUser>();
  idle: VirtualUser[] = [];

  constructor(kind: OpenKind) {
    this.kind = kind;
  }
}

/**
 * The open model on one worker: fires each arrival this worker owns at its scheduled time (one
 * timer, set from t0 for the next due arrival; arrivals already due fire together), gives it to an
 * idle user of a class picked by weight, or to a new user (onStart first) while the pool is under
 * maxUsers, or else counts it as dropped (recorder.dropped). A user runs one task per arrival.
 */
export class OpenExecutor {
  readonly #queue = new ArrivalQueue();
  readonly #pools: Pool[];
  readonly #poolOf = new Map<UserKind, Pool>();
  readonly #picker: ClassPicker;
  readonly #exiting = new Set<VirtualUser>();
  readonly #env: UserEnv;
  readonly #clock: Clock;
  readonly #stopTimeoutMs: number;
  readonly #onIdle = (vu: VirtualUser): void => this.#idle(vu);
  #maxUsers = 0;
  #size = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: OpenExecutorOptions) {
    this.#pools = options.kinds.map((k) => new Pool(k));
    for (const pool of this.#pools) this.#poolOf.set(pool.kind, pool);
    this.#picker = new ClassPicker(options.kinds.map((k) => k.weight));
    this.#clock = options.clock;
    this.#stopTimeoutMs = options.stopTimeoutMs;
    this.#env = {
      ...options.env,
      selfStopped: (vu) => this.#leave(vu),
      exited: (vu) => this.#exiting.delete(vu),
    };
  }

  /** Starts or replaces the plan (see ArrivalQueue.setPlan); a lower maxUsers retires idle users. */
  setPlan(plan: OpenPlan): void {
    this.#queue.setPlan(plan);
    this.#maxUsers = plan.maxUsers;
    for (const pool of this.#pools) {
      while (this.#size > this.#maxUsers && pool.idle.length > 0) this.#retire(pool.idle.pop() as VirtualUser);
    }
    this.#tick();
  }

  /** Live users per class, busy and idle (users being stopped are not counted). */
  users(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const pool of this.#pools) out[pool.kind.info.name] = pool.members.size;
    return out;
  }

  /** True when every arrival of every plan has fired. */
  get scheduleDone(): boolean {
    return this.#queue.done;
  }

  /** Stops firing arrivals, stops every user (see VirtualUser.stop) and resolves when all are gone. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const pool of this.#pools) {
      for (const vu of pool.members) this.#exiting.add(vu);
      pool.members.clear();
      pool.idle = [];
    }
    this.#size = 0;
    await Promise.all([...this.#exiting].map((vu) => vu.stop(this.#stopTimeoutMs)));
  }

  #tick(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#stopped) return;
    const now = this.#clock.now();
    for (let fired = 0; fired < MAX_ARRIVALS_PER_TICK; fired++) {
      const arrival = this.#queue.take(now);
      if (arrival === undefined) break;
      this.#fire(arrival.at);
    }
    const next = this.#queue.nextAt();
    if (next === Number.POSITIVE_INFINITY) return;
    // Due times come from t0, never from the previous timer, so lateness does not add up.
    const delay = next <= now ? 0 : Math.min(MAX_DELAY_MS, Math.max(1, next - this.#clock.now()));
    this.#timer = setTimeout(() => this.#tick(), delay);
  }

  #fire(scheduledAt: number): void {
    const pool = this.#pools[this.#picker.next()] as Pool;
    const idle = pool.idle.pop();
    if (idle !== undefined) {
      idle.serve(scheduledAt);
      return;
    }
    if (this.#size >= this.#maxUsers) {
      this.#env.recorder.dropped(1);
      return;
    }
    const vu = new VirtualUser(pool.kind, this.#env);
    pool.members.add(vu);
    this.#size++;
    vu.startOpen(scheduledAt, this.#onIdle);
  }

  /** A user finished its arrival's task: back to the idle pool, or retired if over the cap. */
  #idle(vu: VirtualUser): void {
    const pool = this.#poolOf.get(vu.kind);
    if (pool === undefined || !pool.members.has(vu)) return;
    if (this.#size > this.#maxUsers) this.#retire(vu);
    else pool.idle.push(vu);
  }

  #retire(vu: VirtualUser): void {
    this.#leave(vu);
    void vu.stop(this.#stopTimeoutMs);
  }

  /** Takes a user out of the pool (it stopped itself, or is being retired). */
  #leave(vu: VirtualUser): void {
    const pool = this.#poolOf.get(vu.kind);
    if (pool === undefined || !pool.members.delete(vu)) return;
    const at = pool.idle.indexOf(vu);
    if (at >= 0) pool.idle.splice(at, 1);
    this.#size--;
    this.#exiting.add(vu);
  }
}
