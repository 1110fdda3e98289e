/**
 * --warmup and --reset-stats on distributed runs: the final statistics leave the start out, while
 * the time series, the history CSV and the HdrHistogram log keep it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HistogramLogReader } from 'hdr-histogram-js';
import { budgetServer, dump, records, reportsLoadfile, runInDir, summaryOf } from './run.js';

function untaggedTotal(log: string): number {
  const reader = new HistogramLogReader(log, 'packed');
  let total = 0;
  for (let h = reader.nextIntervalHistogram(), n = 0; h !== null && n < 10_000; h = reader.nextIntervalHistogram(), n++) {
    if (h.tag === 'NO TAG') total += h.totalCount;
  }
  return total;
}

void test('--warmup leaves its first seconds out of the final statistics and keeps them in the history and the HDR log', async (t) => {
  const target = await budgetServer(t);
  const run = await runInDir(t, [
    '-f', reportsLoadfile('budget'), '-H', target.url, '-u', '4', '-r', '100', '-t', '3500ms', '--stop-timeout', '5s', '--processes', '2', '--only-summary',
    '--warmup', '2s', '--hdr-log', '{dir}/run.hlog', '--csv', '{dir}/run', '--csv-full-history',
  ]);
  assert.equal(run.result.code, 0, dump(run.result));
  const s = summaryOf(run);
  assert.equal(s.run.warmupS, 2);
  const resetAfter = s.run.statsStartedAtMs - s.run.startedAtMs;
  assert.ok(resetAfter >= 2000 && resetAfter < 3100, `the statistics start ${resetAfter} ms after the run`);
  const received = target.received();
  assert.ok(s.totals.count > 0 && s.totals.count < received, `final statistics ${s.totals.count} of the ${received} requests`);
  assert.equal(untaggedTotal(run.text('run.hlog')), received, 'the HDR log covers the whole run');
  assert.ok(s.timeSeries.points.some((p) => p.tMs < s.run.statsStartedAtMs && p.count > 0), 'warm-up seconds stay in the time series');

  const history = records(run.text('run_stats_history.csv'));
  assert.deepEqual([...new Set(history.map((r) => r.Name))].sort(), ['/fast', '/slow', 'Aggregated'], '--csv-full-history adds a row per endpoint');
  const totals = history.filter((r) => r.Name === 'Aggregated').map((r) => Number(r['Total Request Count']));
  assert.equal(totals.at(-1), s.totals.count, 'the Total columns are the final statistics, which left the warm-up out');
  const stats = records(run.text('run_stats.csv'));
  assert.equal(Number(stats.at(-1)!['Request Count']), s.totals.count, 'the stats CSV has the final statistics');
});

void test('--reset-stats resets when every user has started', async (t) => {
  const target = await budgetServer(t);
  // 6 users at 2/s on 2 workers: each starts 3 users at 1/s, the last 2 s in; a report shows it after that.
  const run = await runInDir(t, ['-f', reportsLoadfile('budget'), '-H', target.url, '-u', '6', '-r', '2', '-t', '3500ms', '--processes', '2', '--only-summary', '--reset-stats']);
  assert.equal(run.result.code, 0, dump(run.result));
  const s = summaryOf(run);
  assert.equal(s.run.resetStats, true);
  const resetAfter = s.run.statsStartedAtMs - s.run.startedAtMs;
  assert.ok(resetAfter >= 1900 && resetAfter < 3500, `the statistics start ${resetAfter} ms after the run`);
  assert.ok(s.totals.count > 0 && s.totals.count < target.received(), `${s.totals.count} of ${target.received()}`);
  assert.match(run.result.stderr, /statistics reset: every user has started/);
});
