/**
 * The recorder keeps every snapshot within src/stats/limits.ts (so the protocol never refuses a
 * report), and the aggregator keeps the run's error and exception groups bounded; counts stay exact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode, report } from '../../../src/protocol/index.js';
import { Aggregator } from '../../../src/stats/aggregator.js';
import { IntervalRecorder } from '../../../src/stats/interval-recorder.js';
import {
  cut,
  MAX_ERROR_GROUPS,
  MAX_ERROR_TEXT_CHARS,
  MAX_EXCEPTION_GROUPS,
  MAX_EXCEPTION_MESSAGE_CHARS,
  MAX_METHOD_CHARS,
  MAX_NAME_CHARS,
  MAX_TRACEBACK_CHARS,
  OVERFLOW_ERROR,
  OVERFLOW_EXCEPTION,
  TRUNCATED_MARK,
} from '../../../src/stats/limits.js';
import type { IntervalSnapshot, Sample } from '../../../src/stats/types.js';
import { ManualClock } from './clock.js';

function sample(over: Partial<Sample>): Sample {
  return { method: 'GET', name: '/a', durationUs: 1000, ok: true, status: 200, bytes: 10, ...over };
}

function sum(list: readonly { count: number }[]): number {
  return list.reduce((s, x) => s + x.count, 0);
}

/** The snapshot is accepted by the protocol's own report decoder (encode checks it). */
function assertSendable(snapshot: IntervalSnapshot): void {
  assert.doesNotThrow(() => encode(report({ seq: 1, users: {}, snapshot, final: false, dropped: 0 })));
}

void test('cut keeps short texts, cuts long ones to the limit with a mark, and never splits a surrogate pair', () => {
  assert.equal(cut('abc', 3), 'abc');
  assert.equal(cut('abcd', 3), `ab${TRUNCATED_MARK}`);
  const emoji = '😀'; // two UTF-16 units
  const out = cut(`a${emoji}bc`, 3);
  assert.equal(out, `a${TRUNCATED_MARK}`);
  assert.ok(out.length <= 3);
});

void test('a method or name over its limit is cut; two long names with the same beginning share one entry', () => {
  const rec = new IntervalRecorder({ clock: new ManualClock(0) });
  const base = '/search?q=' + 'x'.repeat(MAX_NAME_CHARS);
  rec.record(sample({ name: `${base}1` }));
  rec.record(sample({ name: `${base}2` }));
  rec.record(sample({ method: 'M'.repeat(MAX_METHOD_CHARS + 5), name: '/b' }));
  const snap = rec.take(1000);
  assert.equal(snap.entries.length, 2);
  const long = snap.entries.find((e) => e.name.startsWith('/search'));
  assert.ok(long);
  assert.equal(long.name.length, MAX_NAME_CHARS);
  assert.ok(long.name.endsWith(TRUNCATED_MARK));
  assert.equal(long.count, 2);
  const b = snap.entries.find((e) => e.name === '/b');
  assert.equal(b?.method.length, MAX_METHOD_CHARS);
  assertSendable(snap);
});

void test(`past ${MAX_ERROR_GROUPS} distinct error texts in one interval, further texts count under their endpoint's overflow group; the next interval starts afresh`, () => {
  const rec = new IntervalRecorder({ clock: new ManualClock(0) });
  const n = MAX_ERROR_GROUPS + 500;
  for (let i = 0; i < n; i++) rec.record(sample({ name: i % 2 === 0 ? '/even' : '/odd', ok: false, status: 500, error: `order ${i} refused` }));
  rec.record(sample({ ok: false, error: 'y'.repeat(MAX_ERROR_TEXT_CHARS * 2) }));
  const snap = rec.take(1000);
  const overflow = snap.errors.filter((e) => e.error === OVERFLOW_ERROR);
  assert.equal(snap.errors.length - overflow.length, MAX_ERROR_GROUPS);
  assert.deepEqual(overflow.map((e) => e.name).sort(), ['/a', '/even', '/odd']);
  assert.equal(sum(snap.errors), n + 1, 'every failure is still counted');
  assert.equal(sum(snap.errors.filter((e) => e.name === '/even')), snap.entries.find((e) => e.name === '/even')?.failures);
  assertSendable(snap);

  rec.record(sample({ ok: false, error: 'y'.repeat(MAX_ERROR_TEXT_CHARS * 2) }));
  const next = rec.take(2000);
  assert.equal(next.errors.length, 1);
  assert.equal(next.errors[0]?.error.length, MAX_ERROR_TEXT_CHARS);
  assert.ok(next.errors[0]?.error.endsWith(TRUNCATED_MARK));
});

void test(`past ${MAX_EXCEPTION_GROUPS} distinct exceptions in one interval, the rest count under one overflow group; long texts are cut`, () => {
  const rec = new IntervalRecorder({ clock: new ManualClock(0) });
  const n = MAX_EXCEPTION_GROUPS + 250;
  for (let i = 0; i < n; i++) rec.exception(new Error(`job ${i} vanished`));
  const huge = new Error('z'.repeat(MAX_EXCEPTION_MESSAGE_CHARS * 2));
  huge.stack = 's'.repeat(MAX_TRACEBACK_CHARS * 2);
  rec.exception(huge);
  const snap = rec.take(1000);
  assert.equal(snap.exceptions.length, MAX_EXCEPTION_GROUPS + 1);
  const overflow = snap.exceptions.find((x) => x.message === OVERFLOW_EXCEPTION);
  assert.equal(overflow?.count, n + 1 - MAX_EXCEPTION_GROUPS);
  assert.equal(sum(snap.exceptions), n + 1);
  assertSendable(snap);

  rec.exception(huge);
  const next = rec.take(2000);
  assert.equal(next.exceptions[0]?.message.length, MAX_EXCEPTION_MESSAGE_CHARS);
  assert.equal(next.exceptions[0]?.traceback.length, MAX_TRACEBACK_CHARS);
});

void test('the aggregator keeps at most the limits of error and exception groups over a whole run, with exact counts', () => {
  const agg = new Aggregator();
  const rounds = 3;
  let failures = 0;
  let thrown = 0;
  for (let r = 0; r < rounds; r++) {
    const rec = new IntervalRecorder({ clock: new ManualClock(r * 1000), start: r * 1000 });
    for (let i = 0; i < MAX_ERROR_GROUPS / 2; i++) {
      rec.record(sample({ ok: false, status: 503, error: `round ${r} item ${i}` }));
      failures++;
    }
    for (let i = 0; i < MAX_EXCEPTION_GROUPS / 2; i++) {
      rec.exception(new Error(`round ${r} item ${i}`));
      thrown++;
    }
    assert.equal(agg.add(rec.take(r * 1000 + 1000), `w${r}`), true);
  }
  const view = agg.view(rounds * 1000);
  assert.equal(view.errors.length, MAX_ERROR_GROUPS + 1);
  assert.equal(view.errors.reduce((s, e) => s + e.occurrences, 0), failures);
  assert.equal(view.errors.find((e) => e.error === OVERFLOW_ERROR)?.occurrences, failures - MAX_ERROR_GROUPS);
  assert.equal(view.exceptions.length, MAX_EXCEPTION_GROUPS + 1);
  assert.equal(sum(view.exceptions), thrown);
  assert.deepEqual(view.exceptions.find((x) => x.message === OVERFLOW_EXCEPTION)?.nodes, ['w2']);
  agg.reset(10_000);
  assert.equal(agg.view(10_000).errors.length, 0);
});
