/**
 * Every report file out of one distributed run (a master and 2 local worker processes against a
 * server with known latencies): Locust's four CSV files (read back by the pandas snippet users run,
 * and by an equivalent Node check), the HdrHistogram log (read back with the library's log reader),
 * the HTML report and the JSON summary, all with the same counts as the target saw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { HistogramLogReader, type Histogram } from 'hdr-histogram-js';
import { endpointTag } from '../../../src/report/hdr-log-format.js';
import type { JsonSummary } from '../../../src/report/json-summary.js';
import { budgetServer, dump, records, reportsLoadfile, runInDir, summaryOf, type Run } from './run.js';

// Locust's headers, byte for byte (shared/REFERENCE.md).
const HEADERS = {
  stats: 'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%',
  history: 'Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size',
  failures: 'Method,Name,Error,Occurrences,First Seen,Last Seen',
  exceptions: 'Count,Message,Traceback,Nodes',
};

/** The pandas snippet of shared/REFERENCE.md, verbatim but for the path, then the same from the first second. */
const PANDAS = `
import json, math, sys
import pandas as pd
def nan_to_none(x):
    return None if isinstance(x, float) and math.isnan(x) else float(x)
path = sys.argv[1]
df = pd.read_csv(path)
stable = df[df['Timestamp'] > df['Timestamp'].min() + 60]
avg_rps = stable['Total Request Count'].diff().mean()
avg_latency = stable['Total Average Response Time'].mean()
verbatim = [nan_to_none(avg_rps), nan_to_none(avg_latency), len(stable)]
stable = df[df['Timestamp'] > df['Timestamp'].min() + 0]
avg_rps = stable['Total Request Count'].diff().mean()
avg_latency = stable['Total Average Response Time'].mean()
print(json.dumps({'verbatim': verbatim, 'fromFirst': [nan_to_none(avg_rps), nan_to_none(avg_latency), len(stable)],
  'columns': list(df.columns), 'dtypes': {c: str(df[c].dtype) for c in ['Timestamp', 'Total Request Count', 'Total Average Response Time']}}))
`;

/** A python3 that has pandas: Debian's python3-pandas lives under /usr/bin/python3. */
function pythonWithPandas(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (python.startsWith('/') && !existsSync(python)) continue;
    const r = spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore', timeout: 20_000 });
    if (r.status === 0) return python;
  }
  return null;
}

/** What the snippet computes, in Node, over the same rows: the mean of the count's diffs and the mean latency (N/A skipped). */
function snippetInNode(rows: Record<string, string>[], skipS: number): [number | null, number | null, number] {
  const first = Math.min(...rows.map((r) => Number(r.Timestamp)));
  const stable = rows.filter((r) => Number(r.Timestamp) > first + skipS);
  const counts = stable.map((r) => Number(r['Total Request Count']));
  const diffs = counts.slice(1).map((c, i) => c - counts[i]!);
  const latencies = stable.map((r) => r['Total Average Response Time']!).filter((v) => v !== 'N/A').map(Number);
  const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return [mean(diffs), mean(latencies), stable.length];
}

function checkCsv(run: Run, s: JsonSummary): Record<string, string>[] {
  for (const [file, header] of [['run_stats.csv', HEADERS.stats], ['run_stats_history.csv', HEADERS.history], ['run_failures.csv', HEADERS.failures], ['run_exceptions.csv', HEADERS.exceptions]] as const) {
    assert.equal(run.text(`csv/${file}`).split('\n')[0], header, `${file} header`);
  }
  const stats = records(run.text('csv/run_stats.csv'));
  assert.deepEqual(stats.map((r) => `${r.Type} ${r.Name}`), ['GET /fast', 'GET /slow', ' Aggregated']);
  for (const [row, e] of [[stats[0]!, s.endpoints[0]!], [stats[1]!, s.endpoints[1]!], [stats[2]!, s.totals]] as const) {
    assert.equal(Number(row['Request Count']), e.count, `${row.Name} count`);
    assert.equal(Number(row['Failure Count']), e.failures);
    assert.equal(row['Median Response Time'], String(e.medianMs), `${row.Name} median: CSV and JSON agree`);
    assert.equal(row['Min Response Time'], String(e.minMs));
    assert.equal(row['99%'], String(e.percentiles['99']));
  }
  assert.equal(records(run.text('csv/run_failures.csv')).length, 0);
  assert.equal(records(run.text('csv/run_exceptions.csv')).length, 0);

  const history = records(run.text('csv/run_stats_history.csv'));
  assert.ok(history.length >= 3, `a row per second: ${history.length} rows`);
  assert.ok(history.every((r) => r.Type === '' && r.Name === 'Aggregated'), 'only the Aggregated row without --csv-full-history');
  const stamps = history.map((r) => Number(r.Timestamp));
  assert.ok(stamps.every((x, i) => Number.isInteger(x) && (i === 0 || x > stamps[i - 1]!)), `integer, increasing timestamps: ${stamps.join(',')}`);
  assert.equal(Number(history.at(-1)!['Total Request Count']), s.totals.count, 'the last history row has the final count');
  assert.equal(Math.max(...history.map((r) => Number(r['User Count']))), 4);
  return history;
}

function checkHdrLog(run: Run, s: JsonSummary): void {
  const reader = new HistogramLogReader(run.text('run.hlog'), 'packed');
  const byTag = new Map<string, Histogram[]>();
  for (let h = reader.nextIntervalHistogram(), n = 0; h !== null && n < 10_000; h = reader.nextIntervalHistogram(), n++) {
    byTag.set(h.tag, [...(byTag.get(h.tag) ?? []), h]);
  }
  const total = (hs: Histogram[] | undefined): number => (hs ?? []).reduce((sum, h) => sum + h.totalCount, 0);
  assert.equal(total(byTag.get('NO TAG')), s.totals.count, 'the untagged lines add up to the total count');
  for (const e of s.endpoints) {
    const hs = byTag.get(endpointTag(e.method, e.name));
    assert.equal(total(hs), e.count, `${e.method} ${e.name}: the tagged lines add up to its count`);
    const merged = hs![0]!;
    for (const h of hs!.slice(1)) merged.add(h);
    const p50 = merged.getValueAtPercentile(50) / 1000;
    assert.ok(Math.abs(p50 - e.percentiles['50']!) <= e.percentiles['50']! * 0.002 + 0.002, `${e.name} p50: log ${p50} ms, summary ${e.percentiles['50']} ms`);
  }
  assert.equal(byTag.size, 3, [...byTag.keys()].join(', '));
}

void test('one distributed run writes CSV, HDR log, HTML and JSON that agree with each other and with the target', async (t) => {
  const target = await budgetServer(t);
  const run = await runInDir(t, [
    '-f', reportsLoadfile('budget'), '-H', target.url, '-u', '4', '-r', '100', '-t', '3s', '--stop-timeout', '5s', '--processes', '2', '--only-summary',
    '--csv', '{dir}/csv/run', '--html', '{dir}/report.html', '--hdr-log', '{dir}/run.hlog',
    '--threshold', 'GET /fast: p(50)<30', '--threshold', 'count>10',
  ]);
  assert.equal(run.result.code, 0, dump(run.result));
  const s = summaryOf(run);
  assert.equal(s.totals.count, target.received(), `stampede counted ${s.totals.count}, the target received ${target.received()}`);
  assert.equal(s.totals.failures, 0);
  assert.ok((s.endpoints.find((e) => e.name === '/slow')?.minMs ?? 0) >= 25, 'the /slow latency is known (30 ms; node timers may fire up to 1 ms early)');

  // JSON: thresholds from the CLI and the loadfile, the time series, the workers and their shares.
  assert.deepEqual(s.thresholds.map((x) => [x.scope, x.expression, x.origin, x.ok]), [
    ['GET /fast', 'p(50)<30', 'cli', true],
    ['global', 'count>10', 'cli', true],
    ['GET /slow', 'min>=25', 'loadfile', true],
    ['GET /slow', 'p(95)<2s', 'loadfile', true],
    ['global', 'fail_ratio<0.01', 'loadfile', true],
  ]);
  assert.ok(s.timeSeries.points.length >= 3, `time series: ${JSON.stringify(s.timeSeries)}`);
  assert.equal(s.timeSeries.points.at(-1)!.count, s.totals.count);
  assert.equal(Math.max(...s.timeSeries.points.map((p) => p.users)), 4);
  assert.deepEqual(s.run.workers.map((w) => w.share), [0.5, 0.5]);
  assert.match(run.result.stdout, /Thresholds\n[\s\S]*All 5 thresholds passed/);

  const history = checkCsv(run, s);
  checkHdrLog(run, s);

  const html = run.text('report.html');
  assert.match(html, /^<!doctype html>/);
  for (const part of ['id="stampede-series"', 'PASSED', '/slow', 'min&gt;=25', 'local-1']) assert.ok(html.includes(part), `the HTML holds ${part}`);
  assert.ok(!/<script[^>]+src=|<link[^>]+href=/i.test(html), 'nothing is loaded from outside the file');

  // The same columns, as the users' pandas snippet reads them.
  const node = snippetInNode(history, 0);
  assert.ok(node[0] !== null && node[0] > 0 && node[1] !== null && node[1] > 0, JSON.stringify(node));
  const python = pythonWithPandas();
  if (python === null) {
    const reason = "SKIPPED LOUDLY: no python3 with pandas (apt-get install -y python3-pandas); the Node check of the same columns ran";
    if (process.env.STAMPEDE_REQUIRE_SYSTEM_TESTS === '1') assert.fail(`${reason} (STAMPEDE_REQUIRE_SYSTEM_TESTS=1 makes this a failure)`);
    process.stderr.write(`\n*** ${reason} ***\n\n`);
    t.diagnostic(reason);
    return;
  }
  const r = spawnSync(python, ['-c', PANDAS, run.file('csv/run_stats_history.csv')], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { verbatim: [number | null, number | null, number]; fromFirst: [number, number, number]; columns: string[]; dtypes: Record<string, string> };
  assert.deepEqual(out.columns, HEADERS.history.split(','));
  assert.deepEqual(out.dtypes, { Timestamp: 'int64', 'Total Request Count': 'int64', 'Total Average Response Time': 'float64' });
  assert.deepEqual(out.verbatim, [null, null, 0], 'the verbatim snippet runs; a 3 s run has no row after its first minute');
  assert.equal(out.fromFirst[2], node[2]);
  assert.ok(Math.abs(out.fromFirst[0] - node[0]) < 1e-9, `avg_rps: pandas ${out.fromFirst[0]}, node ${node[0]}`);
  assert.ok(Math.abs(out.fromFirst[1] - node[1]) < 1e-9, `avg_latency: pandas ${out.fromFirst[1]}, node ${node[1]}`);
});
