import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCountingServer, type RecordedRequest } from '../helpers/index.js';
import { byUser, countOf, dump, gapsMs, loadfile, median, runWithJson } from './harness.js';

// Timing is measured where it is felt: at the target, from the arrival time of each user's requests
// (users are told apart by the x-e2e-user header). Medians are checked closely, since one stalled
// request moves them little; bounds that a loaded machine can push leave room for it.

/** Gaps between consecutive requests of the same user, for every user that hit `path`. */
function userGaps(requests: readonly RecordedRequest[], path: string): { users: number; gaps: number[] } {
  const users = byUser(requests, path);
  return { users: users.size, gaps: [...users.values()].flatMap((list) => gapsMs(list)) };
}

function fmt(values: readonly number[]): string {
  return values.map((v) => v.toFixed(1)).join(', ');
}

void test('each wait helper spaces a user\'s tasks as documented: between, constant, constantPacing, constantThroughput', async (t) => {
  const target = await startCountingServer({
    routes: { '/constant': { latencyMs: 200 }, '/pacing': { latencyMs: 200 }, '/throughput': { latencyMs: 50 } },
  });
  t.after(() => target.close());
  const { result, summary } = await runWithJson([
    '-f', loadfile('waits'), '-H', target.url, '-u', '8', '-r', '100', '-t', '3s', '--only-summary',
  ]);
  assert.equal(result.code, 0, dump(result));
  assert.equal(summary.totals.count, target.received(), 'every request the target received is counted');
  for (const path of ['/between', '/constant', '/pacing', '/throughput']) {
    assert.equal(countOf(summary, 'GET', path), target.received(path), `count of ${path}`);
  }
  const requests = target.requests();

  // constant(0.4) after a 200 ms answer: a task starts every 600 ms (the wait follows the task).
  const constant = userGaps(requests, '/constant');
  assert.equal(constant.users, 2);
  assert.ok(constant.gaps.length >= 4, `constant: gaps ${fmt(constant.gaps)}`);
  // The wait starts when the answer is in, so no gap can be shorter, whatever the machine's load.
  // A busy machine adds its timer lateness (server and client) to every gap, so the top only tells
  // 600 from a wait counted twice (1000); on a quiet machine the gaps are 600–605 ms.
  assert.ok(Math.min(...constant.gaps) >= 597, `constant(0.4) + 200 ms: gaps ${fmt(constant.gaps)}`);
  assert.ok(median(constant.gaps) <= 780, `constant(0.4) + 200 ms: gaps ${fmt(constant.gaps)}`);

  // constantPacing(0.4) with the same 200 ms answer: a task STARTS every 400 ms. The schedule is
  // absolute, so a late arrival (the first one also opens the connection) is followed by an early
  // one: the median stays at 400.
  const pacing = userGaps(requests, '/pacing');
  assert.equal(pacing.users, 2);
  assert.ok(pacing.gaps.length >= 8, `pacing: gaps ${fmt(pacing.gaps)}`);
  assert.ok(Math.abs(median(pacing.gaps) - 400) <= 15, `constantPacing(0.4): gaps ${fmt(pacing.gaps)}`);

  // constantThroughput(5) after a 50 ms answer: 5 task starts per second, every 200 ms.
  const throughput = userGaps(requests, '/throughput');
  assert.equal(throughput.users, 2);
  assert.ok(throughput.gaps.length >= 16, `throughput: gaps ${fmt(throughput.gaps)}`);
  assert.ok(Math.abs(median(throughput.gaps) - 200) <= 10, `constantThroughput(5): gaps ${fmt(throughput.gaps)}`);

  // between(0.1, 0.3) after an instant answer: uniform waits from 100 to 300 ms, median 200 (with
  // about 28 gaps, its standard error is about 14 ms), never under 100, and not all alike.
  const between = userGaps(requests, '/between');
  assert.equal(between.users, 2);
  assert.ok(between.gaps.length >= 14, `between: gaps ${fmt(between.gaps)}`);
  assert.ok(Math.min(...between.gaps) >= 98, `between(0.1, 0.3): gaps ${fmt(between.gaps)}`);
  assert.ok(Math.max(...between.gaps) - Math.min(...between.gaps) >= 60, `between(0.1, 0.3) varies: gaps ${fmt(between.gaps)}`);
  assert.ok(Math.abs(median(between.gaps) - 200) <= 60, `between(0.1, 0.3): gaps ${fmt(between.gaps)}`);
});

void test('-r 5 starts one user every 200 ms: 6 users arrive over 1 s', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const { result, summary } = await runWithJson([
    '-f', loadfile('spawn'), '-H', target.url, '-u', '6', '-r', '5', '-t', '2.5s', '--only-summary',
  ]);
  assert.equal(result.code, 0, dump(result));
  // Each user makes one request as it starts and then waits 60 s, so the count is exactly the users.
  assert.equal(target.received('/hello'), 6);
  assert.equal(countOf(summary, 'GET', '/hello'), 6);
  assert.deepEqual([summary.run.users, summary.run.spawnRate], [6, 5]);
  const firsts = [...byUser(target.requests(), '/hello').values()].map((list) => (list[0] as RecordedRequest).at).sort((a, b) => a - b);
  assert.equal(firsts.length, 6, 'six distinct users');
  const gaps = gapsMs(firsts);
  // The schedule is absolute (user k is due at k × 200 ms), so a late start does not push the
  // others: the median gap stays at 200 ms. The span tells -r 5 from -r 4 (1250 ms) or -r 10 (500 ms).
  assert.ok(Math.abs(median(gaps) - 200) <= 30, `arrival gaps ${fmt(gaps)} ms`);
  const span = (firsts.at(-1) as number) - (firsts[0] as number);
  assert.ok(span >= 850 && span <= 1200, `6 users at 5/s span ${span.toFixed(1)} ms (expected 1000); gaps ${fmt(gaps)}`);
});
