/**
 * Thresholds end to end, on distributed runs (a master and 2 local worker processes) against a
 * server with known latencies: /fast answers after 2 ms, /slow after 30 ms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/index.js';
import { budgetServer, dump, reportsLoadfile, RUN_TIMEOUT_MS, runInDir, summaryOf } from './run.js';

const BASE = ['-f', reportsLoadfile('budget'), '-u', '4', '-r', '100', '--processes', '2', '--only-summary'];

void test('a threshold that must fail exits 3, and wins over failed requests (which alone exit 1)', async (t) => {
  const target = await budgetServer(t, { '/fast': { latencyMs: 2, status: 500 } });
  const run = await runInDir(t, [...BASE, '-H', target.url, '-t', '2s', '--threshold', 'GET /slow: p(95)<10']);
  assert.equal(run.result.code, 3, dump(run.result));
  const s = summaryOf(run);
  assert.ok(s.totals.failures > 0, 'requests failed too');
  assert.equal(s.run.exitCode, 3);
  const slow = s.thresholds.find((x) => x.expression === 'p(95)<10')!;
  assert.equal(slow.ok, false);
  assert.ok(slow.observed !== null && slow.observed >= 25, `observed ${slow.observed} ms against a 30 ms server`);
  const ratio = s.thresholds.find((x) => x.expression === 'fail_ratio<0.01')!;
  assert.deepEqual([ratio.origin, ratio.ok], ['loadfile', false]);
  assert.ok(ratio.observed !== null && Math.abs(ratio.observed - s.totals.failRatio) < 1e-6);
  assert.match(run.result.stdout, /GET \/slow\s+p\(95\)<10\s+\|\s+\d+ ms \| FAIL\n/);
  assert.match(run.result.stdout, /2 of 4 thresholds crossed\n/);
});

void test('thresholds that must pass exit 0, with the loadfile ones judged too', async (t) => {
  const target = await budgetServer(t);
  const run = await runInDir(t, [...BASE, '-H', target.url, '-t', '2s', '--threshold', 'GET /slow: p(95)<1s', '--threshold', 'GET /fast: p(99.9)<1000;rps>1']);
  assert.equal(run.result.code, 0, dump(run.result));
  const s = summaryOf(run);
  assert.deepEqual(s.thresholds.map((x) => [x.scope, x.expression, x.ok]), [
    ['GET /slow', 'p(95)<1s', true],
    ['GET /fast', 'p(99.9)<1000', true],
    ['global', 'rps>1', true],
    ['GET /slow', 'min>=25', true],
    ['GET /slow', 'p(95)<2s', true],
    ['global', 'fail_ratio<0.01', true],
  ]);
  assert.match(run.result.stdout, /All 6 thresholds passed\n/);
});

void test('abortOnFail stops the run once delayAbortEval has passed, and exits 3', async (t) => {
  const target = await budgetServer(t);
  const run = await runInDir(t, [...BASE, '-H', target.url, '-t', '30s', '--threshold', 'GET /slow: p(95)<10 abortOnFail delayAbortEval=1s']);
  assert.equal(run.result.code, 3, dump(run.result));
  const s = summaryOf(run);
  assert.ok(s.run.durationS >= 1 && s.run.durationS < 10, `the run lasted ${s.run.durationS} s of its 30 s`);
  assert.match(s.run.abortReason ?? '', /^threshold GET \/slow: p\(95\)<10 was crossed \d+\.\d s into the run \(observed \d+ ms\) and has abortOnFail$/);
  assert.match(run.result.stdout, /Run aborted: threshold GET \/slow: p\(95\)<10 was crossed/);
  assert.match(run.result.stderr, /stampede: run aborted: threshold GET \/slow/);
});

void test('bad thresholds exit 2 before anything runs, pointing at the bad part', async () => {
  const cli = await runCli(['--headless', '-f', reportsLoadfile('budget'), '-H', 'http://127.0.0.1:9', '--threshold', 'p(95)<500', '--threshold', 'GET /x: p(95)<50x'], { timeoutMs: RUN_TIMEOUT_MS });
  assert.equal(cli.code, 2, dump(cli));
  assert.match(cli.stderr, /invalid threshold "GET \/x: p\(95\)<50x" \(--threshold\): unknown unit 'x' for p\(N\)/);
  assert.ok(cli.stderr.includes(`\n  GET /x: p(95)<50x\n  ${' '.repeat(16)}^\n`), cli.stderr);

  const file = await runCli(['--headless', '-f', reportsLoadfile('bad-thresholds'), '-H', 'http://127.0.0.1:9'], { timeoutMs: RUN_TIMEOUT_MS });
  assert.equal(file.code, 2, dump(file));
  assert.match(file.stderr, /loadfile thresholds\["global"\]\[1\]\): unknown unit 'parsecs'/);
  assert.match(file.stderr, /invalid thresholds key 'GET\/nospace'/);
});
