import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar } from '../../../src/worker/runtime/cookie-jar.js';
import { classifyNetworkError } from '../../../src/worker/runtime/network-error.js';

const NOW = Date.UTC(2025, 0, 1);

test('CookieJar: name=value comes back; a later Set-Cookie replaces it; attributes are not sent', () => {
  const jar = new CookieJar();
  jar.store(['sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax', 'theme=dark'], '/auth/login', NOW);
  assert.equal(jar.header('/api/users', NOW), 'sid=abc');
  assert.equal(jar.header('/auth/me', NOW), 'theme=dark; sid=abc');
  jar.store('sid=def; Path=/', '/', NOW);
  assert.equal(jar.header('/x', NOW), 'sid=def');
  assert.equal(jar.size, 2);
});

test('CookieJar: Path matching (RFC 6265 5.1.4) and the default path', () => {
  const jar = new CookieJar();
  jar.store('a=1; Path=/api', '/', NOW);
  jar.store('b=2', '/shop/cart/add', NOW); // default path /shop/cart
  assert.equal(jar.header('/api', NOW), 'a=1');
  assert.equal(jar.header('/api/users', NOW), 'a=1');
  assert.equal(jar.header('/apis', NOW), undefined);
  assert.equal(jar.header('/shop/cart', NOW), 'b=2');
  assert.equal(jar.header('/shop/cart/x', NOW), 'b=2');
  assert.equal(jar.header('/shop', NOW), undefined);
  // Longest path first.
  jar.store('c=3; Path=/api/users', '/', NOW);
  assert.equal(jar.header('/api/users/7', NOW), 'c=3; a=1');
  assert.deepEqual(jar.toRecord('/api/users', NOW), { c: '3', a: '1' });
});

test('CookieJar: Max-Age and Expires; Max-Age wins; 0 or a past date deletes', () => {
  const jar = new CookieJar();
  jar.store('short=1; Max-Age=10', '/', NOW);
  jar.store(`dated=2; Expires=${new Date(NOW + 60_000).toUTCString()}`, '/', NOW);
  jar.store(`both=3; Expires=${new Date(NOW - 1000).toUTCString()}; Max-Age=100`, '/', NOW);
  assert.equal(jar.header('/', NOW), 'short=1; dated=2; both=3');
  assert.equal(jar.header('/', NOW + 10_000), 'dated=2; both=3');
  assert.equal(jar.header('/', NOW + 60_000), 'both=3');
  jar.store('both=x; Max-Age=0', '/', NOW);
  assert.equal(jar.header('/', NOW), undefined);
  jar.store('dated=2', '/', NOW);
  jar.store(`dated=2; Expires=${new Date(NOW - 1).toUTCString()}`, '/', NOW);
  assert.equal(jar.size, 0);
});

test('CookieJar: malformed lines are ignored; clear() empties it', () => {
  const jar = new CookieJar();
  jar.store(['novalue', '=x', ' ; Path=/', 'ok=1; Max-Age=abc; Expires=not a date; Path=relative'], '/p/q', NOW);
  assert.equal(jar.header('/p', NOW), 'ok=1');
  assert.equal(jar.header('/other', NOW), undefined);
  jar.clear();
  assert.equal(jar.header('/p', NOW), undefined);
});

test('classifyNetworkError: system codes kept, undici codes mapped, caller mistakes undefined', () => {
  const e = (code: string): Error => Object.assign(new Error('x'), { code });
  assert.equal(classifyNetworkError(e('ECONNREFUSED')), 'ECONNREFUSED');
  assert.equal(classifyNetworkError(e('ENOTFOUND')), 'ENOTFOUND');
  assert.equal(classifyNetworkError(e('EPIPE')), 'EPIPE');
  assert.equal(classifyNetworkError(e('UND_ERR_SOCKET')), 'ECONNRESET');
  assert.equal(classifyNetworkError(e('UND_ERR_HEADERS_TIMEOUT')), 'timeout');
  assert.equal(classifyNetworkError(e('UND_ERR_BODY_TIMEOUT')), 'timeout');
  assert.equal(classifyNetworkError(e('UND_ERR_CONNECT_TIMEOUT')), 'connect timeout');
  assert.equal(classifyNetworkError(e('UND_ERR_ABORTED')), 'ECONNABORTED');
  assert.equal(classifyNetworkError(e('HPE_INVALID_CONSTANT')), 'bad response (HPE_INVALID_CONSTANT)');
  assert.equal(classifyNetworkError(e('EWHATEVER')), 'EWHATEVER');
  assert.equal(classifyNetworkError(e('UND_ERR_INVALID_ARG')), undefined);
  assert.equal(classifyNetworkError(new TypeError('bad')), undefined);
  assert.equal(classifyNetworkError(new RangeError('r')), 'RangeError');
  assert.equal(classifyNetworkError('weird'), 'unknown error');
});
