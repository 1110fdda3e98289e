import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../../src/clock.js';
import { HttpUser, task } from '../../../src/index.js';
import { describeUserClass } from '../../../src/scenario/index.js';
import type { OpenPlan, Runner } from '../../../src/worker/runtime/index.js';
import { startCountingServer, type CountingServer } from '../../helpers/counting-server.js';
import { ListRecorder, silentLogger, until, liveRunner, stopLiveRunners } from './helpers.js';

afterEach(stopLiveRunners);

// Three runners in one process stand for three workers: each owns a stripe of the global arrival
// schedule, and each sends to its own path prefix so that the server counts every worker exactly.

class Hit extends HttpUser {
  @task async hit(): Promise<void> {
    await this.client.get('/x');
  }
}

function worker(server: CountingServer, i: number, rec: ListRecorder): Runner {
  return liveRunner({ classes: [describeUserClass(Hit)], host: `${server.url}/w${i}`, recorder: rec, clock: systemClock, logger: silentLogger, stopTimeoutMs: 2000 });
}

/** Every runner's schedule has run and every arrival is recorded or dropped: `total` in all. */
function finished(runners: Runner[], recs: ListRecorder[], total: number): boolean {
  return runners.every((r) => r.scheduleDone) && recs.reduce((n, rec) => n + rec.samples.length + rec.droppedCount, 0) === total;
}

const rate200for2s = { startRate: 200, stages: [{ durationMs: 2000, target: 200 }] };

test('open model, 200/s for 2 s over 3 stripes: the server gets exactly 400 requests, 134/133/133 by worker, on schedule', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  const recs = [0, 1, 2].map(() => new ListRecorder());
  const runners = recs.map((rec, i) => worker(server, i, rec));
  const t0 = systemClock.now() + 50;
  // A cap above each worker's 134 arrivals: no arrival can be dropped, even on a loaded machine.
  runners.forEach((r, i) => r.setOpenPlan({ t0, schedule: rate200for2s, fromArrival: 1, stripeIndex: i, stripeCount: 3, maxUsers: 200 }));
  await until(() => finished(runners, recs, 400), 15_000, '400 arrivals run and recorded');
  await Promise.all(runners.map((r) => r.stop()));
  assert.equal(server.received(), 400);
  assert.deepEqual([0, 1, 2].map((i) => server.received(`/w${i}/x`)), [134, 133, 133]);
  // Never early: the j-th request to reach the server came no sooner than arrival j was due (t0 + 5j ms).
  const at = server.requests().map((q) => performance.timeOrigin + q.at).sort((a, b) => a - b);
  at.forEach((ms, j) => assert.ok(ms >= t0 + 5 * (j + 1), `request ${j + 1} reached the server ${(t0 + 5 * (j + 1) - ms).toFixed(2)} ms early`));
  for (const rec of recs) {
    assert.equal(rec.droppedCount, 0);
    assert.equal(rec.exceptions.length, 0);
    for (const s of rec.samples) assert.ok(s.scheduledUs !== undefined && s.scheduledUs >= s.durationUs, 'latency from the schedule is recorded, never below the actual');
  }
  const pools = runners.map((r) => r.users().Hit ?? 0);
  assert.deepEqual(pools, [0, 0, 0], 'stopped');
});

test('re-split at arrival 200 when a third worker joins: the union is exactly the schedule, no duplicates', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  const recs = [0, 1, 2].map(() => new ListRecorder());
  const runners = recs.map((rec, i) => worker(server, i, rec));
  const t0 = systemClock.now() + 50;
  const base = { t0, schedule: rate200for2s, maxUsers: 200 };
  const planA = (i: number): OpenPlan => ({ ...base, fromArrival: 1, stripeIndex: i, stripeCount: 2 });
  const planB = (i: number): OpenPlan => ({ ...base, fromArrival: 200, stripeIndex: i, stripeCount: 3 });
  runners[0]?.setOpenPlan(planA(0));
  runners[1]?.setOpenPlan(planA(1));
  runners[2]?.setOpenPlan(planB(2)); // the newcomer only ever owns arrivals from 200 on
  await server.waitForRequests(60, { timeoutMs: 10_000 }); // arrival 200 is due at 1000 ms: B comes well before
  assert.ok(server.received() < 190, `B must come before arrival 200; ${server.received()} arrivals ran`);
  runners[0]?.setOpenPlan(planB(0));
  runners[1]?.setOpenPlan(planB(1));
  await until(() => finished(runners, recs, 400), 15_000, '400 arrivals run and recorded');
  await Promise.all(runners.map((r) => r.stop()));
  assert.deepEqual(recs.map((rec) => rec.droppedCount), [0, 0, 0]);
  assert.equal(server.received(), 400);
  // A: k = 1, 3, …, 199 (100) and k = 2, 4, …, 198 (99); B: k ≡ 1, 2, 0 (mod 3) in 200..400 (67 each).
  assert.deepEqual([0, 1, 2].map((i) => server.received(`/w${i}/x`)), [100 + 67, 99 + 67, 67]);
});
