import type { Client } from 'undici';
import type { Clock } from '../../clock.js';
import { StampedeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { filterTasksByTags, type UserClassInfo } from '../../scenario/discover.js';
import type { Recorder } from '../../stats/types.js';
import { buildUserConnector } from './connector.js';
import type { ClientConfig } from './http-client.js';
import { OpenExecutor } from './open/open-executor.js';
import type { OpenPlan } from './open/types.js';
import { SpawnOrder, type ClassCount } from './spawn-order.js';
import { TaskPicker } from './task-picker.js';
import { VirtualUser, type UserEnv, type UserKind } from './virtual-user.js';

export interface RunnerOptions {
  classes: readonly UserClassInfo[];
  /** The host given on the command line (-H); when absent or '', each class's `static host`. */
  host?: string;
  recorder: Recorder;
  clock: Clock;
  logger: Logger;
  /** Run only the tasks with at least one of these tags. */
  tags?: readonly string[];
  /** Skip the tasks with any of these tags. */
  excludeTags?: readonly string[];
  /** How long a stopping user's running task may go on before it is aborted (Locust's --stop-timeout). */
  stopTimeoutMs: number;
  /** How long onStop may run (default 10 s). */
  onStopTimeoutMs?: number;
  /** After the stop timeout, how long requests already in flight may take to finish and be recorded (default 5 s). */
  drainTimeoutMs?: number;
  /** Default request timeout, for headers and then between body chunks (default 60 s). */
  requestTimeoutMs?: number;
  /** Connect timeout (default 10 s). */
  connectTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open when the server gives no hint (default 60 s). */
  keepAliveTimeoutMs?: number;
  /** Task picking; default Math.random. */
  random?: () => number;
}

const DEFAULTS = {
  onStopTimeoutMs: 10_000,
  drainTimeoutMs: 5_000,
  requestTimeoutMs: 60_000,
  connectTimeoutMs: 10_000,
  keepAliveTimeoutMs: 60_000,
} as const;

/** At most this many users start or stop in one timer tick; the rest follow on the next ticks. */
const MAX_CHANGES_PER_TICK = 200;

class RunnerKind implements UserKind, ClassCount {
  readonly info: UserClassInfo;
  readonly picker: TaskPicker;
  readonly clientConfig: ClientConfig;
  readonly weight: number;
  readonly fixed: boolean;
  /** Oldest first: ramp-down stops from the end. */
  readonly running: VirtualUser[] = [];
  target = 0;

  constructor(info: UserClassInfo, picker: TaskPicker, clientConfig: ClientConfig) {
    this.info = info;
    this.picker = picker;
    this.clientConfig = clientConfig;
    this.weight = info.weight;
    this.fixed = info.fixedCount > 0;
  }

  get count(): number {
    return this.running.length;
  }
}

/**
 * Runs this worker's virtual users. Closed model (setTarget): ramps each class to its target count
 * at the spawn rate (interleaved by weight, newest stopped first on the way down). Open model
 * (setOpenPlan): runs one task per scheduled arrival on a capped pool of users (OpenExecutor).
 * stop() stops them all.
 * Classes left without tasks by the tag filters are excluded with a warning; if none is left, the
 * constructor throws STAMPEDE_ERR_NO_USER_CLASSES.
 */
export class Runner {
  readonly #kinds: RunnerKind[] = [];
  readonly #byName = new Map<string, RunnerKind>();
  readonly #excluded = new Set<string>();
  readonly #exiting = new Set<VirtualUser>();
  readonly #order = new SpawnOrder();
  readonly #env: UserEnv;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #stopTimeoutMs: number;
  #rate = 1;
  /** When change number 0 of the current ramp is due (epoch ms). */
  #t0 = 0;
  #changes = 0;
  #lastChangeAt = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #waiters: (() => void)[] = [];
  #open: OpenExecutor | undefined;
  #stopped = false;

  constructor(options: RunnerOptions) {
    checkMs('stopTimeoutMs', options.stopTimeoutMs);
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#stopTimeoutMs = options.stopTimeoutMs;
    const o = { ...DEFAULTS, ...withoutUndefined(options) };
    for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) checkMs(key, o[key]);
    if (o.keepAliveTimeoutMs === 0) throw new StampedeError('STAMPEDE_ERR_USAGE', 'keepAliveTimeoutMs must be above 0');
    const clientOptions: Client.Options = {
      pipelining: 1,
      connect: buildUserConnector(o.connectTimeoutMs),
      keepAliveTimeout: o.keepAliveTimeoutMs,
      headersTimeout: Math.round(o.requestTimeoutMs),
      bodyTimeout: Math.round(o.requestTimeoutMs),
      // Shared by every Client (undici only reads them): left out, each Client makes two empty objects.
      webSocket: {},
      eventSource: {},
    };
    for (const info of options.classes) {
      const tasks = filterTasksByTags(info.tasks, options.tags, options.excludeTags);
      if (tasks.length === 0) {
        this.#excluded.add(info.name);
        this.#logger.warn({ userClass: info.name, tags: options.tags, excludeTags: options.excludeTags }, 'user class has no task left after the tag filters; it will not run');
        continue;
      }
      const { origin, basePath } = hostOf(info, options.host);
      const originUrl = new URL(origin);
      const kind = new RunnerKind(info, new TaskPicker(tasks), { origin, originUrl, basePath, recorder: options.recorder, clock: options.clock, clientOptions });
      this.#kinds.push(kind);
      this.#byName.set(info.name, kind);
    }
    if (this.#kinds.length === 0) {
      throw new StampedeError(
        'STAMPEDE_ERR_NO_USER_CLASSES',
        `no user class has a task left after the tag filters (tags: ${JSON.stringify(options.tags ?? [])}, exclude-tags: ${JSON.stringify(options.excludeTags ?? [])}); change --tags / --exclude-tags`,
      );
    }
    this.#env = {
      recorder: options.recorder,
      clock: options.clock,
      logger: options.logger,
      random: options.random ?? Math.random,
      onStopTimeoutMs: o.onStopTimeoutMs,
      drainTimeoutMs: o.drainTimeoutMs,
      selfStopped: (vu) => this.#selfStopped(vu),
      exited: (vu) => this.#exiting.delete(vu),
    };
  }

  /**
   * Ramps to `users` (class name → count; classes not named go to 0) at `spawnRate` users per
   * second, counting starts and stops alike. A call mid-ramp retargets from the current counts,
   * keeping the spacing of the changes.
   */
  setTarget(users: Readonly<Record<string, number>>, spawnRate: number): void {
    if (this.#open !== undefined) {
      throw new StampedeError('STAMPEDE_ERR_USAGE', 'this run uses the open model (an arrival rate); change it with a new open plan, not with a user count');
    }
    if (typeof spawnRate !== 'number' || !Number.isFinite(spawnRate) || spawnRate <= 0) {
      throw new StampedeError('STAMPEDE_ERR_USAGE', `spawn rate must be a number of users per second above 0; got ${String(spawnRate)}`);
    }
    const targets = new Map<RunnerKind, number>();
    for (const [name, count] of Object.entries(users)) {
      if (!Number.isInteger(count) || count < 0) {
        throw new StampedeError('STAMPEDE_ERR_USAGE', `user count for ${name} must be a whole number of 0 or more; got ${String(count)}`);
      }
      const kind = this.#byName.get(name);
      if (kind !== undefined) targets.set(kind, count);
      else if (this.#excluded.has(name)) {
        if (count > 0) this.#logger.warn({ userClass: name, users: count }, 'user class excluded by the tag filters; its users are not started');
      } else {
        throw new StampedeError('STAMPEDE_ERR_USAGE', `unknown user class ${name}; the loadfile has ${[...this.#byName.keys(), ...this.#excluded].join(', ')}`);
      }
    }
    for (const kind of this.#kinds) kind.target = targets.get(kind) ?? 0;
    this.#rate = spawnRate;
    this.#changes = 0;
    const now = this.#clock.now();
    this.#t0 = Math.max(now, this.#lastChangeAt + 1000 / spawnRate);
    if (this.#t0 <= now) this.#tick();
    else this.#schedule();
  }

  /**
   * Switches to the open model, or updates its plan mid-run: the new plan owns the arrivals from
   * its fromArrival on, and arrivals below it stay with the earlier plans (see ArrivalQueue).
   * Users of the closed model still running are stopped. Throws STAMPEDE_ERR_USAGE for a bad plan
   * or after stop().
   */
  setOpenPlan(plan: OpenPlan): void {
    if (this.#stopped) throw new StampedeError('STAMPEDE_ERR_USAGE', 'the runner is stopped; an open plan needs a new runner');
    if (this.#open === undefined) {
      const open = new OpenExecutor({ kinds: this.#kinds, env: this.#env, clock: this.#clock, stopTimeoutMs: this.#stopTimeoutMs });
      open.setPlan(plan); // checks the plan before anything changes
      this.#open = open;
      this.#stopClosedUsers();
      return;
    }
    this.#open.setPlan(plan);
  }

  /** Open model: true once every arrival this worker owns has fired (always false in the closed model). */
  get scheduleDone(): boolean {
    return this.#open?.scheduleDone ?? false;
  }

  /** Users per class: running (closed model), or in the pool, busy or idle (open model); users being stopped are not counted. */
  users(): Record<string, number> {
    if (this.#open !== undefined) {
      const out = this.#open.users();
      for (const name of this.#excluded) out[name] = 0;
      return out;
    }
    const out: Record<string, number> = {};
    for (const kind of this.#kinds) out[kind.info.name] = kind.running.length;
    for (const name of this.#excluded) out[name] = 0;
    return out;
  }

  /** Resolves when every class has its target count (the last stop has begun, on the way down). */
  whenTargetReached(): Promise<void> {
    if (this.#atTarget()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Stops every user (see VirtualUser.stop) and resolves when all are gone. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopClosedUsers();
    await Promise.all([...[...this.#exiting].map((vu) => vu.stop(this.#stopTimeoutMs)), this.#open?.stop()]);
  }

  /** Ends the closed-model ramp and starts stopping every running user (they join #exiting). */
  #stopClosedUsers(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const kind of this.#kinds) {
      kind.target = 0;
      for (let vu = kind.running.pop(); vu !== undefined; vu = kind.running.pop()) {
        this.#exiting.add(vu);
        void vu.stop(this.#stopTimeoutMs);
      }
    }
    this.#notify();
  }

  #schedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#atTarget()) {
      this.#notify();
      return;
    }
    const dueAt = this.#t0 + (this.#changes * 1000) / this.#rate;
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, dueAt - this.#clock.now()));
  }

  #tick(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = this.#clock.now();
    const due = Math.floor(((now - this.#t0) * this.#rate) / 1000) + 1 - this.#changes;
    for (let i = 0; i < Math.min(due, MAX_CHANGES_PER_TICK); i++) {
      const change = this.#order.next(this.#kinds);
      if (change === undefined) break;
      const kind = this.#kinds[change.index] as RunnerKind;
      if (change.delta > 0) this.#spawn(kind);
      else this.#stopNewest(kind);
      this.#changes++;
      this.#lastChangeAt = now;
    }
    this.#schedule();
  }

  #spawn(kind: RunnerKind): void {
    const vu = new VirtualUser(kind, this.#env);
    kind.running.push(vu);
    vu.start();
  }

  #stopNewest(kind: RunnerKind): void {
    const vu = kind.running.pop();
    if (vu === undefined) return;
    this.#exiting.add(vu);
    void vu.stop(this.#stopTimeoutMs);
  }

  #selfStopped(vu: VirtualUser): void {
    const kind = this.#byName.get(vu.kind.info.name);
    if (kind === undefined) return;
    const at = kind.running.lastIndexOf(vu);
    if (at < 0) return;
    kind.running.splice(at, 1);
    kind.target = Math.max(0, kind.target - 1);
    this.#exiting.add(vu);
    if (this.#atTarget()) this.#notify();
  }

  #atTarget(): boolean {
    return this.#kinds.every((k) => k.running.length === k.target);
  }

  #notify(): void {
    if (!this.#atTarget()) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}

function hostOf(info: UserClassInfo, host: string | undefined): { origin: string; basePath: string } {
  const value = host !== undefined && host !== '' ? host : info.host;
  if (value === undefined) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', `no host for user class ${info.name}: pass -H/--host, or set static host = 'http://…' in the class`);
  }
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', `host ${JSON.stringify(value)} is not an http:// or https:// URL`);
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

function checkMs(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', `${name} must be a number of milliseconds, 0 or more; got ${String(value)}`);
  }
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
