import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slowReportDelayMs } from '../../../src/demo/misc-routes.js';
import { Prng } from '../../../src/demo/prng.js';
import { Router } from '../../../src/demo/router.js';
import { TokenBucket } from '../../../src/demo/token-bucket.js';
import { MAX_CREATED_USERS, SEED_USERS, UserStore } from '../../../src/demo/user-store.js';

void test('the slow report tail is exactly 90 % 20–40 ms, 9 % 200 ms, 1 % 1–2 s per 100 requests', () => {
  const prng = new Prng(7);
  const delays = Array.from({ length: 1000 }, (_, i) => slowReportDelayMs(i + 1, prng));
  const fast = delays.filter((d) => d >= 20 && d < 40);
  const mid = delays.filter((d) => d === 200);
  const tail = delays.filter((d) => d >= 1000 && d < 2000);
  assert.deepEqual([fast.length, mid.length, tail.length], [900, 90, 10]);
  assert.equal(slowReportDelayMs(10, prng), 200);
  assert.ok(slowReportDelayMs(100, prng) >= 1000);
});

void test('the PRNG is deterministic per seed and stays in range', () => {
  const a = new Prng(42);
  const b = new Prng(42);
  const xs = Array.from({ length: 1000 }, () => a.int(3, 6));
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b.int(3, 6)));
  assert.deepEqual([...new Set(xs)].sort(), [3, 4, 5, 6]);
});

void test('the router matches params, reports allowed methods, and misses', () => {
  const r = new Router();
  const h = () => ({ status: 200, delayMs: 0 });
  r.add('GET', '/api/users/:id', h).add('PUT', '/api/users/:id', h).add('GET', '/api/users', h);
  const m = r.match('GET', '/api/users/a%20b');
  assert.equal(m.kind, 'found');
  assert.deepEqual(m.kind === 'found' ? m.params : undefined, { id: 'a b' });
  assert.deepEqual(r.match('DELETE', '/api/users/1'), { kind: 'method', allow: ['GET', 'PUT'] });
  assert.deepEqual(r.match('GET', '/api/users/1/posts'), { kind: 'none' });
  assert.equal(r.match('GET', '/api/users/').kind, 'found', 'a trailing slash is the list');
});

void test('the token bucket refills continuously and never exceeds its capacity', () => {
  let now = 0;
  const bucket = new TokenBucket(4, { now: () => now });
  const takes = (n: number): boolean[] => Array.from({ length: n }, () => bucket.take().allowed);
  assert.deepEqual(takes(5), [true, true, true, true, false]);
  const refused = bucket.take();
  assert.equal(refused.allowed, false);
  assert.equal(refused.allowed ? 0 : refused.retryAfterMs, 250);
  now += 500;
  assert.deepEqual(takes(3), [true, true, false]);
  now += 60_000;
  assert.deepEqual(takes(5), [true, true, true, true, false]);
});

void test('the user store pages seeds then created users and caps what it keeps', () => {
  const store = new UserStore();
  const a = store.create('A', 'a@x.test', 0);
  const b = store.create('B', 'b@x.test', 0);
  assert.deepEqual([a.id, b.id], [SEED_USERS + 1, SEED_USERS + 2]);
  assert.deepEqual(store.page(SEED_USERS / 2, 2).map((u) => u.id), [SEED_USERS - 1, SEED_USERS]);
  assert.deepEqual(store.page(SEED_USERS / 2 + 1, 2).map((u) => u.id), [a.id, b.id]);
  assert.deepEqual(store.page(SEED_USERS / 2 + 2, 2), []);
  for (let i = 0; i < MAX_CREATED_USERS; i++) store.create('N', 'n@x.test', 0);
  assert.equal(store.total, SEED_USERS + MAX_CREATED_USERS);
  assert.equal(store.get(a.id), undefined, 'the oldest created user is forgotten first');
  assert.equal(store.get(b.id), undefined);
  assert.notEqual(store.get(SEED_USERS + 3), undefined);
});
