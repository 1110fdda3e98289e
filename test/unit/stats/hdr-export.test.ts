import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFromCompressedBase64, encodeIntoCompressedBase64, Float64Histogram } from 'hdr-histogram-js';
import { sparseToHdrHistogram, toHdrHistogram } from '../../../src/stats/hdr-export.js';
import { LatencyHistogram } from '../../../src/stats/histogram.js';
import { COUNTS_LENGTH, indexOfValue, MAX_VALUE } from '../../../src/stats/layout.js';
import { encodeSparse } from '../../../src/stats/sparse-codec.js';
import { HISTOGRAM_CONFIG, REPORT_PERCENTILES } from '../../../src/stats/types.js';
import { logUniform, mulberry32 } from './random.js';

test('export equals an hdr-histogram-js histogram fed the same samples, bucket by bucket', () => {
  const rand = mulberry32(99);
  const ours = new LatencyHistogram();
  const ref = new Float64Histogram(HISTOGRAM_CONFIG.lowestDiscernibleValue, HISTOGRAM_CONFIG.highestTrackableValue, HISTOGRAM_CONFIG.numberOfSignificantValueDigits);
  for (let n = 0; n < 20_000; n++) {
    const v = logUniform(rand, 1, MAX_VALUE);
    ours.record(v);
    ref.recordValue(v);
  }
  const out = toHdrHistogram(ours);
  assert.equal(out.totalCount, 20_000);
  assert.equal(out.autoResize, false);
  for (let i = 0; i < COUNTS_LENGTH; i++) assert.equal(out.getCountAtIndex(i), ref.getCountAtIndex(i));
  for (const q of REPORT_PERCENTILES) assert.equal(out.getValueAtPercentile(q * 100), ref.getValueAtPercentile(q * 100));
  const back = decodeFromCompressedBase64(encodeIntoCompressedBase64(out));
  assert.equal(back.totalCount, 20_000);
  assert.equal(back.getValueAtPercentile(99), ref.getValueAtPercentile(99));
});

test('counts beyond 32 bits stay exact in the export', () => {
  const h = new LatencyHistogram();
  h.addAtIndex(indexOfValue(1500), 2 ** 33 + 1);
  h.addAtIndex(indexOfValue(90_000), 3);
  const out = toHdrHistogram(h);
  assert.equal(out.getCountAtIndex(indexOfValue(1500)), 2 ** 33 + 1);
  assert.equal(out.totalCount, 2 ** 33 + 4);
  assert.equal(out.getValueAtPercentile(100), h.valueAtPercentile(1));
});

test('sparseToHdrHistogram decodes straight into hdr-histogram-js', () => {
  const h = new LatencyHistogram();
  for (const v of [5, 5, 70_000, 3_000_000]) h.record(v);
  const out = sparseToHdrHistogram(encodeSparse(h));
  assert.equal(out.totalCount, 4);
  assert.equal(out.getValueAtPercentile(50), 5);
  assert.throws(() => sparseToHdrHistogram(Uint8Array.of(1, 0)), /bad sparse histogram/);
});
