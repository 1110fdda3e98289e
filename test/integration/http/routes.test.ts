/**
 * Every route of the web API on a master with no worker: shapes, statuses, headers, and every kind
 * of bad input (400 naming the field, 404, 405 with Allow, 409, 413, 415).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiConfig, ApiStats } from '../../../src/master/http/index.js';
import { call, getLoop, startStack, type Stack } from './harness.js';

let stack: Stack;
let base: string;

before(async () => {
  stack = await startStack({ loadfile: getLoop('/x', 1, 'Reader') + getLoop('/y', 1, 'Writer').replace(/^import .*\n/, ''), http: { expectWorkers: 1 }, host: 'http://127.0.0.1:9' });
  base = stack.http.url;
});
after(() => stack.close());

void test('health and readiness: /healthz is 200, /readyz is 503 until the expected workers are ready', async () => {
  assert.deepEqual((await call(base, 'GET', '/healthz')).json, { status: 'ok' });
  const ready = await call(base, 'GET', '/readyz');
  assert.equal(ready.status, 503);
  assert.deepEqual(ready.json, { ready: false, workers: 0, expectWorkers: 1 });
});

void test('GET /api/config gives the UI its defaults, classes and auth mode', async () => {
  const r = await call(base, 'GET', '/api/config');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  assert.equal(r.headers['cache-control'], 'no-store');
  const c = r.json as ApiConfig;
  assert.deepEqual({ ...c, version: '' }, {
    version: '',
    headless: false,
    expectWorkers: 1,
    defaults: { host: 'http://127.0.0.1:9', users: 1, spawnRate: 1, runTimeMs: null },
    classes: ['Reader', 'Writer'],
    auth: { write: false, read: false },
  });
  assert.match(c.version, /^\d+\.\d+\.\d+/);
});

void test('the read routes answer before any run with empty, well-formed bodies', async () => {
  const stats = (await call(base, 'GET', '/api/stats')).json as ApiStats;
  assert.equal(stats.state, 'waiting');
  assert.equal(stats.users, 0);
  assert.equal(stats.target, null);
  assert.equal(stats.workers, 0);
  assert.equal(stats.totals.name, 'Aggregated');
  assert.equal(stats.totals.count, 0);
  assert.equal(stats.totals.percentiles['95'], null);
  assert.deepEqual(stats.endpoints, []);
  assert.deepEqual(stats.errors, []);
  assert.deepEqual(stats.thresholds, []);
  assert.deepEqual((await call(base, 'GET', '/api/stats/history')).json, { stepS: 1, points: [] });
  assert.deepEqual((await call(base, 'GET', '/api/workers')).json, { workers: [] });
  assert.deepEqual((await call(base, 'GET', '/api/errors')).json, { errors: [] });
  assert.deepEqual((await call(base, 'GET', '/api/exceptions')).json, { exceptions: [] });
});

void test('the report downloads: CSV tables, JSON summary and HTML report as attachments', async () => {
  const csv = await call(base, 'GET', '/api/report.csv');
  assert.equal(csv.status, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(String(csv.headers['content-disposition']), /^attachment; filename="stampede-.*_stats\.csv"$/);
  assert.ok(csv.text.startsWith('Type,Name,Request Count,Failure Count,Median Response Time,'), csv.text);
  assert.ok((await call(base, 'GET', '/api/report.csv?table=failures')).text.startsWith('Method,Name,Error,Occurrences,First Seen,Last Seen'));
  assert.ok((await call(base, 'GET', '/api/report.csv?table=exceptions')).text.startsWith('Count,Message,Traceback,Nodes'));
  const bad = await call(base, 'GET', '/api/report.csv?table=users');
  assert.equal(bad.status, 400);
  assert.match((bad.json as { error: { message: string } }).error.message, /unknown table 'users'/);
  const json = await call(base, 'GET', '/api/report.json');
  assert.equal((json.json as { schema: string }).schema, 'stampede.summary/1');
  const html = await call(base, 'GET', '/api/report.html');
  assert.match(String(html.headers['content-disposition']), /filename="stampede-.*\.html"/);
  assert.match(html.text, /^<!doctype html>/);
});

void test('the UI files are served with a content security policy; /metrics is the text exposition', async () => {
  const page = await call(base, 'GET', '/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  assert.match(page.text, /<script src="app.js" defer><\/script>/);
  assert.match(String((await call(base, 'GET', '/app.js')).headers['content-type']), /^text\/javascript/);
  assert.match(String((await call(base, 'GET', '/app.css')).headers['content-type']), /^text\/css/);
  const metrics = await call(base, 'GET', '/metrics');
  assert.equal(metrics.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  assert.match(metrics.text, /^stampede_workers\{state="ready"\} 0$/m);
  assert.match(metrics.text, /^stampede_run_state\{state="waiting"\} 1$/m);
});

void test('HEAD answers like GET without a body', async () => {
  const r = await call(base, 'HEAD', '/api/stats');
  assert.equal(r.status, 200);
  assert.equal(r.text, '');
  assert.ok(Number(r.headers['content-length']) > 100);
});

void test('unknown routes are 404 and wrong methods 405 with Allow, as JSON errors', async () => {
  const missing = await call(base, 'GET', '/api/nope');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json, { error: { status: 404, message: 'no such route: /api/nope (docs/http-api.md lists the routes)' } });
  const post = await call(base, 'POST', '/api/stats');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
  const get = await call(base, 'GET', '/api/run');
  assert.equal(get.status, 405);
  assert.equal(get.headers.allow, 'POST');
  assert.equal((await call(base, 'DELETE', '/metrics')).status, 405);
});

void test('no CORS unless configured: no Access-Control headers, and OPTIONS is 405', async () => {
  const r = await call(base, 'GET', '/api/stats', { headers: { origin: 'http://elsewhere.example' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers['access-control-allow-origin'], undefined);
  const pre = await call(base, 'OPTIONS', '/api/run', { headers: { origin: 'http://elsewhere.example', 'access-control-request-method': 'POST' } });
  assert.equal(pre.status, 405);
  assert.equal(pre.headers['access-control-allow-origin'], undefined);
});

void test('POST /api/run with no ready worker is 409 and says what to do', async () => {
  const r = await call(base, 'POST', '/api/run', { json: { users: 1, spawnRate: 1 } });
  assert.equal(r.status, 409);
  assert.match((r.json as { error: { message: string } }).error.message, /no worker is ready: start workers/);
});

void test('bad run bodies are 400 with every problem named by its field', async () => {
  const cases: [unknown, string[]][] = [
    [{ users: -1 }, ['users']],
    [{ users: 1.5, spawnRate: 0 }, ['users', 'spawnRate']],
    [{ users: '10' }, ['users']],
    [{ users: 5, runTime: '5 parsecs' }, ['runTime']],
    [{ users: 5, runTime: 0 }, ['runTime']],
    [{ users: 5, host: 'ftp://example.com' }, ['host']],
    [{ users: 5, classes: ['Reader', 'Nope'] }, ['classes']],
    [{ users: 5, classes: [] }, ['classes']],
    [{ users: 5, arrivalRate: 10 }, ['users']],
    [{ maxUsers: 5 }, ['maxUsers']],
    [{ arrivalRate: 0 }, ['arrivalRate']],
    [{ users: 5, colour: 'blue' }, ['colour']],
    [[1, 2], ['']],
  ];
  for (const [body, fields] of cases) {
    const r = await call(base, 'POST', '/api/run', { json: body });
    assert.equal(r.status, 400, JSON.stringify(body));
    const error = (r.json as { error: { code: string; message: string; problems: { field: string; message: string }[] } }).error;
    assert.equal(error.code, 'STAMPEDE_ERR_USAGE');
    assert.deepEqual(error.problems.map((p) => p.field), fields, JSON.stringify(body));
    for (const f of fields) if (f !== '') assert.ok(error.message.includes(f), `${error.message} names ${f}`);
    assert.equal(error.message, error.problems.map((p) => p.message).join('; '));
  }
});

void test('bodies that are not JSON are 400 or 415; bodies over the limit are 413', async () => {
  const broken = await call(base, 'POST', '/api/run', { body: '{"users": 1,', headers: { 'content-type': 'application/json' } });
  assert.equal(broken.status, 400);
  assert.match((broken.json as { error: { message: string } }).error.message, /not valid JSON/);
  const form = await call(base, 'POST', '/api/run', { body: 'users=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 415);
  const big = await call(base, 'POST', '/api/run', { json: { users: 1, pad: 'x'.repeat(70 * 1024) } });
  assert.equal(big.status, 413);
  assert.match((big.json as { error: { message: string } }).error.message, /larger than 65536 bytes/);
  const chunked = await call(base, 'POST', '/api/run', { body: `{"users": 1, "pad": "${'y'.repeat(80 * 1024)}"}`, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
  assert.equal(chunked.status, 413, 'a body without content-length is cut off at the limit too');
  assert.equal((await call(base, 'GET', '/healthz')).status, 200, 'and the server is fine');
});

void test('stop and reset between runs: 200 and the state they leave', async () => {
  assert.deepEqual((await call(base, 'POST', '/api/stop')).json, { state: 'stopped' });
  const reset = await call(base, 'POST', '/api/reset');
  assert.equal(reset.status, 200);
  assert.deepEqual(reset.json, { state: 'stopped', statsStartedAt: null });
});
