import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildJsonSummary, JSON_SUMMARY_SCHEMA } from '../../../src/report/json-summary.js';
import { makeRun, makeView, table, total, usersPost } from './fixture.js';

const NULL_PERCENTILES = {
  '50': null, '66': null, '75': null, '80': null, '90': null, '95': null,
  '98': null, '99': null, '99.9': null, '99.99': null, '100': null,
};

void test('run: ISO and epoch times, duration, skew rounded to µs, workers copied', () => {
  const summary = buildJsonSummary(makeView(), makeRun());
  assert.equal(summary.schema, 'stampede.summary/1');
  assert.equal(JSON_SUMMARY_SCHEMA, 'stampede.summary/1');
  assert.deepEqual(Object.keys(summary), ['schema', 'run', 'totals', 'endpoints', 'errors', 'exceptions', 'thresholds', 'timeSeries']);
  assert.deepEqual(summary.run, {
    version: '0.1.0',
    host: 'http://127.0.0.1:8000',
    locustfile: 'examples/crud.ts',
    users: 10,
    spawnRate: 2,
    runTimeS: 60,
    startedAt: '2023-11-14T22:13:20.000Z',
    startedAtMs: 1_700_000_000_000,
    endedAt: '2023-11-14T22:14:20.500Z',
    endedAtMs: 1_700_000_060_500,
    durationS: 60.5,
    exitCode: 1,
    startSkewMs: 1.235,
    lostReports: 0,
    workers: [
      { id: 'w-1', host: 'box-a', state: 'stopped', users: { ApiUser: 5 }, share: 0.5 },
      { id: 'w-2', host: 'box-b', state: 'stopped', users: { ApiUser: 5 }, share: null },
    ],
    statsStartedAt: '2023-11-14T22:13:20.000Z',
    statsStartedAtMs: 1_700_000_000_000,
    warmupS: null,
    resetStats: false,
    abortReason: null,
    loadShape: 'steady',
    shapeOutcome: null,
    droppedArrivals: 0,
  });
  assert.deepEqual(summary.thresholds, []);
  assert.deepEqual(summary.timeSeries, { stepS: 1, points: [] });
  const unlimited = buildJsonSummary(makeView(), { ...makeRun(), runTimeS: null, startSkewMs: null, lostReports: 7 });
  assert.equal(unlimited.run.runTimeS, null);
  assert.equal(unlimited.run.startSkewMs, null);
  assert.equal(unlimited.run.lostReports, 7);
});

void test('endpoints: (name, method) order, every field, rounded to 3 decimals (µs)', () => {
  const summary = buildJsonSummary(makeView(), makeRun());
  assert.deepEqual(
    summary.endpoints.map((e) => `${e.method} ${e.name}`),
    ['GET /api/search', 'GET /api/users', 'POST /api/users', 'GET /empty'],
  );
  assert.deepEqual(summary.endpoints[0], {
    method: 'GET',
    name: '/api/search',
    count: 800,
    failures: 12,
    failRatio: 0.015,
    rps: 13.333,
    failRps: 0.2,
    minMs: 0.42,
    avgMs: 9.99,
    medianMs: 4.73,
    maxMs: 120.6,
    avgBytes: 512.346,
    totalBytes: 409876,
    percentiles: {
      '50': 4.73, '66': 5.5, '75': 6, '80': 7, '90': 9.99, '95': 10.4,
      '98': 50.5, '99': 80, '99.9': 110.123, '99.99': 120.6, '100': 120.6,
    },
    status: { '200': 788, '500': 12 },
  });
  assert.equal('scheduled' in (summary.endpoints[0] ?? {}), false);
});

void test('an endpoint without samples: nulls, zero rates, no statuses', () => {
  const empty = buildJsonSummary(makeView(), makeRun()).endpoints[3];
  assert.deepEqual(empty, {
    method: 'GET',
    name: '/empty',
    count: 0,
    failures: 0,
    failRatio: 0,
    rps: 0,
    failRps: 0,
    minMs: null,
    avgMs: null,
    medianMs: null,
    maxMs: null,
    avgBytes: 0,
    totalBytes: 0,
    percentiles: NULL_PERCENTILES,
    status: {},
  });
});

void test('totals: the Aggregated row in the same shape', () => {
  const totals = buildJsonSummary(makeView(), makeRun()).totals;
  assert.equal(totals.method, '');
  assert.equal(totals.name, 'Aggregated');
  assert.equal(totals.count, 2400);
  assert.equal(totals.failures, 12);
  assert.equal(totals.failRatio, 0.005);
  assert.equal(totals.avgBytes, 1199.7);
  assert.deepEqual(totals.status, { '200': 1988, '201': 400, '500': 12 });
});

void test('open model: scheduled avg, max and percentiles', () => {
  const scheduled = { avgMs: 50.0004, maxMs: 900.1234567, percentiles: table([20, 25, 30, 35, 100, 200, 400, 800, 900, 900, 900.1234567]) };
  const view = { ...makeView(), endpoints: [{ ...usersPost, scheduled }], total: { ...total, scheduled } };
  const summary = buildJsonSummary(view, makeRun());
  const expected = {
    avgMs: 50,
    maxMs: 900.123,
    percentiles: {
      '50': 20, '66': 25, '75': 30, '80': 35, '90': 100, '95': 200,
      '98': 400, '99': 800, '99.9': 900, '99.99': 900, '100': 900.123,
    },
  };
  assert.deepEqual(summary.endpoints[0]?.scheduled, expected);
  assert.deepEqual(summary.totals.scheduled, expected);
});

void test('errors sorted by (name, method, error) with ISO times; exceptions with nodes', () => {
  const view = makeView();
  view.errors.reverse();
  const summary = buildJsonSummary(view, makeRun());
  assert.deepEqual(summary.errors, [
    {
      method: 'GET',
      name: '/api/search',
      error: 'HTTP 500',
      occurrences: 12,
      firstSeen: '2023-11-14T22:13:21.000Z',
      firstSeenMs: 1_700_000_001_000,
      lastSeen: '2023-11-14T22:14:19.500Z',
      lastSeenMs: 1_700_000_059_500,
    },
    {
      method: 'POST',
      name: '/api/users',
      error: 'ECONNRESET',
      occurrences: 3,
      firstSeen: '2023-11-14T22:13:30.250Z',
      firstSeenMs: 1_700_000_010_250,
      lastSeen: '2023-11-14T22:13:40.000Z',
      lastSeenMs: 1_700_000_020_000,
    },
  ]);
  assert.deepEqual(summary.exceptions, [
    {
      count: 3,
      message: "Cannot read properties of undefined (reading 'token')",
      traceback:
        "TypeError: Cannot read properties of undefined (reading 'token')\n    at ApiUser.onStart (loadfile.ts:12:34)\n    at Runner.spawn (runtime.js:88:7)",
      nodes: ['w-1', 'w-2'],
    },
  ]);
});

void test('the summary does not share arrays or objects with its inputs', () => {
  const view = makeView();
  const run = makeRun();
  const summary = buildJsonSummary(view, run);
  summary.exceptions[0]?.nodes.push('w-9');
  summary.run.workers[0]!.users.Other = 1;
  assert.deepEqual(view.exceptions[0]?.nodes, ['w-1', 'w-2']);
  assert.deepEqual(run.workers[0]?.users, { ApiUser: 5 });
});
