import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StampedeError } from '../../../src/errors.js';
import { LatencyHistogram } from '../../../src/stats/histogram.js';
import { MAX_INDEX, MAX_VALUE } from '../../../src/stats/layout.js';
import { decodeSparse, encodeSparse, mergeSparse, SPARSE_FORMAT, sparseTotal } from '../../../src/stats/sparse-codec.js';
import { logUniform, mulberry32 } from './random.js';

function buckets(h: LatencyHistogram): [number, number][] {
  const out: [number, number][] = [];
  h.forEachBucket((i, n) => out.push([i, n]));
  return out;
}

function isBadHistogram(pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof StampedeError, `expected a StampedeError, got ${String(e)}`);
    assert.equal(e.code, 'STAMPEDE_ERR_BAD_HISTOGRAM');
    assert.match(e.message, pattern);
    return true;
  };
}

test('empty histogram encodes as the format byte alone and decodes back', () => {
  const bytes = encodeSparse(new LatencyHistogram());
  assert.deepEqual([...bytes], [SPARSE_FORMAT]);
  assert.equal(sparseTotal(bytes), 0);
  assert.equal(decodeSparse(bytes).total, 0);
});

test('exact bytes: (index delta, count) varints with delta from -1', () => {
  const h = new LatencyHistogram();
  h.record(3);
  h.record(3);
  h.record(4);
  h.addAtIndex(200, 300);
  assert.deepEqual([...encodeSparse(h)], [1, 4, 2, 1, 1, 196, 1, 0xac, 0x02]);
});

test('round trip of random histograms, extreme indexes and counts up to 2^53 - 1', () => {
  const rand = mulberry32(7);
  const h = new LatencyHistogram();
  for (let n = 0; n < 50_000; n++) h.record(logUniform(rand, 1, MAX_VALUE));
  h.record(1);
  h.record(MAX_VALUE);
  const back = decodeSparse(encodeSparse(h));
  assert.deepEqual(buckets(back), buckets(h));
  assert.equal(back.total, 50_002);

  const big = new LatencyHistogram();
  big.addAtIndex(0, Number.MAX_SAFE_INTEGER - 1);
  big.addAtIndex(MAX_INDEX, 1);
  const bytes = encodeSparse(big);
  assert.equal(sparseTotal(bytes), Number.MAX_SAFE_INTEGER);
  assert.deepEqual(buckets(decodeSparse(bytes)), [[0, Number.MAX_SAFE_INTEGER - 1], [MAX_INDEX, 1]]);
});

test('decodes Buffers and views at an offset (msgpackr hands out zero-copy views)', () => {
  const h = new LatencyHistogram();
  h.record(1234);
  h.record(99_999);
  const bytes = encodeSparse(h);
  const frame = new Uint8Array(bytes.length + 10);
  frame.set(bytes, 7);
  assert.deepEqual(buckets(decodeSparse(frame.subarray(7, 7 + bytes.length))), buckets(h));
  assert.deepEqual(buckets(decodeSparse(Buffer.from(bytes))), buckets(h));
});

test('mergeSparse adds into an existing histogram and returns the samples added', () => {
  const a = new LatencyHistogram();
  a.record(10);
  const b = new LatencyHistogram();
  b.record(10);
  b.record(20_000);
  const target = a.copy();
  assert.equal(mergeSparse(encodeSparse(b), target), 2);
  assert.equal(target.total, 3);
  assert.equal(target.countAtIndex(10), 2);
});

const bad: [string, unknown, RegExp][] = [
  ['not bytes', [1, 1, 1], /expected a Uint8Array, got object/],
  ['a string', '\x01\x01\x01', /expected a Uint8Array, got string/],
  ['undefined', undefined, /expected a Uint8Array, got undefined/],
  ['empty', new Uint8Array(0), /empty input/],
  ['unknown format', Uint8Array.of(2, 1, 1), /unknown format byte 2/],
  ['truncated delta', Uint8Array.of(1, 0x80), /truncated index delta varint/],
  ['overlong delta', Uint8Array.of(1, 0x81, 0x00, 1), /overlong index delta varint/],
  ['delta too long', Uint8Array.of(1, 0x80, 0x80, 0x80, 0x01, 1), /index delta varint longer than 3 bytes/],
  ['delta zero', Uint8Array.of(1, 5, 1, 0, 1), /index delta 0 after index 4/],
  ['index beyond last bucket', Uint8Array.of(1, ...varint(MAX_INDEX + 2), 1), new RegExp(`bucket index ${MAX_INDEX + 1} is beyond the last bucket ${MAX_INDEX}`)],
  ['missing count', Uint8Array.of(1, 5), /truncated count varint at byte 2 of 2/],
  ['truncated count', Uint8Array.of(1, 5, 0xff), /truncated count varint/],
  ['zero count', Uint8Array.of(1, 5, 0), /zero count at bucket 4/],
  ['overlong count', Uint8Array.of(1, 5, 0x82, 0x00), /overlong count varint/],
  ['count too long', Uint8Array.of(1, 5, ...new Array<number>(8).fill(0x80), 1), /count varint longer than 8 bytes/],
  ['count above 2^53', Uint8Array.of(1, 5, ...varint(2 ** 54)), /exceeds 2\^53 - 1/],
  ['total above 2^53', Uint8Array.of(1, 1, ...varint(Number.MAX_SAFE_INTEGER), 1, 1), /total count exceeds 2\^53 - 1/],
];

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

for (const [what, input, pattern] of bad) {
  test(`rejects ${what} with STAMPEDE_ERR_BAD_HISTOGRAM and leaves the target untouched`, () => {
    assert.throws(() => sparseTotal(input), isBadHistogram(pattern));
    const target = new LatencyHistogram();
    target.record(77);
    const before = buckets(target);
    // A valid prefix before the fault must not reach the target either.
    const prefixed = input instanceof Uint8Array && input.length > 1 && input[0] === SPARSE_FORMAT ? Uint8Array.of(SPARSE_FORMAT, 1, 9, ...input.subarray(1)) : null;
    assert.throws(() => mergeSparse(input, target), isBadHistogram(pattern));
    if (prefixed !== null) assert.throws(() => mergeSparse(prefixed, target), (e: unknown) => e instanceof StampedeError && e.code === 'STAMPEDE_ERR_BAD_HISTOGRAM');
    assert.deepEqual(buckets(target), before);
    assert.equal(target.total, 1);
  });
}

test('rejects a merge that would push the target past 2^53 - 1, leaving it untouched', () => {
  const target = new LatencyHistogram();
  target.addAtIndex(3, Number.MAX_SAFE_INTEGER - 1);
  const h = new LatencyHistogram();
  h.record(3);
  h.record(3);
  assert.throws(() => mergeSparse(encodeSparse(h), target), isBadHistogram(/would exceed 2\^53 - 1/));
  assert.equal(target.countAtIndex(3), Number.MAX_SAFE_INTEGER - 1);
});
