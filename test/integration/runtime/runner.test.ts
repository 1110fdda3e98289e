import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { systemClock } from '../../../src/clock.js';
import { HttpUser, constant, tag, task } from '../../../src/index.js';
import { describeUserClass, type UserClassInfo } from '../../../src/scenario/index.js';
import { Runner, type RunnerOptions } from '../../../src/worker/runtime/index.js';
import { startCountingServer, type CountingServer } from '../../helpers/counting-server.js';
import { ListRecorder, silentLogger, until, liveRunner, stopLiveRunners } from './helpers.js';

afterEach(stopLiveRunners);

function runner(server: CountingServer, classes: UserClassInfo[], rec: ListRecorder, extra: Partial<RunnerOptions> = {}): Runner {
  return liveRunner({ classes, host: server.url, recorder: rec, clock: systemClock, logger: silentLogger, stopTimeoutMs: 1000, ...extra });
}

test('spawn rate: 10 users at 20/s reach the target in about 0.45 s, one connection each', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  class Pinger extends HttpUser {
    waitTime = constant(0.05);
    @task async ping(): Promise<void> {
      await this.client.get('/ping');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Pinger)], rec);
  const t0 = performance.now();
  r.setTarget({ Pinger: 10 }, 20);
  assert.deepEqual(r.users(), { Pinger: 1 }, 'the first user starts at once');
  await r.whenTargetReached();
  const took = performance.now() - t0;
  assert.ok(took >= 440 && took < 800, `reached the target after ${took.toFixed(0)} ms (due at 450)`);
  assert.deepEqual(r.users(), { Pinger: 10 });
  await server.waitForRequests(40);
  await r.stop();
  assert.equal(server.totalConnections(), 10, 'one keep-alive connection per user');
  assert.equal(rec.samples.length, server.received(), 'every request received is recorded');
  assert.equal(rec.exceptions.length, 0);
  assert.deepEqual(r.users(), { Pinger: 0 });
  await until(() => server.connections() === 0, 2000, 'connections closed');
});

test('ramp-down stops the newest users first; onStop runs for each', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  const started: number[] = [];
  const stopped: number[] = [];
  let next = 0;
  class Counted extends HttpUser {
    id = -1;
    waitTime = constant(30); // all asleep when stopped, so onStop runs in the order of the stops
    onStart(): void {
      this.id = next++;
      started.push(this.id);
    }
    onStop(): void {
      stopped.push(this.id);
    }
    @task async t(): Promise<void> {
      await this.client.get('/t');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Counted)], rec);
  r.setTarget({ Counted: 6 }, 200);
  await r.whenTargetReached();
  await until(() => rec.samples.length === 6, 5000, 'six answers recorded: every user asleep'); // the server's count comes before the client has the answer
  r.setTarget({ Counted: 3 }, 200);
  await r.whenTargetReached();
  assert.deepEqual(r.users(), { Counted: 3 });
  await until(() => stopped.length === 3, 2000, 'three onStop calls');
  assert.deepEqual(stopped, [5, 4, 3]);
  await r.stop();
  assert.deepEqual(stopped.slice(3).sort(), [0, 1, 2]);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
});

test('spawns are interleaved across classes by weight (smooth weighted round robin)', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  const order: string[] = [];
  class A extends HttpUser {
    static weight = 3;
    waitTime = constant(1);
    onStart(): void {
      order.push('A');
    }
    @task a(): void {}
  }
  class B extends HttpUser {
    waitTime = constant(1);
    onStart(): void {
      order.push('B');
    }
    @task b(): void {}
  }
  const r = runner(server, [describeUserClass(A), describeUserClass(B)], new ListRecorder());
  r.setTarget({ A: 6, B: 2 }, 500);
  await r.whenTargetReached();
  assert.equal(order.join(''), 'AABAAABA');
  assert.deepEqual(r.users(), { A: 6, B: 2 });
  await r.stop();
});

test('a retarget mid-ramp continues from the current count', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  class U extends HttpUser {
    waitTime = constant(1);
    @task a(): void {}
  }
  const r = runner(server, [describeUserClass(U)], new ListRecorder());
  r.setTarget({ U: 50 }, 20);
  await until(() => (r.users().U ?? 0) >= 4, 2000, 'four users');
  r.setTarget({ U: 2 }, 20);
  await r.whenTargetReached();
  assert.deepEqual(r.users(), { U: 2 });
  r.setTarget({ U: 5 }, 1000);
  await r.whenTargetReached();
  assert.deepEqual(r.users(), { U: 5 });
  await r.stop();
});

test('tags: only matching tasks run; a class left without tasks is excluded with a warning', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  class Mixed extends HttpUser {
    @task @tag('read') async read(): Promise<void> {
      await this.client.get('/read');
    }
    @task @tag('write') async write(): Promise<void> {
      await this.client.post('/write');
    }
    @task async untagged(): Promise<void> {
      await this.client.get('/untagged');
    }
  }
  class Writer extends HttpUser {
    @task @tag('write') async write(): Promise<void> {
      await this.client.post('/write');
    }
  }
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, new Writable({ write: (chunk: Buffer, _e, cb) => { lines.push(chunk.toString()); cb(); } }));
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Mixed), describeUserClass(Writer)], rec, { tags: ['read', 'write'], excludeTags: ['write'], logger });
  assert.match(lines.join(''), /"userClass":"Writer".*no task left after the tag filters/);
  r.setTarget({ Mixed: 2, Writer: 2 }, 100);
  await r.whenTargetReached();
  assert.deepEqual(r.users(), { Mixed: 2, Writer: 0 });
  await server.waitForRequests(50);
  await r.stop();
  assert.equal(server.received('/read'), server.received());
  assert.ok(rec.samples.every((s) => s.name === '/read'));
  assert.throws(
    () => runner(server, [describeUserClass(Writer)], rec, { tags: ['read'] }),
    { code: 'STAMPEDE_ERR_NO_USER_CLASSES' },
  );
  assert.throws(() => r.setTarget({ Nope: 1 }, 1), { code: 'STAMPEDE_ERR_USAGE', message: /unknown user class Nope/ });
  assert.throws(() => r.setTarget({ Mixed: 1 }, 0), { code: 'STAMPEDE_ERR_USAGE' });
});

test('no host anywhere, or a bad one, is STAMPEDE_ERR_USAGE; static host is used without -H', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  class NoHost extends HttpUser {
    @task a(): void {}
  }
  const base = { recorder: new ListRecorder(), clock: systemClock, logger: silentLogger, stopTimeoutMs: 0 };
  assert.throws(() => new Runner({ ...base, classes: [describeUserClass(NoHost)] }), { code: 'STAMPEDE_ERR_USAGE', message: /no host for user class NoHost/ });
  assert.throws(() => new Runner({ ...base, classes: [describeUserClass(NoHost)], host: 'ftp://x' }), { code: 'STAMPEDE_ERR_USAGE' });
  class WithHost extends HttpUser {
    static host = `${server.url}/base`;
    @task async a(): Promise<void> {
      await this.client.get('/x');
    }
  }
  const r = liveRunner({ ...base, classes: [describeUserClass(WithHost)], host: '' });
  r.setTarget({ WithHost: 1 }, 1);
  await server.waitForRequests(1);
  await r.stop();
  assert.equal(server.requests()[0]?.url, '/base/x');
});

test('stop() during a wait is immediate; onStop requests are sent and recorded', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  class Sleeper extends HttpUser {
    waitTime = constant(30);
    @task async t(): Promise<void> {
      await this.client.get('/task');
    }
    async onStop(): Promise<void> {
      await this.client.post('/logout');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Sleeper)], rec, { stopTimeoutMs: 10_000 });
  r.setTarget({ Sleeper: 5 }, 1000);
  await r.whenTargetReached();
  await server.waitForRequests(5, { path: '/task' });
  const t0 = performance.now();
  await r.stop();
  const took = performance.now() - t0;
  // The users wait 30 s: anything far below that is a stop that did not wait (loose for loaded CI machines).
  assert.ok(took < 3000, `stop took ${took.toFixed(0)} ms`);
  assert.equal(server.received('/logout'), 5);
  assert.deepEqual(rec.samples.map((s) => s.name).sort(), [...Array(5).fill('/logout'), ...Array(5).fill('/task')]);
});

test('stop timeout: a task still running is interrupted; a hung request is dropped after the drain, then onStop runs', async (t) => {
  const server = await startCountingServer({ routes: { '/hang': { action: 'never' } } });
  t.after(() => server.close());
  let after = 0;
  class Stuck extends HttpUser {
    @task async t(): Promise<void> {
      await this.client.get('/hang');
      after++;
    }
    async onStop(): Promise<void> {
      await this.client.post('/bye');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Stuck)], rec, { stopTimeoutMs: 200, drainTimeoutMs: 300 });
  r.setTarget({ Stuck: 3 }, 1000);
  await server.waitForRequests(3, { path: '/hang' });
  const t0 = performance.now();
  await r.stop();
  const took = performance.now() - t0;
  assert.ok(took >= 490 && took < 2000, `stop took ${took.toFixed(0)} ms (200 ms stop timeout + 300 ms drain)`);
  assert.equal(after, 0, 'the interrupted tasks never resume');
  assert.deepEqual(rec.samples.map((s) => `${s.name} ${String(s.ok)}`), Array(3).fill('/bye true'));
  assert.equal(rec.exceptions.length, 0);
});

test('stop: an interrupted task with a deep await chain sends nothing after the drain; onStop runs on a fresh client with the same headers', async (t) => {
  const server = await startCountingServer({ routes: { '/slow': { latencyMs: 200 } } });
  t.after(() => server.close());
  const step = async (u: HttpUser, path: string): Promise<void> => {
    await Promise.resolve();
    await (async () => {
      await u.client.get(path);
    })();
    await Promise.resolve();
  };
  class Deep extends HttpUser {
    async onStart(): Promise<void> {
      this.client.headers['x-user'] = 'deep';
    }
    @task async t(): Promise<void> {
      await step(this, '/slow');
      await step(this, '/after');
    }
    async onStop(): Promise<void> {
      await this.client.get('/bye');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Deep)], rec, { stopTimeoutMs: 0, drainTimeoutMs: 5000 });
  r.setTarget({ Deep: 3 }, 1000);
  await server.waitForRequests(3, { path: '/slow' });
  await r.stop();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(server.received('/after'), 0, 'no request leaves an interrupted task');
  assert.equal(server.received('/bye'), 3, 'onStop still sends');
  assert.ok(server.requests().filter((q) => q.path === '/bye').every((q) => q.headers['x-user'] === 'deep'), 'the fresh client keeps the user headers');
  assert.equal(rec.samples.length, server.received(), 'every request the server received is recorded');
});

test('stop: requests in flight finish within the drain and are recorded; the task sends nothing more', async (t) => {
  const server = await startCountingServer({ routes: { '/slow': { latencyMs: 300 } } });
  t.after(() => server.close());
  class Busy extends HttpUser {
    @task async t(): Promise<void> {
      await this.client.get('/slow');
      await this.client.get('/next');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Busy)], rec, { stopTimeoutMs: 0, drainTimeoutMs: 5000 });
  r.setTarget({ Busy: 4 }, 1000);
  await server.waitForRequests(4, { path: '/slow' });
  await r.stop();
  assert.equal(rec.samples.filter((s) => s.name === '/slow').length, 4, 'the 4 requests in flight at stop are recorded');
  assert.equal(server.received('/next'), 0, 'no request starts after the stop');
  assert.equal(rec.samples.length, server.received(), 'every request the server received is recorded');
});

test('exceptions in the constructor, onStart and tasks are recorded; the user goes on (or, from the constructor, ends)', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  let runs = 0;
  class Flaky extends HttpUser {
    waitTime = constant(0.01);
    onStart(): void {
      throw new Error('login failed');
    }
    @task async t(): Promise<void> {
      runs++;
      if (runs % 2 === 0) throw new Error(`task failed ${runs % 4}`);
      await this.client.get('/t');
    }
  }
  class Broken extends HttpUser {
    constructor() {
      super();
      throw new Error('cannot construct');
    }
    @task a(): void {}
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Flaky), describeUserClass(Broken)], rec);
  r.setTarget({ Flaky: 1, Broken: 2 }, 1000);
  await r.whenTargetReached();
  assert.deepEqual(r.users(), { Flaky: 1, Broken: 0 }, 'a user whose constructor throws is not respawned');
  await until(() => runs >= 6, 2000, 'six task runs');
  await r.stop();
  const messages = rec.messages();
  assert.equal(messages.filter((m) => m === 'cannot construct').length, 2);
  assert.equal(messages.filter((m) => m === 'login failed').length, 1);
  assert.ok(messages.filter((m) => m.startsWith('task failed')).length >= 3);
  assert.equal(rec.samples.length, server.received());
});

test('a waitTime method that throws is recorded and ends that user (not respawned, onStop runs); the worker goes on', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  let stops = 0;
  class BadWait extends HttpUser {
    waitTime(): number {
      throw new Error('no wait for you');
    }
    @task async t(): Promise<void> {
      await this.client.get('/bad');
    }
    onStop(): void {
      stops++;
    }
  }
  class Good extends HttpUser {
    waitTime = constant(0.01);
    @task async t(): Promise<void> {
      await this.client.get('/good');
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(BadWait), describeUserClass(Good)], rec);
  r.setTarget({ BadWait: 2, Good: 1 }, 1000);
  await until(() => stops === 2, 2000, 'both BadWait users ended');
  assert.deepEqual(r.users(), { BadWait: 0, Good: 1 });
  await server.waitForRequests(5, { path: '/good' });
  await r.stop();
  assert.equal(server.received('/bad'), 2, 'one task each, then the wait threw');
  assert.deepEqual(rec.messages().filter((m) => m === 'no wait for you'), ['no wait for you', 'no wait for you']);
  assert.equal(rec.samples.length, server.received());
});

test('this.stop() ends one user: onStop runs, it is not respawned; measure records success and failure', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  let stops = 0;
  class Once extends HttpUser {
    @task async job(): Promise<void> {
      const v = await this.measure('ok-step', async () => {
        await this.client.get('/a');
        return 7;
      });
      assert.equal(v, 7);
      try {
        await this.measure('bad-step', () => {
          throw new Error('poll gave up');
        });
      } catch {
        // measure rethrows
      }
      this.stop();
    }
    onStop(): void {
      stops++;
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Once)], rec);
  r.setTarget({ Once: 3 }, 1000);
  await until(() => stops === 3, 2000, 'three self-stops');
  assert.deepEqual(r.users(), { Once: 0 });
  await r.whenTargetReached();
  await r.stop();
  assert.equal(server.received(), 3);
  const measures = rec.samples.filter((s) => s.method === 'measure');
  assert.deepEqual(measures.map((s) => [s.name, s.ok, s.error]).sort(), [
    ['bad-step', false, 'poll gave up'], ['bad-step', false, 'poll gave up'], ['bad-step', false, 'poll gave up'],
    ['ok-step', true, undefined], ['ok-step', true, undefined], ['ok-step', true, undefined],
  ]);
  assert.ok(measures.every((s) => Number.isInteger(s.durationUs) && s.durationUs >= 0 && s.bytes === 0));
});

test('zero-wait closed loop: server count equals samples; a task without I/O does not starve the loop', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  let spins = 0;
  class Hammer extends HttpUser {
    @task(3) async hit(): Promise<void> {
      await this.client.get('/hit');
    }
    @task cpu(): void {
      spins++;
    }
  }
  class Spinner extends HttpUser {
    @task spin(): void {
      spins++;
    }
  }
  const rec = new ListRecorder();
  const r = runner(server, [describeUserClass(Hammer), describeUserClass(Spinner)], rec);
  r.setTarget({ Hammer: 5, Spinner: 1 }, 1000);
  await r.whenTargetReached();
  await new Promise((resolve) => setTimeout(resolve, 300)); // a timer still fires while Spinner spins
  await r.stop();
  assert.ok(server.received() > 50, `only ${server.received()} requests`);
  assert.equal(rec.samples.length, server.received());
  assert.ok(spins > 10, `${spins} spins`);
});

test('constantPacing, for real: a task start every 100 ms', async (t) => {
  const server = await startCountingServer({ routes: { '/p': { latencyMs: 30 } } });
  t.after(() => server.close());
  const { constantPacing } = await import('../../../src/index.js');
  class Paced extends HttpUser {
    waitTime = constantPacing(0.1);
    @task async p(): Promise<void> {
      await this.client.get('/p');
    }
  }
  const r = runner(server, [describeUserClass(Paced)], new ListRecorder());
  r.setTarget({ Paced: 1 }, 1);
  await server.waitForRequests(1);
  const first = performance.now();
  await server.waitForRequests(6, { timeoutMs: 2000 });
  const span = performance.now() - first;
  await r.stop();
  // Starts at 0, 100, …, 500 ms after the first: 30 ms of latency does not push the schedule.
  assert.ok(span >= 440 && span < 660, `6 starts over ${span.toFixed(0)} ms`);
  // Each start is on the schedule (k × 100 ms after the first), give or take timer lateness, which
  // does not add up: a late start is followed by a shorter wait.
  const at = server.requests().map((q) => q.at);
  const offsets = at.map((x) => x - (at[0] as number));
  assert.ok(offsets.every((o, k) => o >= k * 100 - 40 && o <= k * 100 + 60), `offsets ${offsets.map((o) => o.toFixed(0)).join(',')}`);
});
