import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startCountingServer } from '../helpers/index.js';
import { countOf, dump, endpoint, errorsOf, loadfile, runWithJson } from './harness.js';

// What counts as a failure, how it is named, and the exit code it earns.

const VERDICT_ROUTES = {
  '/teapot': { status: 418 },
  '/missing': { status: 404 },
  '/created': { status: 201 },
  '/predicate': { status: 503 },
  '/checked': { json: { ok: false } },
  '/not-json': { body: 'plain text, not JSON' },
  '/broken': { status: 500 },
};

void test('okStatus and check decide failures; each failure is named; exit 1; the console has Locust\'s tables', async (t) => {
  const target = await startCountingServer({ routes: VERDICT_ROUTES });
  t.after(() => target.close());
  // No --only-summary: the periodic table (every 2 s) prints once before the final one.
  const { result, summary } = await runWithJson([
    '-f', loadfile('verdicts'), '-H', target.url, '-u', '3', '-r', '100', '-t', '2s',
  ]);
  assert.equal(result.code, 1, dump(result));
  assert.equal(summary.run.exitCode, 1);
  assert.equal(summary.totals.count, target.received(), 'every request the target received is counted');

  const ok = (method: string, path: string, status: string): void => {
    const e = endpoint(summary, method, path);
    assert.equal(e.count, target.received(path), `${path} count`);
    assert.ok(e.count > 0, `${path} was requested`);
    assert.equal(e.failures, 0, `${path} is a success`);
    assert.deepEqual(e.status, { [status]: e.count });
  };
  ok('GET', '/teapot', '418');
  ok('GET', '/predicate', '503');

  const errors = errorsOf(summary);
  const failed = (method: string, path: string, status: string, error: string): void => {
    const e = endpoint(summary, method, path);
    assert.equal(e.count, target.received(path), `${path} count`);
    assert.ok(e.count > 0, `${path} was requested`);
    assert.equal(e.failures, e.count, `every ${method} ${path} failed`);
    assert.deepEqual(e.status, { [status]: e.count });
    assert.equal(errors[`${method} ${path}: ${error}`], e.count, `errors: ${JSON.stringify(errors)}`);
  };
  failed('GET', '/missing', '404', 'HTTP 404');
  failed('POST', '/created', '201', 'HTTP 201');
  failed('GET', '/broken', '500', 'HTTP 500');
  failed('GET', '/checked', '200', 'check failed');
  const notJson = summary.errors.filter((e) => e.name === '/not-json');
  assert.equal(notJson.length, 1, JSON.stringify(notJson));
  assert.match(notJson[0]?.error ?? '', /^check threw: .*JSON/);
  failed('GET', '/not-json', '200', notJson[0]?.error ?? '');
  assert.equal(summary.errors.length, 5, JSON.stringify(summary.errors));
  const failures = ['/missing', '/created', '/broken', '/checked', '/not-json'].reduce((s, p) => s + target.received(p), 0);
  assert.equal(summary.totals.failures, failures);

  // The console: Locust's request table (periodic and final), percentiles, error report.
  const out = result.stdout;
  const header = /^Type\s+Name\s+# reqs\s+# fails\s+\|\s+Avg\s+Min\s+Max\s+Med\s+\|\s+req\/s\s+failures\/s\s*$/gm;
  assert.ok((out.match(header) ?? []).length >= 2, `a periodic and a final request table\n${dump(result)}`);
  const total = summary.totals;
  const pct = ((100 * total.failures) / total.count).toFixed(2);
  assert.match(out, new RegExp(`^\\s+Aggregated\\s+${total.count}\\s+${total.failures}\\(${pct}%\\)\\s+\\|`, 'm'), dump(result));
  assert.match(out, /^Response time percentiles.*\nType\s+Name\s+50%\s+66%\s+75%\s+80%\s+90%\s+95%\s+98%\s+99%\s+99\.9%\s+99\.99%\s+100%\s+# reqs\s*$/m);
  assert.match(out, /^Error report\n# occurrences\s+Error\s*$/m);
  for (const e of summary.errors) {
    const line = new RegExp(`^${e.occurrences}\\s+${e.method} ${e.name}: ${e.error.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm');
    assert.match(out, line, `error report line for ${e.method} ${e.name}`);
  }
  assert.doesNotMatch(out, /\[\d{4}-\d\d-\d\d [\d:.]+\] /, 'log lines go to stderr, not stdout');
});

void test('--exit-code-on-error 0 exits 0 although requests failed', async (t) => {
  const target = await startCountingServer({ routes: { '/alpha': { status: 500 } } });
  t.after(() => target.close());
  const { result, summary } = await runWithJson([
    '-f', loadfile('pair'), '-H', target.url, '-u', '1', '-r', '100', '-t', '1s', '--only-summary', '--exit-code-on-error', '0', 'Alpha',
  ]);
  assert.equal(result.code, 0, dump(result));
  assert.equal(summary.run.exitCode, 0);
  assert.ok(summary.totals.failures > 0, 'requests failed');
  assert.equal(summary.totals.failures, summary.totals.count);
  assert.match(result.stdout, /^Error report$/m);
});

void test('network errors are failures with stable names: ECONNRESET, timeout, ECONNREFUSED; every one is counted', async (t) => {
  const target = await startCountingServer({ routes: { '/reset': { action: 'destroy' }, '/hang': { action: 'never' } } });
  t.after(() => target.close());
  const refused = `http://127.0.0.1:${await freePort()}`;
  const { result, summary } = await runWithJson(
    ['-f', loadfile('network'), '-H', target.url, '-u', '4', '-r', '100', '-t', '2s', '--only-summary'],
    { env: { E2E_REFUSED_ORIGIN: refused } },
  );
  assert.equal(result.code, 1, dump(result));
  const errors = errorsOf(summary);
  const failedAs = (path: string, error: string, received: number): void => {
    const e = endpoint(summary, 'GET', path);
    assert.ok(e.count > 0, `${path} was requested`);
    assert.equal(e.count, received, `${path}: counted ${e.count}, the target received ${received}`);
    assert.equal(e.failures, e.count, `every GET ${path} failed`);
    assert.deepEqual(e.status, {}, `${path}: no response, so no status`);
    assert.equal(errors[`GET ${path}: ${error}`], e.count, `errors: ${JSON.stringify(errors)}`);
  };
  failedAs('/reset', 'ECONNRESET', target.received('/reset'));
  failedAs('/hang', 'timeout', target.received('/hang'));
  const refusedCount = countOf(summary, 'GET', '/refused');
  failedAs('/refused', 'ECONNREFUSED', refusedCount);
  const fine = endpoint(summary, 'GET', '/fine');
  assert.deepEqual([fine.count, fine.failures], [target.received('/fine'), 0]);
  assert.equal(summary.errors.length, 3, JSON.stringify(summary.errors));
  assert.equal(summary.totals.count, target.received() + refusedCount);
  assert.equal(summary.exceptions.length, 0, 'a network error is not an exception');
});
