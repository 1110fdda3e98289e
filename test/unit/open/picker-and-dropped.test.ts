import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntervalRecorder } from '../../../src/stats/interval-recorder.js';
import { ClassPicker } from '../../../src/worker/runtime/open/class-picker.js';

test('ClassPicker: smooth weighted round robin, exact over each period', () => {
  const p = new ClassPicker([3, 1]);
  assert.deepEqual(Array.from({ length: 8 }, () => p.next()), [0, 0, 1, 0, 0, 0, 1, 0]);
  const q = new ClassPicker([5, 2, 3]);
  const counts = [0, 0, 0];
  for (let i = 0; i < 1000; i++) counts[q.next()]! += 1;
  assert.deepEqual(counts, [500, 200, 300]);
  assert.deepEqual(Array.from({ length: 3 }, () => new ClassPicker([1]).next()), [0, 0, 0]);
  assert.throws(() => new ClassPicker([]), RangeError);
});

test('IntervalRecorder.dropped: counted per interval, reset by take(), omitted when 0', () => {
  const rec = new IntervalRecorder({ clock: { now: () => 1000 } });
  assert.equal('dropped' in rec.take(2000), false);
  rec.dropped();
  rec.dropped(4);
  assert.equal(rec.take(3000).dropped, 5);
  assert.equal('dropped' in rec.take(4000), false);
});
