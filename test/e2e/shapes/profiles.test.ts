import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCountingServer } from '../../helpers/index.js';
import { dump } from '../harness.js';
import { perProcess, runShape, userOf } from './shape-run.js';

void test('--profile smoke -t 3s -u 3: the overrides win (3 users, 3 s) and the profile keeps its spawn rate', async (t) => {
  const target = await startCountingServer({ logLimit: 100_000 });
  t.after(() => target.close());
  const { result, summary } = await runShape('paced', target.url, ['--profile', 'smoke', '-t', '3s', '-u', '3']);
  assert.equal(result.code, 0, dump(result));
  assert.deepEqual([summary.run.users, summary.run.spawnRate, summary.run.runTimeS], [3, 1, 3], JSON.stringify(summary.run));
  assert.equal(summary.run.loadShape, 'steady');
  assert.ok(summary.run.durationS >= 2.9 && summary.run.durationS <= 4.5, `the run lasted ${summary.run.durationS} s; -t 3s`);
  assert.equal(summary.totals.count, target.received(), `stampede counted ${summary.totals.count}, the target received ${target.received()}`);
  const users = new Set(target.requests().map(userOf));
  assert.deepEqual(perProcess(users), [1, 1, 1], `users: ${[...users].join(', ')}`);
});

/**
 * A target whose latency depends on how many clients are connected (each virtual user keeps one
 * keep-alive connection): 2 ms up to `fastUpTo` connections, `slowMs` beyond. Records the most
 * connections it saw at once.
 */
async function crowdSensitiveTarget(fastUpTo: number, slowMs: number): Promise<{ url: string; maxConnections(): number; close(): Promise<void> }> {
  let open = 0;
  let most = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const delay = open > fastUpTo ? slowMs : 2;
    req.resume();
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.end('ok');
    }, delay);
    timers.add(timer);
  });
  server.on('connection', (socket) => {
    open++;
    most = Math.max(most, open);
    socket.once('close', () => open--);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    maxConnections: () => most,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

void test('--profile breakpoint adds 2 users a step until p95 > 200 ms, then names the last good step (4 users) and stops', async (t) => {
  // Up to 4 users the answers take 2 ms; from the 5th user on they take 300 ms.
  const target = await crowdSensitiveTarget(4, 300);
  t.after(() => target.close());
  // Each step is held 2 s: the check at its end reads the merged reports, which arrive once a second,
  // so a step needs more than a report interval for its own latencies to be in the check.
  const { result, summary } = await runShape('paced', target.url, [
    '--profile', 'breakpoint', '--step-users', '2', '--step-time', '2s', '-u', '10', '--stop-when', 'p95>200ms',
  ]);
  assert.equal(result.code, 0, dump(result));
  assert.equal(summary.run.loadShape, 'breakpoint');
  const outcome = summary.run.shapeOutcome ?? '';
  const m = /^Breakpoint: last good step: 4 users at ([\d.]+) req\/s, p95 ([\d.]+) ms; broke at 6 users: p95>200ms \(observed ([\d.]+)\)$/.exec(outcome);
  assert.ok(m !== null, `run.shapeOutcome: ${outcome}\n${dump(result)}`);
  const [rps, p95, observed] = [Number(m[1]), Number(m[2]), Number(m[3])];
  assert.ok(p95 < 200, `the last good step's p95 ${p95} ms is under the limit`);
  assert.ok(rps > 5, `the last good step ran ${rps} req/s`);
  assert.ok(observed >= 290, `the step that broke saw p95 ${observed} ms (the target answers in 300 ms there)`);
  assert.match(result.stdout, /Breakpoint: last good step: 4 users/, 'the console summary names the last good step');

  // The run stopped at the break: it never went on to 8 users.
  assert.equal(target.maxConnections(), 6, `the most connections the target saw at once: ${target.maxConnections()}`);
  assert.ok(Math.max(...summary.timeSeries.points.map((p) => p.users)) === 6, `time series users: ${summary.timeSeries.points.map((p) => p.users).join(', ')}`);
});
