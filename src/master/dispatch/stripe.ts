import { DispatchInputError, assertCount } from './errors.js';
import { type Fraction, type Segment, assertSegment, compareFractions, floorDiv, lcm } from './segments.js';

/** Largest stride (common denominator of a segment sequence) a stripe is built for. */
export const MAX_STRIDE = 1_000_000;
/** Most segments in one sequence. */
export const MAX_SEGMENTS = 10_000;

/**
 * Which global arrivals one segment owns. Arrivals are numbered 0, 1, 2, … on the global schedule;
 * arrival k sits at position k mod `stride`, and the segment owns the positions in `offsets`.
 */
export interface Stripe {
  readonly segment: Segment;
  /** Common denominator of the sequence: the pattern of owners repeats every `stride` arrivals. */
  readonly stride: number;
  /** Owned positions in [0, stride), ascending; exactly (to − from)·stride of them. */
  readonly offsets: readonly number[];
}

/**
 * The stripe of `sequence[index]`, after k6's execution-segment striping: every instance keeps the
 * global arrival schedule and runs only the arrivals its stripe owns; over the sequence each
 * arrival is owned by exactly one segment, so the union is exactly the global schedule. (The
 * order within a stride is ours, not k6's byte for byte; for equal segments both are round-robin.)
 *
 * Within each stride a segment of share s owns s·stride positions, spread evenly: its t-th
 * arrival ideally falls at (t + ½)/(s·stride) of the stride, and positions are handed out in the
 * order of those ideal times (ties to the earlier segment). For the equal segments of
 * `segments(n)` this is plain round-robin: segment i owns the arrivals k with k mod n = i.
 * Exact integer arithmetic throughout; the cost is O(owned positions × segments), once per stripe.
 */
export function stripe(sequence: readonly Segment[], index: number): Stripe {
  const shares = sequenceShares(sequence);
  assertCount(index, 'the segment index');
  const own = shares.weights[index];
  const segment = sequence[index];
  if (own === undefined || segment === undefined) {
    throw new DispatchInputError(`segment index ${index} is out of range; the sequence has ${sequence.length} segments`);
  }
  const offsets: number[] = [];
  for (let t = 0; t < own; t++) offsets.push(positionOf(shares.weights, index, 2 * t + 1));
  offsets.sort((a, b) => a - b);
  return { segment, stride: shares.stride, offsets };
}

/** Whether global arrival k (0-based) belongs to this stripe. */
export function ownsArrival(s: Stripe, k: number): boolean {
  assertCount(k, 'the arrival number');
  const pos = k % s.stride;
  const at = firstAtLeast(s.offsets, pos);
  return s.offsets[at] === pos;
}

/** The first global arrival number >= k that this stripe owns. */
export function nextOwnedArrival(s: Stripe, k: number): number {
  assertCount(k, 'the arrival number');
  const pos = k % s.stride;
  const base = k - pos;
  const at = firstAtLeast(s.offsets, pos);
  const hit = s.offsets[at];
  return hit === undefined ? base + s.stride + (s.offsets[0] ?? 0) : base + hit;
}

/** Validates a sequence covering (0, 1] in order; returns its stride and each segment's positions per stride. */
function sequenceShares(sequence: readonly Segment[]): { stride: number; weights: number[] } {
  if (!Array.isArray(sequence) || sequence.length === 0 || sequence.length > MAX_SEGMENTS) {
    throw new DispatchInputError(`a segment sequence must list 1 to ${MAX_SEGMENTS} segments; use segments(n)`);
  }
  let stride = 1;
  let prev: Fraction = { num: 0, den: 1 };
  sequence.forEach((seg, i) => {
    assertSegment(seg, `segment ${i}`);
    if (compareFractions(seg.from, prev) !== 0) {
      throw new DispatchInputError(`segment ${i} must start where segment ${i - 1} ends (the sequence must cover 0..1 with no gap or overlap)`);
    }
    stride = lcm(lcm(stride, seg.from.den), seg.to.den);
    if (stride > MAX_STRIDE) {
      throw new DispatchInputError(`the segment sequence's common denominator exceeds ${MAX_STRIDE}; use simpler fractions`);
    }
    prev = seg.to;
  });
  if (prev.num !== prev.den) throw new DispatchInputError('the last segment must end at 1 (the sequence must cover 0..1)');
  const weights = sequence.map((seg) => (seg.to.num * stride) / seg.to.den - (seg.from.num * stride) / seg.from.den);
  return { stride, weights };
}

/**
 * Position in the stride of the slot of segment `i` whose ideal time is x/(2·w_i) (x odd): the
 * number of slots of all segments ordered before it (smaller ideal time, or equal and an earlier
 * segment). Slot y/(2·w') of segment j comes first iff y·w_i < x·w' (or <= when j < i).
 */
function positionOf(weights: readonly number[], i: number, x: number): number {
  const wi = weights[i] ?? 1;
  let pos = 0;
  weights.forEach((wj, j) => {
    const a = x * wj;
    // Largest y with y·w_i <= a (earlier segment wins ties) or < a; then the odd y in 1..that.
    const largest = j < i ? floorDiv(a, wi) : floorDiv(a - 1, wi);
    pos += Math.min(wj, floorDiv(largest + 1, 2));
  });
  return pos;
}

function firstAtLeast(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
