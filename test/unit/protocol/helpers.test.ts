import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AUTH_HEADER,
  CLIENT_WS_OPTIONS,
  SERVER_WS_OPTIONS,
  CloseCode,
  UNAUTHORIZED_STATUS,
  authHeaders,
  bearer,
  closeCodeTable,
  closeReason,
  describeCloseCode,
  generateToken,
  masterUrl,
  shouldReconnect,
  tokenFromHeaders,
  tokensEqual,
  wsClientOptions,
} from '../../../src/protocol/index.js';

test('tokens: header round trip, constant-time compare, fresh random tokens', () => {
  const token = generateToken();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(generateToken(), token);
  assert.equal(AUTH_HEADER, 'authorization');
  assert.deepStrictEqual(authHeaders('abc'), { authorization: 'Bearer abc' });
  assert.deepStrictEqual(authHeaders(undefined), {});
  assert.equal(tokenFromHeaders({ authorization: bearer(token) }), token);
  assert.equal(tokenFromHeaders({ authorization: `bearer \t${token} ` }), token);
  assert.equal(tokenFromHeaders({ authorization: `Basic ${token}` }), undefined);
  assert.equal(tokenFromHeaders({ authorization: 'Bearer a b' }), undefined);
  assert.equal(tokenFromHeaders({}), undefined);
  assert.equal(tokensEqual(token, token), true);
  assert.equal(tokensEqual(`${token}x`, token), false);
  assert.equal(tokensEqual(token.slice(1), token), false);
  assert.equal(tokensEqual(undefined, token), false);
  assert.equal(tokensEqual(undefined, ''), false);
  assert.equal(tokensEqual('', ''), true);
  assert.equal(UNAUTHORIZED_STATUS, 401);
});

test('client options: no compression, capped frames, the token only when given', () => {
  const opts = wsClientOptions('t0k');
  assert.equal(opts.perMessageDeflate, false);
  assert.equal(opts.maxPayload, 16 * 1024 * 1024);
  assert.deepStrictEqual(opts.headers, { authorization: 'Bearer t0k' });
  assert.deepStrictEqual(wsClientOptions(undefined).headers, {});
  assert.equal(CLIENT_WS_OPTIONS.perMessageDeflate, false);
  assert.equal(SERVER_WS_OPTIONS.perMessageDeflate, false);
  assert.equal(SERVER_WS_OPTIONS.maxPayload, 16 * 1024 * 1024);
  assert.equal(masterUrl('10.0.0.5', 5557), 'ws://10.0.0.5:5557/');
  assert.equal(masterUrl('::1', 5557), 'ws://[::1]:5557/');
  assert.equal(masterUrl('[::1]', 80), 'ws://[::1]:80/');
});

test('close codes: one table, every code described, reconnect policy', () => {
  assert.deepStrictEqual(
    closeCodeTable().map((r) => r.code),
    [1009, 4000, 4001, 4002, 4003, 4004, 4005, 4006],
  );
  for (const row of closeCodeTable()) {
    assert.equal(CloseCode[row.name], row.code);
    assert.match(describeCloseCode(row.code), new RegExp(`^${row.code} \\w`));
  }
  assert.equal(describeCloseCode(1006), '1006 connection dropped without a close frame');
  assert.equal(describeCloseCode(4999), '4999 (not a stampede close code)');
  assert.deepStrictEqual(
    [1006, 1001, 4005].map(shouldReconnect),
    [true, true, true],
  );
  assert.deepStrictEqual(
    [4000, 4001, 4002, 4003, 4004, 4006, 1009].map(shouldReconnect),
    [false, false, false, false, false, false, false],
  );
});

test('close reasons fit the 123-byte limit without splitting a character', () => {
  assert.equal(closeReason('short'), 'short');
  const ascii = closeReason('a'.repeat(500));
  assert.equal(Buffer.byteLength(ascii), 123);
  assert.ok(ascii.endsWith('...'));
  const wide = closeReason('é€😀'.repeat(50));
  assert.ok(Buffer.byteLength(wide) <= 123);
  assert.ok(!wide.includes('\uFFFD'));
  assert.equal(Buffer.from(wide).toString(), wide);
});
