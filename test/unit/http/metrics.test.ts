/**
 * /metrics: exact Prometheus bucket counts from HDR histograms, label and HELP escaping, and the
 * whole exposition of an aggregator fed with known samples.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUCKET_BOUNDS_S, cumulativeBuckets } from '../../../src/master/http/metrics/buckets.js';
import { formatMetrics, type MetricsInput } from '../../../src/master/http/metrics/collect.js';
import { escapeHelp, escapeLabelValue, Exposition, formatValue } from '../../../src/master/http/metrics/exposition.js';
import { parseThresholdText } from '../../../src/master/thresholds/index.js';
import { Aggregator, IntervalRecorder, LatencyHistogram, highestValueAt, indexOfValue } from '../../../src/stats/index.js';
import { lcg } from '../../helpers/random.js';


const BOUNDS_US = BUCKET_BOUNDS_S.map((s) => Math.round(s * 1e6));

void test('bucket counts are exact: le=B counts the samples whose HDR value is <= B', () => {
  const rnd = lcg(7);
  const samples: number[] = [];
  // Log-uniform from 1 µs to 20 s, plus every bound, its neighbours, and values just below each bound.
  for (let i = 0; i < 20_000; i++) samples.push(Math.max(1, Math.round(Math.exp(rnd() * Math.log(20e6)))));
  for (const b of BOUNDS_US) samples.push(b - 1, b, b + 1, Math.round(b * 0.9995), Math.round(b * 0.99995));
  const hist = new LatencyHistogram();
  for (const v of samples) hist.record(v);
  const { counts, total } = cumulativeBuckets(hist);
  assert.equal(total, samples.length);
  assert.equal(counts.at(-1), samples.length);
  BOUNDS_US.forEach((bound, i) => {
    const byHdrValue = samples.filter((v) => highestValueAt(indexOfValue(v)) <= bound).length;
    assert.equal(counts[i], byHdrValue, `le=${BUCKET_BOUNDS_S[i]}`);
    const raw = samples.filter((v) => v <= bound).length;
    assert.ok(counts[i]! <= raw, 'no sample above a bound is counted below it');
    for (const v of samples) {
      if (v <= bound && highestValueAt(indexOfValue(v)) > bound) assert.ok(v >= bound * (1 - 1 / 1024), `${v} µs, counted above ${bound} µs, is within one HDR bucket (< 0.1 %) of it`);
    }
  });
});

void test('bucket edges: 1 ms is exact (1 µs buckets below 2048 µs); 2.5 ms shares an HDR bucket with 2.501 ms', () => {
  const hist = new LatencyHistogram();
  for (const v of [999, 1000, 1001, 2499, 2500, 2501]) hist.record(v);
  const { counts } = cumulativeBuckets(hist);
  assert.deepEqual(counts.slice(0, 3), [2, 4, 6], 'le=0.001 → 999,1000; le=0.0025 → +1001,2499; 2500 and 2501 (HDR value 2501) → le=0.005');
  assert.deepEqual(cumulativeBuckets(new LatencyHistogram()).counts, new Array(BUCKET_BOUNDS_S.length + 1).fill(0));
});

void test('escaping follows the text format: label values escape \\ " and line feeds; HELP escapes \\ and line feeds', () => {
  assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  assert.equal(escapeHelp('a\\b"c\nd'), 'a\\\\b"c\\nd');
  assert.deepEqual([1, 0.25, 1e-7, Number.NaN, Infinity, -Infinity].map(formatValue), ['1', '0.25', '1e-7', 'NaN', '+Inf', '-Inf']);
  const x = new Exposition().family('m_total', 'counter', 'help').sample('m_total', { name: '/a"b' }, 3);
  assert.equal(x.text(), '# HELP m_total help\n# TYPE m_total counter\nm_total{name="/a\\"b"} 3\n');
  assert.throws(() => x.family('m_total', 'counter', 'again'), /opened twice/);
});

function aggregatorWith(samples: { method: string; name: string; us: number; status?: number; ok?: boolean }[]): Aggregator {
  let now = 1_700_000_000_000;
  const clock = { now: () => now };
  const rec = new IntervalRecorder({ clock, start: now });
  for (const s of samples) rec.record({ method: s.method, name: s.name, durationUs: s.us, ok: s.ok ?? true, bytes: 10, ...(s.status === undefined ? {} : { status: s.status }), ...(s.ok === false ? { error: s.status === undefined ? 'ECONNREFUSED' : `HTTP ${s.status}` } : {}) });
  now += 1000;
  const agg = new Aggregator();
  agg.add(rec.take(now), 'w1');
  return agg;
}

function input(agg: Aggregator, extra: Partial<MetricsInput> = {}): MetricsInput {
  return {
    view: agg.view(1_700_000_001_000),
    histogramOf: (m, n) => agg.histogramOf(m, n),
    runState: 'running',
    users: 7,
    targetUsers: 8,
    workerStates: ['running', 'running', 'missing'],
    droppedArrivals: 3,
    thresholds: null,
    ...extra,
  };
}

void test('the exposition of known samples: counters by status class, exact buckets, quantiles, run gauges', () => {
  const samples = [
    ...Array.from({ length: 90 }, (_, i) => ({ method: 'GET', name: '/a "quoted"\\path', us: 2000 + i, status: 200 })),
    ...Array.from({ length: 8 }, () => ({ method: 'GET', name: '/a "quoted"\\path', us: 30_000, status: 404, ok: false })),
    { method: 'GET', name: '/a "quoted"\\path', us: 700_000, ok: false },
    { method: 'GET', name: '/a "quoted"\\path', us: 12_000_000, status: 503, ok: false },
    { method: 'POST', name: '/b', us: 400, status: 201 },
  ];
  const agg = aggregatorWith(samples);
  const text = formatMetrics(input(agg));
  const a = 'method="GET",name="/a \\"quoted\\"\\\\path"';
  const expected = [
    `stampede_requests_total{${a},status_class="2xx"} 90`,
    `stampede_requests_total{${a},status_class="4xx"} 8`,
    `stampede_requests_total{${a},status_class="5xx"} 1`,
    `stampede_requests_total{${a},status_class="none"} 1`,
    'stampede_requests_total{method="POST",name="/b",status_class="2xx"} 1',
    `stampede_failures_total{${a}} 10`,
    `stampede_response_bytes_total{${a}} 1000`,
    `stampede_response_time_seconds_bucket{${a},le="0.001"} 0`,
    `stampede_response_time_seconds_bucket{${a},le="0.0025"} 90`,
    `stampede_response_time_seconds_bucket{${a},le="0.025"} 90`,
    `stampede_response_time_seconds_bucket{${a},le="0.05"} 98`,
    `stampede_response_time_seconds_bucket{${a},le="0.5"} 98`,
    `stampede_response_time_seconds_bucket{${a},le="1"} 99`,
    `stampede_response_time_seconds_bucket{${a},le="10"} 99`,
    `stampede_response_time_seconds_bucket{${a},le="+Inf"} 100`,
    `stampede_response_time_seconds_count{${a}} 100`,
    'stampede_response_time_seconds_bucket{method="POST",name="/b",le="0.001"} 1',
    `stampede_response_time_quantile_seconds{${a},quantile="0.5"} 0.002049`,
    `stampede_response_time_quantile_seconds{${a},quantile="0.9"} 0.002089`,
    `stampede_response_time_quantile_seconds{${a},quantile="0.95"} 0.030015`,
    `stampede_response_time_quantile_seconds{${a},quantile="0.99"} 0.700415`,
    `stampede_response_time_quantile_seconds_count{${a}} 100`,
    'stampede_aggregated_response_time_quantile_seconds_count 101',
    'stampede_users 7',
    'stampede_target_users 8',
    'stampede_workers{state="running"} 2',
    'stampede_workers{state="missing"} 1',
    'stampede_workers{state="lost"} 0',
    'stampede_run_state{state="running"} 1',
    'stampede_run_state{state="waiting"} 0',
    'stampede_dropped_arrivals_total 3',
    '# TYPE stampede_response_time_seconds histogram',
    '# TYPE stampede_response_time_quantile_seconds summary',
    '# TYPE stampede_requests_total counter',
  ];
  const lines = new Set(text.split('\n'));
  for (const line of expected) assert.ok(lines.has(line), `missing line: ${line}\n${text}`);
  const view = agg.view(1_700_000_001_000);
  const e = view.endpoints.find((x) => x.method === 'GET')!;
  const sumUs = samples.filter((s) => s.method === 'GET').reduce((n, s) => n + s.us, 0);
  assert.ok(lines.has(`stampede_response_time_seconds_sum{${a}} ${sumUs / 1e6}`), `sum ${sumUs / 1e6}`);
  assert.equal(e.percentiles['0.95'], 30.015, 'the summary quantile is the view percentile (the HDR value of 30 000 µs is 30 015 µs), ms → s');
  assert.ok(!text.includes('stampede_threshold'), 'no threshold families without thresholds');
  assert.ok(text.endsWith('\n'));
});

void test('threshold families when the run has thresholds: ok and observed per threshold', () => {
  const agg = aggregatorWith([{ method: 'GET', name: '/x', us: 5000, status: 200 }]);
  const t1 = parseThresholdText('p(95)<500', '--threshold');
  const t2 = parseThresholdText('GET /x: avg<1', '--threshold');
  const text = formatMetrics(input(agg, { thresholds: [{ threshold: t1, observed: 5, ok: true }, { threshold: t2, observed: null, ok: false }] }));
  assert.match(text, /^stampede_threshold_ok\{threshold="global: p\(95\)<500"\} 1$/m);
  assert.match(text, /^stampede_threshold_ok\{threshold="GET \/x: avg<1"\} 0$/m);
  assert.match(text, /^stampede_threshold_observed\{threshold="global: p\(95\)<500"\} 5$/m);
  assert.match(text, /^stampede_threshold_observed\{threshold="GET \/x: avg<1"\} NaN$/m);
});
