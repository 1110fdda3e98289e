import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { StampedeError } from '../../../src/errors.js';
import { IntervalRecorder } from '../../../src/stats/interval-recorder.js';
import { decodeSparse } from '../../../src/stats/sparse-codec.js';
import type { EntrySnapshot, Sample } from '../../../src/stats/types.js';
import { ManualClock } from './clock.js';

function sample(over: Partial<Sample>): Sample {
  return { method: 'GET', name: '/a', durationUs: 1000, ok: true, status: 200, bytes: 10, ...over };
}

function entry(entries: EntrySnapshot[], method: string, name: string): EntrySnapshot {
  const e = entries.find((x) => x.method === method && x.name === name);
  assert.ok(e, `no entry ${method} ${name}`);
  return e;
}

test('groups samples per (method, name) with exact counts, sums, extremes, bytes and statuses', () => {
  const clock = new ManualClock(5_000);
  const rec = new IntervalRecorder({ clock });
  rec.record(sample({ durationUs: 100, bytes: 1 }));
  rec.record(sample({ durationUs: 300.4, bytes: 2 }));
  rec.record(sample({ durationUs: 200, ok: false, status: 500, bytes: 3 }));
  rec.record(sample({ method: 'POST', durationUs: 7000, status: 201 }));
  rec.record(sample({ name: '/b', durationUs: 50, ok: false, status: undefined, error: 'ECONNREFUSED', bytes: 0 }));
  const snap = rec.take(6_000);
  assert.equal(snap.start, 5_000);
  assert.equal(snap.end, 6_000);
  assert.equal(snap.entries.length, 3);
  const a = entry(snap.entries, 'GET', '/a');
  assert.deepEqual({ ...a, hist: undefined }, {
    method: 'GET', name: '/a', count: 3, failures: 1, sumUs: 600, minUs: 100, maxUs: 300, bytes: 6, status: { '200': 2, '500': 1 }, hist: undefined,
  });
  assert.equal(a.schedHist, undefined);
  const h = decodeSparse(a.hist);
  assert.equal(h.total, 3);
  assert.equal(h.valueAtPercentile(1), 300);
  assert.equal(entry(snap.entries, 'POST', '/a').status['201'], 1);
  const b = entry(snap.entries, 'GET', '/b');
  assert.deepEqual(b.status, {});
  assert.equal(b.failures, 1);
});

test('errors are grouped by (method, name, error) with first/last seen from the clock', () => {
  const clock = new ManualClock(1_000);
  const rec = new IntervalRecorder({ clock });
  clock.set(1_100);
  rec.record(sample({ ok: false, status: 500 }));
  clock.set(1_250);
  rec.record(sample({ ok: false, status: 500 }));
  rec.record(sample({ ok: false, status: 503, error: 'HTTP 503' }));
  rec.record(sample({ ok: false, status: undefined }));
  rec.record(sample({ name: '/b', ok: false, status: undefined, error: 'timeout' }));
  clock.set(1_900);
  rec.record(sample({ ok: false, status: 500 }));
  const snap = rec.take(2_000);
  const byKey = Object.fromEntries(snap.errors.map((e) => [`${e.method} ${e.name} ${e.error}`, e]));
  assert.deepEqual(byKey['GET /a HTTP 500'], { method: 'GET', name: '/a', error: 'HTTP 500', count: 3, firstSeen: 1_100, lastSeen: 1_900 });
  assert.equal(byKey['GET /a HTTP 503']?.count, 1);
  assert.equal(byKey['GET /a unknown error']?.count, 1);
  assert.deepEqual(byKey['GET /b timeout'], { method: 'GET', name: '/b', error: 'timeout', count: 1, firstSeen: 1_250, lastSeen: 1_250 });
  assert.equal(snap.errors.length, 4);
  assert.equal(entry(snap.entries, 'GET', '/a').failures, 5);
});

test('take resets: the next interval starts at the previous end and is empty', () => {
  const clock = new ManualClock(0);
  const rec = new IntervalRecorder({ clock, start: 100 });
  rec.record(sample({ ok: false, status: 500 }));
  rec.exception(new Error('boom'));
  const first = rec.take(1_100);
  assert.equal(first.start, 100);
  assert.equal(first.entries[0]?.count, 1);
  const second = rec.take(2_100);
  assert.deepEqual(second, { start: 1_100, end: 2_100, entries: [], errors: [], exceptions: [] });
  rec.record(sample({ durationUs: 42 }));
  const third = rec.take(3_100);
  assert.equal(third.entries.length, 1);
  assert.equal(third.entries[0]?.minUs, 42);
  assert.equal(third.entries[0]?.maxUs, 42);
  assert.equal(third.entries[0]?.failures, 0);
  assert.equal(decodeSparse(third.entries[0]?.hist).total, 1);
});

test('scheduled latencies go to schedHist only when given', () => {
  const rec = new IntervalRecorder({ clock: new ManualClock(0) });
  rec.record(sample({ durationUs: 1_000, scheduledUs: 250_000 }));
  rec.record(sample({ durationUs: 2_000, scheduledUs: 251_000 }));
  rec.record(sample({ name: '/closed', durationUs: 2_000 }));
  const snap = rec.take(1_000);
  const open = entry(snap.entries, 'GET', '/a');
  assert.ok(open.schedHist);
  const sched = decodeSparse(open.schedHist);
  assert.equal(sched.total, 2);
  assert.ok(Math.abs(sched.valueAtPercentile(1)! - 251_000) / 251_000 < 0.001);
  assert.equal(entry(snap.entries, 'GET', '/closed').schedHist, undefined);
  assert.equal(rec.take(2_000).entries.length, 0);
  rec.record(sample({ durationUs: 5 }));
  assert.equal(rec.take(3_000).entries[0]?.schedHist, undefined);
});

test('latencies above 1 h are clamped and counted', () => {
  const rec = new IntervalRecorder({ clock: new ManualClock(0) });
  rec.record(sample({ durationUs: 5e9 }));
  rec.record(sample({ durationUs: 10, scheduledUs: 7e9 }));
  const snap = rec.take(1_000);
  assert.equal(snap.entries[0]?.maxUs, 3_600_000_000);
  assert.equal(rec.clampedSamples, 2);
});

test('exceptions are grouped by message and stack, whatever was thrown', () => {
  const rec = new IntervalRecorder({ clock: new ManualClock(0) });
  const err = new TypeError('bad token');
  rec.exception(err);
  rec.exception(err);
  rec.exception('plain string');
  rec.exception('plain string');
  rec.exception(42);
  rec.exception({ code: 'X' });
  rec.exception(null);
  rec.exception(undefined);
  const foreign: unknown = runInNewContext('new RangeError("from a vm context")');
  rec.exception(foreign);
  const snap = rec.take(1_000);
  const byMessage = Object.fromEntries(snap.exceptions.map((x) => [x.message, x]));
  assert.equal(byMessage['TypeError: bad token']?.count, 2);
  assert.equal(byMessage['TypeError: bad token']?.traceback, err.stack);
  assert.deepEqual(byMessage['plain string'], { message: 'plain string', traceback: '', count: 2 });
  assert.equal(byMessage['42']?.count, 1);
  assert.equal(byMessage["{ code: 'X' }"]?.count, 1);
  assert.equal(byMessage['null']?.count, 1);
  assert.equal(byMessage['undefined']?.count, 1);
  assert.match(byMessage['RangeError: from a vm context']?.traceback ?? '', /RangeError: from a vm context/);
  assert.equal(snap.exceptions.length, 7);
  assert.deepEqual(rec.take(2_000).exceptions, []);
});

test('endpoint cap: further (method, name) pairs are recorded under (*, (other))', () => {
  const clock = new ManualClock(0);
  const rec = new IntervalRecorder({ clock, maxEndpoints: 2 });
  rec.record(sample({ name: '/users/1' }));
  rec.record(sample({ name: '/users/2' }));
  rec.record(sample({ name: '/users/3', durationUs: 30 }));
  rec.record(sample({ method: 'DELETE', name: '/users/4', durationUs: 40, ok: false, status: 404 }));
  rec.record(sample({ name: '/users/1' }));
  const snap = rec.take(1_000);
  assert.deepEqual(snap.entries.map((e) => [e.method, e.name, e.count]), [['GET', '/users/1', 2], ['GET', '/users/2', 1], ['*', '(other)', 2]]);
  assert.deepEqual(snap.errors.map((e) => [e.method, e.name, e.error, e.count]), [['*', '(other)', 'HTTP 404', 1]]);
  assert.equal(entry(snap.entries, '*', '(other)').minUs, 30);
});

test('rejects a bad endpoint cap with STAMPEDE_ERR_USAGE', () => {
  for (const maxEndpoints of [0, -1, 1.5, Number.NaN, 10_001]) {
    assert.throws(
      () => new IntervalRecorder({ clock: new ManualClock(0), maxEndpoints }),
      (e: unknown) => e instanceof StampedeError && e.code === 'STAMPEDE_ERR_USAGE' && /use an integer in 1\.\.10000/.test(e.message),
    );
  }
});
