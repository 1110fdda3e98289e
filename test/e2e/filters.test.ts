import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCountingServer } from '../helpers/index.js';
import { countOf, dump, loadfile, RUN_TIMEOUT_MS, runWithJson } from './harness.js';

// What runs: --tags, --exclude-tags and positional user class names.

void test('--tags read --exclude-tags slow runs only the task tagged read and not slow', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const { result, summary } = await runWithJson([
    '-f', loadfile('tagged'), '-H', target.url, '-u', '2', '-r', '100', '-t', '1s', '--only-summary',
    '--tags', 'read', '--exclude-tags', 'slow',
  ]);
  assert.equal(result.code, 0, dump(result));
  assert.ok(target.received('/read') > 10, `/read got ${target.received('/read')} requests`);
  assert.deepEqual(
    { write: target.received('/write'), slow: target.received('/slow'), plain: target.received('/plain') },
    { write: 0, slow: 0, plain: 0 },
  );
  assert.equal(target.received(), target.received('/read'));
  assert.deepEqual(summary.endpoints.map((e) => `${e.method} ${e.name}`), ['GET /read']);
  assert.equal(countOf(summary, 'GET', '/read'), target.received('/read'));
});

void test('--exclude-tags alone keeps untagged tasks; two tags in one flag are both excluded', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const { result, summary } = await runWithJson([
    '-f', loadfile('tagged'), '-H', target.url, '-u', '2', '-r', '100', '-t', '1s', '--only-summary',
    '--exclude-tags', 'read,write',
  ]);
  assert.equal(result.code, 0, dump(result));
  assert.deepEqual(summary.endpoints.map((e) => `${e.method} ${e.name}`), ['GET /plain']);
  assert.equal(target.received(), target.received('/plain'));
  assert.equal(countOf(summary, 'GET', '/plain'), target.received('/plain'));
});

void test('--tags that match no task exit 2 before any request is sent', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const r = await runCli(['-f', loadfile('tagged'), '-H', target.url, '--headless', '-t', '1s', '--tags', 'nosuchtag'], { timeoutMs: RUN_TIMEOUT_MS });
  assert.equal(r.code, 2, dump(r));
  assert.match(r.stderr, /no user class has a task left after --tags nosuchtag/);
  assert.equal(target.received(), 0);
});

void test('a positional user class name runs only that class', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const { result, summary } = await runWithJson([
    '-f', loadfile('pair'), '-H', target.url, '-u', '3', '-r', '100', '-t', '1s', '--only-summary', 'Beta',
  ]);
  assert.equal(result.code, 0, dump(result));
  assert.equal(target.received('/alpha'), 0);
  assert.ok(target.received('/beta') > 0);
  assert.equal(countOf(summary, 'GET', '/beta'), target.received('/beta'));
  assert.deepEqual(summary.endpoints.map((e) => e.name), ['/beta']);
});

void test('an unknown user class name exits 2, names it and lists the classes the loadfile defines', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const r = await runCli(['-f', loadfile('pair'), '-H', target.url, '--headless', '-t', '1s', 'Alpha', 'Gamma'], { timeoutMs: RUN_TIMEOUT_MS });
  assert.equal(r.code, 2, dump(r));
  assert.match(r.stderr, /unknown user class 'Gamma'/);
  assert.match(r.stderr, /Alpha, Beta/);
  assert.equal(target.received(), 0);
});
