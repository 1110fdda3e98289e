import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNTS_LENGTH, indexOfValue } from '../../../src/stats/layout.js';
import { clampToRange, exactPercentile, percentileFromCounts, percentileKey, rankAtPercentile } from '../../../src/stats/percentile.js';

test('rankAtPercentile is the nearest rank, at least 1, without floating point off-by-ones', () => {
  assert.equal(rankAtPercentile(100, 0.5), 50);
  assert.equal(rankAtPercentile(100, 0.66), 66);
  assert.equal(rankAtPercentile(1000, 0.999), 999);
  assert.equal(rankAtPercentile(10, 0.99), 10);
  assert.equal(rankAtPercentile(3, 0), 1);
  assert.equal(rankAtPercentile(7, 1), 7);
  assert.equal(rankAtPercentile(7, 1.5), 7);
});

test('exactPercentile picks the rank-th smallest raw sample', () => {
  assert.equal(exactPercentile([], 0.5), null);
  assert.equal(exactPercentile([9, 1, 5], 0.5), 5);
  assert.equal(exactPercentile([9, 1, 5], 1), 9);
  assert.equal(exactPercentile([9, 1, 5], 0), 1);
  assert.equal(exactPercentile(Array.from({ length: 100 }, (_, i) => 100 - i), 0.9), 90);
});

test('percentileFromCounts reads a dense counts array; null when empty', () => {
  const counts = new Float64Array(COUNTS_LENGTH);
  assert.equal(percentileFromCounts(counts, 0.5), null);
  counts[indexOfValue(10)] = 3;
  counts[indexOfValue(5000)] = 1;
  assert.equal(percentileFromCounts(counts, 0.75), 10);
  assert.equal(percentileFromCounts(counts, 0.76), 5003); // 4096..8191 in steps of 4
  assert.equal(percentileFromCounts(counts, 0), 10);
  assert.equal(percentileFromCounts([0, 2, 0, 1], 1), 3);
});

test('percentileKey and clampToRange', () => {
  assert.deepEqual([0.5, 0.66, 0.999, 0.9999, 1].map(percentileKey), ['0.5', '0.66', '0.999', '0.9999', '1']);
  assert.equal(clampToRange(5, 1, 4), 4);
  assert.equal(clampToRange(0, 1, 4), 1);
  assert.equal(clampToRange(2, 1, 4), 2);
});
