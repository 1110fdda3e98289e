/**
 * A real Prometheus scrapes a running master (two worker processes, bearer token on /metrics) on
 * loopback. After the run, Prometheus' view must agree with the API:
 *
 * - the summary quantile `stampede_aggregated_response_time_quantile_seconds{quantile="0.95"}` is
 *   the API's p95 exactly (both come from the same merged HDR histogram; tolerance 1 ns for the
 *   float round trip);
 * - `histogram_quantile(0.95, sum by (le) (…_bucket))` lies in the same fixed bucket (lo, hi] as
 *   the API's p95: fixed Prometheus buckets cannot say more than that, so the tolerance is that
 *   bucket's width (25 ms for the (0.025, 0.05] bucket the target's latencies aim at). It also
 *   equals, to 1e-9, the linear interpolation over the exact counts we expose, which proves those
 *   counts went through unchanged; the rate() form that dashboards use is that interpolation over
 *   the scraped increase;
 * - `promtool check metrics` passes on our live output.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiStats } from '../../../src/master/http/index.js';
import { BUCKET_BOUNDS_S, formatMetrics } from '../../../src/master/http/index.js';
import { parseThresholdText } from '../../../src/master/thresholds/index.js';
import { Aggregator, IntervalRecorder } from '../../../src/stats/index.js';
import { startCountingServer } from '../../helpers/index.js';
import { call, startStack, until, type Stack } from '../../integration/http/harness.js';
import { promtoolCheck, requireBinary, startPrometheus, type PrometheusServer } from './prometheus.js';

const TOKEN = 'prometheus-scrape-token-1234';
const LOADFILE = `import { HttpUser, constant, task } from 'stampede';
export class Api extends HttpUser {
  waitTime = constant(0.02);
  @task async hit(): Promise<void> {
    await this.client.get('/api/items');
  }
}
`;

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** What histogram_quantile computes from cumulative buckets: linear interpolation inside the bucket holding rank q·total. */
function interpolate(q: number, les: number[], cumulative: number[]): number {
  const total = cumulative.at(-1)!;
  const rank = q * total;
  const i = cumulative.findIndex((c) => c >= rank);
  const lo = i === 0 ? 0 : les[i - 1]!;
  const below = i === 0 ? 0 : cumulative[i - 1]!;
  return lo + (les[i]! - lo) * ((rank - below) / (cumulative[i]! - below));
}

void test('Prometheus scrapes /metrics; its p95 from the buckets and from the summary agree with the API', async (t) => {
  const prometheusBin = requireBinary(t, 'prometheus');
  if (prometheusBin === null) return;
  const promtool = requireBinary(t, 'promtool');
  if (promtool === null) return;
  // 80 % at 3 ms, 20 % at 35 ms: p95 is a 35 ms answer (plus loopback overhead), well inside (25 ms, 50 ms].
  const target = await startCountingServer({ routes: { '/api/items': { latencyMs: [{ share: 4, ms: 3 }, { share: 1, ms: 35 }] } } });
  cleanups.push(() => target.close());
  const stack: Stack = await startStack({ loadfile: LOADFILE, workers: 2, host: target.url, http: { authToken: TOKEN, authRead: true } });
  cleanups.push(() => stack.close());
  const base = stack.http.url;
  const prom: PrometheusServer = await startPrometheus(prometheusBin, `127.0.0.1:${stack.http.port}`, TOKEN);
  cleanups.push(() => prom.close());

  assert.equal((await call(base, 'POST', '/api/run', { token: TOKEN, json: { users: 8, spawnRate: 100 } })).status, 201);
  await until('the target to answer 600 requests', () => (target.received() >= 600 ? true : undefined), 15_000);
  await until('Prometheus to have scraped the running master', async () => ((await prom.query('stampede_users')).some((r) => r.value > 0) ? true : undefined), 10_000);
  assert.deepEqual((await call(base, 'POST', '/api/stop', { token: TOKEN })).json, { state: 'stopped' });
  const api = (await call(base, 'GET', '/api/stats', { token: TOKEN })).json as ApiStats;
  assert.equal(api.totals.count, target.received());
  const p95Ms = api.totals.percentiles['95']!;
  await until('Prometheus to have scraped the final counts', async () => {
    const [count] = await prom.query('sum(stampede_response_time_seconds_count)');
    return count?.value === api.totals.count ? true : undefined;
  }, 10_000);

  const [summary] = await prom.query('stampede_aggregated_response_time_quantile_seconds{quantile="0.95"}');
  assert.ok(summary, 'the summary series was scraped');
  assert.ok(Math.abs(summary.value - p95Ms / 1000) < 1e-9, `summary p95 ${summary.value} s = API p95 ${p95Ms} ms`);

  const les = [...BUCKET_BOUNDS_S, Infinity];
  const cumulativeOf = (rows: { metric: Record<string, string>; value: number }[]): number[] =>
    les.map((le) => rows.find((r) => (r.metric.le === '+Inf' ? Infinity : Number(r.metric.le)) === le)!.value);
  const cumulative = cumulativeOf(await prom.query('sum by (le) (stampede_response_time_seconds_bucket)'));
  assert.equal(cumulative.at(-1), api.totals.count);
  // The fixed bucket that holds the API's p95 (by design (25 ms, 50 ms]; slower on a loaded machine).
  const hi = BUCKET_BOUNDS_S.find((b) => b >= p95Ms / 1000);
  assert.ok(hi !== undefined, `p95 ${p95Ms} ms is below the last finite bucket`);
  const lo = BUCKET_BOUNDS_S[BUCKET_BOUNDS_S.indexOf(hi) - 1] ?? 0;
  const [fromBuckets] = await prom.query('histogram_quantile(0.95, sum by (le) (stampede_response_time_seconds_bucket))');
  assert.ok(fromBuckets !== undefined && fromBuckets.value > lo && fromBuckets.value <= hi, `histogram_quantile ${fromBuckets?.value} s is in (${lo}, ${hi}] like the API's ${p95Ms} ms`);
  assert.ok(Math.abs(fromBuckets.value - interpolate(0.95, les, cumulative)) < 1e-9, 'Prometheus interpolated our exact counts');

  // The rate() form dashboards use: over the scraped increase (samples before the first scrape are
  // not in it), so it is checked against the same interpolation of the rates Prometheus computed.
  const window = 'rate(stampede_response_time_seconds_bucket[1m])';
  const [fromRate] = await prom.query(`histogram_quantile(0.95, sum by (le) (${window}))`);
  const rates = cumulativeOf(await prom.query(`sum by (le) (${window})`));
  assert.ok(fromRate !== undefined && Number.isFinite(fromRate.value), 'the rate() form has a value');
  assert.ok(Math.abs(fromRate.value - interpolate(0.95, les, rates)) < 1e-9, `rate() form ${fromRate.value} s`);

  const live = await call(base, 'GET', '/metrics', { token: TOKEN });
  const check = promtoolCheck(promtool, live.text);
  assert.equal(check.code, 0, `promtool check metrics failed:\n${check.output}`);
  assert.equal(check.output.trim(), '', 'promtool has no lint complaints');
});

void test('promtool accepts the exposition of awkward names (quotes, backslashes, line feeds), failures and thresholds', async (t) => {
  const promtool = requireBinary(t, 'promtool');
  if (promtool === null) return;
  let now = 1_700_000_000_000;
  const rec = new IntervalRecorder({ clock: { now: () => now }, start: now });
  rec.record({ method: 'GET', name: '/a "b"\\c\nd', durationUs: 3000, ok: true, status: 200, bytes: 5 });
  rec.record({ method: 'measure', name: 'job done', durationUs: 2_500_000, ok: true, bytes: 0 });
  rec.record({ method: 'POST', name: '/x', durationUs: 70, ok: false, bytes: 0, error: 'ECONNRESET' });
  now += 1000;
  const agg = new Aggregator();
  agg.add(rec.take(now), 'w1');
  const text = formatMetrics({
    view: agg.view(now),
    histogramOf: (m, n) => agg.histogramOf(m, n),
    runState: 'stopped',
    users: 0,
    targetUsers: 0,
    workerStates: ['ready', 'lost'],
    droppedArrivals: 2,
    thresholds: [{ threshold: parseThresholdText('GET /a "b": p(99.9)<1.5s'), observed: null, ok: false }],
  });
  const check = promtoolCheck(promtool, text);
  assert.equal(check.code, 0, `promtool check metrics failed:\n${check.output}\n${text}`);
  assert.equal(check.output.trim(), '');
});
