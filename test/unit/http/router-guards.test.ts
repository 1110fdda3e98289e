/** The route table, the auth policy, and the Host/Origin/CORS guards (pure, table tests). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAuth, needsToken, type AuthPolicy } from '../../../src/master/http/auth.js';
import { checkHost, checkOrigin, corsOrigin, hostName, isLoopback } from '../../../src/master/http/guard.js';
import { StampedeError } from '../../../src/errors.js';
import { errorReply, HttpError, json } from '../../../src/master/http/reply.js';
import { Router, type Access } from '../../../src/master/http/router.js';

function status(fn: () => unknown): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof HttpError, String(err));
    return err.status;
  }
}

void test('router: exact paths, 404 for unknown ones, 405 with Allow (HEAD beside GET)', () => {
  const r = new Router();
  r.add('GET', '/a', 'read', () => json(200, 'get a'));
  r.add('POST', '/a', 'write', () => json(200, 'post a'));
  r.add('POST', '/b', 'write', () => json(200, 'post b'));
  assert.equal(r.match('GET', '/a').access, 'read');
  assert.equal(r.match('HEAD', '/a').access, 'read');
  assert.equal(r.match('POST', '/a').access, 'write');
  assert.deepEqual(r.allowed('/a'), ['GET', 'HEAD', 'POST']);
  assert.equal(r.allowed('/zzz'), null);
  assert.equal(status(() => r.match('GET', '/zzz')), 404);
  assert.equal(status(() => r.match('GET', '/a/')), 404, 'no trailing-slash aliases');
  try {
    r.match('PUT', '/b');
    assert.fail('PUT /b matched');
  } catch (err) {
    assert.ok(err instanceof HttpError);
    assert.equal(err.status, 405);
    assert.deepEqual(err.headers, { allow: 'POST' });
  }
  assert.throws(() => r.add('GET', '/a', 'open', () => json(200, 1)), /defined twice/);
});

void test('auth policy: which access needs the token', () => {
  const rows: [Access, AuthPolicy, boolean][] = [
    ['write', { token: undefined, protectReads: false }, false],
    ['write', { token: 't', protectReads: false }, true],
    ['read', { token: 't', protectReads: false }, false],
    ['read', { token: 't', protectReads: true }, true],
    ['open', { token: 't', protectReads: true }, false],
  ];
  for (const [access, policy, want] of rows) assert.equal(needsToken(access, policy), want, `${access} ${JSON.stringify(policy)}`);
});

void test('auth check: 401 without a bearer token, 403 with a wrong one, nothing with the right one', () => {
  const policy = { token: 'secret-token', protectReads: false };
  const rows: [Record<string, string>, number | 'ok'][] = [
    [{}, 401],
    [{ authorization: 'secret-token' }, 401],
    [{ authorization: 'Basic c2VjcmV0' }, 401],
    [{ authorization: 'Bearer secret-tokenX' }, 403],
    [{ authorization: 'Bearer secret-token' }, 'ok'],
    [{ authorization: 'bearer   secret-token' }, 'ok'],
  ];
  for (const [headers, want] of rows) assert.equal(status(() => checkAuth('write', headers, policy)), want, JSON.stringify(headers));
  assert.equal(status(() => checkAuth('read', {}, policy)), 'ok');
});

void test('host guard: loopback names only when bound to loopback', () => {
  for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) assert.ok(isLoopback(h), h);
  for (const h of ['0.0.0.0', '10.0.0.1', 'example.com', 'localhost.evil.example']) assert.ok(!isLoopback(h), h);
  assert.equal(hostName('127.0.0.1:8089'), '127.0.0.1');
  assert.equal(hostName('[::1]:8089'), '[::1]');
  assert.equal(hostName('localhost'), 'localhost');
  assert.equal(status(() => checkHost({ host: 'localhost:8089' }, true)), 'ok');
  assert.equal(status(() => checkHost({ host: 'rebound.example:8089' }, true)), 403);
  assert.equal(status(() => checkHost({}, true)), 403);
  assert.equal(status(() => checkHost({ host: 'master.svc.cluster.local:8089' }, false)), 'ok');
});

void test('origin guard and CORS: same origin and allowed origins may write; reads are never refused', () => {
  const host = '127.0.0.1:8089';
  assert.equal(status(() => checkOrigin('POST', { host }, undefined)), 'ok', 'no Origin: not a browser cross-site request');
  assert.equal(status(() => checkOrigin('POST', { host, origin: 'http://127.0.0.1:8089' }, undefined)), 'ok');
  assert.equal(status(() => checkOrigin('POST', { host, origin: 'http://evil.example' }, undefined)), 403);
  assert.equal(status(() => checkOrigin('POST', { host, origin: 'null' }, undefined)), 403);
  assert.equal(status(() => checkOrigin('POST', { host, origin: 'http://dash.example' }, 'http://dash.example')), 'ok');
  assert.equal(status(() => checkOrigin('POST', { host, origin: 'http://evil.example' }, '*')), 'ok');
  assert.equal(status(() => checkOrigin('GET', { host, origin: 'http://evil.example' }, undefined)), 'ok');
  assert.equal(corsOrigin({ origin: 'http://dash.example' }, undefined), null);
  assert.equal(corsOrigin({ origin: 'http://dash.example' }, 'http://dash.example'), 'http://dash.example');
  assert.equal(corsOrigin({ origin: 'http://other.example' }, 'http://dash.example'), null);
  assert.equal(corsOrigin({}, '*'), null);
  assert.equal(corsOrigin({ origin: 'http://other.example' }, '*'), '*');
});

void test('error replies: HttpError as is, usage errors as 400, anything else as a 500 that says where', () => {
  const http = errorReply(new HttpError(409, 'busy', { headers: { 'retry-after': '1' } }));
  assert.deepEqual([http.status, JSON.parse(String(http.body)), http.headers], [409, { error: { status: 409, message: 'busy' } }, { 'retry-after': '1' }]);
  const usage = errorReply(new StampedeError('STAMPEDE_ERR_USAGE', 'bad duration'));
  assert.deepEqual([usage.status, JSON.parse(String(usage.body))], [400, { error: { status: 400, message: 'bad duration', code: 'STAMPEDE_ERR_USAGE' } }]);
  const bug = errorReply(new TypeError('x is undefined'));
  assert.deepEqual([bug.status, JSON.parse(String(bug.body))], [500, { error: { status: 500, message: 'internal error in the stampede web API: x is undefined', code: 'STAMPEDE_ERR_INTERNAL' } }]);
});
