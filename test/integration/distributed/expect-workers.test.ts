import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { freePort, startCountingServer } from '../../helpers/index.js';
import { startLinkProxy } from './link-proxy.js';
import { cleanup, dump, readSummary, startMaster, startWorker, taggedLoadfile, tempDir, until, usersPerWorker, writeLoadfile } from './harness.js';

after(cleanup);

/** How long the tests watch for something that must not happen (requests before the 2nd worker). */
const QUIET_MS = 1500;

void test('--expect-workers 2 with one worker sends nothing; the run starts when the 2nd worker comes', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('expect2');
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(0.1)), '-H', target.url, '--expect-workers', '2',
    '-u', '4', '-r', '20', '-t', '1s', '--only-summary', '--json', json,
  ]);
  const w1 = startWorker(master.port, 'w1');
  await w1.waitForOutput('loadfile bundle loaded', { stream: 'stderr', timeoutMs: 20_000 });
  await sleep(QUIET_MS);
  assert.equal(target.received(), 0, 'no request while one worker of two is ready');
  assert.equal(master.proc.child.exitCode, null, 'the master still waits (no max wait was given)');

  const secondAt = performance.now();
  const w2 = startWorker(master.port, 'w2');
  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  const first = target.requests()[0];
  assert.ok(first !== undefined && first.at > secondAt, 'the first request came after the 2nd worker was started');
  const summary = readSummary(json);
  assert.equal(summary.totals.count, target.received());
  assert.deepEqual(usersPerWorker(summary), { w1: 2, w2: 2 });
  assert.equal((await w1.exited).code, 0);
  assert.equal((await w2.exited).code, 0);
});

void test('--expect-workers 3 --expect-workers-max-wait 2s with one worker exits 4 after about 2 s, saying 1 of 3 came', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('maxwait');
  // The worker starts first and connects through a proxy that holds its connection until the
  // master listens: it then joins at once, so "1 of 3" does not depend on process start-up times.
  let listening: (port: number) => void = () => undefined;
  const proxy = await startLinkProxy(new Promise<number>((resolve) => (listening = resolve)));
  t.after(() => proxy.close());
  const w1 = startWorker(proxy.port, 'only-one');
  await until(() => proxy.accepted() >= 1, 20_000, 'the worker connects to the proxy');

  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(0.1)), '-H', target.url, '--expect-workers', '3', '--expect-workers-max-wait', '2s',
    '-u', '3', '-t', '5s',
  ]);
  const listeningAt = performance.now();
  listening(master.port);
  const m = await master.proc.exited;
  const waited = performance.now() - listeningAt;
  assert.equal(m.code, 4, dump(m));
  assert.match(m.stderr, /gave up waiting for workers: 1 of 3 connected and ready within 2 s/);
  assert.ok(waited >= 1900 && waited < 10_000, `exited ${waited.toFixed(0)} ms after it started listening (max wait 2 s)`);
  assert.equal(target.received(), 0);
  const w = await w1.exited;
  assert.equal(w.code, 0, `the master told the worker to quit\n${dump(w)}`);
});

void test('workers started before the master retry with backoff and join when it comes', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('early');
  const json = join(dir, 'summary.json');
  const port = await freePort();
  const ids = ['early-1', 'early-2', 'early-3'];
  const workers = ids.map((id) => startWorker(port, id));
  await Promise.all(workers.map((w) => w.waitForOutput(/waiting for the master why=closed 1006/, { stream: 'stderr', timeoutMs: 20_000 })));
  await sleep(QUIET_MS); // let them fail a few more times and back off

  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(0.1)), '-H', target.url, '--expect-workers', '3', '--expect-workers-max-wait', '30s',
    '-u', '6', '-r', '30', '-t', '1s', '--only-summary', '--json', json,
  ], { bindPort: port });
  assert.equal(master.port, port);
  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  const summary = readSummary(json);
  assert.deepEqual(usersPerWorker(summary), { 'early-1': 2, 'early-2': 2, 'early-3': 2 });
  assert.equal(summary.totals.count, target.received());
  for (const w of workers) {
    const r = await w.exited;
    assert.equal(r.code, 0, dump(r));
    assert.match(r.stderr, /connected to master/);
  }
});
