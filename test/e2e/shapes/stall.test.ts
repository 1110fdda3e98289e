import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCountingServer } from '../../helpers/index.js';
import { dump, endpoint } from '../harness.js';
import { firstAt, runShape, userOf } from './shape-run.js';

// wrk2's point (coordinated omission): when the target stalls, requests that should have gone out
// during the stall go out late; timed from their actual send they look fast, timed from their
// scheduled time they show the stall.
//
// In our open model an arrival takes an idle user, or starts a new one, whose onStart runs first
// (loadfiles/login-work.ts logs in with GET /login). During a 1 s stall every idle user gets stuck
// on a /work request, and every later arrival starts a new user whose login is held by the stall,
// so its /work goes out only when the stall ends, and is answered at once. Timed from the actual
// send those ~180 /work requests are fast; timed from their scheduled arrival they waited up to 1 s.
//
// The requests stuck on the users that were idle when the stall began show the stall from the
// actual send too: one per idle user, as wrk2 has one per connection. The actual-send p99 hides the
// stall when they are under 1 % of the requests. So the run warms up at 10/s (a user or two per
// worker, even if a worker's timers run late for a moment) and the traffic rises to 200/s just as
// the target stalls, like a burst meeting a GC pause. The test checks that condition from the
// target's side before relying on it.

/** From the first request (the first arrival, at 0.1 s): the target stalls from 4.1 s to 5.1 s. */
const STALL = { atMs: 4000, forMs: 1000 };

void test('a 1 s stall in an open-model run shows in the scheduled-time p99 while the actual-send p99 hides it', async (t) => {
  const target = await startCountingServer({ logLimit: 100_000, stall: STALL });
  t.after(() => target.close());
  // 10/s for 4.2 s, then 200/s for 6 s: 42 + 1200 arrivals.
  const { result, summary } = await runShape('login-work', target.url, ['--arrival-rate', '10', '--stages', '4.2s:10,0s:200,6s:200']);
  assert.equal(result.code, 0, dump(result));
  assert.equal(summary.totals.failures, 0, dump(result));
  assert.equal(summary.run.droppedArrivals, 0, 'the default --max-users (1000) has room for every user the stall needs');
  const work = endpoint(summary, 'GET', '/work');
  assert.equal(work.count, target.received('/work'), 'every /work request is counted');
  assert.equal(summary.totals.count, target.received(), 'every request is counted');
  assert.equal(work.count, 1242, 'one /work per arrival of the schedule');

  // The target's side of the stall: which users existed when it began, and what each did in it.
  const requests = target.requests();
  const t0 = firstAt(requests);
  const from = t0 + STALL.atMs;
  const to = from + STALL.forMs;
  const before = new Set(requests.filter((r) => r.path === '/login' && r.at < from).map(userOf));
  const stuck = requests.filter((r) => r.path === '/work' && r.at >= from && r.at < to && before.has(userOf(r))).length;
  const loginsInStall = requests.filter((r) => r.path === '/login' && r.at >= from && r.at < to).length;
  const facts = `${before.size} users before the stall, ${stuck} /work requests stuck in it, ${loginsInStall} logins held by it, ${work.count} /work in all`;
  assert.ok(loginsInStall >= 120, `the arrivals during the stall started new users: ${facts}`);
  assert.ok(stuck * 100 < work.count, `the pool before the stall must hold under 1 % of the requests for the actual-send p99 to hide the stall: ${facts}`);

  const actual = work.percentiles['99'];
  const scheduled = work.scheduled?.percentiles['99'];
  assert.ok(typeof actual === 'number' && typeof scheduled === 'number', `p99 actual ${String(actual)}, scheduled ${String(scheduled)}`);
  const numbers = `p99 from the scheduled time ${scheduled} ms, from the actual send ${actual} ms; max ${String(work.maxMs)} / ${String(work.scheduled?.maxMs)} ms; ${facts}`;
  // ~180 of 1242 arrivals waited out part of the stall: the top 1 % waited most of it.
  assert.ok(scheduled >= 600, `the scheduled-time p99 shows the stall: ${numbers}`);
  assert.ok(actual * 3 <= scheduled, `the actual-send p99 hides the stall: ${numbers}`);
  // The stall is in the actual-send data too, on the few requests that were in flight in it.
  assert.ok(work.maxMs !== null && work.maxMs >= 700, `the stuck requests waited out most of the stall: ${numbers}`);
});
