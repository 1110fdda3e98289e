import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../../src/clock.js';
import { HttpUser, task } from '../../../src/index.js';
import { describeUserClass } from '../../../src/scenario/index.js';
import type { Sample } from '../../../src/stats/types.js';
import type { OpenPlan } from '../../../src/worker/runtime/index.js';
import { startCountingServer } from '../../helpers/counting-server.js';
import { ListRecorder, silentLogger, until, liveRunner, stopLiveRunners } from './helpers.js';

afterEach(stopLiveRunners);

/** The exact q-quantile (nearest rank) of values in µs, in ms. */
function quantileMs(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN) / 1000;
}

test('a 1 s stall mid-run: the scheduled-time p99 shows it, the actual-send p99 hides it (wrk2)', async (t) => {
  // 50 arrivals/s (after a 0.4 s ramp) for 5 s: 240 arrivals. Users log in (onStart) before their
  // first task, as most loadfiles do. The pool is capped at 2 until the target stalls for 1 s,
  // 1.5 s in; then the cap goes up. During the stall each arrival starts a new user, whose login
  // hangs until the stall ends; its task then goes out late and is answered fast. From the actual
  // send those tasks look fine; from their scheduled arrival they waited up to 1 s. (Only the two
  // users busy when the stall began send a task into it.)
  const server = await startCountingServer();
  t.after(() => server.close());
  class Shopper extends HttpUser {
    async onStart(): Promise<void> {
      await this.client.post('/login');
    }
    @task async browse(): Promise<void> {
      await this.client.get('/work');
    }
  }
  const rec = new ListRecorder();
  const r = liveRunner({ classes: [describeUserClass(Shopper)], host: server.url, recorder: rec, clock: systemClock, logger: silentLogger, stopTimeoutMs: 2000 });
  const t0 = systemClock.now() + 20;
  const plan: OpenPlan = {
    t0,
    schedule: { startRate: 0, stages: [{ durationMs: 400, target: 50 }, { durationMs: 4600, target: 50 }] },
    fromArrival: 1,
    stripeIndex: 0,
    stripeCount: 1,
    maxUsers: 2,
  };
  r.setOpenPlan(plan);
  const stall = setTimeout(() => {
    r.setOpenPlan({ ...plan, maxUsers: 1000 }); // the same plan again: only the cap changes
    server.stallNow(1000);
  }, t0 + 1500 - systemClock.now());
  t.after(() => clearTimeout(stall));
  const work = (): Sample[] => rec.samples.filter((s) => s.name === '/work');
  await until(() => r.scheduleDone && work().length + rec.droppedCount === 240, 20_000, 'all 240 arrivals answered or dropped');
  await r.stop();
  const samples = work();
  assert.equal(server.received('/work'), samples.length);
  assert.equal(samples.length + rec.droppedCount, 240, 'sent + dropped = scheduled');
  assert.ok((r.users().Shopper ?? 0) === 0);
  const actual = quantileMs(samples.map((s) => s.durationUs), 0.99);
  const scheduled = quantileMs(samples.map((s) => s.scheduledUs ?? Number.NaN), 0.99);
  assert.ok(scheduled >= 700, `scheduled-time p99 ${scheduled.toFixed(1)} ms shows the 1 s stall`);
  // The tasks released together when the stall ends take a little while on a loaded 2-core box.
  assert.ok(actual < 500 && actual < scheduled / 2, `actual-send p99 ${actual.toFixed(1)} ms hides it`);
  assert.ok(samples.every((s) => s.scheduledUs !== undefined && s.scheduledUs >= s.durationUs));
  const late = samples.filter((s) => (s.scheduledUs as number) - s.durationUs >= 500_000).length;
  assert.ok(late >= 20, `${late} tasks started 500 ms or more after their arrival`);
});
