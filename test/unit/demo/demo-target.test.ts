import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, Agent } from 'node:http';
import type { Clock } from '../../../src/clock.js';
import { SEARCH_FAILURE_EVERY, SEED_USERS, startDemoTarget, type DemoTarget } from '../../../src/demo/index.js';

interface Res {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(t: DemoTarget, method: string, path: string, opts: { json?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  const body = opts.raw ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json));
  const res = await fetch(t.url + path, { method, body, headers: opts.headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.length > 0 ? JSON.parse(text) : undefined };
}

function fakeClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

async function login(t: DemoTarget): Promise<string> {
  const r = await call(t, 'POST', '/api/auth/login', { json: { username: 'ada', password: 'secret' } });
  assert.equal(r.status, 200);
  return (r.body as { token: string }).token;
}

void test('health, unknown routes and wrong methods answer JSON', async () => {
  const t = await startDemoTarget({});
  try {
    const h = await call(t, 'GET', '/health');
    assert.deepEqual([h.status, h.body], [200, { status: 'ok' }]);
    const nf = await call(t, 'GET', '/api/nothing');
    assert.equal(nf.status, 404);
    assert.equal(nf.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal((nf.body as { error: string }).error, 'not_found');
    const wrong = await call(t, 'DELETE', '/health');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
    assert.equal(t.received(), 3);
  } finally {
    await t.close();
  }
});

void test('login gives a token and a session cookie; bad bodies get 400', async () => {
  const t = await startDemoTarget({});
  try {
    const ok = await call(t, 'POST', '/api/auth/login', { json: { username: 'ada', password: 'secret' } });
    assert.equal(ok.status, 200);
    const token = (ok.body as { token: string }).token;
    assert.match(token, /^[\w-]+\.[\w-]+$/);
    assert.equal(ok.headers.get('set-cookie'), `session=${token}; Path=/; HttpOnly; SameSite=Lax`);
    assert.equal((await call(t, 'POST', '/api/auth/login', { raw: '{not json' })).status, 400);
    assert.equal((await call(t, 'POST', '/api/auth/login', { json: { username: 'ada' } })).status, 400);
    assert.equal((await call(t, 'POST', '/api/auth/login', { json: ['ada', 'x'] })).status, 400);
    assert.equal((await call(t, 'POST', '/api/auth/login')).status, 400);
  } finally {
    await t.close();
  }
});

void test('users: list, get, 404 above the seeds, and a full create/update/delete cycle with auth', async () => {
  const t = await startDemoTarget({});
  try {
    const list = await call(t, 'GET', '/api/users?page=2&limit=5');
    const page = list.body as { total: number; users: { id: number }[] };
    assert.equal(list.status, 200);
    assert.equal(page.total, SEED_USERS);
    assert.deepEqual(page.users.map((u) => u.id), [6, 7, 8, 9, 10]);
    assert.equal((await call(t, 'GET', '/api/users?limit=0')).status, 400);
    assert.equal((await call(t, 'GET', '/api/users/1000')).status, 200);
    assert.equal((await call(t, 'GET', `/api/users/${SEED_USERS + 1}`)).status, 404);
    assert.equal((await call(t, 'GET', '/api/users/abc')).status, 400);

    const newUser = { name: 'Grace', email: 'grace@example.test' };
    assert.equal((await call(t, 'POST', '/api/users', { json: newUser })).status, 401);
    const auth = { authorization: `Bearer ${await login(t)}` };
    assert.equal((await call(t, 'POST', '/api/users', { json: newUser, headers: { authorization: 'Bearer forged.token' } })).status, 401);
    assert.equal((await call(t, 'POST', '/api/users', { raw: '{oops', headers: auth })).status, 400);
    const created = await call(t, 'POST', '/api/users', { json: newUser, headers: auth });
    assert.equal(created.status, 201);
    const id = (created.body as { id: number }).id;
    assert.equal(id, SEED_USERS + 1);
    assert.equal(created.headers.get('location'), `/api/users/${id}`);
    assert.equal(((await call(t, 'GET', `/api/users/${id}`)).body as { name: string }).name, 'Grace');

    const put = await call(t, 'PUT', `/api/users/${id}`, { json: { name: 'Grace H.' }, headers: auth });
    assert.deepEqual([put.status, (put.body as { name: string }).name], [200, 'Grace H.']);
    assert.equal(((await call(t, 'GET', `/api/users/${id}`)).body as { name: string }).name, 'Grace H.');
    assert.equal((await call(t, 'PUT', `/api/users/${id + 1}`, { json: { name: 'x' }, headers: auth })).status, 404);

    const del = await call(t, 'DELETE', `/api/users/${id}`, { headers: auth });
    assert.deepEqual([del.status, del.body], [204, undefined]);
    assert.equal((await call(t, 'GET', `/api/users/${id}`)).status, 404);
    assert.equal((await call(t, 'DELETE', `/api/users/${id}`, { headers: auth })).status, 404);

    const cookieAuth = { cookie: `theme=dark; session=${await login(t)}` };
    assert.equal((await call(t, 'DELETE', '/api/users/3', { headers: cookieAuth })).status, 204);
    assert.equal((await call(t, 'GET', '/api/users/3')).status, 200, 'seed users are fixtures and stay');
  } finally {
    await t.close();
  }
});

void test('search: exactly every 100th request answers 500', async () => {
  const t = await startDemoTarget({});
  try {
    // 199 concurrent searches hold exactly one 500 (the 100th to arrive); the 200th is the next 500.
    const statuses: number[] = [];
    for (let wave = 0; wave < 10; wave++) {
      const n = wave < 9 ? 20 : 19;
      statuses.push(...(await Promise.all(Array.from({ length: n }, (_, i) => call(t, 'GET', `/api/search?q=w${wave}i${i}`).then((r) => r.status)))));
    }
    assert.equal(statuses.length, 2 * SEARCH_FAILURE_EVERY - 1);
    assert.equal(statuses.filter((s) => s === 500).length, 1);
    assert.equal(statuses.filter((s) => s === 200).length, 198);
    assert.equal((await call(t, 'GET', '/api/search?q=last')).status, 500);
    assert.equal((await call(t, 'GET', '/api/search?q=after')).status, 200);
    assert.equal(t.received(), 201);
  } finally {
    await t.close();
  }
});

void test('limited: a token bucket of N per second answers 429 with Retry-After', async () => {
  const clock = fakeClock();
  const t = await startDemoTarget({ clock, rateLimitPerSecond: 5 });
  try {
    const burst: number[] = [];
    for (let i = 0; i < 6; i++) burst.push((await call(t, 'GET', '/api/limited')).status);
    assert.deepEqual(burst, [200, 200, 200, 200, 200, 429]);
    const limited = await call(t, 'GET', '/api/limited');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal(limited.headers.get('x-ratelimit-limit'), '5');
    clock.advance(200); // one token back at 5/s
    assert.equal((await call(t, 'GET', '/api/limited')).status, 200);
    assert.equal((await call(t, 'GET', '/api/limited')).status, 429);
    clock.advance(5000); // refilled, but never above the capacity
    const after: number[] = [];
    for (let i = 0; i < 6; i++) after.push((await call(t, 'GET', '/api/limited')).status);
    assert.deepEqual(after, [200, 200, 200, 200, 200, 429]);
  } finally {
    await t.close();
  }
});

void test('async jobs: 202 with a task id, pending until 200–600 ms later, then done', async () => {
  const clock = fakeClock();
  const t = await startDemoTarget({ clock });
  try {
    const sub = await call(t, 'POST', '/api/async/simulate', { json: { report: 'q3' } });
    assert.equal(sub.status, 202);
    const id = (sub.body as { task_id: string }).task_id;
    const status = async (): Promise<string> => ((await call(t, 'GET', `/api/tasks/${id}`)).body as { status: string }).status;
    assert.equal(await status(), 'pending');
    clock.advance(199);
    assert.equal(await status(), 'pending');
    clock.advance(401);
    assert.equal(await status(), 'done');
    assert.equal((await call(t, 'GET', '/api/tasks/no-such-task')).status, 404);
  } finally {
    await t.close();
  }
});

void test('async jobs finish on the real clock too', async () => {
  const t = await startDemoTarget({});
  try {
    const id = ((await call(t, 'POST', '/api/async/simulate')).body as { task_id: string }).task_id;
    const started = performance.now();
    let polls = 0;
    let status = 'pending';
    while (status === 'pending' && polls < 100) {
      polls++;
      await new Promise((r) => setTimeout(r, 25));
      status = ((await call(t, 'GET', `/api/tasks/${id}`)).body as { status: string }).status;
    }
    const took = performance.now() - started;
    assert.equal(status, 'done');
    assert.ok(took >= 190 && took < 1000, `done after ${took} ms`);
  } finally {
    await t.close();
  }
});

void test('latencies come from timers within the documented ranges', async () => {
  const t = await startDemoTarget({});
  try {
    const timed = async (path: string): Promise<number> => {
      const start = performance.now();
      await call(t, 'GET', path);
      return performance.now() - start;
    };
    const users = await Promise.all(Array.from({ length: 20 }, () => timed('/api/users')));
    assert.ok(Math.min(...users) >= 2.5, `list latency ${Math.min(...users)} ms`);
    const slow = await timed('/api/reports/slow'); // the 1st slow report: 20–40 ms
    assert.ok(slow >= 19 && slow < 500, `slow report took ${slow} ms`);
  } finally {
    await t.close();
  }
});

void test('received() is exact under concurrency and close() ends keep-alive sockets and pending answers', async () => {
  const t = await startDemoTarget({});
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const get = (path: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = httpRequest(`${t.url}${path}`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    const statuses = await Promise.all(Array.from({ length: 120 }, (_, i) => get(i % 3 === 0 ? '/health' : `/api/users/${i}`)));
    assert.equal(statuses.filter((s) => s === 200).length, 120);
    assert.equal(t.received(), 120);

    // The 100th slow report takes 1–2 s; once the other 99 are back it is pending, and close() must not wait for it.
    let back = 0;
    let ninetyNineBack: () => void = () => undefined;
    const ninetyNine = new Promise<void>((resolve) => (ninetyNineBack = resolve));
    const slowAnswers = Promise.all(
      Array.from({ length: 100 }, () =>
        get('/api/reports/slow').then(
          (status) => {
            if (++back === 99) ninetyNineBack();
            return status;
          },
          () => -1,
        ),
      ),
    );
    await ninetyNine;
    const started = performance.now();
    await t.close();
    assert.ok(performance.now() - started < 500, 'close() returned promptly');
    const slow = await slowAnswers;
    assert.equal(slow.filter((s) => s === 200).length, 99);
    assert.equal(slow.filter((s) => s === -1).length, 1, 'the 1–2 s answer was dropped by close()');
    assert.equal(t.received(), 120 + 99);
  } finally {
    agent.destroy();
    await t.close();
  }
});

void test('an oversized body gets 413 and options are checked', async () => {
  const t = await startDemoTarget({});
  try {
    const r = await call(t, 'POST', '/api/users', { raw: 'x'.repeat(1024 * 1024 + 1) });
    assert.equal(r.status, 413);
  } finally {
    await t.close();
  }
  await assert.rejects(startDemoTarget({ port: 70000 }), { code: 'STAMPEDE_ERR_USAGE', message: /port must be an integer/ });
  await assert.rejects(startDemoTarget({ rateLimitPerSecond: 0 }), { code: 'STAMPEDE_ERR_USAGE' });
});
