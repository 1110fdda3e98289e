/**
 * A loadfile may record anything: URLs longer than a name may be, thousands of distinct exceptions
 * a second, error texts with ids and kilobytes of text. The worker's recorder keeps its reports
 * within the protocol's limits (src/stats/limits.ts) and splits an interval too large for one frame,
 * so the worker never dies on its own report and every request, failure and exception is counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, startCountingServer } from '../../helpers/index.js';
import { MAX_EXCEPTION_GROUPS, MAX_NAME_CHARS, OVERFLOW_EXCEPTION, TRUNCATED_MARK } from '../../../src/stats/limits.js';
import { dump, readSummary, tempDir, writeLoadfile } from '../distributed/harness.js';

void test('URLs over the name limit and thousands of distinct exceptions a second: the worker keeps reporting, and every request and exception is counted', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('text-limits');
  const json = join(dir, 'summary.json');
  const loadfile = writeLoadfile(dir, `import { HttpUser, constant, task } from 'stampede';
let n = 0;
export class LongUrls extends HttpUser {
  static fixedCount = 2;
  waitTime = constant(0.01);
  @task async search(): Promise<void> {
    await this.client.get('/search/' + 'x'.repeat(3000) + (n++));
  }
}
let thrown = 0;
export class Thrower extends HttpUser {
  static fixedCount = 1;
  waitTime = constant(0);
  @task fail(): void {
    thrown++;
    throw new Error('job ' + thrown + ' vanished ' + 'y'.repeat(20000));
  }
  onStop(): void {
    process.stderr.write('THROWN=' + thrown + '\\n');
  }
}
`);
  const r = await runCli(['-f', loadfile, '-H', target.url, '-u', '3', '-r', '100', '-t', '3s', '--headless', '--only-summary', '--no-web', '--json', json], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, dump(r));
  const summary = readSummary(json);
  assert.equal(summary.run.lostReports, 0, 'no report was lost');
  assert.ok(target.received() > 20, `${target.received()} requests`);
  assert.equal(summary.totals.count, target.received(), 'every request is counted');
  assert.equal(summary.endpoints.length, 1, 'the long URLs share one cut name');
  const name = summary.endpoints[0]!.name;
  assert.equal(name.length, MAX_NAME_CHARS);
  assert.ok(name.startsWith('/search/xxx') && name.endsWith(TRUNCATED_MARK), name.slice(0, 40));

  const thrown = Number(/THROWN=(\d+)/.exec(r.stderr)?.[1]);
  assert.ok(thrown > 2 * MAX_EXCEPTION_GROUPS, `only ${thrown} exceptions were thrown`);
  const counted = summary.exceptions.reduce((s, x) => s + x.count, 0);
  assert.equal(counted, thrown, 'every exception is counted');
  assert.ok(summary.exceptions.length <= MAX_EXCEPTION_GROUPS + 1, `${summary.exceptions.length} exception groups`);
  assert.ok(summary.exceptions.some((x) => x.message === OVERFLOW_EXCEPTION), 'the rest are in the overflow group');
  assert.ok(summary.exceptions.every((x) => x.message.length <= 16_384));
});

void test('an interval with more error text than one frame holds is sent in parts, and every failure is counted once', async () => {
  const dir = tempDir('text-split');
  const json = join(dir, 'summary.json');
  // 1500 distinct error texts of 4000 three-byte characters: about 18 MB, over the 16 MiB frame.
  const loadfile = writeLoadfile(dir, `import { HttpUser, constant, task } from 'stampede';
let rounds = 0;
export class Checker extends HttpUser {
  waitTime = constant(0.2);
  @task async verify(): Promise<void> {
    if (rounds++ > 0) return;
    for (let i = 0; i < 1500; i++) {
      try {
        await this.measure('verify', () => {
          throw new Error(i + ':' + '€'.repeat(4000));
        });
      } catch {
        // counted by measure as a failure
      }
    }
  }
}
`);
  const r = await runCli(['-f', loadfile, '-H', 'http://127.0.0.1:9', '-u', '1', '-r', '10', '-t', '2s', '--headless', '--only-summary', '--no-web', '--json', json], { timeoutMs: 60_000 });
  assert.equal(r.code, 1, `failures make exit code 1\n${r.stderr.slice(0, 4000)}`);
  assert.match(r.stderr, /an interval report was too large for one frame; sent in parts/);
  const summary = readSummary(json);
  assert.equal(summary.run.lostReports, 0);
  const row = summary.endpoints.find((e) => e.name === 'verify');
  assert.equal(row?.count, 1500);
  assert.equal(row?.failures, 1500);
  assert.equal(summary.errors.length, 1500, 'each distinct text once');
  assert.equal(summary.errors.reduce((s, e) => s + e.occurrences, 0), 1500);
  assert.ok(summary.errors.every((e) => /^\d+:€{4000}$/.test(e.error)), 'texts under the limit arrive whole');
});
