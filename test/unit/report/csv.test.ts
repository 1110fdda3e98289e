import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, exceptionsCsv, failuresCsv, historyHeader, historyRows, num3, statsCsv, utcSeconds } from '../../../src/report/csv-format.js';
import { CsvWriter } from '../../../src/report/csv-writer.js';
import { makeView, table } from './fixture.js';

// Locust's headers, byte for byte (shared/REFERENCE.md). Do not derive these from the code.
const GOLDEN = {
  stats: 'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n',
  history: 'Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size\n',
  failures: 'Method,Name,Error,Occurrences,First Seen,Last Seen\n',
  exceptions: 'Count,Message,Traceback,Nodes\n',
};

function firstLine(text: string): string {
  return text.slice(0, text.indexOf('\n') + 1);
}

void test('golden headers: all four files', () => {
  const view = makeView();
  assert.equal(firstLine(statsCsv(view)), GOLDEN.stats);
  assert.equal(historyHeader(), GOLDEN.history);
  assert.equal(firstLine(failuresCsv(view)), GOLDEN.failures);
  assert.equal(firstLine(exceptionsCsv(view)), GOLDEN.exceptions);
  const empty = { ...makeView(), errors: [], exceptions: [] };
  assert.equal(failuresCsv(empty), GOLDEN.failures, 'a run without failures still has the header');
  assert.equal(exceptionsCsv(empty), GOLDEN.exceptions);
});

void test('_stats.csv rows: (name, method) order, Aggregated last, decimals, N/A without requests', () => {
  const lines = statsCsv(makeView()).split('\n');
  assert.deepEqual(lines.slice(1), [
    'GET,/api/search,800,12,4.73,9.99,0.42,120.6,512.346,13.333,0.2,4.73,5.5,6,7,9.99,10.4,50.5,80,110.123,120.6,120.6',
    'GET,/api/users,1200,0,9.999,10.4,1,99.5,2048,20,0,9.999,11,12,13,20,30,45,60,90,99.5,99.5',
    'POST,/api/users,400,0,5,5.125,2.5,40,64,6.667,0,5,6,6.5,7,8,9,12,15,30,40,40',
    'GET,/empty,0,0,N/A,N/A,N/A,N/A,0,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A',
    ',Aggregated,2400,12,7,9.3,0.42,120.6,1199.7,40,0.2,7,9,10,11,15,25,44,60,110,120.6,120.6',
    '',
  ]);
});

void test('_stats_history.csv rows: Aggregated only by default, every endpoint first with full history; window percentiles', () => {
  const view = makeView();
  view.total.current = { rps: 38.75, failRps: 0.3, percentiles: table([6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70]) };
  const aggregated = '1700000060,10,,Aggregated,38.75,0.3,6,7,8,9,10,20,30,40,50,60,70,2400,12,7,9.3,0.42,120.6,1199.7\n';
  assert.equal(historyRows(view, 1_700_000_060, 10, false), aggregated);
  const full = historyRows(view, 1_700_000_060, 10, true).split('\n');
  assert.equal(full.length, 6);
  assert.equal(full[0], '1700000060,10,GET,/api/search,12.5,0.3,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,800,12,4.73,9.99,0.42,120.6,512.346');
  assert.equal(full[3], '1700000060,10,GET,/empty,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,0,0,N/A,N/A,N/A,N/A,0');
  assert.equal(`${full[4]}\n`, aggregated);
});

void test('_failures.csv and _exceptions.csv: UTC times to the second, quoting, nodes joined by ", "', () => {
  assert.equal(
    failuresCsv(makeView()),
    GOLDEN.failures +
      'GET,/api/search,HTTP 500,12,2023-11-14T22:13:21Z,2023-11-14T22:14:19Z\n' +
      'POST,/api/users,ECONNRESET,3,2023-11-14T22:13:30Z,2023-11-14T22:13:40Z\n',
  );
  assert.equal(
    exceptionsCsv(makeView()),
    GOLDEN.exceptions +
      '3,Cannot read properties of undefined (reading \'token\'),"TypeError: Cannot read properties of undefined (reading \'token\')\n' +
      '    at ApiUser.onStart (loadfile.ts:12:34)\n    at Runner.spawn (runtime.js:88:7)","w-1, w-2"\n',
  );
  assert.equal(csvField('a "b", c'), '"a ""b"", c"');
  assert.equal(csvField('plain'), 'plain');
  assert.equal(utcSeconds(Date.UTC(2024, 0, 2, 3, 4, 5, 999)), '2024-01-02T03:04:05Z');
  assert.equal(num3(1 / 3), '0.333');
  assert.equal(num3(-0.0001), '0');
});

void test('the writer: history appended per second, the other files replaced, a final row with a fresh timestamp', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-csv-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const w = new CsvWriter({ prefix: join(dir, 'sub', 'run'), fullHistory: false });
  await w.open();
  assert.equal(readFileSync(w.paths.history, 'utf8'), GOLDEN.history);
  const view = makeView();
  w.tick({ ...view, now: 1_700_000_001_200 }, 3);
  w.tick({ ...view, now: 1_700_000_001_900 }, 3); // the same second: no second row
  w.tick({ ...view, now: 1_700_000_002_100 }, 4);
  await w.close({ ...view, now: 1_700_000_002_500 }, 0);
  const history = readFileSync(w.paths.history, 'utf8').trimEnd().split('\n');
  assert.deepEqual(history.slice(1).map((l) => l.split(',').slice(0, 2).join(',')), ['1700000001,3', '1700000002,4', '1700000003,0']);
  assert.equal(readFileSync(w.paths.stats, 'utf8'), statsCsv(view));
  assert.equal(readFileSync(w.paths.failures, 'utf8'), failuresCsv(view));
  assert.equal(readFileSync(w.paths.exceptions, 'utf8'), exceptionsCsv(view));
  assert.equal(w.error, null);
});

void test('the writer: an unwritable prefix is STAMPEDE_ERR_REPORT_WRITE naming the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-csv-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const w = new CsvWriter({ prefix: join(dir, 'x\0y'), fullHistory: false });
  await assert.rejects(w.open(), (err: unknown) => (err as { code?: string }).code === 'STAMPEDE_ERR_REPORT_WRITE' && /x.y_stats_history\.csv/.test((err as Error).message));
});
