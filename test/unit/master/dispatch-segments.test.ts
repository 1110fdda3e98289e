import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DISPATCH_INPUT_CODE,
  fraction,
  nextOwnedArrival,
  ownsArrival,
  scaleBySegment,
  segments,
  stripe,
  type Segment,
} from '../../../src/master/dispatch.js';

const seg = (a: number, b: number, c: number, d: number): Segment => ({ from: fraction(a, b), to: fraction(c, d) });

test('segments(n) are the exact fractions i/n in lowest terms', () => {
  assert.deepEqual(segments(1), [{ from: { num: 0, den: 1 }, to: { num: 1, den: 1 } }]);
  assert.deepEqual(segments(4).map((s) => `${s.from.num}/${s.from.den}:${s.to.num}/${s.to.den}`), ['0/1:1/4', '1/4:1/2', '1/2:3/4', '3/4:1/1']);
  assert.deepEqual(fraction(6, 8), { num: 3, den: 4 });
  assert.deepEqual(fraction(0, 5), { num: 0, den: 1 });
});

test('scaleBySegment parts always add up to the whole', () => {
  const values = [...Array.from({ length: 400 }, (_, v) => v), 1_000_003, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER];
  for (let n = 1; n <= 64; n++) {
    const parts = segments(n);
    for (const v of values) {
      const scaled = parts.map((s) => scaleBySegment(v, s));
      assert.equal(scaled.reduce((a, b) => a + b, 0), v, `v=${v} over ${n} segments`);
      // Each part is v/n rounded one way or the other.
      for (const x of scaled) assert.ok(Math.abs(x - v / n) <= 1, `part ${x} of ${v}/${n}`);
    }
  }
  // k6's example: 0:1/3, 1/3:2/3, 2/3:1 of 10 VUs -> 3, 4, 3 (round half up at 10/3, 20/3).
  assert.deepEqual(segments(3).map((s) => scaleBySegment(10, s)), [3, 4, 3]);
  const uneven = [seg(0, 1, 1, 3), seg(1, 3, 1, 2), seg(1, 2, 1, 1)];
  for (let v = 0; v < 1000; v++) assert.equal(uneven.reduce((a, s) => a + scaleBySegment(v, s), 0), v);
  assert.deepEqual(uneven.map((s) => scaleBySegment(6, s)), [2, 1, 3]);
});

test('equal segments own the arrivals round-robin: segment i owns k with k mod n = i', () => {
  for (let n = 1; n <= 40; n++) {
    const parts = segments(n);
    const stripes = parts.map((_, i) => stripe(parts, i));
    for (const s of stripes) assert.equal(s.stride, n);
    for (let k = 0; k < 3 * n + 5; k++) {
      const owners = stripes.flatMap((s, i) => (ownsArrival(s, k) ? [i] : []));
      assert.deepEqual(owners, [k % n], `arrival ${k} of ${n}`);
    }
  }
});

test('any sequence partitions the arrivals exactly, each segment owning its share of every stride, spread evenly', () => {
  const sequences: Segment[][] = [
    [seg(0, 1, 1, 2), seg(1, 2, 2, 3), seg(2, 3, 1, 1)],
    [seg(0, 1, 1, 3), seg(1, 3, 1, 2), seg(1, 2, 1, 1)],
    [seg(0, 1, 1, 10), seg(1, 10, 7, 10), seg(7, 10, 1, 1)],
    [seg(0, 1, 3, 7), seg(3, 7, 5, 9), seg(5, 9, 1, 1)],
    segments(12),
  ];
  for (const sequence of sequences) {
    const stripes = sequence.map((_, i) => stripe(sequence, i));
    const stride = stripes[0]?.stride ?? 0;
    const owned = stripes.map(() => 0);
    for (let k = 0; k < 5 * stride; k++) {
      const owners = stripes.flatMap((s, i) => (ownsArrival(s, k) ? [i] : []));
      assert.equal(owners.length, 1, `arrival ${k} has exactly one owner`);
      owned[owners[0] ?? 0]! += 1;
    }
    stripes.forEach((s, i) => {
      const share = (s.segment.to.num / s.segment.to.den - s.segment.from.num / s.segment.from.den) * stride;
      assert.equal(s.offsets.length, Math.round(share));
      assert.equal(owned[i], 5 * Math.round(share), `segment ${i} owns its share of every stride`);
      // Spread: between two owned arrivals there are at most ceil(stride/share) + 1 others.
      const gaps = s.offsets.map((o, j) => (j === 0 ? o + stride - (s.offsets.at(-1) ?? 0) : o - (s.offsets[j - 1] ?? 0)));
      assert.ok(Math.max(...gaps) <= Math.ceil(stride / share) + 1, `segment ${i} gaps ${gaps.join(',')}`);
    });
  }
  // Shares 1/2, 1/6, 1/3 of every 6 arrivals, interleaved by ideal time (t + ½)/share.
  const halfSixthThird = sequences[0]!;
  const owners = Array.from({ length: 12 }, (_, k) => halfSixthThird.findIndex((_, i) => ownsArrival(stripe(halfSixthThird, i), k)));
  assert.deepEqual(owners, [0, 2, 0, 1, 2, 0, 0, 2, 0, 1, 2, 0]);
});

test('nextOwnedArrival walks exactly the arrivals ownsArrival accepts', () => {
  const sequence = [seg(0, 1, 1, 3), seg(1, 3, 1, 2), seg(1, 2, 1, 1)];
  for (let i = 0; i < sequence.length; i++) {
    const s = stripe(sequence, i);
    const walked: number[] = [];
    for (let k = nextOwnedArrival(s, 0); k < 100; k = nextOwnedArrival(s, k + 1)) walked.push(k);
    const expected = Array.from({ length: 100 }, (_, k) => k).filter((k) => ownsArrival(s, k));
    assert.deepEqual(walked, expected);
  }
  const big = stripe(segments(7), 3);
  assert.equal(nextOwnedArrival(big, 2 ** 50), 2 ** 50 + ((3 - (2 ** 50 % 7) + 7) % 7));
});

test('bad segments and sequences are refused with STAMPEDE_ERR_DISPATCH_INPUT', () => {
  const table: Array<[string, () => unknown, RegExp]> = [
    ['zero segments', () => segments(0), /at least 1/],
    ['fractional count', () => segments(2.5), /whole number/],
    ['zero denominator', () => fraction(1, 0), /denominator > 0/],
    ['from >= to', () => scaleBySegment(5, seg(1, 2, 1, 2)), /from < to/],
    ['beyond 1', () => scaleBySegment(5, { from: fraction(0, 1), to: { num: 3, den: 2 } }), /\[0, 1\]/],
    ['negative value', () => scaleBySegment(-1, segments(2)[0]!), /whole number >= 0/],
    ['empty sequence', () => stripe([], 0), /1 to 10000 segments/],
    ['gap', () => stripe([seg(0, 1, 1, 3), seg(1, 2, 1, 1)], 0), /start where segment 0 ends/],
    ['not ending at 1', () => stripe([seg(0, 1, 1, 2)], 0), /end at 1/],
    ['index out of range', () => stripe(segments(3), 3), /out of range/],
    ['stride too large', () => stripe([seg(0, 1, 1, 999_983), seg(1, 999_983, 1, 999_979), seg(1, 999_979, 1, 1)], 0), /common denominator/],
    ['negative arrival', () => ownsArrival(stripe(segments(2), 0), -1), /whole number >= 0/],
  ];
  for (const [what, call, message] of table) {
    assert.throws(call, (err: Error & { code?: string }) => {
      assert.equal(err.code, DISPATCH_INPUT_CODE, what);
      assert.match(err.message, message, what);
      return true;
    });
  }
});
