import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatWorkerTable } from '../../../src/report/worker-table.js';
import { workers } from './fixture.js';

void test('worker table: natural id order, units, and a Total row', () => {
  assert.equal(
    formatWorkerTable(workers),
    [
      'Workers',
      'Worker   Host     State    |   Users     req/s |  CPU %   Loop lag  Last report',
      '--------|--------|---------|--------|----------|-------|----------|------------',
      'w-2      box-b    missing  |       4      0.00 |    0.0      13 ms    3.5 s ago',
      'w-10     box-a    running  |       5    100.50 |   37.3    1.23 ms    0.4 s ago',
      '--------|--------|---------|--------|----------|-------|----------|------------',
      'Total                      |       9    100.50',
      '',
    ].join('\n'),
  );
});

void test('worker table: long ids widen their column, and no workers gives nothing', () => {
  const id = 'worker-3f2a9c1e-0b7d-4e8a-9d6c-5a4b3c2d1e0f';
  const out = formatWorkerTable([{ ...workers[0]!, id }]).split('\n');
  assert.equal(out[3], `${id} box-a    running  |       5    100.50 |   37.3    1.23 ms    0.4 s ago`);
  assert.equal(out[1]?.indexOf('|'), out[3]?.indexOf('|'));
  assert.equal(formatWorkerTable([]), '');
});

void test('worker table: a worker that never reported says so', () => {
  const out = formatWorkerTable([{ ...workers[1]!, lastReportAgeMs: -1 }]).split('\n');
  assert.equal(out[3], 'w-2      box-b    missing  |       4      0.00 |    0.0      13 ms        never');
});
