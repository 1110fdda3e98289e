import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { JsonSummary } from '../../src/report/json-summary.js';
import { freePort, spawnCli, startCountingServer } from '../helpers/index.js';
import { dump, loadfile, RUN_TIMEOUT_MS, runWithJson, tempDir } from './harness.js';

// Runs without -t, stopped by a signal; and the demo target as its own command.

const tmp = tempDir('signals');
after(() => tmp.remove());

void test('SIGINT mid-run stops the users, prints the summary and exits 1 because requests failed', async (t) => {
  const target = await startCountingServer({ routes: { '/beta': { status: 500 } } });
  t.after(() => target.close());
  const json = tmp.file('sigint.json');
  const cli = spawnCli(['-f', loadfile('pair'), '-H', target.url, '-u', '2', '-r', '100', '--headless', '--only-summary', '--json', json], { timeoutMs: RUN_TIMEOUT_MS });
  t.after(() => cli.kill('SIGKILL'));
  await target.waitForRequests(10, { path: '/beta', timeoutMs: 20_000 });
  cli.kill('SIGINT');
  const r = await cli.exited;
  assert.equal(r.code, 1, dump(r));
  assert.match(r.stderr, /stopping the run signal=SIGINT/);
  assert.match(r.stdout, /^\s+Aggregated\s+\d+/m);
  assert.match(r.stdout, /^Response time percentiles/m);
  assert.match(r.stdout, /^\d+\s+GET \/beta: HTTP 500/m);
  const summary = JSON.parse(readFileSync(json, 'utf8')) as JsonSummary;
  assert.equal(summary.run.exitCode, 1);
  assert.equal(summary.run.runTimeS, null, 'no -t');
  assert.equal(summary.totals.count, target.received(), 'every request the target received is counted');
  assert.equal(summary.totals.failures, target.received('/beta'));
});

void test('SIGTERM mid-run without failures exits 0 with the summary', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const json = tmp.file('sigterm.json');
  const cli = spawnCli(['-f', loadfile('pair'), '-H', target.url, '-u', '1', '--headless', '--only-summary', '--json', json, 'Alpha'], { timeoutMs: RUN_TIMEOUT_MS });
  t.after(() => cli.kill('SIGKILL'));
  await target.waitForRequests(5, { timeoutMs: 20_000 });
  cli.kill('SIGTERM');
  const r = await cli.exited;
  assert.equal(r.code, 0, dump(r));
  assert.match(r.stdout, /^GET\s+\/alpha\s+\d+\s+0\(0\.00%\)/m);
  const summary = JSON.parse(readFileSync(json, 'utf8')) as JsonSummary;
  assert.deepEqual([summary.run.exitCode, summary.totals.failures], [0, 0]);
  assert.equal(summary.totals.count, target.received());
});

void test('stampede demo-target serves the demo API until SIGINT, and a run against it is counted exactly', async () => {
  const port = await freePort();
  const demo = spawnCli(['demo-target', '--port', String(port)], { timeoutMs: RUN_TIMEOUT_MS });
  try {
    await demo.waitForOutput(`demo target listening on http://127.0.0.1:${port}`, { stream: 'stdout', timeoutMs: 15_000 });
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });

    const { result, summary } = await runWithJson(['-f', 'examples/crud.ts', '-H', `http://127.0.0.1:${port}`, '-u', '4', '-r', '100', '-t', '2s', '--only-summary']);
    assert.equal(result.code, 0, dump(result));
    assert.ok(summary.totals.count > 0);
    assert.equal(summary.totals.failures, 0, JSON.stringify(summary.errors));

    demo.kill('SIGINT');
    const r = await demo.exited;
    assert.equal(r.code, 0, dump(r));
    // The health check above, plus every request of the run (logins, CRUD and the onStop clean-up).
    assert.match(r.stdout, new RegExp(`^demo target answered ${summary.totals.count + 1} requests$`, 'm'), `stampede counted ${summary.totals.count}\n${dump(r)}`);
  } finally {
    demo.kill('SIGKILL');
  }
});
