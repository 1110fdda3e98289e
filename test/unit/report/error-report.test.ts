import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstTracebackLine, formatErrorReport, formatExceptionReport } from '../../../src/report/error-report.js';
import type { StatsView } from '../../../src/stats/view.js';
import { makeView } from './fixture.js';

const lines = (...l: string[]): string => l.map((x) => x + '\n').join('');
const RULE = '------------------|' + '-'.repeat(91);

void test('error report: Locust columns, most frequent first, METHOD name: error', () => {
  const view = makeView();
  view.errors.reverse();
  assert.equal(
    formatErrorReport(view, { nameWidth: 24 }),
    lines(
      'Error report',
      '# occurrences      Error',
      RULE,
      '12                 GET /api/search: HTTP 500',
      '3                  POST /api/users: ECONNRESET',
    ),
  );
});

void test('error report: the rule reaches the stats table edge (Name 50 → 136 wide), and is empty without errors', () => {
  const rule = formatErrorReport(makeView()).split('\n')[2] ?? '';
  assert.equal(rule.length, 136);
  const view: StatsView = { ...makeView(), errors: [] };
  assert.equal(formatErrorReport(view), '');
});

void test('error report: a multi-line error text stays on one line', () => {
  const view: StatsView = {
    ...makeView(),
    errors: [{ method: 'GET', name: '/x', error: 'check failed:\nexpected 200', occurrences: 1, firstSeen: 0, lastSeen: 0 }],
  };
  assert.equal(formatErrorReport(view, { nameWidth: 24 }).split('\n')[3], '1                  GET /x: check failed: expected 200');
});

void test('exception report: count, message, then the first stack frame', () => {
  assert.equal(
    formatExceptionReport(makeView(), { nameWidth: 24 }),
    lines(
      'Exception report',
      '# occurrences      Exception',
      RULE,
      "3                  Cannot read properties of undefined (reading 'token')",
      '                     at ApiUser.onStart (loadfile.ts:12:34)',
    ),
  );
  assert.equal(formatExceptionReport({ ...makeView(), exceptions: [] }), '');
});

void test('firstTracebackLine: a frame if there is one, else a line that is not the message', () => {
  const base = { count: 1, nodes: [] };
  assert.equal(firstTracebackLine({ ...base, message: 'boom', traceback: 'Error: boom\n    at f (a.ts:1:2)' }), 'at f (a.ts:1:2)');
  assert.equal(firstTracebackLine({ ...base, message: 'boom', traceback: 'Error: boom\nthrown from the task' }), 'thrown from the task');
  assert.equal(firstTracebackLine({ ...base, message: 'boom', traceback: '' }), '');
  assert.equal(firstTracebackLine({ ...base, message: 'boom', traceback: 'boom' }), '');
});
