import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startCountingServer } from '../../helpers/index.js';
import { cleanup, countOf, dump, readSummary, startMaster, startWorker, taggedLoadfile, tempDir, usersPerWorker, waitConnected, writeLoadfile } from './harness.js';

after(cleanup);

void test('master + 3 workers: the target received exactly what the master counted, worker by worker; shares 10/10/10', async (t) => {
  // 20 ms answers: some requests are always in flight, also at the stop.
  const target = await startCountingServer({ routes: { '/w/*': { latencyMs: 20 } } });
  t.after(() => target.close());
  const dir = tempDir('counts');
  const loadfile = writeLoadfile(dir, taggedLoadfile(0.1));
  const json = join(dir, 'summary.json');
  // The default --stop-timeout 0: requests in flight at the stop are drained and counted.
  const master = await startMaster([
    '-f', loadfile, '-H', target.url, '--expect-workers', '3', '--expect-workers-max-wait', '30s',
    '-u', '30', '-r', '30', '-t', '3s', '--only-summary', '--json', json,
  ]);
  const ids = ['w1', 'w2', 'w3'];
  const workers = ids.map((id) => startWorker(master.port, id));
  await waitConnected(master.proc, ids);

  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  for (const w of workers) {
    const r = await w.exited;
    assert.equal(r.code, 0, `worker exit\n${dump(r)}`);
  }

  const summary = readSummary(json);
  assert.equal(summary.totals.failures, 0, dump(m));
  assert.ok(summary.totals.count >= 30, `every one of the 30 users made requests (${summary.totals.count} in all)`);
  assert.equal(summary.totals.count, target.received(), 'master total = requests the target received');
  for (const id of ids) {
    assert.equal(countOf(summary, `/w/${id}`), target.received(`/w/${id}`), `worker ${id}: master count = target count`);
  }
  assert.equal(summary.run.lostReports, 0);

  const shares = usersPerWorker(summary);
  assert.deepEqual(Object.keys(shares).sort(), ids);
  const values = Object.values(shares);
  assert.equal(values.reduce((s, n) => s + n, 0), 30, `shares ${JSON.stringify(shares)} add up to -u 30`);
  assert.ok(Math.max(...values) - Math.min(...values) <= 1, `shares ${JSON.stringify(shares)} differ by at most 1`);
});

void test('7 users on 3 workers split 3/2/2; the counts stay exact', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('counts7');
  const loadfile = writeLoadfile(dir, taggedLoadfile(0.1));
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', loadfile, '-H', target.url, '--expect-workers', '3', '--expect-workers-max-wait', '30s',
    '-u', '7', '-r', '50', '-t', '2s', '--only-summary', '--json', json,
  ]);
  const ids = ['a', 'b', 'c'];
  for (const id of ids) startWorker(master.port, id);
  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  const summary = readSummary(json);
  assert.equal(summary.totals.count, target.received());
  assert.deepEqual(Object.values(usersPerWorker(summary)).sort(), [2, 2, 3]);
});
