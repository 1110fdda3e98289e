/**
 * Crashes of real worker processes mid-run (docs/guarantees.md):
 * - SIGKILL: only the interval under way (and a report on the wire) may be lost, and the summary
 *   says how many reports were lost;
 * - SIGTERM: the worker stops its users, flushes its final report and leaves: nothing is lost;
 * - a killed worker restarted with the same id rejoins as a new process and takes its share again.
 * SIGTERM to the master is test/integration/distributed/sigterm.test.ts.
 */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { JsonSummary } from '../../../src/report/index.js';
import { startCountingServer, type CliResult, type CountingServer } from '../../helpers/index.js';
import { cleanup, countOf, dump, readSummary, startMaster, startWorker, taggedLoadfile, tempDir, until, usersPerWorker, waitConnected, writeLoadfile, type MasterProcess } from '../distributed/harness.js';

after(cleanup);

/** Each user waits this long after each request: at most 1 / WAIT_S requests a second per user. */
const WAIT_S = 0.1;
const USERS = 10;
/** A report interval's worth of requests of one worker with USERS / 2 users, plus one in flight per user. */
const PER_INTERVAL = (USERS / 2) / WAIT_S + USERS / 2;

interface CrashRun {
  target: CountingServer;
  master: MasterProcess;
  /** SIGTERM to the master; resolves with its exit (asserted 0) and its JSON summary. */
  finish(): Promise<{ m: CliResult; summary: JsonSummary }>;
}

/** A counting target and a master that waits for 2 workers to run USERS users against it. */
async function startCrashRun(t: TestContext, name: string, flags: readonly string[]): Promise<CrashRun> {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir(name);
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(WAIT_S)), '-H', target.url, '--expect-workers', '2', '--expect-workers-max-wait', '30s',
    '-u', String(USERS), '-r', '100', ...flags, '--only-summary', '--json', json,
  ]);
  const finish = async (): Promise<{ m: CliResult; summary: JsonSummary }> => {
    master.proc.kill('SIGTERM');
    const m = await master.proc.exited;
    assert.equal(m.code, 0, dump(m));
    return { m, summary: readSummary(json) };
  };
  return { target, master, finish };
}

void test('SIGKILL of a worker: the summary counts 1 lost report, and at most that interval (plus one on the wire) is missing', async (t) => {
  const { target, master, finish } = await startCrashRun(t, 'kill', ['--heartbeat-timeout', '2s']);
  const victim = startWorker(master.port, 'victim');
  const survivor = startWorker(master.port, 'survivor');
  await waitConnected(master.proc, ['victim', 'survivor']);
  await target.waitForRequests(100, { path: '/w/victim', timeoutMs: 20_000 });
  victim.kill('SIGKILL');
  await master.proc.waitForOutput(/worker lost worker=victim why=heartbeat timeout/, { stream: 'stderr', timeoutMs: 10_000 });
  await until(() => target.connections() === USERS, 10_000, 'the survivor runs every user');
  await target.waitForRequests(target.received('/w/survivor') + 30, { path: '/w/survivor', timeoutMs: 10_000 });

  const { m, summary } = await finish();
  assert.equal(summary.run.lostReports, 1, 'the interval the victim had under way');
  assert.match(m.stdout, /^Lost reports: 1 \(interval reports that never reached the master/m);
  assert.equal(countOf(summary, '/w/survivor'), target.received('/w/survivor'), 'the survivor is counted exactly');
  const missing = target.received('/w/victim') - countOf(summary, '/w/victim');
  t.diagnostic(`victim: ${target.received('/w/victim')} sent, ${missing} never reported (bound ${2 * PER_INTERVAL})`);
  assert.ok(missing >= 0 && missing <= (summary.run.lostReports + 1) * PER_INTERVAL, `${missing} requests missing`);
  assert.equal(summary.totals.count, target.received() - missing);
  assert.equal((await survivor.exited).code, 0);
});

void test('SIGTERM of a worker mid-run: it flushes its final report and leaves; nothing is lost, its users move', async (t) => {
  const { target, master, finish } = await startCrashRun(t, 'term', []);
  const leaver = startWorker(master.port, 'leaver');
  const stayer = startWorker(master.port, 'stayer');
  await waitConnected(master.proc, ['leaver', 'stayer']);
  await target.waitForRequests(100, { path: '/w/leaver', timeoutMs: 20_000 });
  leaver.kill('SIGTERM');
  const l = await leaver.exited;
  assert.equal(l.code, 0, dump(l));
  assert.doesNotMatch(l.stderr, /leaving with reports the master has not acked/);
  await master.proc.waitForOutput(/worker left worker=leaver code=1000/, { stream: 'stderr', timeoutMs: 5000 });
  await until(() => target.connections() === USERS, 10_000, 'the stayer runs every user');
  await target.waitForRequests(target.received('/w/stayer') + 30, { path: '/w/stayer', timeoutMs: 10_000 });

  const { m, summary } = await finish();
  assert.equal(countOf(summary, '/w/leaver'), target.received('/w/leaver'), 'every request of the leaver was reported before it left');
  assert.equal(countOf(summary, '/w/stayer'), target.received('/w/stayer'));
  assert.equal(summary.totals.count, target.received());
  assert.equal(summary.run.lostReports, 0);
  assert.doesNotMatch(m.stdout, /Lost workers|Lost reports/);
  assert.deepEqual(usersPerWorker(summary), { leaver: 0, stayer: USERS });
  assert.equal((await stayer.exited).code, 0);
});

void test('a worker killed and restarted with the same id rejoins as a new process: fresh seqs, the bundle again, its share back', async (t) => {
  const { target, master, finish } = await startCrashRun(t, 'restart', ['--heartbeat-timeout', '30s']);
  // One id, two processes one after the other; the tag tells their requests apart at the target.
  const first = startWorker(master.port, 'phoenix', { env: { DIST_TEST_TAG: 'phoenix-1' } });
  const other = startWorker(master.port, 'other');
  await waitConnected(master.proc, ['phoenix', 'other']);
  await target.waitForRequests(100, { path: '/w/phoenix-1', timeoutMs: 20_000 });
  first.kill('SIGKILL');
  await master.proc.waitForOutput('worker connection closed; waiting for it to reconnect worker=phoenix', { stream: 'stderr', timeoutMs: 5000 });
  const second = startWorker(master.port, 'phoenix', { env: { DIST_TEST_TAG: 'phoenix-2' } });
  await master.proc.waitForOutput('worker reconnected worker=phoenix', { stream: 'stderr', timeoutMs: 15_000 });
  await second.waitForOutput('loadfile bundle loaded', { stream: 'stderr', timeoutMs: 15_000 });
  await target.waitForRequests(100, { path: '/w/phoenix-2', timeoutMs: 20_000 });

  const { m, summary } = await finish();
  assert.doesNotMatch(m.stderr, /already connected|worker lost/);
  assert.deepEqual(summary.run.workers.map((w) => w.id).sort(), ['other', 'phoenix'], 'one entry per id');
  assert.deepEqual(usersPerWorker(summary), { phoenix: USERS / 2, other: USERS / 2 }, 'the restarted process got its share back');
  assert.equal(countOf(summary, '/w/phoenix-2'), target.received('/w/phoenix-2'), 'the new process is counted exactly (its seq 1 is new data)');
  assert.equal(countOf(summary, '/w/other'), target.received('/w/other'));
  assert.equal(summary.run.lostReports, 1, 'the killed process lost the interval it had under way');
  const missing = target.received('/w/phoenix-1') - countOf(summary, '/w/phoenix-1');
  assert.ok(missing >= 0 && missing <= 2 * PER_INTERVAL, `${missing} requests of the killed process missing`);
  assert.equal((await second.exited).code, 0);
  assert.equal((await other.exited).code, 0);
});
