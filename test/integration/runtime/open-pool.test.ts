import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../../src/clock.js';
import { HttpUser, constant, task } from '../../../src/index.js';
import { describeUserClass, type UserClassInfo } from '../../../src/scenario/index.js';
import type { ArrivalSchedule, OpenPlan, Runner, RunnerOptions } from '../../../src/worker/runtime/index.js';
import { startCountingServer, type CountingServer } from '../../helpers/counting-server.js';
import { ListRecorder, silentLogger, until, liveRunner, stopLiveRunners } from './helpers.js';

afterEach(stopLiveRunners);

function runner(server: CountingServer, classes: UserClassInfo[], rec: ListRecorder, extra: Partial<RunnerOptions> = {}): Runner {
  return liveRunner({ classes, host: server.url, recorder: rec, clock: systemClock, logger: silentLogger, stopTimeoutMs: 2000, ...extra });
}

const constantRate = (rate: number, ms: number): ArrivalSchedule => ({ startRate: rate, stages: [{ durationMs: ms, target: rate }] });

function plan(schedule: ArrivalSchedule, maxUsers: number, over: Partial<OpenPlan> = {}): OpenPlan {
  return { t0: systemClock.now() + 30, schedule, fromArrival: 1, stripeIndex: 0, stripeCount: 1, maxUsers, ...over };
}

test('a pool too small for a slow target: arrivals are dropped and counted; sent + dropped = scheduled exactly', async (t) => {
  const server = await startCountingServer({ routes: { '/slow': { latencyMs: 100 } } });
  t.after(() => server.close());
  let tasks = 0;
  class Slow extends HttpUser {
    @task async slow(): Promise<void> {
      tasks++;
      await this.client.get('/slow');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Slow)], rec);
  r.setOpenPlan(plan(constantRate(100, 1000), 4));
  await until(() => r.scheduleDone && rec.samples.length === tasks, 10_000, 'the schedule ran and every task finished');
  assert.deepEqual(r.users(), { Slow: 4 }, 'the pool is at its cap, idle');
  await r.stop();
  assert.equal(tasks + rec.droppedCount, 100);
  assert.equal(server.received(), tasks);
  // 4 users, each busy 100 ms or more per arrival, cannot take 100 arrivals in 1 s.
  assert.ok(rec.droppedCount >= 50 && tasks >= 4, `${tasks} sent, ${rec.droppedCount} dropped`);
});

test('classes are picked by weight; idle users are reused; onStart once per user, onStop for each at stop', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  const starts = { A: 0, B: 0 };
  let stops = 0;
  class A extends HttpUser {
    static weight = 3;
    static fixedCount = 0;
    waitTime = constant(60); // ignored in the open model
    onStart(): void {
      starts.A++;
    }
    onStop(): void {
      stops++;
    }
    @task async a(): Promise<void> {
      await this.client.get('/a');
    }
  }
  class B extends HttpUser {
    onStart(): void {
      starts.B++;
    }
    onStop(): void {
      stops++;
    }
    @task async b(): Promise<void> {
      await this.client.get('/b');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(A), describeUserClass(B)], rec);
  r.setOpenPlan(plan(constantRate(200, 1000), 200)); // a cap no run can reach: nothing is dropped
  await until(() => r.scheduleDone && rec.samples.length === 200, 10_000, '200 arrivals done');
  assert.equal(server.received('/a'), 150);
  assert.equal(server.received('/b'), 50);
  const pool = r.users();
  assert.deepEqual(pool, { A: starts.A, B: starts.B }, 'one onStart per pooled user');
  assert.ok((pool.A ?? 0) + (pool.B ?? 0) < 200, `idle users are reused: 200 tasks on a pool of ${JSON.stringify(pool)}`);
  await r.stop();
  assert.equal(stops, starts.A + starts.B);
  assert.deepEqual(r.users(), { A: 0, B: 0 });
  assert.throws(() => r.setOpenPlan(plan(constantRate(1, 1000), 1)), { code: 'STAMPEDE_ERR_USAGE', message: /stopped/ });
});

test('lateness includes waiting for onStart; measure() records it too', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  class Late extends HttpUser {
    async onStart(): Promise<void> {
      await sleep(150);
    }
    @task async work(): Promise<void> {
      await this.measure('step', () => this.client.get('/w'));
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Late)], rec);
  r.setOpenPlan(plan(constantRate(10, 100), 5)); // one arrival, at 100 ms
  await until(() => rec.samples.length === 2, 10_000, 'one request and one measure');
  await r.stop();
  for (const s of rec.samples) {
    // onStart sleeps 150 ms; a timer may fire up to a millisecond early by performance.now().
    assert.ok(s.scheduledUs !== undefined && s.scheduledUs - s.durationUs >= 148_000, `${s.method} ${s.name}: ${s.durationUs} µs sent, ${String(s.scheduledUs)} µs scheduled`);
    assert.ok(s.scheduledUs - s.durationUs < 1_000_000);
  }
});

test('stop mid-schedule: no arrival fires after it; idle users stop at once', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  class U extends HttpUser {
    @task async u(): Promise<void> {
      await this.client.get('/u');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(U)], rec);
  r.setOpenPlan(plan(constantRate(100, 10_000), 10));
  await server.waitForRequests(20, { timeoutMs: 10_000 });
  const t0 = performance.now();
  await r.stop();
  assert.ok(performance.now() - t0 < 1000, 'stop does not wait for the 2 s stop timeout');
  const sent = server.received();
  await sleep(100);
  assert.equal(server.received(), sent, 'nothing fires after stop');
  assert.equal(rec.samples.length, sent);
  assert.equal(r.scheduleDone, false);
});

test('closed → open: running users are stopped; setTarget then fails; a bad plan changes nothing', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  let closedStops = 0;
  class C extends HttpUser {
    waitTime = constant(0.02);
    onStop(): void {
      closedStops++;
    }
    @task async c(): Promise<void> {
      await this.client.get('/c');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(C)], rec);
  r.setTarget({ C: 3 }, 1000);
  await r.whenTargetReached();
  assert.throws(() => r.setOpenPlan(plan(constantRate(10, 1000), 5, { stripeIndex: 2, stripeCount: 2 })), { code: 'STAMPEDE_ERR_USAGE' });
  assert.deepEqual(r.users(), { C: 3 }, 'a bad plan leaves the closed model running');
  r.setOpenPlan(plan(constantRate(50, 200), 10)); // a cap of 10 for 10 arrivals: none is dropped
  await until(() => closedStops === 3, 5000, 'the closed users stopped');
  assert.throws(() => r.setTarget({ C: 1 }, 1), { code: 'STAMPEDE_ERR_USAGE', message: /open model/ });
  await until(() => r.scheduleDone && rec.samples.filter((s) => s.scheduledUs !== undefined).length === 10, 10_000, 'ten open arrivals');
  await r.stop();
});

test('a lower maxUsers in a new plan retires users down to the cap', async (t) => {
  const server = await startCountingServer({ routes: { '/w': { latencyMs: 40 } } });
  t.after(() => server.close());
  class W extends HttpUser {
    @task async w(): Promise<void> {
      await this.client.get('/w');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(W)], rec);
  const p = plan(constantRate(100, 1500), 20);
  r.setOpenPlan(p);
  await until(() => (r.users().W ?? 0) >= 3, 5000, 'a pool of 3 or more');
  r.setOpenPlan({ ...p, maxUsers: 1 });
  await until(() => r.users().W === 1, 5000, 'the pool shrinks to 1');
  await until(() => r.scheduleDone, 10_000, 'the schedule ends');
  await r.stop();
  assert.equal(rec.samples.length + rec.droppedCount, 150);
  assert.equal(rec.samples.length, server.received());
});
