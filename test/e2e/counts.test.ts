import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCountingServer } from '../helpers/index.js';
import { byUser, countOf, dump, loadfile, runWithJson, usersPerProcess } from './harness.js';

// Counts are exact: every request the target received is in stampede's count, once. At the stop,
// requests already in flight finish and are recorded (even with the default --stop-timeout 0), so
// the runs below use the defaults.

void test('the target received exactly the requests stampede counted, per endpoint; tasks weighted 3:1 run 3:1', async (t) => {
  const target = await startCountingServer({ logLimit: 100_000 });
  t.after(() => target.close());
  const { result, summary } = await runWithJson([
    '-f', loadfile('weighted'), '-H', target.url, '-u', '10', '-r', '100', '-t', '2s', '--only-summary',
  ]);
  assert.equal(result.code, 0, dump(result));
  const heavy = countOf(summary, 'GET', '/heavy');
  const light = countOf(summary, 'GET', '/light');
  assert.equal(summary.totals.count, target.received(), `stampede counted ${summary.totals.count}, the target received ${target.received()}`);
  assert.equal(heavy, target.received('/heavy'));
  assert.equal(light, target.received('/light'));
  assert.equal(summary.totals.count, heavy + light);
  assert.equal(summary.totals.failures, 0, dump(result));
  assert.equal(summary.run.users, 10);
  assert.equal(byUser(target.requests()).size, 10, '10 distinct virtual users sent requests');

  // Each task pick is heavy with p = 3/4: allow 5 standard deviations of the binomial count.
  const n = heavy + light;
  assert.ok(n >= 200, `10 users for 2 s with a 10 ms wait ran only ${n} tasks`);
  const sd = Math.sqrt(n * 0.75 * 0.25);
  assert.ok(Math.abs(heavy - 0.75 * n) <= 5 * sd, `heavy ${heavy} of ${n} tasks: expected ${0.75 * n} ± ${(5 * sd).toFixed(1)}`);
});

void test('--processes 2 splits 5 users 3/2 across two worker processes and the count stays exact', async (t) => {
  const target = await startCountingServer({ logLimit: 100_000 });
  t.after(() => target.close());
  const { result, summary } = await runWithJson([
    '-f', loadfile('weighted'), '-H', target.url, '-u', '5', '-r', '100', '-t', '2s', '--processes', '2', '--only-summary',
  ]);
  assert.equal(result.code, 0, dump(result));
  assert.equal(summary.totals.count, target.received(), `stampede counted ${summary.totals.count}, the target received ${target.received()}`);
  assert.equal(countOf(summary, 'GET', '/heavy'), target.received('/heavy'));
  assert.equal(countOf(summary, 'GET', '/light'), target.received('/light'));

  // Seen from the target: two worker processes, running 3 and 2 users.
  const perProcess = [...usersPerProcess(target.requests()).values()].sort();
  assert.deepEqual(perProcess, [2, 3], `users per worker process: ${JSON.stringify(perProcess)}`);
  // Seen from the summary: two workers, the same shares.
  assert.equal(summary.run.workers.length, 2, JSON.stringify(summary.run.workers));
  const shares = summary.run.workers.map((w) => w.users.WeightedUser ?? 0).sort();
  assert.deepEqual(shares, [2, 3], `run.workers[].users: ${JSON.stringify(summary.run.workers)}`);
  assert.ok(/local-1/.test(result.stdout) && /local-2/.test(result.stdout), `the worker table lists both workers\n${dump(result)}`);
});

void test('requests in flight at the stop are drained and counted with the default --stop-timeout 0, and no new one starts', async (t) => {
  // Every answer takes 700 ms and users do not wait, so each user always has a request in flight:
  // with -t 2s each sends at about 0, 700 and 1400 ms, and the stop (about 2000 ms) lands in the
  // middle of the third request. It must be waited for and counted, and no fourth one sent.
  const target = await startCountingServer({ routes: { '/timed': { latencyMs: 700 } } });
  t.after(() => target.close());
  const users = 3;
  const { result, summary } = await runWithJson(['-f', loadfile('timed'), '-H', target.url, '-u', String(users), '-r', '100', '-t', '2s', '--only-summary']);
  assert.equal(result.code, 0, dump(result));
  assert.equal(summary.totals.failures, 0);
  const numbers = `received ${target.received()}, answered ${target.answered()}, counted ${summary.totals.count}`;
  assert.equal(summary.totals.count, target.received(), numbers);
  assert.equal(target.answered(), target.received(), `every request was answered before the connections closed: ${numbers}`);
  const perUser = [...byUser(target.requests()).values()].map((list) => list.length);
  assert.equal(perUser.length, users);
  for (const n of perUser) assert.ok(n >= 2 && n <= 4, `requests per user ${JSON.stringify(perUser)}: about 2 s / 700 ms`);
});
