import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startCountingServer } from '../../helpers/index.js';
import { cleanup, countOf, dump, readSummary, startMaster, startWorker, taggedLoadfile, tempDir, waitConnected, writeLoadfile } from './harness.js';

after(cleanup);

void test('SIGTERM to the master mid-run: workers stopped and told to quit, summary printed, exit 1 because requests failed (the code the run earned)', async (t) => {
  // w2's endpoint answers 500, so the run has failures: docs/errors.md says a stopped run exits
  // with the code it earned so far (1 here), not 0 and not a signal code.
  const target = await startCountingServer({ routes: { '/w/w2': { status: 500 } } });
  t.after(() => target.close());
  const dir = tempDir('sigterm');
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(0.1)), '-H', target.url, '--expect-workers', '2', '--expect-workers-max-wait', '30s',
    '-u', '10', '-r', '50', '--json', json,
  ]);
  const w1 = startWorker(master.port, 'w1');
  const w2 = startWorker(master.port, 'w2');
  await waitConnected(master.proc, ['w1', 'w2']);
  await target.waitForRequests(50, { path: '/w/w2', timeoutMs: 20_000 });

  master.proc.kill('SIGTERM');
  const signalled = performance.now();
  const m = await master.proc.exited;
  const took = performance.now() - signalled;
  assert.equal(m.code, 1, dump(m));
  assert.ok(took < 15_000, `exited ${took.toFixed(0)} ms after SIGTERM`);
  assert.match(m.stderr, /stopping the run signal=SIGTERM/);
  assert.match(m.stdout, /Response time percentiles/);
  assert.match(m.stdout, /^\s+Aggregated\s+\d+/m);
  assert.match(m.stdout, /Error report/);

  for (const w of [w1, w2]) {
    const r = await w.exited;
    assert.equal(r.code, 0, `the worker was told to quit\n${dump(r)}`);
  }
  // The workers are gone, so the target's counts are final: every request sent was counted.
  const summary = readSummary(json);
  assert.equal(summary.run.exitCode, 1);
  assert.equal(summary.totals.count, target.received());
  assert.equal(countOf(summary, '/w/w2'), target.received('/w/w2'));
  assert.equal(summary.totals.failures, target.received('/w/w2'));
  assert.equal(summary.errors.find((e) => e.name === '/w/w2')?.error, 'HTTP 500');
});
