/**
 * The cap on distinct endpoint names (issue 8, item 7): a loadfile that puts ids in URLs without
 * a `name` would otherwise grow the stats (and the master's memory) with every new id. Beyond
 * `--max-endpoints` names, samples are grouped under '* (other)', counts stay exact, and the master
 * warns once, naming the likely cause and the fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, startCountingServer } from '../../helpers/index.js';
import { dump, readSummary, tempDir, writeLoadfile } from '../distributed/harness.js';
import { joinAndStart, reportOf, sendReport, startInProcMaster } from './inproc-master.js';
import { IntervalRecorder } from '../../../src/stats/index.js';

const WARNING = /more than (\d+) endpoint names: URLs with ids and no `name` option\? group them with name: '\/api\/users\/\{id\}'/;

void test('the master groups names beyond its cap under * (other) and warns once; nothing is lost', async () => {
  const m = await startInProcMaster({ maxEndpoints: 50 });
  try {
    const good = await joinAndStart(m);
    for (let seq = 1; seq <= 3; seq++) {
      const now = Date.now();
      const rec = new IntervalRecorder({ clock: { now: () => now - 1000 }, start: now - 1000 });
      // 40 new ids per report: 120 distinct names in all, each requested twice.
      for (let i = 0; i < 40; i++) {
        for (let k = 0; k < 2; k++) rec.record({ method: 'GET', name: `/api/users/${seq * 1000 + i}`, durationUs: 1000 + i, ok: true, status: 200, bytes: 1 });
      }
      assert.equal(await sendReport(good.fw, reportOf(seq, rec.take(now))), seq);
    }
    const v = m.master.view();
    assert.equal(v.endpoints.length, 51, '50 names and the overflow entry');
    const other = v.endpoints.find((e) => e.name === '(other)');
    assert.equal(other?.method, '*');
    assert.equal(other?.count, (120 - 50) * 2);
    assert.equal(v.total.count, 240, 'every sample is counted');
    const warnings = m.logs.filter((l) => WARNING.test(l.msg));
    assert.equal(warnings.length, 1, 'one warning');
    assert.equal(WARNING.exec(warnings[0]!.msg)?.[1], '50');
  } finally {
    await m.close();
  }
});

void test('--max-endpoints end to end: ids in URLs without a name are capped on workers and master, counted exactly, warned about once', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('endpoints');
  const json = join(dir, 'summary.json');
  const loadfile = writeLoadfile(dir, `import { HttpUser, constant, task } from 'stampede';
let next = 0;
export class Browser extends HttpUser {
  waitTime = constant(0.005);
  @task async item(): Promise<void> {
    await this.client.get('/api/users/' + next++);
  }
}
`);
  const r = await runCli(['-f', loadfile, '-H', target.url, '-u', '4', '-r', '100', '-t', '2s', '--headless', '--only-summary', '--no-web', '--max-endpoints', '25', '--json', json], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, dump(r));
  const summary = readSummary(json);
  assert.ok(target.received() > 100, `${target.received()} requests`);
  assert.equal(summary.totals.count, target.received(), 'every request is counted');
  assert.equal(summary.endpoints.length, 26, 'the cap and the overflow entry');
  const other = summary.endpoints.find((e) => e.name === '(other)');
  const named = summary.endpoints.filter((e) => e.name !== '(other)');
  assert.ok(named.every((e) => e.count === 1 && /^\/api\/users\/\d+$/.test(e.name)), 'the first 25 names, one request each');
  assert.equal(other?.method, '*');
  assert.equal(other?.count, target.received() - 25);
  const warnings = r.stderr.split('\n').filter((l) => WARNING.test(l));
  assert.equal(warnings.length, 1, r.stderr);
  assert.equal(WARNING.exec(warnings[0]!)?.[1], '25');
});
