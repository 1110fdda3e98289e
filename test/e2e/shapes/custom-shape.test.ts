import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCountingServer } from '../../helpers/index.js';
import { dump } from '../harness.js';
import { firstAt, perProcess, pidOf, runShape, usersBetween, userOf } from './shape-run.js';

// loadfiles/steps-shape.ts: shape() asks for 9 users until 2 s, 21 until 5 s, 3 until 8 s, then
// returns null. Across 3 workers that is 3/3/3, then 7/7/7, then 1/1/1, then the end of the run.

void test("the loadfile's shape() goes 9 → 21 → 3 users across 3 workers (3/3/3, 7/7/7, 1/1/1), then null stops the run", async (t) => {
  const target = await startCountingServer({ logLimit: 100_000 });
  t.after(() => target.close());
  const { result, summary } = await runShape('steps-shape', target.url, []);

  // null ends the run: the process stops its workers and exits by itself, with 0.
  assert.equal(result.code, 0, dump(result));
  assert.match(result.stderr, /the load shape ended the run/, dump(result));
  assert.equal(summary.run.loadShape, 'shape');
  assert.equal(summary.run.shapeOutcome, null);
  assert.equal(summary.run.abortReason, null);
  assert.ok(summary.run.durationS >= 7.9 && summary.run.durationS <= 10.5, `the run lasted ${summary.run.durationS} s; shape() returns null from 8 s\n${dump(result)}`);
  assert.equal(summary.totals.count, target.received(), `stampede counted ${summary.totals.count}, the target received ${target.received()}`);
  assert.equal(summary.totals.failures, 0, dump(result));

  // The last step, per worker, as the summary records it.
  const workers = summary.run.workers;
  assert.equal(workers.length, 3, JSON.stringify(workers));
  assert.deepEqual(workers.map((w) => w.users.StepUser ?? -1), [1, 1, 1], `run.workers[].users: ${JSON.stringify(workers)}`);
  assert.equal(summary.run.users, 3);

  // The master's view once a second: 9, then 21, then 3 users, in that order.
  const users = summary.timeSeries.points.map((p) => p.users);
  const at9 = users.indexOf(9);
  const at21 = users.indexOf(21);
  const at3 = users.lastIndexOf(3);
  assert.ok(at9 >= 0 && at21 > at9 && at3 > at21, `time series users: ${users.join(', ')}`);
  assert.equal(Math.max(...users), 21, `time series users: ${users.join(', ')}`);

  // The target's view. 21 distinct users were ever started, 7 per worker process.
  const requests = target.requests();
  const all = new Set(requests.map(userOf));
  assert.equal(all.size, 21, `distinct users: ${all.size}`);
  assert.deepEqual(perProcess(all), [7, 7, 7]);
  // The first step (9 users until about 2.5 s): 3 per worker.
  const first = usersBetween(requests, 0, 1200);
  assert.deepEqual(perProcess(first), [3, 3, 3], `users active in the first 1.2 s: ${[...first].join(', ')}`);
  // The middle step: all 21 at once.
  const middle = usersBetween(requests, 3200, 4800);
  assert.deepEqual(perProcess(middle), [7, 7, 7], `users active 3.2–4.8 s after the first request: ${[...middle].join(', ')}`);
  // The last step: one user per worker, the first one each started (ramp-down removes the newest).
  const last = requests.at(-1);
  assert.ok(last !== undefined);
  const lastMs = last.at - firstAt(requests);
  const end = [...usersBetween(requests, lastMs - 800, lastMs + 1)].sort();
  assert.deepEqual(perProcess(end), [1, 1, 1], `users active in the last 0.8 s: ${end.join(', ')}`);
  assert.deepEqual(end.map((u) => u.slice(pidOf(u).length)), ['/1', '/1', '/1'], `the users left are each worker's first: ${end.join(', ')}`);
});
