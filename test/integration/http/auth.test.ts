/**
 * Auth (--web-auth-token, --web-auth-read), CORS (--web-cors), the cross-origin and Host checks,
 * and the option checks of startHttpServer, on real loopback servers over one master.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { startHttpServer, type HttpServer, type HttpServerOptions } from '../../../src/master/http/index.js';
import { checkOptions } from '../../../src/master/http/options.js';
import { call, getLoop, startStack, type Stack } from './harness.js';

const TOKEN = 'correct-horse-battery-staple';
let stack: Stack;
const servers: HttpServer[] = [];

before(async () => {
  stack = await startStack({ loadfile: getLoop('/x', 1), http: { authToken: TOKEN } });
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await stack.close();
});

function options(extra: Partial<HttpServerOptions>): HttpServerOptions {
  return {
    master: stack.master,
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
    headless: true,
    expectWorkers: 0,
    defaults: { host: 'http://127.0.0.1:9', users: 1, spawnRate: 1, runTimeMs: null },
    ...extra,
  };
}

async function server(extra: Partial<HttpServerOptions>): Promise<HttpServer> {
  const s = await startHttpServer(options(extra));
  servers.push(s);
  return s;
}

function message(json: unknown): string {
  return (json as { error: { message: string } }).error.message;
}

void test('with a token, writes need it (401 without, 403 wrong) and reads stay open', async () => {
  const base = stack.http.url;
  assert.equal((await call(base, 'GET', '/api/stats')).status, 200);
  assert.equal((await call(base, 'GET', '/metrics')).status, 200);
  const none = await call(base, 'POST', '/api/reset');
  assert.equal(none.status, 401);
  assert.equal(none.headers['www-authenticate'], 'Bearer realm="stampede"');
  assert.match(message(none.json), /no token was sent/);
  const basic = await call(base, 'POST', '/api/reset', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
  assert.equal(basic.status, 401);
  assert.match(message(basic.json), /not "Bearer <token>"/);
  const wrong = await call(base, 'POST', '/api/reset', { token: 'wrong-token-1234' });
  assert.equal(wrong.status, 403);
  assert.match(message(wrong.json), /wrong web API token/);
  assert.equal((await call(base, 'POST', '/api/reset', { token: TOKEN })).status, 200);
  assert.equal((await call(base, 'POST', '/api/run', { json: { users: 1 } })).status, 401, 'auth comes before the body is looked at');
});

void test('--web-auth-read protects the reads and /metrics too, but not health probes or the UI files', async () => {
  const s = await server({ authToken: TOKEN, authRead: true });
  for (const path of ['/api/stats', '/api/stats/history', '/api/workers', '/api/errors', '/api/exceptions', '/api/config', '/api/report.csv', '/api/report.json', '/api/report.html', '/metrics']) {
    assert.equal((await call(s.url, 'GET', path)).status, 401, path);
    assert.equal((await call(s.url, 'GET', path, { token: TOKEN })).status, 200, path);
  }
  for (const path of ['/healthz', '/', '/app.js', '/app.css', '/favicon.svg']) assert.equal((await call(s.url, 'GET', path)).status, 200, path);
  assert.equal((await call(s.url, 'GET', '/readyz')).status, 200, 'readiness with 0 expected workers');
});

void test('--web-cors ORIGIN: CORS headers for that origin only, preflights answered, other origins refused for writes', async () => {
  const origin = 'http://dash.example:3000';
  const s = await server({ cors: origin, authToken: TOKEN });
  const ok = await call(s.url, 'GET', '/api/stats', { headers: { origin } });
  assert.equal(ok.headers['access-control-allow-origin'], origin);
  assert.equal(ok.headers.vary, 'Origin');
  const other = await call(s.url, 'GET', '/api/stats', { headers: { origin: 'http://evil.example' } });
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  const pre = await call(s.url, 'OPTIONS', '/api/run', { headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-origin'], origin);
  assert.equal(pre.headers['access-control-allow-methods'], 'POST');
  assert.equal(pre.headers['access-control-allow-headers'], 'authorization, content-type');
  assert.equal((await call(s.url, 'OPTIONS', '/api/nope', { headers: { origin } })).status, 404);
  assert.equal((await call(s.url, 'OPTIONS', '/api/run', { headers: { origin: 'http://evil.example' } })).status, 405);
  const cross = await call(s.url, 'POST', '/api/reset', { token: TOKEN, headers: { origin: 'http://evil.example' } });
  assert.equal(cross.status, 403);
  assert.match(message(cross.json), /cross-origin POST from http:\/\/evil\.example refused/);
  const allowed = await call(s.url, 'POST', '/api/reset', { token: TOKEN, headers: { origin } });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.headers['access-control-allow-origin'], origin);
  const star = await server({ cors: '*' });
  assert.equal((await call(star.url, 'GET', '/metrics', { headers: { origin: 'http://any.example' } })).headers['access-control-allow-origin'], '*');
});

void test('without CORS, a cross-site POST is refused (403) while a same-origin one passes', async () => {
  const s = await server({});
  const cross = await call(s.url, 'POST', '/api/reset', { headers: { origin: 'http://evil.example' } });
  assert.equal(cross.status, 403);
  const same = await call(s.url, 'POST', '/api/reset', { headers: { origin: s.url } });
  assert.equal(same.status, 200);
});

void test('on loopback, requests for other host names are refused (DNS rebinding)', async () => {
  const s = await server({});
  const rebound = await call(s.url, 'GET', '/api/stats', { headers: { host: 'evil.example:8089' } });
  assert.equal(rebound.status, 403);
  assert.match(message(rebound.json), /only answers requests for localhost or 127\.0\.0\.1/);
  for (const host of ['localhost:9999', '127.0.0.1', '[::1]:8089']) assert.equal((await call(s.url, 'GET', '/healthz', { headers: { host } })).status, 200, host);
});

void test('startHttpServer refuses options that cannot work, with the code and what to do', async () => {
  await assert.rejects(startHttpServer(options({ host: '0.0.0.0' })), { code: 'STAMPEDE_ERR_INSECURE_BIND', message: /without a token.*--web-auth-token/ });
  await assert.rejects(startHttpServer(options({ authToken: 'short' })), { code: 'STAMPEDE_ERR_USAGE', message: /shorter than 8 characters/ });
  await assert.rejects(startHttpServer(options({ authRead: true })), { code: 'STAMPEDE_ERR_USAGE', message: /--web-auth-read needs --web-auth-token/ });
  await assert.rejects(startHttpServer(options({ cors: 'http://x.example/path' })), { code: 'STAMPEDE_ERR_USAGE', message: /--web-cors must be an origin/ });
  await assert.rejects(startHttpServer(options({ port: 70000 })), { code: 'STAMPEDE_ERR_USAGE', message: /--web-port/ });
  await assert.rejects(startHttpServer(options({ port: stack.http.port })), { code: 'STAMPEDE_ERR_LISTEN', message: /pick another --web-port/ });
  // --insecure-no-auth lifts the check (not listened on: tests bind loopback only).
  assert.doesNotThrow(() => checkOptions(options({ host: '0.0.0.0', insecureNoAuth: true })));
});
