/**
 * Aggregator: the master's merge of every worker's IntervalSnapshots into one StatsView
 * (standalone runs use it too, through the same master).
 *
 * - Cumulative stats per endpoint (method, name) and a total row ('', 'Aggregated').
 * - A current window of `windowSeconds` (default CURRENT_WINDOW_SECONDS): per-second slots keyed
 *   by the second of each snapshot's `end`; the view at `now` covers the slots of the seconds in
 *   (floor(now/1000) − window, …], and its rates divide by min(window, elapsed).
 * - Whole-run rates divide by the seconds elapsed since `startedAt`: set by setStart(ms) or
 *   reset(ms); otherwise the earliest `start` of the snapshots received. When the start was set
 *   explicitly, snapshots that ended at or before it are ignored (they predate a reset).
 * - Errors merged by (method, name, error) with min firstSeen / max lastSeen; exceptions by
 *   message + traceback with the set of worker ids that reported them.
 * - At most `maxEndpoints` distinct endpoints (default 1000); further ones are merged into
 *   ('*', '(other)'), as the worker's recorder does. Over the whole run, at most MAX_ERROR_GROUPS
 *   distinct error texts (further ones are counted under their endpoint's OVERFLOW_ERROR group) and
 *   MAX_EXCEPTION_GROUPS exceptions (then OVERFLOW_EXCEPTION): memory stays bounded however long
 *   the run and however many distinct texts the loadfile makes.
 */
import { addTotals, emptyTotals, EndpointAggregate } from './endpoint-aggregate.js';
import { buildEndpointView } from './endpoint-view.js';
import { badOption } from './errors.js';
import { LatencyHistogram } from './histogram.js';
import { exceptionGroup, newErrorGroupText, OVERFLOW_ERROR } from './limits.js';
import { checkMaxEndpoints, OVERFLOW_METHOD, OVERFLOW_NAME } from './interval-recorder.js';
import { checkSnapshot } from './snapshot-check.js';
import { CURRENT_WINDOW_SECONDS, type IntervalSnapshot, REPORT_PERCENTILES } from './types.js';
import type { EndpointView, ErrorView, ExceptionView, StatsView } from './view.js';

export const TOTAL_METHOD = '';
export const TOTAL_NAME = 'Aggregated';

export interface AggregatorOptions {
  /** Length of the current window, whole seconds >= 1. Default CURRENT_WINDOW_SECONDS (10). */
  windowSeconds?: number;
  /** Distinct endpoints kept apart before ('*', '(other)') is used. Default 1000. */
  maxEndpoints?: number;
  /** Percentile fractions in [0, 1] to report. Default REPORT_PERCENTILES. */
  percentiles?: readonly number[];
}

function byNameThenMethod(a: EndpointAggregate, b: EndpointAggregate): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.method < b.method ? -1 : a.method > b.method ? 1 : 0;
}

export class Aggregator {
  readonly #windowSeconds: number;
  readonly #maxEndpoints: number;
  readonly #qs: readonly number[];
  #byMethod = new Map<string, Map<string, EndpointAggregate>>();
  /** Kept sorted by (name, method). */
  #endpoints: EndpointAggregate[] = [];
  #overflow: EndpointAggregate | null = null;
  #errors = new Map<string, ErrorView>();
  /** Distinct error texts in #errors, not counting the OVERFLOW_ERROR groups. */
  #errorGroups = 0;
  #exceptions = new Map<string, { view: ExceptionView; nodes: Set<string> }>();
  #startedAt: number | null = null;
  #startExplicit = false;
  readonly #totalWindowHist = new LatencyHistogram();
  readonly #totalHist = new LatencyHistogram();
  readonly #totalSched = new LatencyHistogram();

  constructor(options: AggregatorOptions = {}) {
    const w = options.windowSeconds ?? CURRENT_WINDOW_SECONDS;
    if (!Number.isSafeInteger(w) || w < 1) throw badOption(`unsupported windowSeconds ${w}, use an integer >= 1`);
    this.#windowSeconds = w;
    this.#maxEndpoints = checkMaxEndpoints(options.maxEndpoints);
    const qs = [...(options.percentiles ?? REPORT_PERCENTILES)].sort((a, b) => a - b);
    if (qs.some((q) => !(q >= 0 && q <= 1))) throw badOption(`unsupported percentiles ${qs.join(', ')}, use fractions in [0, 1]`);
    this.#qs = qs;
  }

  /** Distinct endpoint names kept apart; the rest are grouped under the overflow endpoint. */
  get maxEndpoints(): number {
    return this.#maxEndpoints;
  }

  /** Epoch ms the run's rates count from, or null before any snapshot / setStart. */
  get startedAt(): number | null {
    return this.#startedAt;
  }

  /** Sets the run's start (epoch ms), e.g. when the master starts the run. */
  setStart(ms: number): void {
    if (!Number.isFinite(ms)) throw badOption(`unsupported start ${ms}, use epoch milliseconds`);
    this.#startedAt = ms;
    this.#startExplicit = true;
  }

  /**
   * Merges one worker's snapshot. Validates all of it first: on bad input it throws
   * STAMPEDE_ERR_BAD_HISTOGRAM and nothing is merged.
   * Returns false when the snapshot ended before an explicit start and was ignored.
   */
  add(snapshot: IntervalSnapshot, source: string): boolean {
    checkSnapshot(snapshot);
    if (this.#startExplicit && this.#startedAt !== null && snapshot.end <= this.#startedAt) return false;
    if (!this.#startExplicit && (this.#startedAt === null || snapshot.start < this.#startedAt)) this.#startedAt = snapshot.start;
    const second = Math.floor(snapshot.end / 1000);
    for (const e of snapshot.entries) this.#endpoint(e.method, e.name).add(e, second);
    for (const e of snapshot.errors) this.#addError(e.method, e.name, e.error, e.count, e.firstSeen, e.lastSeen);
    for (const x of snapshot.exceptions) {
      const g = exceptionGroup(this.#exceptions, x.message, x.traceback);
      const known = this.#exceptions.get(g.key);
      if (known === undefined) {
        this.#exceptions.set(g.key, { view: { message: g.message, traceback: g.traceback, count: x.count, nodes: [] }, nodes: new Set([source]) });
      } else {
        known.view.count += x.count;
        known.nodes.add(source);
      }
    }
    return true;
  }

  /**
   * Forgets every stat. With `now`, the run restarts at `now` (explicit start); without it, the
   * start is taken from the next snapshot received.
   */
  reset(now?: number): void {
    this.#byMethod = new Map();
    this.#endpoints = [];
    this.#overflow = null;
    this.#errors = new Map();
    this.#errorGroups = 0;
    this.#exceptions = new Map();
    this.#startedAt = null;
    this.#startExplicit = false;
    if (now !== undefined) this.setStart(now);
  }

  /**
   * A copy of the merged cumulative histogram of one endpoint ('', 'Aggregated' for all of them),
   * or of its scheduled-latency histogram; null when there is none. For reporters (HDR log,
   * Prometheus buckets); see toHdrHistogram.
   */
  histogramOf(method: string, name: string, kind: 'latency' | 'scheduled' = 'latency'): LatencyHistogram | null {
    const pick = (ep: EndpointAggregate): LatencyHistogram | null => (kind === 'latency' ? ep.hist : ep.sched);
    if (method === TOTAL_METHOD && name === TOTAL_NAME) {
      const out = new LatencyHistogram();
      let any = false;
      for (const ep of this.#endpoints) {
        const h = pick(ep);
        if (h !== null) {
          out.add(h);
          any = true;
        }
      }
      return any ? out : null;
    }
    const ep = this.#byMethod.get(method)?.get(name);
    const h = ep === undefined ? null : pick(ep);
    return h === null ? null : h.copy();
  }

  view(now: number): StatsView {
    const startedAt = this.#startedAt ?? now;
    const elapsedS = Math.max(0, (now - startedAt) / 1000);
    const coveredS = Math.min(this.#windowSeconds, elapsedS);
    const fromSecond = Math.floor(now / 1000) - this.#windowSeconds;
    const common = { elapsedS, coveredS, qs: this.#qs };
    const total = { totals: emptyTotals(), window: emptyTotals(), sumUs: 0, bytes: 0, status: Object.create(null) as Record<string, number> };
    const totalHist = this.#totalHist;
    const totalSched = this.#totalSched;
    totalHist.clear();
    totalSched.clear();
    this.#totalWindowHist.clear();
    const endpoints: EndpointView[] = [];
    for (const ep of this.#endpoints) {
      const window = emptyTotals();
      const windowHist = ep.window(fromSecond, window);
      endpoints.push(buildEndpointView({ ...common, method: ep.method, name: ep.name, totals: ep.totals, sumUs: ep.sumUs, bytes: ep.bytes, status: ep.status, hist: ep.hist, sched: ep.sched, window, windowHist }));
      addTotals(total.totals, ep.totals.count, ep.totals.failures, ep.totals.minUs, ep.totals.maxUs);
      addTotals(total.window, window.count, window.failures, window.minUs, window.maxUs);
      total.sumUs += ep.sumUs;
      total.bytes += ep.bytes;
      for (const code in ep.status) total.status[code] = (total.status[code] ?? 0) + ep.status[code]!;
      totalHist.add(ep.hist);
      this.#totalWindowHist.add(windowHist);
      if (ep.sched !== null) totalSched.add(ep.sched);
    }
    const totalView = buildEndpointView({ ...common, ...total, method: TOTAL_METHOD, name: TOTAL_NAME, hist: totalHist, sched: totalSched, windowHist: this.#totalWindowHist });
    return {
      startedAt,
      now,
      endpoints,
      total: totalView,
      errors: [...this.#errors.values()].map((e) => ({ ...e })),
      exceptions: [...this.#exceptions.values()].map(({ view, nodes }) => ({ ...view, nodes: [...nodes].sort() })),
    };
  }

  #addError(method: string, name: string, error: string, count: number, firstSeen: number, lastSeen: number): void {
    const ep = this.#endpoint(method, name);
    const prefix = `${ep.method}\u0000${ep.name}\u0000`;
    let group = this.#errors.get(prefix + error);
    if (group === undefined) {
      const text = error === OVERFLOW_ERROR ? error : newErrorGroupText(error, this.#errorGroups);
      if (text !== error) group = this.#errors.get(prefix + text);
      if (group === undefined) {
        if (text !== OVERFLOW_ERROR) this.#errorGroups++;
        this.#errors.set(prefix + text, { method: ep.method, name: ep.name, error: text, occurrences: count, firstSeen, lastSeen });
        return;
      }
    }
    group.occurrences += count;
    if (firstSeen < group.firstSeen) group.firstSeen = firstSeen;
    if (lastSeen > group.lastSeen) group.lastSeen = lastSeen;
  }

  #endpoint(method: string, name: string): EndpointAggregate {
    const known = this.#byMethod.get(method)?.get(name);
    if (known !== undefined) return known;
    if (this.#endpoints.length - (this.#overflow === null ? 0 : 1) >= this.#maxEndpoints) {
      this.#overflow ??= this.#insert(OVERFLOW_METHOD, OVERFLOW_NAME);
      return this.#overflow;
    }
    return this.#insert(method, name);
  }

  #insert(method: string, name: string): EndpointAggregate {
    const ep = new EndpointAggregate(method, name, this.#windowSeconds);
    let byName = this.#byMethod.get(method);
    if (byName === undefined) {
      byName = new Map();
      this.#byMethod.set(method, byName);
    }
    byName.set(name, ep);
    let lo = 0;
    let hi = this.#endpoints.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byNameThenMethod(this.#endpoints[mid]!, ep) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.#endpoints.splice(lo, 0, ep);
    return ep;
  }
}
