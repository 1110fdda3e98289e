import type { Clock } from '../../clock.js';
import { StampedeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { UserClassInfo } from '../../scenario/discover.js';
import { bindUserContext, type HttpUser, type UserContext } from '../../scenario/user.js';
import { isWaitTime } from '../../scenario/wait.js';
import type { Recorder } from '../../stats/types.js';
import type { ClientConfig } from './http-client.js';
import { UserHttpClient } from './http-client.js';
import { loopTurns } from './loop-turns.js';
import type { TaskPicker } from './task-picker.js';

/** One user class, ready to run: its tasks after tag filtering, and its clients' shared config. */
export interface UserKind {
  readonly info: UserClassInfo;
  readonly picker: TaskPicker;
  readonly clientConfig: ClientConfig;
}

/** What every user of a runner shares. */
export interface UserEnv {
  readonly recorder: Recorder;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random: () => number;
  /** How long onStop may run before its requests are dropped and the user is closed anyway. */
  readonly onStopTimeoutMs: number;
  /** After the stop timeout, how long requests in flight may take to finish (they are recorded). */
  readonly drainTimeoutMs: number;
  /** The user ended itself (this.stop(), or its constructor threw): it will not be respawned. */
  selfStopped(vu: VirtualUser): void;
  /** The user is gone: onStop ran and its connections are closed. */
  exited(vu: VirtualUser): void;
}

/** The members a loadfile's user class may declare (see HttpUser). */
interface Hooks {
  waitTime?: unknown;
  onStart?: unknown;
  onStop?: unknown;
}

/** setTimeout's largest delay. */
const MAX_DELAY_MS = 2_147_483_647;

type Delay = (dueMs: number, nowMs: number) => number;

/**
 * One running virtual user: constructs the loadfile's class, binds its context, runs onStart, then
 * tasks picked by weight until stopped; then onStop. In the closed model (start()) the tasks run in
 * a loop with the class's waitTime between them; in the open model (startOpen()) the user runs one
 * task per arrival handed to it, with no wait, and is idle in between.
 * Exceptions from user code are recorded (recorder.exception) and never end the loop.
 *
 * Lateness: when a task starts after its scheduled time (an open-model arrival, or the due time of a
 * constantPacing / constantThroughput user), its requests and measures record `scheduledUs`, the
 * latency from the scheduled time (coordinated-omission corrected, as in wrk2).
 */
export class VirtualUser implements UserContext {
  readonly client: UserHttpClient;
  readonly kind: UserKind;
  readonly #env: UserEnv;
  #user: HttpUser | undefined;
  #stopping = false;
  #sleepTimer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;
  #stopTimer: NodeJS.Timeout | undefined;
  #finishing: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;
  #resolveStopped: (() => void) | undefined;
  /** µs the current task started after its scheduled time; -1 when it has no schedule. */
  #lateUs = -1;
  /** Open model: the scheduled epoch ms of the arrival handed to this user, NaN when none. */
  #arrival = Number.NaN;
  /** Open model: called each time the user finishes an arrival's task and is free again. */
  #onIdle: ((vu: VirtualUser) => void) | undefined;

  constructor(kind: UserKind, env: UserEnv) {
    this.kind = kind;
    this.#env = env;
    this.client = new UserHttpClient(kind.clientConfig);
  }

  /** Closed model: runs tasks in a loop, with the class's waitTime between them. */
  start(): void {
    void this.#run().then(() => this.#finish());
  }

  /**
   * Open model: runs onStart, then the task of the arrival scheduled at `scheduledAt` (epoch ms),
   * then calls `onIdle` and waits for the next arrival (serve()) or a stop.
   */
  startOpen(scheduledAt: number, onIdle: (vu: VirtualUser) => void): void {
    this.#arrival = scheduledAt;
    this.#onIdle = onIdle;
    void this.#runOpen().then(() => this.#finish());
  }

  /** Open model: hands an arrival scheduled at `scheduledAt` (epoch ms) to this idle user. */
  serve(scheduledAt: number): void {
    this.#arrival = scheduledAt;
    this.#wakeUp();
  }

  /**
   * Stops the user: a wait ends at once; a running task may finish within `timeoutMs`. After that
   * the task is interrupted: it may start no new request, the requests already in flight get up to
   * `drainTimeoutMs` to finish (and are recorded, so the target's count and ours agree), and what
   * is still in flight then is dropped, unrecorded, and the user is closed anyway.
   * Resolves once onStop has run and the connections are closed.
   */
  stop(timeoutMs: number): Promise<void> {
    this.#requestStop();
    if (this.#finishing !== undefined) return this.#finishing;
    this.#stopped ??= new Promise<void>((resolve) => {
      this.#resolveStopped = resolve;
      this.#stopTimer = setTimeout(() => {
        void this.client.drain(this.#env.drainTimeoutMs).then(() => {
          // Whatever the interrupted task still tries to send parks, unsent; onStop may still send.
          this.client.interrupt();
          return this.#finish();
        });
      }, timeoutMs);
    });
    return this.#stopped;
  }

  stopUser(): void {
    if (this.#stopping) return;
    this.#requestStop();
    this.#env.selfStopped(this);
  }

  async measure<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    const lateUs = this.#lateUs;
    try {
      const value = await fn();
      const durationUs = micros(start);
      const scheduledUs = lateUs < 0 ? undefined : durationUs + lateUs;
      this.#env.recorder.record({ method: 'measure', name, durationUs, scheduledUs, ok: true, status: undefined, bytes: 0, error: undefined });
      return value;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const durationUs = micros(start);
      const scheduledUs = lateUs < 0 ? undefined : durationUs + lateUs;
      this.#env.recorder.record({ method: 'measure', name, durationUs, scheduledUs, ok: false, status: undefined, bytes: 0, error });
      throw err;
    }
  }

  /** Constructs the loadfile's user and binds it; on failure records why and stops this user. */
  #construct(): HttpUser | undefined {
    try {
      const user = new this.kind.info.ctor();
      bindUserContext(user, this);
      this.#user = user;
      return user;
    } catch (err) {
      this.#env.recorder.exception(err);
      this.stopUser();
      return undefined;
    }
  }

  async #run(): Promise<void> {
    const env = this.#env;
    const user = this.#construct();
    if (user === undefined) return;
    const delay = this.#delayOf(user);
    const periodMs = pacedPeriodMs((user as Hooks).waitTime);
    await this.#call(user, (user as Hooks).onStart);
    const picker = this.kind.picker;
    const methods = user as unknown as Record<string, unknown>;
    let due = env.clock.now();
    /** A paced user's due time as its schedule gave it, before an overrun restarts the schedule. */
    let scheduled = due;
    while (!this.#stopping) {
      const turns = loopTurns.count;
      if (periodMs !== undefined) this.#setLateness(env.clock.now() - scheduled);
      await this.#call(user, methods[picker.pick(env.random())]);
      if (this.#stopping) break;
      const now = env.clock.now();
      const ms = delay === undefined ? 0 : delay(due, now);
      if (periodMs !== undefined) scheduled = due + periodMs;
      due = now + ms;
      if (ms > 0) await this.#sleep(ms);
      else if (loopTurns.count === turns) await yieldToEventLoop();
    }
  }

  async #runOpen(): Promise<void> {
    const env = this.#env;
    const user = this.#construct();
    if (user === undefined) return;
    await this.#call(user, (user as Hooks).onStart);
    const picker = this.kind.picker;
    const methods = user as unknown as Record<string, unknown>;
    while (!this.#stopping) {
      const scheduledAt = this.#arrival;
      if (Number.isNaN(scheduledAt)) {
        await this.#idle();
        continue;
      }
      this.#arrival = Number.NaN;
      this.#setLateness(env.clock.now() - scheduledAt);
      await this.#call(user, methods[picker.pick(env.random())]);
      this.#setLateness(Number.NaN);
      if (this.#stopping) break;
      this.#onIdle?.(this);
    }
  }

  /** Sets the lateness of the task about to start (ms; NaN for none) on this user and its client. */
  #setLateness(lateMs: number): void {
    const us = Number.isNaN(lateMs) ? -1 : Math.round(Math.max(0, lateMs) * 1000);
    this.#lateUs = us;
    this.client.setLateness(us);
  }

  /** Calls a user method; whatever it throws is recorded, never rethrown. */
  async #call(user: HttpUser, method: unknown): Promise<void> {
    if (method === undefined) return;
    try {
      if (typeof method !== 'function') throw new TypeError(`${this.kind.info.name}: a task or hook is not a method`);
      await (method as () => unknown).call(user);
    } catch (err) {
      this.#env.recorder.exception(err);
    }
  }

  #delayOf(user: HttpUser): Delay | undefined {
    const wait = (user as Hooks).waitTime;
    if (wait === undefined || wait === null) return undefined;
    if (isWaitTime(wait)) return (due, now) => Math.min(MAX_DELAY_MS, wait.nextDelayMs(due, now));
    if (typeof wait === 'function') {
      return () => {
        const seconds: unknown = wait.call(user);
        return typeof seconds === 'number' && seconds > 0 ? Math.min(MAX_DELAY_MS, seconds * 1000) : 0;
      };
    }
    this.#env.recorder.exception(
      new StampedeError(
        'STAMPEDE_ERR_LOADFILE',
        `${this.kind.info.name}.waitTime must be between(), constant(), constantPacing(), constantThroughput() or a function returning seconds; running without a wait`,
      ),
    );
    return undefined;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
      this.#sleepTimer = setTimeout(resolve, ms);
    });
  }

  /** Open model: waits for serve() or a stop. */
  #idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
  }

  #wakeUp(): void {
    if (this.#sleepTimer !== undefined) {
      clearTimeout(this.#sleepTimer);
      this.#sleepTimer = undefined;
    }
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #requestStop(): void {
    this.#stopping = true;
    this.#wakeUp();
  }

  #finish(): Promise<void> {
    this.#finishing ??= this.#close();
    return this.#finishing;
  }

  async #close(): Promise<void> {
    if (this.#stopTimer !== undefined) clearTimeout(this.#stopTimer);
    this.#setLateness(Number.NaN);
    const user = this.#user;
    if (user !== undefined && (user as Hooks).onStop !== undefined) await this.#boundedOnStop(user);
    this.client.close();
    this.#env.exited(this);
    this.#resolveStopped?.();
  }

  async #boundedOnStop(user: HttpUser): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.client.whileStopping(() => this.#call(user, (user as Hooks).onStop)).then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.#env.onStopTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.#env.logger.warn({ userClass: this.kind.info.name, timeoutMs: this.#env.onStopTimeoutMs }, 'onStop did not finish in time; closing the user anyway');
    }
  }
}

/** The period (ms) of a constantPacing / constantThroughput wait, whose tasks have due times; else undefined. */
function pacedPeriodMs(wait: unknown): number | undefined {
  if (!isWaitTime(wait)) return undefined;
  const d: unknown = wait.description;
  if (typeof d !== 'string' || !(d.startsWith('constantPacing(') || d.startsWith('constantThroughput('))) return undefined;
  return wait.nextDelayMs(0, 0); // the whole period is left when the task took no time
}

function micros(start: number): number {
  return Math.round((performance.now() - start) * 1000);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
