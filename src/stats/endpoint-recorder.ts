/**
 * One endpoint's stats for the current interval, on the worker. `record` is on the hot path of
 * every request: it updates numbers in place and allocates nothing, except the first time a new
 * status code or error text is seen in the interval.
 */
import type { Clock } from '../clock.js';
import { LatencyHistogram } from './histogram.js';
import { cut, MAX_ERROR_TEXT_CHARS, newErrorGroupText } from './limits.js';
import { encodeSparse } from './sparse-codec.js';
import type { EntrySnapshot, ErrorSnapshot, Sample } from './types.js';

/** The error text of a failed sample (one it did not give is made from its status), cut to MAX_ERROR_TEXT_CHARS. */
export function errorTextOf(sample: Sample): string {
  if (sample.error !== undefined && sample.error !== '') return cut(sample.error, MAX_ERROR_TEXT_CHARS);
  return sample.status === undefined ? 'unknown error' : `HTTP ${sample.status}`;
}

/** Distinct error texts recorded in the current interval, over all endpoints of one recorder. */
export interface ErrorGroupBudget {
  groups: number;
}

export class EndpointRecorder {
  readonly method: string;
  readonly name: string;
  #count = 0;
  #failures = 0;
  #sumUs = 0;
  #minUs = Number.POSITIVE_INFINITY;
  #maxUs = 0;
  #bytes = 0;
  /** Counts of status codes 0..599 by code (no Map update per sample); others go to #otherStatus. */
  readonly #status = new Float64Array(600);
  readonly #otherStatus = new Map<number, number>();
  readonly #hist = new LatencyHistogram();
  #sched: LatencyHistogram | null = null;
  readonly #errors = new Map<string, ErrorSnapshot>();
  readonly #budget: ErrorGroupBudget;

  /** `budget` is shared by the endpoints of one recorder: past MAX_ERROR_GROUPS, new texts go to OVERFLOW_ERROR. */
  constructor(method: string, name: string, budget: ErrorGroupBudget = { groups: 0 }) {
    this.method = method;
    this.name = name;
    this.#budget = budget;
  }

  get count(): number {
    return this.#count;
  }

  /** Samples clamped to 1 h in this interval (latency and scheduled latency). */
  get clamped(): number {
    return this.#hist.clamped + (this.#sched?.clamped ?? 0);
  }

  record(sample: Sample, clock: Clock): void {
    const us = this.#hist.record(sample.durationUs);
    this.#count++;
    this.#sumUs += us;
    if (us < this.#minUs) this.#minUs = us;
    if (us > this.#maxUs) this.#maxUs = us;
    this.#bytes += sample.bytes;
    const status = sample.status;
    if (status !== undefined) {
      if (status >= 0 && status < 600) this.#status[status | 0]! += 1;
      else this.#otherStatus.set(status, (this.#otherStatus.get(status) ?? 0) + 1);
    }
    if (sample.scheduledUs !== undefined) (this.#sched ??= new LatencyHistogram()).record(sample.scheduledUs);
    if (!sample.ok) this.#fail(sample, clock);
  }

  #fail(sample: Sample, clock: Clock): void {
    this.#failures++;
    const own = errorTextOf(sample);
    const now = clock.now();
    let group = this.#errors.get(own);
    if (group === undefined) {
      const text = newErrorGroupText(own, this.#budget.groups);
      if (text !== own) group = this.#errors.get(text);
      if (group === undefined) {
        if (text === own) this.#budget.groups++;
        this.#errors.set(text, { method: this.method, name: this.name, error: text, count: 1, firstSeen: now, lastSeen: now });
        return;
      }
    }
    group.count++;
    if (now < group.firstSeen) group.firstSeen = now;
    if (now > group.lastSeen) group.lastSeen = now;
  }

  /** This interval's entry (call only when count > 0). */
  snapshot(): EntrySnapshot {
    const status: Record<string, number> = {};
    const counts = this.#status;
    for (let code = 0; code < counts.length; code++) if (counts[code] !== 0) status[String(code)] = counts[code]!;
    for (const [code, n] of this.#otherStatus) status[String(code)] = n;
    const entry: EntrySnapshot = {
      method: this.method,
      name: this.name,
      count: this.#count,
      failures: this.#failures,
      sumUs: this.#sumUs,
      minUs: this.#count === 0 ? 0 : this.#minUs,
      maxUs: this.#maxUs,
      bytes: this.#bytes,
      status,
      hist: encodeSparse(this.#hist),
    };
    if (this.#sched !== null && this.#sched.total > 0) entry.schedHist = encodeSparse(this.#sched);
    return entry;
  }

  /** Moves this interval's error groups into `out`. */
  drainErrors(out: ErrorSnapshot[]): void {
    for (const e of this.#errors.values()) out.push(e);
    this.#errors.clear();
  }

  /** Starts a new interval (keeps histogram pages for reuse). */
  reset(): void {
    this.#count = 0;
    this.#failures = 0;
    this.#sumUs = 0;
    this.#minUs = Number.POSITIVE_INFINITY;
    this.#maxUs = 0;
    this.#bytes = 0;
    this.#status.fill(0);
    this.#otherStatus.clear();
    this.#hist.clear();
    this.#sched?.clear();
    this.#errors.clear();
  }
}
