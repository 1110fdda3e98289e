/**
 * One endpoint's merged stats on the master: cumulative numbers and histograms, plus a ring of
 * per-second slots (bucketed by the second of each snapshot's end) for the current window.
 * Memory is bounded by the ring length, not by the run's duration.
 *
 * The window histogram is the sum of the slots in the window. It is rebuilt when read, and only
 * when it changed since the last read: a merge into one of its slots, or a window that gained or
 * lost a slot. A merge does not touch it: that saves a third of the merge work on the master.
 */
import { LatencyHistogram } from './histogram.js';
import { mergeValidatedSparse } from './sparse-codec.js';
import type { EntrySnapshot } from './types.js';

/** Counts and extremes of a set of samples; minUs is +Infinity while count is 0. */
export interface Totals {
  count: number;
  failures: number;
  minUs: number;
  maxUs: number;
}

export function emptyTotals(): Totals {
  return { count: 0, failures: 0, minUs: Number.POSITIVE_INFINITY, maxUs: 0 };
}

export function addTotals(into: Totals, count: number, failures: number, minUs: number, maxUs: number): void {
  into.count += count;
  into.failures += failures;
  if (count > 0 && minUs < into.minUs) into.minUs = minUs;
  if (count > 0 && maxUs > into.maxUs) into.maxUs = maxUs;
}

interface Slot extends Totals {
  second: number;
  hist: LatencyHistogram;
}

export class EndpointAggregate {
  readonly method: string;
  readonly name: string;
  readonly totals: Totals = emptyTotals();
  sumUs = 0;
  bytes = 0;
  /** Status code -> count (no prototype: keys come from the network). */
  readonly status: Record<string, number> = Object.create(null) as Record<string, number>;
  readonly hist = new LatencyHistogram();
  sched: LatencyHistogram | null = null;
  readonly #ring: Slot[];
  readonly #window = new LatencyHistogram();
  /** The window's last read covered the slots of the seconds after this one. */
  #windowFrom = Number.NEGATIVE_INFINITY;
  /** Whether a slot of the window got samples since `#window` was built. */
  #windowStale = true;

  constructor(method: string, name: string, windowSeconds: number) {
    this.method = method;
    this.name = name;
    this.#ring = Array.from({ length: windowSeconds }, () => ({
      second: Number.NEGATIVE_INFINITY,
      hist: new LatencyHistogram(),
      ...emptyTotals(),
    }));
  }

  /** Merges an entry that checkSnapshot() accepted; `second` is floor(snapshot.end / 1000). */
  add(e: EntrySnapshot, second: number): void {
    addTotals(this.totals, e.count, e.failures, e.minUs, e.maxUs);
    this.sumUs += e.sumUs;
    this.bytes += e.bytes;
    const status = this.status;
    for (const [code, n] of Object.entries(e.status)) status[code] = (status[code] ?? 0) + n;
    if (e.schedHist !== undefined) mergeValidatedSparse(e.schedHist, (this.sched ??= new LatencyHistogram()));
    const slot = this.#slotFor(second);
    if (slot === null) {
      mergeValidatedSparse(e.hist, this.hist);
      return;
    }
    addTotals(slot, e.count, e.failures, e.minUs, e.maxUs);
    mergeValidatedSparse(e.hist, this.hist, slot.hist);
    // A recycled slot is newer than the second it held, so one that was in the window still is.
    if (slot.second > this.#windowFrom) this.#windowStale = true;
  }

  /** The ring slot of `second`, recycled if it holds an older second; null if it is too old. */
  #slotFor(second: number): Slot | null {
    const n = this.#ring.length;
    const slot = this.#ring[((second % n) + n) % n]!;
    if (slot.second === second) return slot;
    if (slot.second > second) return null;
    slot.second = second;
    slot.count = 0;
    slot.failures = 0;
    slot.minUs = Number.POSITIVE_INFINITY;
    slot.maxUs = 0;
    slot.hist.clear();
    return slot;
  }

  /**
   * Brings the window to the slots of the seconds after `fromSecond`, adds their totals into
   * `into` and returns the window histogram (owned by this object: read it, do not keep it).
   */
  window(fromSecond: number, into: Totals): LatencyHistogram {
    const before = this.#windowFrom;
    this.#windowFrom = fromSecond;
    for (const slot of this.#ring) {
      const inWindow = slot.second > fromSecond;
      if (inWindow !== slot.second > before) this.#windowStale = true;
      if (inWindow) addTotals(into, slot.count, slot.failures, slot.minUs, slot.maxUs);
    }
    if (this.#windowStale) {
      this.#window.clear();
      for (const slot of this.#ring) if (slot.second > fromSecond) this.#window.add(slot.hist);
      this.#windowStale = false;
    }
    return this.#window;
  }
}
