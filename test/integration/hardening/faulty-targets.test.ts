/**
 * Faulty targets (issue 8, item 6), run by the worker's Runner in this process so that its open
 * sockets can be counted: connection refused, a reset in the middle of a response, responses that
 * never come (per-request timeout), headers that trickle, a body that never ends, and huge bodies.
 * Each request is recorded once, with its stable error class; nothing throws out of the users;
 * after stop() the process holds exactly the sockets it held before the run. (A host name that
 * does not resolve needs a private resolver: test/system/partition/dns.test.ts.)
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { systemClock } from '../../../src/clock.js';
import { HttpUser, constant, task } from '../../../src/index.js';
import { describeUserClass } from '../../../src/scenario/index.js';
import { startCountingServer } from '../../helpers/index.js';
import { freePort } from '../../helpers/ports.js';
import { ListRecorder, liveRunner, silentLogger, stopLiveRunners, until } from '../runtime/helpers.js';

afterEach(stopLiveRunners);

const HUGE_BYTES = 24 * 1024 * 1024;
const RUN_MS = 2500;

/** Open TCP sockets of this process (client and server side), from Node's documented resource list. */
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
}

/** Answers every request with headers and 1 000 of the 100 000 bytes it announced, then resets the connection. */
async function startResetServer(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    let head = '';
    s.on('data', (c: Buffer) => {
      head += c.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      head = '';
      received++;
      s.write(`HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 100000\r\n\r\n${'x'.repeat(1000)}`, () => setTimeout(() => s.resetAndDestroy(), 20));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

void test('faulty targets: every failure recorded once with its stable class, no crash, sockets back to baseline', { timeout: 30_000 }, async (t) => {
  const target = await startCountingServer({
    routes: {
      '/never': { action: 'never' },
      '/slow-headers': { action: 'slow-headers', slowMs: 3000 },
      '/endless-body': { action: 'slow-body', slowMs: 30_000 },
      '/huge': { bodyBytes: HUGE_BYTES },
    },
  });
  const reset = await startResetServer();
  t.after(() => Promise.all([target.close(), reset.close()]));
  const refused = `http://127.0.0.1:${await freePort()}`;

  const fixed = <T extends new () => HttpUser>(c: T): T => Object.assign(c, { fixedCount: 1 });
  const classes = [
    fixed(class Refused extends HttpUser {
      waitTime = constant(0.02);
      @task async go(): Promise<void> { await this.client.get(`${refused}/x`, { name: '/refused' }); }
    }),
    fixed(class ResetMid extends HttpUser {
      waitTime = constant(0.02);
      @task async go(): Promise<void> { await this.client.get(`${reset.url}/reset-mid`, { name: '/reset-mid' }); }
    }),
    fixed(class Never extends HttpUser {
      @task async go(): Promise<void> { await this.client.get('/never', { timeout: 0.3 }); }
    }),
    fixed(class SlowHeaders extends HttpUser {
      @task async go(): Promise<void> { await this.client.get('/slow-headers', { timeout: 0.3 }); }
    }),
    fixed(class EndlessBody extends HttpUser {
      @task async go(): Promise<void> { await this.client.get('/endless-body', { timeout: 0.3 }); }
    }),
    fixed(class Huge extends HttpUser {
      waitTime = constant(0.05);
      @task async go(): Promise<void> { await this.client.get('/huge'); }
    }),
  ].map((c) => describeUserClass(c));

  const baseline = openSockets();
  const rec = new ListRecorder();
  const runner = liveRunner({ classes, host: target.url, recorder: rec, clock: systemClock, logger: silentLogger, stopTimeoutMs: 0, drainTimeoutMs: 1000 });
  runner.setTarget(Object.fromEntries(classes.map((c) => [c.name, 1])), 100);
  await new Promise((r) => setTimeout(r, RUN_MS));
  await runner.stop();
  await until(() => openSockets() <= baseline, 5000, `open sockets back to ${baseline} (now ${openSockets()})`);
  assert.equal(openSockets(), baseline);

  const by = new Map<string, { n: number; errors: Map<string, number>; bytes: number[] }>();
  for (const s of rec.samples) {
    const e = by.get(s.name) ?? { n: 0, errors: new Map<string, number>(), bytes: [] };
    e.n++;
    if (s.error !== undefined) e.errors.set(s.error, (e.errors.get(s.error) ?? 0) + 1);
    else e.bytes.push(s.bytes);
    by.set(s.name, e);
  }
  t.diagnostic(JSON.stringify(Object.fromEntries([...by].map(([k, v]) => [k, { n: v.n, errors: Object.fromEntries(v.errors) }]))));
  const failedAs = (name: string, error: string, received: number | null): void => {
    const e = by.get(name);
    assert.ok(e !== undefined && e.n > 0, `${name} was requested`);
    assert.deepEqual(Object.fromEntries(e.errors), { [error]: e.n }, `${name}: every request failed as ${error}`);
    if (received !== null) assert.equal(e.n, received, `${name}: recorded ${e.n}, the target received ${received}`);
  };
  failedAs('/refused', 'ECONNREFUSED', null);
  failedAs('/reset-mid', 'ECONNRESET', reset.received());
  failedAs('/never', 'timeout', target.received('/never'));
  failedAs('/slow-headers', 'timeout', target.received('/slow-headers'));
  failedAs('/endless-body', 'timeout', target.received('/endless-body'));
  const huge = by.get('/huge');
  assert.ok(huge !== undefined && huge.n > 0);
  assert.equal(huge.errors.size, 0, 'huge bodies are read in full, not failures');
  assert.equal(huge.n, target.received('/huge'));
  assert.deepEqual(new Set(huge.bytes), new Set([HUGE_BYTES]), 'each counted with its full size');
  assert.deepEqual(rec.messages(), [], 'no exception reached user code');
  // undici checks header and body timeouts on a 1 s tick, so 0.3 s fires after 0.3–1.3 s; the 60 s default would give none.
  for (const name of ['/never', '/slow-headers', '/endless-body']) assert.ok((by.get(name)?.n ?? 0) >= 2, `${name}: the per-request timeout applies, not the 60 s default`);
});

void test('a refused target during a whole run leaves no socket behind, whatever the number of attempts', async () => {
  const refused = `http://127.0.0.1:${await freePort()}`;
  const baseline = openSockets();
  class Hammer extends HttpUser {
    @task async go(): Promise<void> { await this.client.get('/x'); }
  }
  const rec = new ListRecorder();
  const runner = liveRunner({ classes: [describeUserClass(Hammer)], host: refused, recorder: rec, clock: systemClock, logger: silentLogger, stopTimeoutMs: 0 });
  runner.setTarget({ Hammer: 20 }, 1000);
  await until(() => rec.samples.length >= 2000, 10_000, '2 000 refused requests');
  await runner.stop();
  await until(() => openSockets() <= baseline, 5000, 'sockets back to baseline');
  assert.ok(rec.samples.every((s) => s.error === 'ECONNREFUSED'));
});
