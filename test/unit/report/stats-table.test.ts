import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStatsTable } from '../../../src/report/stats-table.js';
import type { EndpointView, StatsView } from '../../../src/stats/view.js';
import { emptyEndpoint, makeView, total } from './fixture.js';

const lines = (...l: string[]): string => l.map((x) => x + '\n').join('');

void test('final table: Locust layout, (name, method) order, decimals rule, N/A for an empty endpoint', () => {
  assert.equal(
    formatStatsTable(makeView(), { current: false, nameWidth: 24 }),
    lines(
      'Type     Name                      # reqs      # fails |    Avg     Min     Max     Med |   req/s  failures/s',
      '--------|------------------------|-------|-------------|-------|-------|-------|--------|--------|-----------',
      'GET      /api/search                  800    12(1.50%) |   9.99    0.42     121    4.73 |   13.33        0.20',
      'GET      /api/users                  1200     0(0.00%) |     10    1.00     100      10 |   20.00        0.00',
      'POST     /api/users                   400     0(0.00%) |   5.13    2.50      40    5.00 |    6.67        0.00',
      'GET      /empty                         0     0(0.00%) |    N/A     N/A     N/A     N/A |    0.00        0.00',
      '--------|------------------------|-------|-------------|-------|-------|-------|--------|--------|-----------',
      '         Aggregated                  2400    12(0.50%) |   9.30    0.42     121    7.00 |   40.00        0.20',
    ),
  );
});

void test('periodic table (current: true) shows the current-window rates', () => {
  assert.equal(
    formatStatsTable(makeView(), { current: true, nameWidth: 24 }),
    lines(
      'Type     Name                      # reqs      # fails |    Avg     Min     Max     Med |   req/s  failures/s',
      '--------|------------------------|-------|-------------|-------|-------|-------|--------|--------|-----------',
      'GET      /api/search                  800    12(1.50%) |   9.99    0.42     121    4.73 |   12.50        0.30',
      'GET      /api/users                  1200     0(0.00%) |     10    1.00     100      10 |   19.25        0.00',
      'POST     /api/users                   400     0(0.00%) |   5.13    2.50      40    5.00 |    7.00        0.00',
      'GET      /empty                         0     0(0.00%) |    N/A     N/A     N/A     N/A |    0.00        0.00',
      '--------|------------------------|-------|-------------|-------|-------|-------|--------|--------|-----------',
      '         Aggregated                  2400    12(0.50%) |   9.30    0.42     121    7.00 |   38.75        0.30',
    ),
  );
});

void test('default Name column is 50 wide, Locust header spacing', () => {
  const out = formatStatsTable(makeView(), { current: false });
  const [header, rule, first] = out.split('\n');
  assert.equal(
    header,
    'Type     Name                                                # reqs      # fails |    Avg     Min     Max     Med |   req/s  failures/s',
  );
  assert.equal(
    rule,
    '--------|--------------------------------------------------|-------|-------------|-------|-------|-------|--------|--------|-----------',
  );
  assert.equal(
    first,
    'GET      /api/search                                            800    12(1.50%) |   9.99    0.42     121    4.73 |   13.33        0.20',
  );
});

void test('long names are shortened in the middle to the Name width', () => {
  const long = { ...emptyEndpoint('GET', '/api/organizations/{org}/projects/{project}/builds/{id}') };
  const view: StatsView = { ...makeView(), endpoints: [long], errors: [], exceptions: [] };
  const row = formatStatsTable(view, { current: false, nameWidth: 20 }).split('\n')[2];
  assert.equal(row, 'GET      /api/orga...lds/{id}       0     0(0.00%) |    N/A     N/A     N/A     N/A |    0.00        0.00');
});

/** Columns of `|` in a line. */
function bars(line: string): number[] {
  return [...line].flatMap((ch, i) => (ch === '|' ? [i] : []));
}

void test('columns stay aligned for counts up to 10^9 and rates and times of any size', () => {
  const huge: EndpointView = {
    ...total,
    method: 'PROPFIND',
    name: '/big',
    count: 1_000_000_000,
    failures: 999_999_999,
    avgMs: 3_600_000,
    maxMs: 3_600_000,
    rps: 16_666_666.67,
    failRps: 16_666_666.65,
  };
  const sum: EndpointView = { ...huge, method: '', name: 'Aggregated' };
  const view: StatsView = { ...makeView(), endpoints: [huge, ...makeView().endpoints], total: sum };
  for (const current of [false, true]) {
    const out = formatStatsTable(view, { current, nameWidth: 24 }).trimEnd().split('\n');
    const rule = out[1] ?? '';
    assert.ok(out.every((l) => l.length === rule.length), `equal line lengths:\n${out.join('\n')}`);
    const header = out[0] ?? '';
    for (const line of out.filter((l) => !l.startsWith('-'))) {
      assert.deepEqual(bars(line), bars(header), `group bars line up: ${line}`);
      for (const i of bars(line)) assert.equal(rule[i], '|', `the rule has a bar at ${i}`);
    }
  }
  const bigRow = formatStatsTable(view, { current: false, nameWidth: 24 }).split('\n')[5];
  assert.equal(
    bigRow,
    'PROPFIND /big                     1000000000 999999999(100.00%) |3600000    0.42 3600000    7.00 | 16666666.67 16666666.65',
  );
});
