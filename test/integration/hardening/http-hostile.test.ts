/**
 * Hostile input on the HTTP API while a run is in progress (issue 8, item 4). The answers
 * themselves (status, field names) are tested in test/integration/http; this adds what those do
 * not: values at the edges (1e309, 2^53, NaN-ish strings, deep nesting, a __proto__ key, a run
 * time of 0) and, for every bad request, that nothing changed: same run state, same target, same
 * dispatch, and the stats keep growing (no reset, no stop).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCountingServer, type CountingServer } from '../../helpers/index.js';
import { call, getLoop, startStack, until, type Stack } from '../http/harness.js';

const TOKEN = 'http-hostile-token-42f1';
let stack: Stack;
let target: CountingServer;
let base = '';

before(async () => {
  target = await startCountingServer();
  stack = await startStack({ loadfile: getLoop('/x', 0.05), workers: 1, http: { authToken: TOKEN }, host: target.url });
  base = stack.http.url;
  const r = await call(base, 'POST', '/api/run', { json: { users: 3, spawnRate: 30 }, token: TOKEN });
  assert.equal(r.status, 201, r.text);
  await until('the run is running', () => (stack.master.state === 'running' ? true : undefined));
  await target.waitForRequests(30, { timeoutMs: 15_000 });
});

after(async () => {
  await stack.close();
  await target.close();
});

interface Case {
  name: string;
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  token?: string | null;
  status: number;
  says: RegExp;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const run = (name: string, body: string, says: RegExp, status = 400): Case => ({ name, body, headers: JSON_TYPE, status, says });

const CASES: Case[] = [
  { name: 'no token', body: '{"users": 1}', headers: JSON_TYPE, token: null, status: 401, says: /no token was sent/ },
  { name: 'a wrong token', body: '{"users": 1}', headers: JSON_TYPE, token: 'not-the-token-0000', status: 403, says: /wrong web API token/ },
  { name: 'a wrong token on stop', path: '/api/stop', token: 'not-the-token-0000', status: 403, says: /wrong web API token/ },
  { name: 'no token on reset', path: '/api/reset', token: null, status: 401, says: /no token was sent/ },
  run('malformed JSON', '{"users": 5,,}', /not valid JSON/),
  run('JSON that is not an object', '"users=5"', /must be a JSON object/),
  run('a wrong type', '{"users": "5"}', /users must be a number/),
  run('negative users', '{"users": -5}', /users must be at least 0/),
  run('enormous users', '{"users": 9007199254740993}', /users must be at most 10000000/),
  run('users beyond a double (1e309 parses as Infinity)', '{"users": 1e309}', /users must be a number/),
  run('a negative spawn rate', '{"users": 5, "spawnRate": -1}', /spawnRate must be at least/),
  run('an enormous spawn rate', '{"users": 5, "spawnRate": 1e12}', /spawnRate must be at most/),
  run('an enormous arrival rate', '{"arrivalRate": 1e15}', /arrivalRate must be at most/),
  run('a run time of 0', '{"users": 5, "runTime": 0}', /runTime/),
  run('an unknown field', '{"users": 5, "shell": "rm -rf /"}', /unknown field 'shell'/),
  run('a __proto__ key', '{"__proto__": {"users": 5}, "users": 1}', /unknown field '__proto__'/),
  run('deeply nested arrays', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, /must be a JSON object/),
  { name: 'a body over the limit', body: `{"users": 1, "pad": "${'x'.repeat(200_000)}"}`, headers: JSON_TYPE, status: 413, says: /larger than 65536 bytes/ },
  { name: 'a form post', body: 'users=5', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, says: /application\/json/ },
];

function state(): string {
  const m = stack.master;
  const workers = [...m.workers.values()].map((w) => ({ id: w.id, state: w.state, target: w.target }));
  return JSON.stringify({ state: m.state, target: m.target, workers, startedAt: m.aggregator.startedAt });
}

for (const c of CASES) {
  void test(`${c.name}: ${c.status} with a clear message, and no state change`, async () => {
    const before = state();
    const countBefore = stack.master.view().total.count;
    const r = await call(base, c.method ?? 'POST', c.path ?? '/api/run', {
      ...(c.body === undefined ? {} : { body: c.body }),
      ...(c.headers === undefined ? {} : { headers: c.headers }),
      ...(c.token === null ? {} : { token: c.token ?? TOKEN }),
    });
    assert.equal(r.status, c.status, r.text);
    const error = (r.json as { error?: { status: number; message: string } } | undefined)?.error;
    assert.ok(error !== undefined, `a JSON error body: ${r.text.slice(0, 200)}`);
    assert.equal(error.status, c.status);
    assert.match(error.message, c.says);
    assert.equal(state(), before, 'the run, its target and the dispatch are unchanged');
    assert.ok(stack.master.view().total.count >= countBefore, 'the stats were not reset');
  });
}

void test('after all of it the run is still going, and the API still takes a good request', async () => {
  const count = stack.master.view().total.count;
  await target.waitForRequests(target.received() + 20, { timeoutMs: 10_000 });
  assert.equal(stack.master.state, 'running');
  const stop = await call(base, 'POST', '/api/stop', { token: TOKEN });
  assert.equal(stop.status, 200, stop.text);
  assert.ok(stack.master.view().total.count > count);
  assert.equal(stack.master.view().total.count, target.received(), 'and it is counted exactly');
});
