/**
 * The HTML report in real Chromium: it opens from a file with no network, without console errors,
 * its three charts are drawn (non-blank canvas pixels), its tables hold the data, and user-made
 * names cannot inject markup. A screenshot is kept in a temp dir outside the repo.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { History } from '../../../src/master/history.js';
import { evaluate, parseThresholdText, thresholdData } from '../../../src/master/thresholds/index.js';
import { renderHtmlReport } from '../../../src/report/html.js';
import { buildJsonSummary } from '../../../src/report/json-summary.js';
import { CLI_ENTRY, runCli, startCountingServer } from '../../helpers/index.js';
import { emptyEndpoint, makeRun, makeView } from '../../unit/report/fixture.js';
import { launchChromium } from './chromium.js';

const HOSTILE = '/x/<img src=x onerror="document.title=\'pwned\'">';

function syntheticReport(): string {
  const view = makeView();
  view.endpoints.push(emptyEndpoint('GET', HOSTILE));
  const history = new History();
  const t0 = view.startedAt;
  for (let s = 1; s <= 120; s++) {
    const ramp = Math.min(1, s / 30);
    history.add({ t: t0 + s * 1000, users: Math.round(10 * ramp), rps: 40 * ramp + (s % 7), failRps: s % 20 === 0 ? 2 : 0.2, p50Ms: 7 + (s % 5), p95Ms: 25 + (s % 11), p99Ms: 60 + (s % 13) * 3, count: s * 40, failures: s });
  }
  const results = evaluate(['p(95)<50', 'GET /api/search: fail_ratio<0.01', 'rps>50'].map((x) => parseThresholdText(x)), thresholdData(view, () => null));
  const summary = buildJsonSummary(view, { ...makeRun(), exitCode: 3 }, { thresholds: results, history: { stepS: history.stepS, points: history.points() } });
  return renderHtmlReport(summary);
}

interface PageCheck {
  charts: string | null;
  painted: number[];
  title: string;
  errors: string[];
  requests: string[];
}

async function open(browser: Browser, file: string, screenshot: string): Promise<PageCheck & { page: Page }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.route(/^(https?|wss?):/, (route) => route.abort());
  await page.goto(`file://${file}`, { waitUntil: 'load', timeout: 15_000 });
  await page.waitForSelector('body[data-charts]', { timeout: 10_000 });
  const charts = await page.getAttribute('body', 'data-charts');
  // Non-transparent pixels on each chart's canvas: the axes, grid and lines uPlot drew.
  const painted = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.chart canvas')).map((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    }),
  );
  await page.screenshot({ path: screenshot, fullPage: true });
  return { page, charts, painted, title: await page.title(), errors, requests };
}

void test('the HTML report opens in Chromium without errors or network, draws its charts and escapes names', async (t) => {
  const browser = await launchChromium(t);
  if (browser === null) return;
  const shots = mkdtempSync(join(tmpdir(), 'stampede-browser-'));
  const file = join(shots, 'report.html');
  writeFileSync(file, syntheticReport());
  const r = await open(browser, file, join(shots, 'synthetic.png'));
  t.diagnostic(`screenshot: ${join(shots, 'synthetic.png')}`);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.requests, [], 'the report needs no network');
  assert.equal(r.charts, '3');
  assert.equal(r.painted.length, 3, 'three canvases');
  for (const n of r.painted) assert.ok(n > 2000, `a chart canvas has only ${n} painted pixels: ${JSON.stringify(r.painted)}`);
  assert.ok(!r.title.includes('pwned'), 'a hostile endpoint name ran as markup');
  const page = r.page;
  assert.equal(await page.locator('img').count(), 0, 'no <img> came from the endpoint name');
  assert.ok((await page.textContent('body'))!.includes(HOSTILE), 'the hostile name is shown as text');
  assert.match((await page.textContent('header'))!, /THRESHOLDS CROSSED/);
  const sections = await page.locator('section h2').allTextContents();
  for (const h of ['Thresholds', 'Over time', 'Request statistics', 'Response time percentiles', 'Failures', 'Exceptions', 'Workers']) {
    assert.ok(sections.some((s) => s.startsWith(h)), `section ${h} in ${JSON.stringify(sections)}`);
  }
  const statsRows = await page.locator('#stats tbody tr').count();
  assert.equal(statsRows, 6, '5 endpoints and Aggregated');
  assert.equal(await page.locator('td.bad').count(), 2, 'two thresholds failed');
});

void test('the HTML report of a real distributed run opens and draws its charts', async (t) => {
  const browser = await launchChromium(t);
  if (browser === null) return;
  assert.ok(existsSync(CLI_ENTRY), `build first (npm run build): ${CLI_ENTRY} is missing`);
  const target = await startCountingServer({ routes: { '/timed': { latencyMs: 5 } } });
  t.after(() => target.close());
  const dir = mkdtempSync(join(tmpdir(), 'stampede-browser-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const shots = mkdtempSync(join(tmpdir(), 'stampede-browser-'));
  const html = join(dir, 'out', 'report.html');
  const loadfile = new URL('../../e2e/loadfiles/timed.ts', import.meta.url).pathname;
  const result = await runCli(['-f', loadfile, '-H', target.url, '-u', '4', '-r', '100', '-t', '2s', '--processes', '2', '--headless', '--only-summary', '--html', html, '--threshold', 'p(95)<2s'], { timeoutMs: 40_000 });
  assert.equal(result.code, 0, result.stderr);
  const r = await open(browser, html, join(shots, 'run.png'));
  t.diagnostic(`screenshot: ${join(shots, 'run.png')}`);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.requests, []);
  assert.equal(r.charts, '3');
  for (const n of r.painted) assert.ok(n > 2000, `painted pixels per chart: ${JSON.stringify(r.painted)}`);
  assert.match((await r.page.textContent('header'))!, /PASSED/);
  assert.equal(await r.page.locator('#workers tbody tr').count(), 2);
});
