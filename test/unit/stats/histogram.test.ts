import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Float64Histogram } from 'hdr-histogram-js';
import { LatencyHistogram, normalizeUs } from '../../../src/stats/histogram.js';
import { COUNTS_LENGTH, highestValueAt, indexOfValue, lowestValueAt, MAX_INDEX, MAX_VALUE } from '../../../src/stats/layout.js';
import { percentileFromCounts } from '../../../src/stats/percentile.js';
import { HISTOGRAM_CONFIG, REPORT_PERCENTILES } from '../../../src/stats/types.js';
import { logUniform, mulberry32 } from './random.js';

function hdr(): Float64Histogram {
  const h = new Float64Histogram(HISTOGRAM_CONFIG.lowestDiscernibleValue, HISTOGRAM_CONFIG.highestTrackableValue, HISTOGRAM_CONFIG.numberOfSignificantValueDigits);
  h.autoResize = false;
  return h;
}

test('layout constants match hdr-histogram-js for HISTOGRAM_CONFIG', () => {
  const ref = hdr();
  assert.equal(COUNTS_LENGTH, ref.countsArrayLength);
  assert.equal(COUNTS_LENGTH, 23_552);
  assert.equal(MAX_INDEX, ref.countsArrayIndex(MAX_VALUE));
});

test('indexOfValue equals countsArrayIndex at every bucket edge and power of two', () => {
  const ref = hdr();
  const values = new Set<number>([0, 1, 2, 1023, 1024, 2047, 2048, 2049, 4095, 4096, MAX_VALUE, MAX_VALUE - 1]);
  for (let k = 0; k < 32; k++) for (const d of [-1, 0, 1]) values.add(2 ** k + d);
  for (let i = 0; i <= MAX_INDEX; i++) {
    values.add(lowestValueAt(i));
    values.add(highestValueAt(i));
  }
  for (const v of values) {
    if (v < 0 || v > MAX_VALUE) continue;
    assert.equal(indexOfValue(v), ref.countsArrayIndex(v), `value ${v}`);
  }
  for (let i = 0; i <= MAX_INDEX; i++) {
    assert.equal(indexOfValue(lowestValueAt(i)), i);
    assert.equal(indexOfValue(highestValueAt(i)), i);
  }
});

test('100k random values: every bucket count and every report percentile equal hdr-histogram-js', () => {
  const rand = mulberry32(42);
  const ours = new LatencyHistogram();
  const ref = hdr();
  const dense = new Float64Array(COUNTS_LENGTH);
  for (let n = 0; n < 100_000; n++) {
    const v = n % 10 === 0 ? Math.floor(rand() * 3000) + 1 : logUniform(rand, 1, MAX_VALUE);
    ours.record(v);
    ref.recordValue(v);
    dense[indexOfValue(v)]! += 1;
  }
  assert.equal(ours.total, 100_000);
  assert.equal(ours.total, ref.totalCount);
  for (let i = 0; i < COUNTS_LENGTH; i++) assert.equal(ours.countAtIndex(i), ref.getCountAtIndex(i), `bucket ${i}`);
  const got = ours.percentiles([...REPORT_PERCENTILES], []);
  REPORT_PERCENTILES.forEach((q, k) => {
    const want = ref.getValueAtPercentile(q * 100);
    assert.equal(got[k], want, `p${q * 100}`);
    assert.equal(ours.valueAtPercentile(q), want);
    assert.equal(percentileFromCounts(dense, q), want);
  });
  assert.ok(Math.abs(ours.mean() - ref.mean) <= 1e-6 * ref.mean);
});

test('percentiles agree with hdr-histogram-js on small and skewed sets', () => {
  const sets = [[1], [5, 5, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [100, 100_000, 3_000_000], Array.from({ length: 1000 }, (_, i) => 1000 + i * 7)];
  for (const set of sets) {
    const ours = new LatencyHistogram();
    const ref = hdr();
    for (const v of set) {
      ours.record(v);
      ref.recordValue(v);
    }
    for (const q of [0, 0.01, 0.25, ...REPORT_PERCENTILES]) assert.equal(ours.valueAtPercentile(q), ref.getValueAtPercentile(q * 100), `set ${set.length} q ${q}`);
  }
});

test('record normalises: rounds, records below 1 µs as 1, clamps above 1 h and counts the clamps', () => {
  const h = new LatencyHistogram();
  assert.equal(h.record(0), 1);
  assert.equal(h.record(-7), 1);
  assert.equal(h.record(Number.NaN), 1);
  assert.equal(h.record(0.4), 1);
  assert.equal(h.record(1.5), 2);
  assert.equal(h.record(MAX_VALUE), MAX_VALUE);
  assert.equal(h.clamped, 0);
  assert.equal(h.record(MAX_VALUE + 1), MAX_VALUE);
  assert.equal(h.record(1e15), MAX_VALUE);
  assert.equal(h.record(Number.POSITIVE_INFINITY), MAX_VALUE);
  assert.equal(h.clamped, 3);
  assert.equal(h.total, 9);
  assert.equal(h.countAtIndex(1), 4);
  assert.equal(h.countAtIndex(2), 1);
  assert.equal(h.countAtIndex(MAX_INDEX), 4);
  assert.equal(normalizeUs(2.5e9), 2.5e9);
  assert.equal(normalizeUs(-1), 1);
  assert.equal(normalizeUs(4e9), MAX_VALUE);
});

test('add, copy and clear keep exact counts; empty histograms report null', () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  assert.equal(a.valueAtPercentile(0.5), null);
  assert.equal(a.maxValue(), null);
  assert.equal(a.mean(), 0);
  assert.deepEqual(a.percentiles([0.5, 1], []), [Number.NaN, Number.NaN]);
  a.addAtIndex(10, 2 ** 40);
  b.addAtIndex(10, 2 ** 40 + 1);
  b.record(5000);
  a.add(b);
  assert.equal(a.countAtIndex(10), 2 ** 41 + 1);
  assert.equal(a.total, 2 ** 41 + 2);
  const c = a.copy();
  a.clear();
  assert.equal(a.total, 0);
  assert.equal(a.countAtIndex(10), 0);
  assert.equal(c.countAtIndex(10), 2 ** 41 + 1);
  assert.equal(c.maxValue(), highestValueAt(indexOfValue(5000)));
  const seen: [number, number][] = [];
  c.forEachBucket((i, n) => seen.push([i, n]));
  assert.deepEqual(seen, [[10, 2 ** 41 + 1], [indexOfValue(5000), 1]]);
});
