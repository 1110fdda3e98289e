/**
 * LatencyHistogram: an HDR histogram of integer microseconds with HISTOGRAM_CONFIG, whose bucket
 * indexes and percentiles are hdr-histogram-js's. Counts are float64 (exact to 2^53, never wrap).
 *
 * Storage is paged: one Float64Array of 1024 counters per half bucket, allocated on first use,
 * so a histogram of latencies that span 1–100 ms holds ~8 pages (64 KB) rather than 23 552
 * counters (188 KB). Used for the worker's per-interval recording (hot path: `record`) and for the
 * master's merged data.
 */
import { highestValueAt, indexOfValue, lowestValueAt, MAX_INDEX, MAX_VALUE, medianValueAt, SUB_BUCKET_HALF_COUNT } from './layout.js';
import { rankAtPercentile } from './percentile.js';

// Module-local copies: V8 reads imported bindings in hot loops far slower than local consts.
const PAGE_SIZE = SUB_BUCKET_HALF_COUNT;
const PAGE_SHIFT = Math.log2(PAGE_SIZE);
const PAGE_MASK = PAGE_SIZE - 1;
const MAX = MAX_VALUE;
const toIndex = indexOfValue;
/** Pages needed to hold indexes 0..MAX_INDEX. */
export const PAGE_COUNT = (MAX_INDEX >>> PAGE_SHIFT) + 1;

/**
 * Normalises a latency to what the histogram records: rounded to an integer; below 1 µs
 * (including 0, negatives and NaN) recorded as 1 µs, the histogram's resolution; above 1 h
 * clamped to 1 h (HISTOGRAM_CONFIG.highestTrackableValue).
 */
export function normalizeUs(valueUs: number): number {
  const v = Math.round(valueUs);
  if (!(v >= 1)) return 1;
  return v > MAX_VALUE ? MAX_VALUE : v;
}

export class LatencyHistogram {
  #pages: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(PAGE_COUNT).fill(undefined);
  #total = 0;
  #clamped = 0;

  /** Samples in the histogram. */
  get total(): number {
    return this.#total;
  }

  /** Samples recorded above 1 h and clamped to it (since creation or the last clear). */
  get clamped(): number {
    return this.#clamped;
  }

  /** Records one latency (see normalizeUs) and returns the value recorded. Hot path. */
  record(valueUs: number): number {
    let v = Math.round(valueUs);
    if (!(v >= 1)) v = 1;
    else if (v > MAX) {
      v = MAX;
      this.#clamped++;
    }
    const index = toIndex(v);
    const page = this.#pages[index >>> PAGE_SHIFT] ?? this.#allocate(index >>> PAGE_SHIFT);
    page[index & PAGE_MASK]! += 1;
    this.#total++;
    return v;
  }

  /** Adds `count` samples at counts-array `index`. The caller guarantees 0 <= index <= MAX_INDEX. */
  addAtIndex(index: number, count: number): void {
    const page = this.#pages[index >>> PAGE_SHIFT] ?? this.#allocate(index >>> PAGE_SHIFT);
    page[index & PAGE_MASK]! += count;
    this.#total += count;
  }

  /**
   * Adds `counts[k]` samples at `indexes[k]` for k < n (indexes ascending, each 0..MAX_INDEX; the
   * caller guarantees both). The bulk path of the master's merge.
   */
  addBuckets(indexes: Int32Array, counts: Float64Array, n: number): void {
    const pages = this.#pages;
    let pageNo = -1;
    let page: Float64Array | undefined;
    let added = 0;
    for (let k = 0; k < n; k++) {
      const index = indexes[k]!;
      const count = counts[k]!;
      if (index >>> PAGE_SHIFT !== pageNo) {
        pageNo = index >>> PAGE_SHIFT;
        page = pages[pageNo] ?? this.#allocate(pageNo);
      }
      page![index & PAGE_MASK]! += count;
      added += count;
    }
    this.#total += added;
  }

  countAtIndex(index: number): number {
    return this.#pages[index >>> PAGE_SHIFT]?.[index & PAGE_MASK] ?? 0;
  }

  /** Adds every sample of `other` (same layout) into this histogram. */
  add(other: LatencyHistogram): void {
    const theirs = other.#pages;
    for (let p = 0; p < PAGE_COUNT; p++) {
      const src = theirs[p];
      if (src === undefined) continue;
      const dst = this.#pages[p] ?? this.#allocate(p);
      for (let i = 0; i < PAGE_SIZE; i++) dst[i]! += src[i]!;
    }
    this.#total += other.#total;
    this.#clamped += other.#clamped;
  }

  /** Removes the samples of `other`, which must have been added to this histogram before. */
  subtract(other: LatencyHistogram): void {
    const theirs = other.#pages;
    for (let p = 0; p < PAGE_COUNT; p++) {
      const src = theirs[p];
      const dst = this.#pages[p];
      if (src === undefined || dst === undefined) continue;
      for (let i = 0; i < PAGE_SIZE; i++) dst[i]! -= src[i]!;
    }
    this.#total -= other.#total;
    this.#clamped -= other.#clamped;
  }

  /** Empties the histogram, keeping its pages for reuse. */
  clear(): void {
    for (const page of this.#pages) page?.fill(0);
    this.#total = 0;
    this.#clamped = 0;
  }

  copy(): LatencyHistogram {
    const out = new LatencyHistogram();
    out.add(this);
    return out;
  }

  /** Calls `fn` for every non-empty bucket, by ascending index. */
  forEachBucket(fn: (index: number, count: number) => void): void {
    for (let p = 0; p < PAGE_COUNT; p++) {
      const page = this.#pages[p];
      if (page === undefined) continue;
      for (let i = 0; i < PAGE_SIZE; i++) {
        const c = page[i]!;
        if (c !== 0) fn((p << PAGE_SHIFT) + i, c);
      }
    }
  }

  /**
   * Values (µs) at the fractions `qs` (ascending, 0..1), as hdr-histogram-js reports them: the
   * highest value of the bucket holding the rank-th sample. Written into `out`; NaN when empty.
   */
  percentiles(qs: readonly number[], out: number[]): number[] {
    out.length = qs.length;
    out.fill(Number.NaN);
    if (this.#total === 0 || qs.length === 0) return out;
    let k = 0;
    let rank = rankAtPercentile(this.#total, qs[0]!);
    let seen = 0;
    for (let p = 0; p < PAGE_COUNT && k < qs.length; p++) {
      const page = this.#pages[p];
      if (page === undefined) continue;
      for (let i = 0; i < PAGE_SIZE && k < qs.length; i++) {
        seen += page[i]!;
        while (k < qs.length && seen >= rank) {
          const index = (p << PAGE_SHIFT) + i;
          out[k] = qs[k] === 0 ? lowestValueAt(index) : highestValueAt(index);
          k++;
          if (k < qs.length) rank = rankAtPercentile(this.#total, qs[k]!);
        }
      }
    }
    return out;
  }

  /** Value (µs) at fraction `q`, or null when empty. */
  valueAtPercentile(q: number): number | null {
    const v = this.percentiles([q], [])[0]!;
    return Number.isNaN(v) ? null : v;
  }

  /** HdrHistogram's mean (each bucket counted at its middle value), µs; 0 when empty. */
  mean(): number {
    if (this.#total === 0) return 0;
    let sum = 0;
    this.forEachBucket((index, count) => {
      sum += medianValueAt(index) * count;
    });
    return sum / this.#total;
  }

  /** Highest value of the highest non-empty bucket (µs), or null when empty. */
  maxValue(): number | null {
    for (let p = PAGE_COUNT - 1; p >= 0; p--) {
      const page = this.#pages[p];
      if (page === undefined) continue;
      for (let i = PAGE_SIZE - 1; i >= 0; i--) {
        if (page[i] !== 0) return highestValueAt((p << PAGE_SHIFT) + i);
      }
    }
    return null;
  }

  #allocate(p: number): Float64Array {
    const page = new Float64Array(PAGE_SIZE);
    this.#pages[p] = page;
    return page;
  }
}
