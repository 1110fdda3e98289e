/**
 * The live web UI in real Chromium (playwright-core, Debian's /usr/bin/chromium): open it, start a
 * run against the demo target, see the table and the charts fill, change the user count, download
 * a report, stop, and save a screenshot outside the repo. A second test walks the token prompt.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoTarget } from '../../../src/demo/index.js';
import { REPO_ROOT } from '../../helpers/index.js';
import { startStack, type Stack } from '../../integration/http/harness.js';
import { launchChromium } from './chromium.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Pixels of the chart's canvas drawn in the series colour (rgb), i.e. the line itself. */
async function seriesPixels(page: Page, chartId: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(({ id, c }) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`#${id} canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 200 && Math.abs(data[i]! - c[0]) < 30 && Math.abs(data[i + 1]! - c[1]) < 30 && Math.abs(data[i + 2]! - c[2]) < 30) n++;
    }
    return n;
  }, { id: chartId, c: rgb });
}

void test('a person starts, watches, steers, downloads and stops a distributed run from the browser', async (t) => {
  const browser = await launchChromium(t);
  if (browser === null) return;
  const demo = await startDemoTarget();
  cleanups.push(() => demo.close());
  const stack: Stack = await startStack({ loadfile: readFileSync(join(REPO_ROOT, 'examples/demo.ts'), 'utf8'), workers: 2, host: demo.url, http: { expectWorkers: 2 } });
  cleanups.push(() => stack.close());

  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  await page.goto(stack.http.url);

  await page.waitForFunction(() => document.querySelector('#kpi-workers')?.textContent === '2', undefined, { timeout: 10_000 });
  assert.equal(await page.textContent('#state'), 'waiting');
  assert.equal(await page.inputValue('#start-host'), demo.url, 'the form is prefilled with the default host');
  await page.fill('#start-users', '6');
  await page.fill('#start-rate', '6');
  await page.click('#start-button');

  await page.waitForFunction(() => ['spawning', 'running'].includes(document.querySelector('#state')?.textContent ?? ''), undefined, { timeout: 10_000 });
  // The table fills: several endpoints, among them the demo's busiest one.
  await page.waitForFunction(() => {
    const names = Array.from(document.querySelectorAll('#stats-table tbody tr td:nth-child(2)'), (td) => td.textContent);
    return names.length >= 3 && names.includes('/api/users');
  }, undefined, { timeout: 15_000 });
  assert.match((await page.textContent('#stats-table tfoot td:nth-child(2)')) ?? '', /Aggregated/);
  await page.waitForFunction(() => document.querySelector('#kpi-users')?.textContent === '6 / 6', undefined, { timeout: 15_000 });
  // The requests/s line (--series-ok, #2563eb) and the users line (--series-users, #475569) are drawn.
  const deadline = performance.now() + 15_000;
  while ((await seriesPixels(page, 'chart-rps', [37, 99, 235])) < 40 || (await seriesPixels(page, 'chart-users', [71, 85, 105])) < 40) {
    assert.ok(performance.now() < deadline, 'the charts did not fill within 15 s');
    await page.waitForTimeout(250);
  }

  await page.fill('#edit-users', '2');
  await page.click('#edit-button');
  await page.waitForFunction(() => document.querySelector('#kpi-users')?.textContent === '2 / 2', undefined, { timeout: 15_000 });
  assert.equal([...stack.master.workers.values()].reduce((n, w) => n + w.totalUsers, 0), 2);

  await page.click('[data-tab="workers"]');
  assert.equal(await page.locator('#tab-workers tbody tr').count(), 2);
  await page.click('[data-tab="downloads"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-path="api/report.json"]')]);
  assert.match(download.suggestedFilename(), /^stampede-.*\.json$/);
  const saved = await download.path();
  assert.equal((JSON.parse(readFileSync(saved, 'utf8')) as { schema: string }).schema, 'stampede.summary/1');
  await page.click('[data-tab="stats"]');

  const shots = mkdtempSync(join(tmpdir(), 'stampede-ui-'));
  const running = join(shots, 'ui-running.png');
  await page.screenshot({ path: running, fullPage: true });
  await page.click('#stop-button');
  await page.waitForFunction(() => document.querySelector('#state')?.textContent === 'stopped', undefined, { timeout: 15_000 });
  assert.equal(stack.master.state, 'stopped');
  await page.waitForSelector('#start-form:not([hidden])');
  const stopped = join(shots, 'ui-stopped.png');
  await page.screenshot({ path: stopped, fullPage: true });
  assert.ok(statSync(running).size > 20_000 && statSync(stopped).size > 20_000);
  assert.ok(!running.startsWith(REPO_ROOT));
  t.diagnostic(`screenshots: ${running} ${stopped}`);
  assert.deepEqual(problems, []);
});

void test('a protected API: the UI asks for the token once (again only when it is wrong) and then works', async (t) => {
  const browser = await launchChromium(t);
  if (browser === null) return;
  const token = 'ui-token-5f2c9a1e';
  const stack: Stack = await startStack({ loadfile: readFileSync(join(REPO_ROOT, 'examples/demo.ts'), 'utf8'), host: 'http://127.0.0.1:9', http: { authToken: token, authRead: true } });
  cleanups.push(() => stack.close());
  const page = await browser.newPage();
  await page.goto(stack.http.url);
  await page.waitForSelector('#token-dialog[open]');
  await page.fill('#token-input', 'not-the-token');
  await page.click('#token-form button[type="submit"]');
  await page.waitForFunction(() => /refused/.test(document.querySelector('#token-note')?.textContent ?? ''), undefined, { timeout: 5000 });
  await page.fill('#token-input', token);
  await page.click('#token-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#state')?.textContent === 'waiting' && !document.querySelector('#token-dialog')?.hasAttribute('open'), undefined, { timeout: 10_000 });
  await page.click('#reset-button');
  await page.waitForFunction(() => document.querySelector('#message')?.textContent === 'Statistics reset.', undefined, { timeout: 5000 });
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#state')?.textContent === 'waiting', undefined, { timeout: 10_000 });
  assert.equal(await page.locator('#token-dialog[open]').count(), 0, 'the token is kept for the session');
});
