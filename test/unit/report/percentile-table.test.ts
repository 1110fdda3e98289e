import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPercentileTable } from '../../../src/report/percentile-table.js';
import type { StatsView } from '../../../src/stats/view.js';
import { makeView, table, total, usersPost } from './fixture.js';

const lines = (...l: string[]): string => l.map((x) => x + '\n').join('');

const ACTUAL = [
  'Response time percentiles (approximated)',
  'Type     Name                          50%    66%    75%    80%    90%    95%    98%    99%  99.9% 99.99%   100% # reqs',
  '--------|------------------------|--------|------|------|------|------|------|------|------|------|------|------|------',
  'GET      /api/search                  4.73   5.50   6.00   7.00   9.99     10     51     80    110    121    121    800',
  'GET      /api/users                     10     11     12     13     20     30     45     60     90    100    100   1200',
  'POST     /api/users                   5.00   6.00   6.50   7.00   8.00   9.00     12     15     30     40     40    400',
  'GET      /empty                        N/A    N/A    N/A    N/A    N/A    N/A    N/A    N/A    N/A    N/A    N/A      0',
  '--------|------------------------|--------|------|------|------|------|------|------|------|------|------|------|------',
  '         Aggregated                   7.00   9.00     10     11     15     25     44     60    110    121    121   2400',
];

void test('percentile table: Locust columns, (name, method) order, N/A for an endpoint without samples', () => {
  assert.equal(formatPercentileTable(makeView(), { nameWidth: 24 }), lines(...ACTUAL));
});

void test('open model: the scheduled-send percentiles come first (the headline), names marked (scheduled); the actual-send table follows', () => {
  const scheduled = {
    avgMs: 50,
    maxMs: 900,
    percentiles: table([20, 25, 30, 35, 100, 200, 400, 800, 900, 900, 900]),
  };
  const view: StatsView = {
    ...makeView(),
    endpoints: [{ ...usersPost, name: '/api/users/{id}/avatar/upload', scheduled }, ...makeView().endpoints],
    total: { ...total, scheduled },
  };
  const out = formatPercentileTable(view, { nameWidth: 24 });
  const [first, second] = out.split('\n\n');
  assert.ok(second?.startsWith('Response time percentiles from the actual send (approximated; a closed loop hides stalls here)\n'), second);
  assert.equal(
    `${first ?? ''}\n`,
    [
      'Response time percentiles from the scheduled send time (the headline: corrected for coordinated omission)',
      'Type     Name                          50%    66%    75%    80%    90%    95%    98%    99%  99.9% 99.99%   100% # reqs',
      '--------|------------------------|--------|------|------|------|------|------|------|------|------|------|------|------',
      'POST     /api/...load (scheduled)       20     25     30     35    100    200    400    800    900    900    900    400',
      '--------|------------------------|--------|------|------|------|------|------|------|------|------|------|------|------',
      '         Aggregated (scheduled)         20     25     30     35    100    200    400    800    900    900    900   2400',
      '',
    ].join('\n'),
  );
});

void test('no scheduled block in the closed model', () => {
  assert.equal(formatPercentileTable(makeView(), { nameWidth: 24 }).includes('scheduled'), false);
});

void test('a narrow Name column shortens the name and its (scheduled) mark together', () => {
  const scheduled = { avgMs: 1, maxMs: 1, percentiles: table([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) };
  const view: StatsView = { ...makeView(), endpoints: [], total: { ...total, scheduled } };
  const rows = formatPercentileTable(view, { nameWidth: 10 }).split('\n\n')[0]?.split('\n') ?? [];
  assert.equal(rows.at(-1), '         Aggr...ed)     1.00   1.00   1.00   1.00   1.00   1.00   1.00   1.00   1.00   1.00   1.00   2400');
});
