import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntervalRecorder } from '../../../src/stats/interval-recorder.js';
import type { IntervalSnapshot } from '../../../src/stats/types.js';
import { splitToFit } from '../../../src/worker/report-split.js';
import { ManualClock } from '../stats/clock.js';

function snapshotWith(entries: number, errors: number, exceptions: number): IntervalSnapshot {
  const rec = new IntervalRecorder({ clock: new ManualClock(0), start: 0 });
  for (let i = 0; i < entries; i++) rec.record({ method: 'GET', name: `/e${i}`, durationUs: 100 + i, ok: i >= errors, status: 200, bytes: 1, error: `error ${i}` });
  for (let i = 0; i < exceptions; i++) rec.exception(new Error(`exception ${i}`));
  rec.dropped(7);
  return rec.take(1000);
}

const items = (s: IntervalSnapshot): number => s.entries.length + s.errors.length + s.exceptions.length;

void test('a snapshot that fits is sent whole', () => {
  const s = snapshotWith(3, 1, 1);
  assert.deepEqual(splitToFit(s, () => true), [s]);
});

void test('a snapshot that does not fit is cut into parts that fit, over the same interval, keeping every item once and in order', () => {
  const s = snapshotWith(10, 4, 3);
  const parts = splitToFit(s, (p) => items(p) <= 3);
  assert.ok(parts.length >= 6);
  for (const p of parts) {
    assert.ok(items(p) <= 3 && items(p) >= 1);
    assert.equal(p.start, s.start);
    assert.equal(p.end, s.end);
  }
  assert.deepEqual(parts.flatMap((p) => p.entries), s.entries);
  assert.deepEqual(parts.flatMap((p) => p.errors), s.errors);
  assert.deepEqual(parts.flatMap((p) => p.exceptions), s.exceptions);
  assert.deepEqual(parts.map((p) => p.dropped ?? 0), [7, ...parts.slice(1).map(() => 0)], 'dropped arrivals are counted once, in the first part');
});

void test('one entry and one exception that fit only alone are still split apart', () => {
  const s = snapshotWith(1, 0, 1);
  const parts = splitToFit(s, (p) => items(p) <= 1);
  assert.equal(parts.length, 2);
});

void test('a single item that cannot fit is a bug and says so', () => {
  const s = snapshotWith(1, 0, 0);
  assert.throws(() => splitToFit(s, () => false), /cannot be sent as a report \(a bug/);
});
