import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCountingServer } from '../../helpers/index.js';
import { FakeWorker } from './fake-worker.js';
import { startLinkProxy } from './link-proxy.js';
import { cleanup, countOf, dump, readSummary, startMaster, startWorker, taggedLoadfile, tempDir, usersPerWorker, waitConnected, writeLoadfile } from './harness.js';

after(cleanup);

/** How long the link stays cut: long enough for a report or two to be made while it is down. */
const CUT_MS = 2000;

/** Long enough for the master's liveness check (every 500 ms) to run twice. */
const LIVENESS_CHECKS_MS = 1200;

/** How long the master's acks are held back before the cut: the reports of that time reach the master but stay unacked. */
const HOLD_MS = 1500;

void test('a worker whose acks are held, then whose link drops for 2 s mid-run, reconnects, resends its unacked reports; the counts stay exact', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('reconnect');
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(0.1)), '-H', target.url, '--expect-workers', '2', '--expect-workers-max-wait', '30s',
    '-u', '20', '-r', '40', '--only-summary', '--json', json,
  ]);
  const proxy = await startLinkProxy(master.port);
  t.after(() => proxy.close());
  const cutOff = startWorker(proxy.port, 'cut-off');
  const direct = startWorker(master.port, 'direct');
  await waitConnected(master.proc, ['cut-off', 'direct']);

  await target.waitForRequests(100, { path: '/w/cut-off', timeoutMs: 20_000 });
  // Reports sent from now on reach the master, but their acks do not reach the worker: after the
  // reconnect it sends them again, and the master must apply each seq once.
  proxy.holdMasterToWorker();
  await sleep(HOLD_MS);
  const atCut = target.received('/w/cut-off');
  await proxy.cut(CUT_MS);
  const whileCut = target.received('/w/cut-off') - atCut;
  assert.ok(whileCut > 0, 'the cut-off worker kept sending requests while its link was down');
  assert.ok(proxy.refused() >= 1, 'it tried to reconnect while the link was cut');
  await master.proc.waitForOutput('worker reconnected worker=cut-off', { stream: 'stderr', timeoutMs: 15_000 });
  await cutOff.waitForOutput('lost the master connection; reconnecting', { stream: 'stderr', timeoutMs: 1000 });
  await target.waitForRequests(target.received('/w/cut-off') + 20, { path: '/w/cut-off', timeoutMs: 15_000 });

  // No -t: the run ends when the test has seen all of the above, however slow the machine is.
  // A run stopped by SIGTERM ends normally with the code it earned (0: no failures).
  master.proc.kill('SIGTERM');
  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  assert.doesNotMatch(m.stdout, /Lost workers/);
  assert.doesNotMatch(m.stderr, /worker lost/);
  const summary = readSummary(json);
  t.diagnostic(`cut-off: ${whileCut} requests made while the link was down; ${proxy.refused()} connection attempts refused`);
  assert.equal(countOf(summary, '/w/cut-off'), target.received('/w/cut-off'), 'every report of the cut-off worker was applied once');
  assert.equal(countOf(summary, '/w/direct'), target.received('/w/direct'));
  assert.equal(summary.totals.count, target.received());
  assert.equal(summary.run.lostReports, 0);
  assert.deepEqual(usersPerWorker(summary), { 'cut-off': 10, direct: 10 });
  assert.equal((await cutOff.exited).code, 0);
  assert.equal((await direct.exited).code, 0);
});

// Regression: the master counted a dropped worker's silence from its last *report*; an idle worker
// (no run yet, so no report ever) was declared lost at the next liveness check after its
// connection dropped. A hand-spoken worker makes the moment of the drop exact.
void test('an idle worker whose connection drops before the run is missing, not lost, and takes part when it comes back', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('idle-drop');
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(0.1)), '-H', target.url, '--expect-workers', '2', '--expect-workers-max-wait', '30s',
    '-u', '4', '-r', '40', '-t', '1s', '--only-summary', '--json', json,
  ]);
  const instance = 'idle-process-1';
  const first = await FakeWorker.open(master.port, undefined);
  const hash = await first.join('idle', instance);
  first.terminate(); // TCP gone without a close frame: 1006 on the master, as when a cable is pulled
  await master.proc.waitForOutput('worker connection closed; waiting for it to reconnect worker=idle', { stream: 'stderr', timeoutMs: 10_000 });
  await sleep(LIVENESS_CHECKS_MS);

  const again = await FakeWorker.open(master.port, undefined);
  await again.rejoin('idle', instance, hash);
  await master.proc.waitForOutput('worker reconnected worker=idle wasLost=false', { stream: 'stderr', timeoutMs: 10_000 });
  const other = startWorker(master.port, 'other');
  await again.playRun([1000, 2000, 3000], '/from-idle');

  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  assert.doesNotMatch(m.stderr, /worker lost/);
  assert.doesNotMatch(m.stdout, /Lost workers/);
  const summary = readSummary(json);
  assert.deepEqual(usersPerWorker(summary), { idle: 2, other: 2 });
  assert.equal(countOf(summary, '/from-idle'), 3);
  assert.equal(countOf(summary, '/w/other'), target.received());
  assert.equal((await other.exited).code, 0);
});
