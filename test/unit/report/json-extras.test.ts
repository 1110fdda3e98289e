import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History } from '../../../src/master/history.js';
import { evaluate, parseThresholdText, thresholdData } from '../../../src/master/thresholds/index.js';
import { buildJsonSummary, serializeJsonSummary } from '../../../src/report/index.js';
import { makeRun, makeView } from './fixture.js';

void test('thresholds with observed values and verdicts, the time series, and the stats window', () => {
  const view = makeView();
  const results = evaluate(
    ['p(95)<20', 'GET /api/search: fail_ratio<1%', 'POST /api/users: avg<5 abortOnFail delayAbortEval=30s', 'GET /nope: med<1'].map((t) => parseThresholdText(t)),
    thresholdData(view, () => null),
  );
  const history = new History();
  history.add({ t: 1_700_000_001_000, users: 4, rps: 1 / 3, failRps: 0, p50Ms: 1.23456, p95Ms: null, p99Ms: 9, count: 3, failures: 0 });
  const summary = buildJsonSummary({ ...view, startedAt: 1_700_000_010_000 }, makeRun(), {
    thresholds: results,
    history: { stepS: history.stepS, points: history.points() },
    warmupMs: 10_000,
    resetStats: true,
    abortReason: 'threshold x was crossed',
  });
  assert.deepEqual(summary.thresholds, [
    { scope: 'global', method: null, name: null, expression: 'p(95)<20', metric: 'p(95)', op: '<', value: 20, unit: 'ms', observed: 25, ok: false, abortOnFail: false, delayAbortEvalS: 0, origin: 'cli' },
    { scope: 'GET /api/search', method: 'GET', name: '/api/search', expression: 'fail_ratio<1%', metric: 'fail_ratio', op: '<', value: 0.01, unit: 'ratio', observed: 0.015, ok: false, abortOnFail: false, delayAbortEvalS: 0, origin: 'cli' },
    { scope: 'POST /api/users', method: 'POST', name: '/api/users', expression: 'avg<5', metric: 'avg', op: '<', value: 5, unit: 'ms', observed: 5.125, ok: false, abortOnFail: true, delayAbortEvalS: 30, origin: 'cli' },
    { scope: 'GET /nope', method: 'GET', name: '/nope', expression: 'med<1', metric: 'med', op: '<', value: 1, unit: 'ms', observed: null, ok: false, abortOnFail: false, delayAbortEvalS: 0, origin: 'cli' },
  ]);
  assert.deepEqual(summary.timeSeries, {
    stepS: 1,
    points: [{ tMs: 1_700_000_001_000, spanS: 1, users: 4, rps: 0.333, failRps: 0, p50Ms: 1.235, p95Ms: null, p99Ms: 9, count: 3, failures: 0 }],
  });
  assert.equal(summary.run.statsStartedAt, '2023-11-14T22:13:30.000Z');
  assert.equal(summary.run.warmupS, 10);
  assert.equal(summary.run.resetStats, true);
  assert.equal(summary.run.abortReason, 'threshold x was crossed');
  const text = serializeJsonSummary(summary);
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(summary)), 'the file is the summary');
});
