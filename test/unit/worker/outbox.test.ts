import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClockSync } from '../../../src/worker/clock-sync.js';
import { Outbox } from '../../../src/worker/outbox.js';

test('outbox keeps unacked items in seq order and drops the oldest when full, counting them', () => {
  const box = new Outbox<{ seq: number }>(3);
  for (const seq of [1, 2, 3]) box.push({ seq });
  box.ack(2);
  assert.deepEqual(box.pending().map((x) => x.seq), [1, 3]);
  box.push({ seq: 4 });
  box.push({ seq: 5 });
  assert.deepEqual(box.pending().map((x) => x.seq), [3, 4, 5]);
  assert.equal(box.dropped, 1);
  box.ack(99);
  assert.equal(box.size, 3);
});

test('clock sync takes the offset of the sample with the smallest round trip', () => {
  const sync = new ClockSync();
  assert.equal(sync.offsetMs, 0);
  // local clock is 500 ms behind the master; round trips of 40 ms and 4 ms
  sync.add(1_000, 1_520, 1_040);
  assert.equal(sync.offsetMs, 500);
  sync.add(2_000, 2_503, 2_004);
  assert.equal(sync.offsetMs, 501);
  assert.equal(sync.rttMs, 4);
  sync.add(3_000, 9_999, 3_100); // a slow sample does not win
  assert.equal(sync.offsetMs, 501);
  sync.add(5, 5, 1); // negative round trip is ignored
  assert.equal(sync.rttMs, 4);
});
