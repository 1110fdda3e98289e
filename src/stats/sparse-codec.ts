/**
 * The sparse histogram codec (SparseHistogram in types.ts).
 *
 * Layout: one format byte (SPARSE_FORMAT = 1), then for every non-empty bucket in ascending index
 * order a pair of unsigned LEB128 varints: (index − previous index, count), the previous index
 * starting at −1 so every delta is >= 1. Counts are >= 1. An empty histogram is the single byte 1.
 *
 * Decoding validates everything before touching the target (input comes from the network):
 * the format byte, truncated / overlong / oversized varints, indexes beyond MAX_INDEX, zero
 * counts, counts or totals beyond 2^53 − 1. Errors carry STAMPEDE_ERR_BAD_HISTOGRAM.
 */
import { badHistogram } from './errors.js';
import { LatencyHistogram } from './histogram.js';
import { MAX_INDEX } from './layout.js';
import type { SparseHistogram } from './types.js';

export const SPARSE_FORMAT = 1;
/** Longest varint accepted for an index delta (MAX_INDEX < 2^21). */
const MAX_DELTA_BYTES = Math.ceil(Math.log2(MAX_INDEX + 2) / 7);
/** Longest varint accepted for a count (2^53 − 1 fits in 8 × 7 bits). */
const MAX_COUNT_BYTES = 8;

/** Reused encode buffer: the largest possible encoding (every bucket, largest counts). */
const scratch = new Uint8Array(1 + (MAX_INDEX + 1) * (MAX_DELTA_BYTES + MAX_COUNT_BYTES));

function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    buf[pos++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  buf[pos++] = v;
  return pos;
}

/** Encodes the non-empty buckets of `h`. Allocates only the returned array. */
export function encodeSparse(h: LatencyHistogram): SparseHistogram {
  let pos = 0;
  scratch[pos++] = SPARSE_FORMAT;
  let prev = -1;
  h.forEachBucket((index, count) => {
    pos = writeVarint(scratch, pos, index - prev);
    pos = writeVarint(scratch, pos, count);
    prev = index;
  });
  return scratch.slice(0, pos);
}

/** Reused decode buffers: at most one pair per bucket. */
const pairIndexes = new Int32Array(MAX_INDEX + 1);
const pairCounts = new Float64Array(MAX_INDEX + 1);
/** Pairs left in pairIndexes/pairCounts by the last sparseTotal() call. */
let validatedPairs = 0;

function checkInput(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw badHistogram(`expected a Uint8Array, got ${typeof bytes}`);
  if (bytes.length === 0) throw badHistogram('empty input (an empty histogram is one format byte)');
  if (bytes[0] !== SPARSE_FORMAT) throw badHistogram(`unknown format byte ${bytes[0]}, expected ${SPARSE_FORMAT}`);
}

/** Builds the error for a varint that starts at `first` and could not be read (cold path). */
function varintError(bytes: Uint8Array, first: number, maxBytes: number, what: string): Error {
  for (let pos = first; pos < first + maxBytes; pos++) {
    if (pos >= bytes.length) return badHistogram(`truncated ${what} varint at byte ${pos} of ${bytes.length}`);
    const b = bytes[pos]!;
    if (b < 0x80) return badHistogram(`overlong ${what} varint ending at byte ${pos}`);
  }
  return badHistogram(`${what} varint longer than ${maxBytes} bytes at byte ${first}`);
}

/**
 * Validates a sparse histogram from untrusted input and returns its total sample count.
 * The hot loop only detects a fault; the cold helpers above describe it. The decoded pairs are
 * left in pairIndexes/pairCounts (validatedPairs) for mergeSparse.
 */
export function sparseTotal(bytes: unknown): number {
  checkInput(bytes);
  const lastIndex = MAX_INDEX; // a local: reading an imported binding in the loop costs ~8x
  const end = bytes.length;
  let pos = 1;
  let index = -1;
  let total = 0;
  let n = 0;
  validatedPairs = 0;
  while (pos < end) {
    // index delta: 1..MAX_DELTA_BYTES bytes, canonical (a multi-byte varint never ends in 0)
    const deltaStart = pos;
    let b = bytes[pos++]!;
    let delta = b & 0x7f;
    let scale = 0x80;
    while (b >= 0x80) {
      if (pos >= end || pos - deltaStart >= MAX_DELTA_BYTES) throw varintError(bytes, deltaStart, MAX_DELTA_BYTES, 'index delta');
      b = bytes[pos++]!;
      if (b === 0) throw varintError(bytes, deltaStart, MAX_DELTA_BYTES, 'index delta');
      delta += (b & 0x7f) * scale;
      scale *= 0x80;
    }
    if (delta === 0) throw badHistogram(`index delta 0 after index ${index} (indexes must be strictly ascending)`);
    index += delta;
    if (index > lastIndex) throw badHistogram(`bucket index ${index} is beyond the last bucket ${lastIndex}`);
    // count: 1..MAX_COUNT_BYTES bytes, canonical
    const countStart = pos;
    if (pos >= end) throw varintError(bytes, countStart, MAX_COUNT_BYTES, 'count');
    b = bytes[pos++]!;
    let count = b & 0x7f;
    scale = 0x80;
    while (b >= 0x80) {
      if (pos >= end || pos - countStart >= MAX_COUNT_BYTES) throw varintError(bytes, countStart, MAX_COUNT_BYTES, 'count');
      b = bytes[pos++]!;
      if (b === 0) throw varintError(bytes, countStart, MAX_COUNT_BYTES, 'count');
      count += (b & 0x7f) * scale;
      scale *= 0x80;
    }
    if (count === 0) throw badHistogram(`zero count at bucket ${index} (empty buckets are not encoded)`);
    if (count > Number.MAX_SAFE_INTEGER) throw badHistogram(`count ${count} at bucket ${index} exceeds 2^53 - 1`);
    total += count;
    if (total > Number.MAX_SAFE_INTEGER) throw badHistogram('total count exceeds 2^53 - 1');
    pairIndexes[n] = index;
    pairCounts[n++] = count;
  }
  validatedPairs = n;
  return total;
}


/** Decodes an already validated sparse histogram into pairIndexes/pairCounts; returns the pairs. */
function decodeValidated(bytes: Uint8Array): number {
  let pos = 1;
  let index = -1;
  let n = 0;
  const end = bytes.length;
  while (pos < end) {
    let b = bytes[pos++]!;
    let delta = b & 0x7f;
    for (let scale = 0x80; b >= 0x80; scale *= 0x80) {
      b = bytes[pos++]!;
      delta += (b & 0x7f) * scale;
    }
    b = bytes[pos++]!;
    let count = b & 0x7f;
    for (let scale = 0x80; b >= 0x80; scale *= 0x80) {
      b = bytes[pos++]!;
      count += (b & 0x7f) * scale;
    }
    index += delta;
    pairIndexes[n] = index;
    pairCounts[n++] = count;
  }
  return n;
}

/**
 * Validates `bytes` fully, then adds its samples into `target`; returns the number added.
 * On bad input it throws STAMPEDE_ERR_BAD_HISTOGRAM and leaves `target` untouched.
 */
export function mergeSparse(bytes: unknown, target: LatencyHistogram): number {
  const total = sparseTotal(bytes);
  if (target.total + total > Number.MAX_SAFE_INTEGER) {
    throw badHistogram(`merging ${total} samples into ${target.total} would exceed 2^53 - 1`);
  }
  target.addBuckets(pairIndexes, pairCounts, validatedPairs);
  return total;
}

/**
 * Adds a sparse histogram that sparseTotal() has already accepted into each of `targets`,
 * decoding it once (for callers that validate a whole report before merging any of it).
 */
export function mergeValidatedSparse(bytes: SparseHistogram, ...targets: LatencyHistogram[]): void {
  const n = decodeValidated(bytes);
  for (const t of targets) t.addBuckets(pairIndexes, pairCounts, n);
}

/** Decodes into a new LatencyHistogram (allocates: not for the master's merge path). */
export function decodeSparse(bytes: unknown): LatencyHistogram {
  const h = new LatencyHistogram();
  mergeSparse(bytes, h);
  return h;
}
