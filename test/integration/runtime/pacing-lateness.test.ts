import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../../src/clock.js';
import { HttpUser, between, constant, constantPacing, constantThroughput, task, type WaitTime } from '../../../src/index.js';
import { describeUserClass } from '../../../src/scenario/index.js';
import { startCountingServer } from '../../helpers/counting-server.js';
import { ListRecorder, silentLogger, liveRunner, stopLiveRunners } from './helpers.js';

afterEach(stopLiveRunners);

// A paced user (a task start every 100 ms) whose third task overruns by 200 ms: the fourth task
// starts at least 200 ms after the time its schedule gave it, and its request records that.
for (const [label, wait] of [['constantPacing(0.1)', constantPacing(0.1)], ['constantThroughput(10)', constantThroughput(10)]] as const) {
  test(`closed model, ${label}: a late task records scheduledUs >= its lateness + its latency`, async (t) => {
    const server = await startCountingServer({ routes: { '/slow': { latencyMs: 300 } } });
    t.after(() => server.close());
    let n = 0;
    class Paced extends HttpUser {
      waitTime = wait;
      @task async p(): Promise<void> {
        n++;
        if (n === 3) await this.client.get('/slow');
        else await this.client.get('/p');
        if (n === 4) await this.measure('after-overrun', () => undefined);
      }
    }
    const rec = new ListRecorder();
    const r = liveRunner({ classes: [describeUserClass(Paced)], host: server.url, recorder: rec, clock: systemClock, logger: silentLogger, stopTimeoutMs: 1000 });
    r.setTarget({ Paced: 1 }, 1);
    await server.waitForRequests(6, { timeoutMs: 10_000 });
    await r.stop();
    const late = (i: number): number => {
      const s = rec.samples[i];
      assert.ok(s?.scheduledUs !== undefined, `sample ${i} has a scheduled latency`);
      return s.scheduledUs - s.durationUs;
    };
    assert.deepEqual(rec.samples.slice(0, 6).map((s) => s.name), ['/p', '/p', '/slow', '/p', 'after-overrun', '/p']);
    for (const i of [0, 1, 2]) assert.ok(late(i) < 150_000, `task ${i + 1} on time: ${late(i)} µs late`);
    assert.ok(late(3) >= 200_000 && late(3) < 600_000, `the task after the overrun is ${late(3)} µs late`);
    assert.equal(late(4), late(3), 'measure() records the same lateness');
    assert.ok(late(5) < 150_000, `then the schedule restarts: ${late(5)} µs late`);
  });
}

test('closed model, other wait times: no scheduledUs', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  const waits: WaitTime[] = [constant(0.01), between(0.005, 0.01)];
  for (const wait of waits) {
    class Plain extends HttpUser {
      waitTime = wait;
      @task async p(): Promise<void> {
        await this.client.get('/p');
        await this.measure('m', () => 1);
      }
    }
    const rec = new ListRecorder();
    const r = liveRunner({ classes: [describeUserClass(Plain)], host: server.url, recorder: rec, clock: systemClock, logger: silentLogger, stopTimeoutMs: 1000 });
    r.setTarget({ Plain: 2 }, 100);
    await server.waitForRequests(server.received() + 6, { timeoutMs: 10_000 });
    await r.stop();
    assert.ok(rec.samples.length >= 6);
    assert.ok(rec.samples.every((s) => s.scheduledUs === undefined), wait.description);
  }
});
