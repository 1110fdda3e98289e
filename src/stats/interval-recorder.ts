/**
 * IntervalRecorder: the worker-side Recorder. Every request goes through `record`; every interval
 * the worker calls `take(now)` and sends the IntervalSnapshot for [previous take, now).
 *
 * Endpoints are kept in a Map of Maps (method → name → EndpointRecorder), so a sample costs two
 * lookups and no string concatenation. Endpoint cap: at most `maxEndpoints` distinct
 * (method, name) pairs (default 1000) are kept apart; samples of any further pair are recorded
 * under the single entry (OVERFLOW_METHOD, OVERFLOW_NAME) = ('*', '(other)'). This bounds memory
 * when a loadfile puts ids in URLs without a `name`.
 *
 * Every snapshot stays within src/stats/limits.ts, whatever the loadfile records: methods, names,
 * error texts and exception texts are cut to their lengths; error texts past MAX_ERROR_GROUPS and
 * exceptions past MAX_EXCEPTION_GROUPS in one interval are counted under an overflow group.
 */
import type { Clock } from '../clock.js';
import { EndpointRecorder, type ErrorGroupBudget } from './endpoint-recorder.js';
import { badOption } from './errors.js';
import { cut, exceptionGroup, MAX_EXCEPTION_MESSAGE_CHARS, MAX_MAX_ENDPOINTS, MAX_METHOD_CHARS, MAX_NAME_CHARS, MAX_TRACEBACK_CHARS } from './limits.js';
import { describeThrown } from './thrown.js';
import type { EntrySnapshot, ErrorSnapshot, ExceptionSnapshot, IntervalSnapshot, Recorder, Sample } from './types.js';

export const OVERFLOW_METHOD = '*';
export const OVERFLOW_NAME = '(other)';
export const DEFAULT_MAX_ENDPOINTS = 1000;

export interface IntervalRecorderOptions {
  /** Time source for error firstSeen/lastSeen (epoch ms, master time) and the first interval's start. */
  clock: Clock;
  /** Start of the first interval (epoch ms). Default: clock.now() at construction. */
  start?: number;
  /** Distinct (method, name) pairs kept apart before the overflow entry is used. Default 1000. */
  maxEndpoints?: number;
  /** Rewrites an exception's traceback before it is grouped (the worker maps bundle lines to the loadfile's). */
  mapTraceback?: (traceback: string) => string;
}

/** Checks a cap option shared by the recorder and the aggregator. */
export function checkMaxEndpoints(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_ENDPOINTS;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_MAX_ENDPOINTS) {
    throw badOption(`unsupported maxEndpoints ${value}, use an integer in 1..${MAX_MAX_ENDPOINTS} (default ${DEFAULT_MAX_ENDPOINTS})`);
  }
  return value;
}

export class IntervalRecorder implements Recorder {
  readonly #clock: Clock;
  readonly #maxEndpoints: number;
  readonly #byMethod = new Map<string, Map<string, EndpointRecorder>>();
  readonly #all: EndpointRecorder[] = [];
  #overflow: EndpointRecorder | null = null;
  readonly #exceptions = new Map<string, ExceptionSnapshot>();
  readonly #errorBudget: ErrorGroupBudget = { groups: 0 };
  readonly #mapTraceback: ((traceback: string) => string) | undefined;
  #start: number;
  #clamped = 0;
  #dropped = 0;

  constructor(options: IntervalRecorderOptions) {
    this.#clock = options.clock;
    this.#maxEndpoints = checkMaxEndpoints(options.maxEndpoints);
    this.#mapTraceback = options.mapTraceback;
    this.#start = options.start ?? options.clock.now();
  }

  /** Samples clamped to 1 h so far, over all intervals taken. */
  get clampedSamples(): number {
    return this.#clamped;
  }

  record(sample: Sample): void {
    this.#endpoint(sample.method, sample.name).record(sample, this.#clock);
  }

  exception(error: unknown): void {
    const thrown = describeThrown(error);
    const traceback = this.#mapTraceback === undefined ? thrown.traceback : this.#mapTraceback(thrown.traceback);
    const g = exceptionGroup(this.#exceptions, cut(thrown.message, MAX_EXCEPTION_MESSAGE_CHARS), cut(traceback, MAX_TRACEBACK_CHARS));
    const known = this.#exceptions.get(g.key);
    if (known === undefined) this.#exceptions.set(g.key, { message: g.message, traceback: g.traceback, count: 1 });
    else known.count++;
  }

  dropped(n = 1): void {
    this.#dropped += n;
  }

  take(now: number): IntervalSnapshot {
    const entries: EntrySnapshot[] = [];
    const errors: ErrorSnapshot[] = [];
    for (const ep of this.#all) {
      if (ep.count === 0) continue;
      entries.push(ep.snapshot());
      ep.drainErrors(errors);
      this.#clamped += ep.clamped;
      ep.reset();
    }
    const exceptions = [...this.#exceptions.values()];
    this.#exceptions.clear();
    this.#errorBudget.groups = 0;
    const snapshot: IntervalSnapshot = { start: this.#start, end: now, entries, errors, exceptions };
    if (this.#dropped > 0) snapshot.dropped = this.#dropped;
    this.#dropped = 0;
    this.#start = now;
    return snapshot;
  }

  #endpoint(method: string, name: string): EndpointRecorder {
    return this.#byMethod.get(method)?.get(name) ?? this.#create(method, name);
  }

  /** A new (method, name) pair; one longer than its limit is cut, and joins the pair it is cut to. */
  #create(method: string, name: string): EndpointRecorder {
    if (method.length > MAX_METHOD_CHARS || name.length > MAX_NAME_CHARS) return this.#endpoint(cut(method, MAX_METHOD_CHARS), cut(name, MAX_NAME_CHARS));
    if (this.#all.length - (this.#overflow === null ? 0 : 1) >= this.#maxEndpoints) {
      return this.#overflowEndpoint();
    }
    let byName = this.#byMethod.get(method);
    if (byName === undefined) {
      byName = new Map();
      this.#byMethod.set(method, byName);
    }
    const ep = new EndpointRecorder(method, name, this.#errorBudget);
    byName.set(name, ep);
    this.#all.push(ep);
    return ep;
  }

  #overflowEndpoint(): EndpointRecorder {
    if (this.#overflow === null) {
      this.#overflow = new EndpointRecorder(OVERFLOW_METHOD, OVERFLOW_NAME, this.#errorBudget);
      this.#all.push(this.#overflow);
    }
    return this.#overflow;
  }
}
