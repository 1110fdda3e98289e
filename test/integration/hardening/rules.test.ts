/**
 * The pure rules behind the hardening, with a controlled clock and exact numbers: rate-limited
 * logging, the plausibility limits of a report, and the lost-report arithmetic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { LogLimiter, printable } from '../../../src/master/log-limiter.js';
import { lostReports } from '../../../src/master/lost-reports.js';
import { checkPlausible, MAX_FUTURE_MS, MAX_INTERVAL_MS, MAX_LATENCY_US, MAX_REQUESTS_PER_SECOND } from '../../../src/master/report-sanity.js';
import { WorkerEntry } from '../../../src/master/worker-entry.js';
import type { WorkerPeer } from '../../../src/master/peer.js';
import { snapshotOf } from './inproc-master.js';

void test('log limiter: the first line per reason per window, then a count of what was left out', () => {
  let now = 0;
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (c: Buffer, _e, done) => { lines.push(JSON.parse(c.toString()) as Record<string, unknown>); done(); } });
  const log = pino({ level: 'debug' }, sink);
  const limiter = new LogLimiter({ windowMs: 1000, clock: { now: () => now } });
  for (let i = 0; i < 5; i++) limiter.log(log, 'warn', 'a', { i }, 'reason a');
  limiter.log(log, 'warn', 'b', {}, 'reason b');
  now = 999;
  limiter.log(log, 'warn', 'a', {}, 'reason a');
  now = 1000;
  limiter.log(log, 'warn', 'a', { i: 'late' }, 'reason a');
  now = 5000;
  limiter.log(log, 'warn', 'a', {}, 'reason a');
  assert.deepEqual(lines.map((l) => [l.msg, l.reason, l.suppressed, l.i]), [
    ['reason a', 'a', undefined, 0],
    ['reason b', 'b', undefined, undefined],
    ['reason a', 'a', 5, 'late'],
    ['reason a', 'a', undefined, undefined],
  ]);
  assert.throws(() => new LogLimiter({ windowMs: -1 }), { code: 'STAMPEDE_ERR_USAGE' });
});

void test('peer text in a log line cannot forge lines: control characters escaped, length cut', () => {
  assert.equal(printable('bad frame\n[2026-01-01] master/INFO: all good\u001b[2J'), 'bad frame\\u000a[2026-01-01] master/INFO: all good\\u001b[2J');
  assert.equal(printable('日本'.repeat(200), 10), `${'日本'.repeat(5)}…`);
  assert.equal(printable('plain'), 'plain');
});

void test('plausibility: the limits are inclusive, one step beyond is refused with the reason', () => {
  const now = 1_767_000_000_000;
  const ok = snapshotOf([1000, 2000], '/p', now - 1000, now);
  checkPlausible(ok, now);
  const at = (edit: (s: typeof ok) => void): typeof ok => {
    const s = structuredClone(ok);
    edit(s);
    return s;
  };
  const e0 = (s: typeof ok): NonNullable<(typeof ok)['entries'][0]> => s.entries[0]!;
  checkPlausible(at((s) => Object.assign(e0(s), { count: MAX_REQUESTS_PER_SECOND })), now);
  checkPlausible(at((s) => Object.assign(e0(s), { maxUs: MAX_LATENCY_US })), now);
  checkPlausible(at((s) => Object.assign(s, { end: now + MAX_FUTURE_MS, start: now + MAX_FUTURE_MS - 1000 })), now);
  checkPlausible(at((s) => Object.assign(s, { start: now - MAX_INTERVAL_MS })), now);
  const refused: [string, (s: typeof ok) => void, RegExp][] = [
    ['count', (s) => Object.assign(e0(s), { count: MAX_REQUESTS_PER_SECOND + 1 }), /requests in 1000 ms/],
    ['maxUs', (s) => Object.assign(e0(s), { maxUs: MAX_LATENCY_US + 1 }), /beyond the 1 h/],
    ['sumUs', (s) => Object.assign(e0(s), { sumUs: 2 * MAX_LATENCY_US + 1 }), /averages more than 1 h/],
    ['bytes', (s) => Object.assign(e0(s), { bytes: 2 * 2 ** 40 + 1 }), /bytes over 2 requests/],
    ['future', (s) => Object.assign(s, { end: now + MAX_FUTURE_MS + 1 }), /in the future/],
    ['span', (s) => Object.assign(s, { start: now - MAX_INTERVAL_MS - 1 }), /the interval lasts/],
    ['dropped', (s) => Object.assign(s, { dropped: MAX_REQUESTS_PER_SECOND + 1 }), /dropped arrivals/],
  ];
  for (const [what, edit, says] of refused) {
    assert.throws(() => checkPlausible(at(edit), now), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'STAMPEDE_ERR_BAD_HISTOGRAM', what);
      assert.match(err.message, says, what);
      assert.match(err.message, /^implausible report: .*forged report\)$/, what);
      return true;
    });
  }
});

void test('lost reports: gaps, drops, the interval of a lost worker, and what earlier processes lost', () => {
  const entry = (id: string): WorkerEntry => new WorkerEntry({ id, index: 0, host: 'h', pid: 1, cpus: 1, version: 'v', instance: 'i', peer: null as unknown as WorkerPeer });
  const a = entry('a');
  for (const seq of [1, 2, 4, 7]) a.seq.accept(seq);
  assert.equal(a.seq.missing, 3, 'seqs 3, 5 and 6');
  a.droppedReports = 2;
  const b = entry('b');
  b.reportsDue = true;
  b.state = 'running';
  assert.equal(lostReports([a, b], false), 5, 'a running worker owes its next report: not lost');
  b.state = 'lost';
  assert.equal(lostReports([a, b], false), 6, 'a lost worker never sends the interval it had under way');
  b.state = 'missing';
  assert.equal(lostReports([a, b], true), 6, 'nor does one still silent when the run ends');
  b.reportsDue = false;
  b.lostBefore = 4;
  assert.equal(lostReports([a, b], true), 9);
});
