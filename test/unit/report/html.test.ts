import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtmlReport, writeHtmlReport } from '../../../src/report/html.js';
import { escapeHtml } from '../../../src/report/html-tables.js';
import { buildJsonSummary } from '../../../src/report/json-summary.js';
import { emptyEndpoint, makeRun, makeView } from './fixture.js';

void test('one self-contained document: inline assets, the series as JSON, nothing loaded from outside', () => {
  const html = renderHtmlReport(buildJsonSummary(makeView(), makeRun(), { history: { stepS: 1, points: [{ t: 1_700_000_001_000, spanS: 1, users: 3, rps: 2, failRps: 0, p50Ms: 1, p95Ms: 2, p99Ms: null, count: 2, failures: 0 }] } }));
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.ok(!/<script[^>]+src=|<link[^>]+href=|@import/i.test(html), 'no external script, stylesheet or import');
  assert.ok(html.includes('uPlot'), 'the chart library is inlined');
  const series = /<script type="application\/json" id="stampede-series">(.*?)<\/script>/.exec(html)?.[1];
  assert.deepEqual(JSON.parse(series!), { t: [1_700_000_001], rps: [2], failRps: [0], p50: [1], p95: [2], p99: [null], users: [3] });
  for (const id of ['over-time', 'stats', 'percentiles', 'failures', 'exceptions', 'workers']) assert.ok(html.includes(`<section id="${id}">`), id);
  assert.ok(!html.includes('<section id="thresholds">'), 'no thresholds section without thresholds');
  assert.match(html, /REQUESTS FAILED/, 'exit 1 is shown as the verdict');
  assert.equal((html.match(/<\/script>/g) ?? []).length, 3, 'exactly three scripts: data, uPlot, charts');
});

void test('user-made text is escaped everywhere; a run without a time series says so', () => {
  const view = makeView();
  view.endpoints.push(emptyEndpoint('GET', '</script><script>alert(1)</script>'));
  view.exceptions[0]!.message = '<b>bold</b> & "quoted"';
  const html = renderHtmlReport(buildJsonSummary(view, { ...makeRun(), exitCode: 0 }));
  assert.ok(!html.includes('<script>alert(1)'));
  assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;'));
  assert.match(html, /The run was too short for a time series/);
  assert.match(html, /PASSED/);
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

void test('written to a file (directories created); an unwritable path is STAMPEDE_ERR_REPORT_WRITE', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-html-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const summary = buildJsonSummary(makeView(), makeRun());
  const path = join(dir, 'a', 'b', 'report.html');
  await writeHtmlReport(path, summary);
  assert.equal(readFileSync(path, 'utf8'), renderHtmlReport(summary));
  await assert.rejects(writeHtmlReport(join(dir, 'a', 'b', 'report.html', 'x.html'), summary), (err: unknown) => (err as { code?: string }).code === 'STAMPEDE_ERR_REPORT_WRITE');
});
