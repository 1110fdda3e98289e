/**
 * A standalone run's own worker processes (--processes) that crash: the master hears of it from
 * the process exit, marks the worker lost at once (not after the heartbeat timeout) and applies
 * --on-worker-loss; when no local worker is left, the run ends with exit 4 instead of running on
 * with nothing and exiting 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, startCountingServer } from '../../helpers/index.js';
import { dump, readSummary, tempDir, writeLoadfile } from '../distributed/harness.js';

/** Users of the worker whose --worker-id is `crashId` SIGKILL their process after 20 requests. */
const LOADFILE = `import { HttpUser, constant, task } from 'stampede';
let n = 0;
export class Crasher extends HttpUser {
  waitTime = constant(0.02);
  @task async t(): Promise<void> {
    await this.client.get('/work');
    if (++n === 20 && process.argv.includes(process.env.CRASH_ID ?? '')) process.kill(process.pid, 'SIGKILL');
  }
}
`;

void test('--processes 2, one crashes: it is lost at once, its users move to the other, the run goes on to the end (exit 0)', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('local-crash');
  const json = join(dir, 'summary.json');
  const r = await runCli(['-f', writeLoadfile(dir, LOADFILE), '-H', target.url, '-u', '4', '-r', '100', '-t', '4s', '--processes', '2', '--headless', '--only-summary', '--no-web', '--json', json], {
    timeoutMs: 60_000,
    env: { CRASH_ID: 'local-2' },
  });
  assert.equal(r.code, 0, dump(r));
  assert.match(r.stderr, /a local worker process exited during the run.*worker=local-2 exit=signal SIGKILL/);
  assert.match(r.stderr, /worker lost worker=local-2 why=its process exited \(signal SIGKILL\) policy=rebalance/);
  assert.doesNotMatch(r.stderr, /no heartbeat/);
  const summary = readSummary(json);
  assert.deepEqual(summary.run.workers.map((w) => [w.id, w.state]).sort(), [['local-1', 'ready'], ['local-2', 'lost']]);
  assert.ok(summary.totals.count <= target.received() && summary.totals.count > 20, `${summary.totals.count} of ${target.received()}`);
});

void test('--processes 1 and it crashes: the run ends at once with exit 4 and says why', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('local-crash-all');
  const r = await runCli(['-f', writeLoadfile(dir, LOADFILE), '-H', target.url, '-u', '2', '-r', '100', '-t', '60s', '--processes', '1', '--headless', '--only-summary', '--no-web'], {
    timeoutMs: 60_000,
    env: { CRASH_ID: 'local-1' },
  });
  assert.equal(r.code, 4, dump(r));
  assert.match(r.stderr, /stampede: run aborted: every local worker process exited \(the last: local-1, signal SIGKILL\); see the errors above/);
  assert.ok(r.durationMs < 30_000, `ended after ${Math.round(r.durationMs)} ms, not at the 60 s run time`);
});
