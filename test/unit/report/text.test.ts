import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  failRatio,
  formatFailures,
  formatMs,
  formatRate,
  nameWidthOf,
  oneLine,
  truncateMiddle,
} from '../../../src/report/text.js';
import { PERCENTILE_COLUMNS, percentileOf } from '../../../src/report/percentiles.js';

void test('formatMs: two decimals below 10 ms, whole numbers from 10 ms, N/A without a value', () => {
  const cases: Array<[number | null, string]> = [
    [0, '0.00'],
    [0.42, '0.42'],
    [4.73, '4.73'],
    [9.99, '9.99'],
    [9.994, '9.99'],
    [9.996, '10'],
    [9.999, '10'],
    [10, '10'],
    [10.4, '10'],
    [10.5, '11'],
    [99.5, '100'],
    [3_600_000, '3600000'],
    [null, 'N/A'],
  ];
  for (const [ms, text] of cases) assert.equal(formatMs(ms), text, `formatMs(${ms})`);
});

void test('formatFailures: Locust count(percent%), all-failed when there are failures but no requests', () => {
  assert.equal(formatFailures(0, 0), '0(0.00%)');
  assert.equal(formatFailures(800, 12), '12(1.50%)');
  assert.equal(formatFailures(8000, 12), '12(0.15%)');
  assert.equal(formatFailures(3, 3), '3(100.00%)');
  assert.equal(formatFailures(0, 2), '2(100.00%)');
  assert.equal(failRatio(0, 0), 0);
  assert.equal(failRatio(4, 1), 0.25);
});

void test('formatRate: two decimals', () => {
  assert.equal(formatRate(0), '0.00');
  assert.equal(formatRate(13.333333), '13.33');
  assert.equal(formatRate(6.666667), '6.67');
});

void test('truncateMiddle keeps both ends and the exact width', () => {
  const name = '/api/organizations/{org}/projects/{project}/builds/{id}';
  assert.equal(truncateMiddle(name, 100), name);
  assert.equal(truncateMiddle(name, name.length), name);
  const short = truncateMiddle(name, 20);
  assert.equal(short.length, 20);
  assert.equal(short, '/api/orga...lds/{id}');
  assert.equal(truncateMiddle(name, 3), '/ap');
  assert.equal(truncateMiddle(name, 0), '');
  assert.equal(truncateMiddle(name, -5), '');
});

void test('nameWidthOf: default 50, never below 10, whole numbers', () => {
  assert.equal(nameWidthOf(undefined), 50);
  assert.equal(nameWidthOf(Number.NaN), 50);
  assert.equal(nameWidthOf(3), 10);
  assert.equal(nameWidthOf(30.7), 30);
});

void test('oneLine joins the lines of a multi-line text', () => {
  assert.equal(oneLine('check failed:\n  expected 200\r\n got 500 '), 'check failed: expected 200 got 500');
});

void test('percentile columns: Locust labels, view keys, and lookup by numeric key', () => {
  assert.deepEqual(
    PERCENTILE_COLUMNS.map((c) => c.label),
    ['50', '66', '75', '80', '90', '95', '98', '99', '99.9', '99.99', '100'],
  );
  assert.deepEqual(
    PERCENTILE_COLUMNS.map((c) => c.viewKey),
    ['0.5', '0.66', '0.75', '0.8', '0.9', '0.95', '0.98', '0.99', '0.999', '0.9999', '1'],
  );
  const p50 = PERCENTILE_COLUMNS[0];
  const p100 = PERCENTILE_COLUMNS[10];
  assert.ok(p50 !== undefined && p100 !== undefined);
  assert.equal(percentileOf({ '0.5': 4 }, p50), 4);
  assert.equal(percentileOf({ '0.50': 5, '1.0': 9 }, p50), 5);
  assert.equal(percentileOf({ '0.50': 5, '1.0': 9 }, p100), 9);
  assert.equal(percentileOf({}, p50), null);
  assert.equal(percentileOf({ '0.5': null }, p50), null);
});
