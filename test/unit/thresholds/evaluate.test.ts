import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluate,
  formatThresholdReport,
  parseThresholdText,
  thresholdData,
  ThresholdMonitor,
  type ScopeStats,
  type ThresholdData,
} from '../../../src/master/thresholds/index.js';
import { Aggregator } from '../../../src/stats/aggregator.js';
import { IntervalRecorder } from '../../../src/stats/interval-recorder.js';
import { exactPercentile } from '../../../src/stats/percentile.js';
import { ManualClock } from '../stats/clock.js';

/** Stats with every number chosen; percentiles are q × 1000 ms. */
function stats(over: Partial<ScopeStats> = {}): ScopeStats {
  return {
    count: 1000,
    failures: 5,
    rps: 50,
    avgMs: 120,
    minMs: 2,
    maxMs: 900,
    medianMs: 100,
    percentileMs: (q) => q * 1000,
    ...over,
  };
}

function data(total: ScopeStats, endpoints: Record<string, ScopeStats> = {}): ThresholdData {
  return { total, scope: (m, n) => endpoints[`${m} ${n}`] ?? null };
}

void test('table: each metric and operator against known numbers', () => {
  const d = data(stats(), { 'GET /slow': stats({ count: 10, failures: 0, percentileMs: () => 250, avgMs: 240 }) });
  const cases: [string, number | null, boolean][] = [
    ['p(95)<951', 950, true],
    ['p(95)<950', 950, false],
    ['p(95)<=950', 950, true],
    ['p(99.9)<1s', 999, true],
    ['avg<200', 120, true],
    ['avg>120', 120, false],
    ['avg>=120', 120, true],
    ['med==100', 100, true],
    ['min>1', 2, true],
    ['max<0.9s', 900, false],
    ['rps>100', 50, false],
    ['rps>=50', 50, true],
    ['fail_ratio<0.01', 0.005, true],
    ['rate<0.5%', 0.005, false],
    ['count>999', 1000, true],
    ['GET /slow: p(95)<100', 250, false],
    ['GET /slow: avg<=240', 240, true],
    ['GET /slow: fail_ratio==0', 0, true],
  ];
  const results = evaluate(cases.map(([text]) => parseThresholdText(text)), d);
  results.forEach((r, i) => {
    const [text, observed, ok] = cases[i]!;
    assert.equal(r.observed, observed, text);
    assert.equal(r.ok, ok, text);
  });
});

void test('no data: times and ratios fail with observed null; count and rps read 0', () => {
  const d = data(stats({ count: 0, failures: 0, rps: 0, avgMs: null, minMs: null, maxMs: null, medianMs: null, percentileMs: () => null }));
  const [p95, ratio, count, rps, missing] = evaluate(
    ['p(95)<500', 'fail_ratio<0.01', 'count<1', 'rps<1', 'GET /typo: count>=0'].map((t) => parseThresholdText(t)),
    d,
  );
  assert.deepEqual([p95!.observed, p95!.ok], [null, false]);
  assert.deepEqual([ratio!.observed, ratio!.ok], [null, false]);
  assert.deepEqual([count!.observed, count!.ok], [0, true]);
  assert.deepEqual([rps!.observed, rps!.ok], [0, true]);
  assert.deepEqual([missing!.observed, missing!.ok], [0, true]);
});

void test('thresholdData on a real Aggregator: p(97.5) from the merged histogram of two workers', () => {
  const agg = new Aggregator();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 1; i <= 400; i++) a.push(i * 1000); // 1..400 ms
  for (let i = 1; i <= 100; i++) b.push(1_000_000 + i * 1000); // 1001..1100 ms
  for (const [id, lat] of [['w1', a], ['w2', b]] as const) {
    const rec = new IntervalRecorder({ clock: new ManualClock(1000), start: 1000 });
    for (const us of lat) rec.record({ method: 'GET', name: '/x', durationUs: us, ok: true, status: 200, bytes: 1 });
    agg.add(rec.take(2000), id);
  }
  const view = agg.view(2000);
  const d = thresholdData(view, (m, n) => agg.histogramOf(m, n));
  const raw = [...a, ...b];
  const want = exactPercentile(raw, 0.975)! / 1000;
  const got = d.scope('GET', '/x')!.percentileMs(0.975)!;
  assert.ok(Math.abs(got - want) <= want * 0.001, `p(97.5) ${got} ms, exact ${want} ms`);
  assert.equal(d.total.percentileMs(0.975), got);
  assert.equal(d.total.percentileMs(0.95), view.total.percentiles['0.95']);
  assert.equal(d.scope('GET', '/nope'), null);
  const [r] = evaluate([parseThresholdText('GET /x: p(97.5)<1000')], d);
  assert.equal(r!.ok, false);
  assert.equal(r!.observed, got);
});

void test('monitor: abortOnFail acts only after delayAbortEval, once, and only on a known value', () => {
  const m = new ThresholdMonitor([
    parseThresholdText('p(95)<500'),
    parseThresholdText('avg<100 abortOnFail delayAbortEval=10s'),
  ]);
  const slow = data(stats({ avgMs: 300 }));
  const empty = data(stats({ count: 0, avgMs: null }));
  assert.equal(m.check(empty, 20_000), null, 'no data never aborts');
  assert.equal(m.check(slow, 9_999), null, 'before the delay');
  assert.equal(m.results.length, 2);
  const abort = m.check(slow, 10_000);
  assert.ok(abort !== null);
  assert.equal(abort.result.threshold.expression, 'avg<100');
  assert.match(abort.message, /global: avg<100 was crossed 10\.0 s into the run \(observed 300 ms\)/);
  assert.equal(m.check(slow, 11_000), null, 'reported once');
  assert.equal(m.abort, abort);
  assert.equal(m.passed(evaluate(m.thresholds, data(stats({ avgMs: 1, percentileMs: () => 1 })))), false, 'an aborted run never passes');
  const ok = new ThresholdMonitor([parseThresholdText('avg<100 abortOnFail')]);
  assert.equal(ok.check(data(stats({ avgMs: 99 })), 0), null);
  assert.equal(ok.passed(ok.results), true);
});

void test('the console section: scope, expression, observed with unit, pass/FAIL, verdict', () => {
  const results = evaluate(
    ['p(95)<1000', 'GET /slow: avg<100 abortOnFail', 'fail_ratio<0.01', 'rps>100', 'GET /typo: med<5', 'count>10'].map((t) => parseThresholdText(t)),
    data(stats(), { 'GET /slow': stats({ avgMs: 240 }) }),
  );
  const text = formatThresholdReport(results);
  assert.equal(
    text,
    [
      'Thresholds',
      'Scope                Threshold             |     Observed | Result',
      '--------------------|----------------------|--------------|---------------',
      'global               p(95)<1000            |       950 ms | pass',
      'GET /slow            avg<100 (abortOnFail) |       240 ms | FAIL',
      'global               fail_ratio<0.01       |        0.50% | pass',
      'global               rps>100               |      50.00/s | FAIL',
      'GET /typo            med<5                 |      no data | FAIL (no data)',
      'global               count>10              |         1000 | pass',
      '3 of 6 thresholds crossed',
      '',
    ].join('\n'),
  );
  assert.match(formatThresholdReport(results.slice(0, 1)), /All 1 thresholds passed\n$/);
  assert.match(formatThresholdReport(results, 'x crossed'), /Run aborted: x crossed\n$/);
  assert.equal(formatThresholdReport([]), '');
});
