import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatErrorReport, formatExceptionReport } from '../../../src/report/error-report.js';
import { formatPercentileTable } from '../../../src/report/percentile-table.js';
import { formatStatsTable } from '../../../src/report/stats-table.js';
import { formatSummary } from '../../../src/report/summary.js';
import { formatWorkerTable } from '../../../src/report/worker-table.js';
import { makeRun, makeView, workers } from './fixture.js';

void test('summary: final stats, percentiles, errors, exceptions, workers, start skew, in that order', () => {
  const view = makeView();
  const opts = { nameWidth: 24 };
  const out = formatSummary(view, { ...makeRun(), lostReports: 2 }, { ...opts, workers });
  assert.equal(
    out,
    [
      formatStatsTable(view, { ...opts, current: false }),
      formatPercentileTable(view, opts),
      formatErrorReport(view, opts),
      formatExceptionReport(view, opts),
      formatWorkerTable(workers),
      'Start skew across workers: 1.23 ms\n' +
        'Lost reports: 2 (interval reports that never reached the master; their requests are not counted above)\n',
    ].join('\n'),
  );
  assert.ok(out.includes('|   13.33        0.20\n'), 'whole-run rates, not the current window');
});

void test('summary: empty parts are left out', () => {
  const view = { ...makeView(), errors: [], exceptions: [] };
  const out = formatSummary(view, { ...makeRun(), startSkewMs: null });
  assert.equal(out, formatStatsTable(view, { current: false }) + '\n' + formatPercentileTable(view));
});
