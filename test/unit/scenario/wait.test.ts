import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, constant, constantPacing, constantThroughput } from '../../../src/index.js';

const loadfileError = (pattern: RegExp) => (err: unknown): boolean => {
  assert.equal((err as { code?: unknown }).code, 'STAMPEDE_ERR_LOADFILE');
  assert.match((err as Error).message, pattern);
  return true;
};

test('between(1, 3): every delay within [1000, 3000] ms, spread over the range', () => {
  const w = between(1, 3);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const d = w.nextDelayMs(0, 0);
    min = Math.min(min, d);
    max = Math.max(max, d);
    sum += d;
  }
  assert.ok(min >= 1000 && max <= 3000, `${min}..${max}`);
  assert.ok(min < 1020 && max > 2980, `range used: ${min}..${max}`);
  assert.ok(Math.abs(sum / n - 2000) < 20, `mean ${sum / n}`);
  assert.equal(w.description, 'between(1, 3)');
});

test('constant(s) ignores the task time', () => {
  const w = constant(0.25);
  assert.equal(w.nextDelayMs(1000, 1000), 250);
  assert.equal(w.nextDelayMs(1000, 9000), 250);
  assert.equal(between(2, 2).nextDelayMs(0, 0), 2000);
});

test('constantPacing(2): the wait is what is left of the 2 s period since the task was due', () => {
  const w = constantPacing(2);
  // A fake clock walk: task due at 10 000, ends at 10 300 -> wait 1 700, next due at 12 000.
  let due = 10_000;
  const ends = [10_300, 12_050, 14_900, 16_100];
  const waits: number[] = [];
  for (const now of ends) {
    const d = w.nextDelayMs(due, now);
    waits.push(d);
    due = now + d;
  }
  // 10 300 -> 1 700 (due 12 000); 12 050 -> 1 950 (due 14 000); 14 900 -> 1 100 (due 16 000);
  // 16 100 -> 1 900 (due 18 000)
  assert.deepEqual(waits, [1700, 1950, 1100, 1900]);
  // A task that overruns the period is followed at once, with no catch-up burst.
  assert.equal(w.nextDelayMs(0, 2500), 0);
  assert.equal(w.nextDelayMs(0, 2000), 0);
});

test('constantThroughput(4) is a 250 ms pacing', () => {
  const w = constantThroughput(4);
  assert.equal(w.nextDelayMs(0, 0), 250);
  assert.equal(w.nextDelayMs(0, 100), 150);
  assert.equal(w.nextDelayMs(0, 300), 0);
  assert.equal(w.description, 'constantThroughput(4)');
});

test('bad arguments are STAMPEDE_ERR_LOADFILE', () => {
  assert.throws(() => between(3, 1), loadfileError(/max is below min/));
  assert.throws(() => between(-1, 1), loadfileError(/min must be a number of seconds, 0 or more; got -1/));
  assert.throws(() => constant(Number.NaN), loadfileError(/got NaN/));
  assert.throws(() => constantPacing(Infinity), loadfileError(/got Infinity/));
  assert.throws(() => constantThroughput(0), loadfileError(/above 0/));
  assert.throws(() => constant('1' as unknown as number), loadfileError(/got 1/));
});
