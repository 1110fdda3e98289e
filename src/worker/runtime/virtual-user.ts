import type { Clock } from '../../clock.js';
import { StampedeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { UserClassInfo } from '../../scenario/discover.js';
import { bindUserContext, type HttpUser, type UserContext } from '../../scenario/user.js';
import { isWaitTime, type WaitTime } from '../../scenario/wait.js';
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

/** setTimeout's largest delay; a longer wait is taken in steps of at most this. */
export const MAX_DELAY_MS = 2_147_483_647;

/** A user's waitTime: a helper's WaitTime, or a method returning seconds. */
type Wait = WaitTime | ((this: HttpUser) => unknown);

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
  /** Closed model: the timer of the wait after a task; set while the user sleeps. */
  #sleepTimer: NodeJS.Timeout | undefined;
  /** Closed model: the user's waitTime (undefined: none, or not a valid one). */
  #wait: Wait | undefined;
  /** Closed model: the period (ms) of a paced waitTime, whose tasks have due times; else undefined. */
  #periodMs: number | undefined;
  /** Closed model: when (epoch ms) the next task is due. */
  #due = 0;
  /** Closed model: a paced user's due time as its schedule gave it, before an overrun restarts the schedule. */
  #scheduled = 0;
  /** Open model: resolves the wait for the next arrival (#idle). */
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
    void this.#run();
  }

  /**
   * Open model: runs onStart, then the task of the arrival scheduled at `scheduledAt` (epoch ms),
   * then calls `onIdle` and waits for the next arrival (serve()) or a stop.
   */
  startOpen(scheduledAt: number, onIdle: (vu: VirtualUser) => void): void {
    this.#arrival = scheduledAt;
    this.#onIdle = onIdle;
    void this.#runOpen();
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

  /** Closed model: constructs the user, runs onStart, then its tasks (#tasks). */
  async #run(): Promise<void> {
    const user = this.#construct();
    if (user === undefined) {
      await this.#finish();
      return;
    }
    this.#wait = this.#waitOf(user);
    this.#periodMs = pacedPeriodMs((user as Hooks).waitTime);
    await this.#call(user, (user as Hooks).onStart);
    this.#due = this.#scheduled = this.#env.clock.now();
    await this.#tasks(user);
  }

  /**
   * Closed model: runs tasks until one is followed by a wait, or until stopped (then #finish()).
   * A wait is a timer that calls #tasks again (#sleepDone), not an awaited promise: a sleeping
   * user holds no suspended async frame, promise or closure, only the timer.
   */
  async #tasks(user: HttpUser): Promise<void> {
    const env = this.#env;
    const picker = this.kind.picker;
    const methods = user as unknown as Record<string, unknown>;
    const wait = this.#wait;
    const periodMs = this.#periodMs;
    while (!this.#stopping) {
      const turns = loopTurns.count;
      if (periodMs !== undefined) this.#setLateness(env.clock.now() - this.#scheduled);
      await this.#call(user, methods[picker.pick(env.random())]);
      if (this.#stopping) break;
      const now = env.clock.now();
      const due = this.#due;
      let ms = 0;
      try {
        if (wait !== undefined) ms = delayMs(wait, user, due, now);
      } catch (err) {
        // A waitTime method that throws ends this user (as in Locust), recorded; never the worker.
        env.recorder.exception(err);
        this.stopUser();
        break;
      }
      if (periodMs !== undefined) this.#scheduled = due + periodMs;
      this.#due = now + ms;
      if (ms > 0) {
        this.#sleepTimer = setTimeout(VirtualUser.#sleepDone, ms, this);
        return;
      }
      if (loopTurns.count === turns) await yieldToEventLoop();
    }
    await this.#finish();
  }

  /** The timer of the wait after a task (a shared function, not a closure per user). */
  static #sleepDone(this: void, vu: VirtualUser): void {
    vu.#sleepTimer = undefined;
    vu.#afterSleep();
  }

  /** The wait is over (or cut short by a stop): on to the next task, or to #finish(). */
  #afterSleep(): void {
    const user = this.#user;
    if (user !== undefined) void this.#tasks(user);
  }

  /** Open model: onStart, then one task per arrival, then #finish(). */
  async #runOpen(): Promise<void> {
    const env = this.#env;
    const user = this.#construct();
    if (user === undefined) {
      await this.#finish();
      return;
    }
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
    await this.#finish();
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

  /** The user's waitTime when it is one delayMs() takes; else undefined (and a bad one is recorded). */
  #waitOf(user: HttpUser): Wait | undefined {
    const wait = (user as Hooks).waitTime;
    if (wait === undefined || wait === null) return undefined;
    if (isWaitTime(wait) || typeof wait === 'function') return wait as Wait;
    this.#env.recorder.exception(
      new StampedeError(
        'STAMPEDE_ERR_LOADFILE',
        `${this.kind.info.name}.waitTime must be between(), constant(), constantPacing(), constantThroughput() or a function returning seconds; running without a wait`,
      ),
    );
    return undefined;
  }

  /** Open model: waits for serve() or a stop. */
  #idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
  }

  #wakeUp(): void {
    const sleep = this.#sleepTimer;
    if (sleep !== undefined) {
      // Closed model, sleeping: the wait ends now; the loop goes on (and sees the stop) a microtask
      // later, never inside the caller (stop() or stopUser()).
      clearTimeout(sleep);
      this.#sleepTimer = undefined;
      queueMicrotask(() => this.#afterSleep());
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

/**
 * The wait (ms) after a task that was due at `dueMs` and ended at `nowMs`. A plain function, not a
 * closure per user: an idle user holds only its waitTime.
 */
function delayMs(wait: Wait, user: HttpUser, dueMs: number, nowMs: number): number {
  if (typeof wait === 'function') {
    const seconds: unknown = wait.call(user);
    return typeof seconds === 'number' && seconds > 0 ? Math.min(MAX_DELAY_MS, seconds * 1000) : 0;
  }
  return Math.min(MAX_DELAY_MS, wait.nextDelayMs(dueMs, nowMs));
}

function micros(start: number): number {
  return Math.round((performance.now() - start) * 1000);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
