import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startCountingServer } from '../../helpers/index.js';
import { cleanup, countOf, dump, readSummary, startMaster, startWorker, taggedLoadfile, tempDir, until, usersPerWorker, waitConnected, writeLoadfile } from './harness.js';

after(cleanup);

/** Each user waits this long after each request, so one user sends at most 1 / WAIT_S requests a second. */
const WAIT_S = 0.1;
const USERS = 30;
const PER_WORKER = USERS / 3;

/**
 * What the killed worker may have sent without the master hearing of it: the requests recorded
 * in the report interval under way when it died, plus a report that may have been on the wire
 * (two 1 s intervals), plus one request in flight per user. Its users send at most
 * PER_WORKER / WAIT_S = 100 requests a second, so the bound is 100 × 2 + 10 = 210.
 */
const UNREPORTED_BOUND = (PER_WORKER / WAIT_S) * 2 + PER_WORKER;

void test('SIGKILL of one of 3 workers mid-run: lost after the heartbeat timeout, its users rebalanced, the run completes', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('loss');
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(WAIT_S)), '-H', target.url, '--expect-workers', '3', '--expect-workers-max-wait', '30s',
    '-u', String(USERS), '-r', '60', '--heartbeat-timeout', '2s', '--only-summary', '--json', json,
  ]);
  const ids = ['w1', 'w2', 'w3'];
  const [w1, w2, w3] = ids.map((id) => startWorker(master.port, id));
  assert.ok(w1 && w2 && w3);
  await waitConnected(master.proc, ids);

  await target.waitForRequests(150, { path: '/w/w3', timeoutMs: 20_000 });
  w3.kill('SIGKILL');
  const killedAt = performance.now();
  const lost = await master.proc.waitForOutput(/worker lost worker=w3 why=heartbeat timeout policy=rebalance/, { stream: 'stderr', timeoutMs: 10_000 });
  const detectedAfter = performance.now() - killedAt;
  assert.ok(lost);
  // Silence counts from w3's last frame (a status or pong, about 1 s apart), so "lost" comes about
  // 1–2.5 s after the kill; the upper bound leaves room for a loaded machine.
  assert.ok(detectedAfter < 8000, `lost ${detectedAfter.toFixed(0)} ms after the kill (heartbeat timeout 2 s)`);
  // The survivors take over w3's users. Each user keeps one connection to the target, and w3's
  // died with it: back at 30 open connections, all 30 users run on w1 and w2.
  await until(() => target.connections() === USERS, 15_000, `${USERS} open connections to the target again`);
  await target.waitForRequests(target.received('/w/w1') + 30, { path: '/w/w1', timeoutMs: 15_000 });
  await target.waitForRequests(target.received('/w/w2') + 30, { path: '/w/w2', timeoutMs: 15_000 });

  // No -t: the run ends when the test has seen the rebalance, however slow the machine is. It
  // ends normally, with the summary and the code it earned (0: no failures).
  master.proc.kill('SIGTERM');
  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  assert.match(m.stdout, /^Lost workers: w3$/m);
  assert.match(m.stdout, /^w3 .* lost /m, 'the worker table shows w3 as lost');

  const summary = readSummary(json);
  assert.deepEqual(usersPerWorker(summary), { w1: 15, w2: 15, w3: 0 }, 'w3 had 10 users; they were started on w1 and w2');
  assert.equal(summary.run.workers.find((w) => w.id === 'w3')?.state, 'lost');

  for (const id of ['w1', 'w2']) {
    assert.equal(countOf(summary, `/w/${id}`), target.received(`/w/${id}`), `survivor ${id}: counts are exact`);
  }
  const reported = countOf(summary, '/w/w3');
  const sent = target.received('/w/w3');
  t.diagnostic(`w3: lost ${detectedAfter.toFixed(0)} ms after SIGKILL; sent ${sent}, reported ${reported}, unreported ${sent - reported} (bound ${UNREPORTED_BOUND})`);
  assert.ok(reported > 0, `the master kept what w3 reported before it died (${reported} of ${sent})`);
  assert.ok(sent >= reported, `w3: the target received ${sent}, the master counted ${reported}`);
  assert.ok(sent - reported <= UNREPORTED_BOUND, `w3: ${sent - reported} requests unreported, bound ${UNREPORTED_BOUND}`);
  assert.ok(target.received() >= summary.totals.count);
  assert.equal(target.received() - summary.totals.count, sent - reported, 'the only difference is what w3 never reported');

  for (const w of [w1, w2]) assert.equal((await w.exited).code, 0);
});
