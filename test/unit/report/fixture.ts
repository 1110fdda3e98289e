/** A small hand-built StatsView and RunInfo whose every number is chosen, for golden tests. */
import type { EndpointView, PercentileTable, StatsView } from '../../../src/stats/view.js';
import type { RunInfo, WorkerRow } from '../../../src/report/types.js';

const FRACTIONS = ['0.5', '0.66', '0.75', '0.8', '0.9', '0.95', '0.98', '0.99', '0.999', '0.9999', '1'];

/** Percentiles from 11 values in REPORT_PERCENTILES order. */
export function table(values: readonly (number | null)[]): PercentileTable {
  return Object.fromEntries(FRACTIONS.map((key, i) => [key, values[i] ?? null]));
}

const NO_PERCENTILES = table([]);

export function emptyEndpoint(method: string, name: string): EndpointView {
  return {
    method,
    name,
    count: 0,
    failures: 0,
    minMs: null,
    maxMs: null,
    avgMs: null,
    medianMs: null,
    avgBytes: 0,
    totalBytes: 0,
    rps: 0,
    failRps: 0,
    percentiles: NO_PERCENTILES,
    current: { rps: 0, failRps: 0, percentiles: NO_PERCENTILES },
    status: {},
  };
}

export const searchGet: EndpointView = {
  method: 'GET',
  name: '/api/search',
  count: 800,
  failures: 12,
  minMs: 0.42,
  maxMs: 120.6,
  avgMs: 9.99,
  medianMs: 4.73,
  avgBytes: 512.3456,
  totalBytes: 409876,
  rps: 13.333333,
  failRps: 0.2,
  percentiles: table([4.73, 5.5, 6, 7.0004, 9.99, 10.4, 50.5, 80, 110.1234567, 120.6, 120.6]),
  current: { rps: 12.5, failRps: 0.3, percentiles: NO_PERCENTILES },
  status: { '500': 12, '200': 788 },
};

export const usersGet: EndpointView = {
  method: 'GET',
  name: '/api/users',
  count: 1200,
  failures: 0,
  minMs: 1,
  maxMs: 99.5,
  avgMs: 10.4,
  medianMs: 9.999,
  avgBytes: 2048,
  totalBytes: 2457600,
  rps: 20,
  failRps: 0,
  percentiles: table([9.999, 11, 12, 13, 20, 30, 45, 60, 90, 99.5, 99.5]),
  current: { rps: 19.25, failRps: 0, percentiles: NO_PERCENTILES },
  status: { '200': 1200 },
};

export const usersPost: EndpointView = {
  method: 'POST',
  name: '/api/users',
  count: 400,
  failures: 0,
  minMs: 2.5,
  maxMs: 40,
  avgMs: 5.125,
  medianMs: 5,
  avgBytes: 64,
  totalBytes: 25600,
  rps: 6.666667,
  failRps: 0,
  percentiles: table([5, 6, 6.5, 7, 8, 9, 12, 15, 30, 40, 40]),
  current: { rps: 7, failRps: 0, percentiles: NO_PERCENTILES },
  status: { '201': 400 },
};

export const total: EndpointView = {
  method: '',
  name: 'Aggregated',
  count: 2400,
  failures: 12,
  minMs: 0.42,
  maxMs: 120.6,
  avgMs: 9.3,
  medianMs: 7,
  avgBytes: 1199.7,
  totalBytes: 2893076,
  rps: 40,
  failRps: 0.2,
  percentiles: table([7, 9, 10, 11, 15, 25, 44, 60, 110, 120.6, 120.6]),
  current: { rps: 38.75, failRps: 0.3, percentiles: NO_PERCENTILES },
  status: { '200': 1988, '201': 400, '500': 12 },
};

/** Endpoints deliberately out of (name, method) order. */
export function makeView(): StatsView {
  return {
    startedAt: 1_700_000_000_000,
    now: 1_700_000_060_000,
    endpoints: [usersPost, emptyEndpoint('GET', '/empty'), usersGet, searchGet],
    total,
    errors: [
      { method: 'GET', name: '/api/search', error: 'HTTP 500', occurrences: 12, firstSeen: 1_700_000_001_000, lastSeen: 1_700_000_059_500 },
      { method: 'POST', name: '/api/users', error: 'ECONNRESET', occurrences: 3, firstSeen: 1_700_000_010_250, lastSeen: 1_700_000_020_000 },
    ],
    exceptions: [
      {
        message: "Cannot read properties of undefined (reading 'token')",
        traceback:
          "TypeError: Cannot read properties of undefined (reading 'token')\n    at ApiUser.onStart (loadfile.ts:12:34)\n    at Runner.spawn (runtime.js:88:7)",
        count: 3,
        nodes: ['w-1', 'w-2'],
      },
    ],
  };
}

export function makeRun(): RunInfo {
  return {
    version: '0.1.0',
    startedAt: 1_700_000_000_000,
    endedAt: 1_700_000_060_500,
    host: 'http://127.0.0.1:8000',
    users: 10,
    spawnRate: 2,
    runTimeS: 60,
    locustfile: 'examples/crud.ts',
    exitCode: 1,
    workers: [
      { id: 'w-1', host: 'box-a', state: 'stopped', users: { ApiUser: 5 }, share: 0.5 },
      { id: 'w-2', host: 'box-b', state: 'stopped', users: { ApiUser: 5 } },
    ],
    startSkewMs: 1.23456,
  };
}

export const workers: WorkerRow[] = [
  { id: 'w-10', host: 'box-a', state: 'running', users: 5, rps: 100.5, cpuPercent: 37.25, loopLagMs: 1.234, lastReportAgeMs: 400 },
  { id: 'w-2', host: 'box-b', state: 'missing', users: 4, rps: 0, cpuPercent: 0, loopLagMs: 12.6, lastReportAgeMs: 3500 },
];
