import { StampedeError } from '../errors.js';
import type { HttpClient } from './http-types.js';

/** What the runtime gives a running user. Implemented by the worker's VirtualUser. */
export interface UserContext {
  readonly client: HttpClient;
  /** Ends this user after its current task: onStop runs, and it is not respawned. */
  stopUser(): void;
  measure<T>(name: string, fn: () => T | Promise<T>): Promise<T>;
}

let bind: (user: HttpUser, ctx: UserContext) => void;

/**
 * The base class of every virtual user in a loadfile.
 *
 * A subclass declares tasks with `@task` (or `static tasks = { method: weight }` in plain JS), and
 * may declare `waitTime` (between, constant, constantPacing, constantThroughput), `async onStart()`
 * and `async onStop()`, and the statics `weight` (default 1), `fixedCount` (an exact count, taken
 * before weighted classes), `host` (used when -H is not given) and `abstract = true` (a base class
 * that is not run). These are not declared here, so that subclasses need no `override` keyword.
 */
export class HttpUser {
  #ctx: UserContext | undefined;

  static {
    bind = (user, ctx) => {
      user.#ctx = ctx;
    };
  }

  /** This user's HTTP client (one keep-alive connection, a cookie jar, default headers). */
  get client(): HttpClient {
    return this.#context('client').client;
  }

  /**
   * Ends this user: the current task runs to its end (return after calling this), then onStop
   * runs and the connection closes. The user is not respawned (until the next retarget).
   */
  stop(): void {
    this.#context('stop()').stopUser();
  }

  /**
   * Times `fn` and records it as one entry with method `measure` and this name: a success if `fn`
   * resolves, a failure with the error's message if it throws. The error is rethrown (so the task
   * ends and the exception is reported too); the value `fn` resolves to is returned.
   */
  measure<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    return this.#context('measure()').measure(name, fn);
  }

  #context(what: string): UserContext {
    if (this.#ctx === undefined) {
      throw new StampedeError(
        'STAMPEDE_ERR_LOADFILE',
        `${this.constructor.name}.${what} was used before the user started: use it in onStart, tasks or onStop, ` +
          'not in the constructor or a field initializer',
      );
    }
    return this.#ctx;
  }
}

/** Gives a user its runtime context. For the worker runtime only (not exported to loadfiles). */
export function bindUserContext(user: HttpUser, ctx: UserContext): void {
  bind(user, ctx);
}
