import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { latencySequence, percentileOf, startCountingServer, type CountingServer } from '../../helpers/index.js';

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
  /** ms from the send until the response headers were parsed. */
  headersMs: number;
}

function get(srv: CountingServer, path: string, opts: { agent?: Agent | false; method?: string; body?: string; timeoutMs?: number } = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = httpRequest(`${srv.url}${path}`, { method: opts.method ?? 'GET', agent: opts.agent ?? false, timeout: opts.timeoutMs ?? 5000 }, (res) => {
      const headersMs = performance.now() - start;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - start, headersMs }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

void test('a latency distribution is a deterministic interleaved sequence with exact shares', () => {
  const dist = [
    { share: 90, ms: 5 },
    { share: 10, ms: 100 },
  ];
  const seq = latencySequence(dist, 1000);
  assert.equal(seq.filter((ms) => ms === 5).length, 900);
  assert.equal(seq.filter((ms) => ms === 100).length, 100);
  for (let i = 0; i < 1000; i += 10) assert.equal(seq.slice(i, i + 10).filter((ms) => ms === 100).length, 1, `window at ${i}`);
  assert.equal(percentileOf(seq, 90), 5);
  assert.equal(percentileOf(seq, 90.1), 100);
  assert.deepEqual(latencySequence(7, 3), [7, 7, 7]);
  assert.throws(() => latencySequence([{ share: 0.5, ms: 1 }], 1), /positive integer/);
  assert.throws(() => latencySequence(-1, 1), /finite number/);
});

void test('the served latencies follow the configured distribution', async () => {
  const dist = [
    { share: 9, ms: 5 },
    { share: 1, ms: 60 },
  ];
  const srv = await startCountingServer({ routes: { '/d': { latencyMs: dist } } });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await get(srv, '/warm', { agent }); // connection setup is not part of the measured latency
    // Sequential requests arrive in send order, so the i-th gets exactly latencySequence(dist)[i].
    const expected = latencySequence(dist, 50);
    const measured: number[] = [];
    for (let i = 0; i < expected.length; i++) measured.push((await get(srv, '/d', { agent })).ms);
    // Timers never fire early: each answer took at least its configured latency (1 ms timer granularity).
    measured.forEach((ms, i) => assert.ok(ms >= (expected[i] as number) - 1, `request ${i}: ${ms} ms < ${expected[i]} ms`));
    const fast = measured.filter((_, i) => expected[i] === 5);
    const slow = measured.filter((_, i) => expected[i] === 60);
    assert.deepEqual([fast.length, slow.length], [45, 5]);
    // And they are not much later than configured (a loose bound: the suite runs on loaded CI cores).
    assert.ok(percentileOf(fast, 50) < 30, `fast median ${percentileOf(fast, 50)} ms`);
    assert.ok(percentileOf(slow, 50) < 120, `slow median ${percentileOf(slow, 50)} ms`);
    assert.equal(srv.received('/d'), 50);
    assert.equal(srv.answered('/d'), 50);
    assert.equal(srv.totalConnections(), 1);
  } finally {
    agent.destroy();
    await srv.close();
  }
});

void test('status, body, headers, JSON, prefix routes, fallback, per-path counts and the request log', async () => {
  const srv = await startCountingServer({
    routes: {
      '/teapot': { status: 418, body: 'short and stout', headers: { 'x-kind': 'pot' } },
      '/api/*': { json: { ok: true } },
      '/api/users/*': { status: 404 },
    },
    fallback: { status: 503 },
  });
  try {
    const pot = await get(srv, '/teapot?x=1');
    assert.deepEqual([pot.status, pot.body.toString(), pot.headers['x-kind']], [418, 'short and stout', 'pot']);
    const api = await get(srv, '/api/things', { method: 'POST', body: '{"a":1}' });
    assert.deepEqual([api.status, JSON.parse(api.body.toString()), api.headers['content-type']], [200, { ok: true }, 'application/json']);
    assert.equal((await get(srv, '/api/users/7')).status, 404, 'the longest prefix wins');
    assert.equal((await get(srv, '/elsewhere')).status, 503);
    srv.setRoute('/elsewhere', { status: 201 });
    assert.equal((await get(srv, '/elsewhere')).status, 201);
    assert.deepEqual([srv.received(), srv.received('/teapot'), srv.received('/elsewhere'), srv.received('/nope')], [5, 1, 2, 0]);
    const posted = srv.requests().find((r) => r.method === 'POST');
    assert.deepEqual([posted?.path, posted?.body.toString()], ['/api/things', '{"a":1}']);
    assert.equal(srv.requests()[0]?.url, '/teapot?x=1');
  } finally {
    await srv.close();
  }
});

void test('never-answer, destroy and close(): counted, not answered, and ended promptly', async () => {
  const srv = await startCountingServer({ routes: { '/never': { action: 'never' }, '/reset': { action: 'destroy' } } });
  try {
    const hanging = get(srv, '/never', { timeoutMs: 10_000 });
    await assert.rejects(get(srv, '/reset'), (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
    await srv.waitForRequests(1, { path: '/never' });
    assert.deepEqual([srv.received(), srv.answered(), srv.connections()], [2, 0, 1]);
    const started = performance.now();
    await srv.close();
    assert.ok(performance.now() - started < 500);
    await assert.rejects(hanging, (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
  } finally {
    await srv.close();
  }
});

void test('slow headers send the status line first and the rest slowMs later', async () => {
  const srv = await startCountingServer({ routes: { '/sh': { action: 'slow-headers', slowMs: 150, body: 'late' } } });
  try {
    const sock = connect(srv.port, '127.0.0.1');
    const start = performance.now();
    const arrivals: { at: number; text: string }[] = [];
    sock.setEncoding('utf8').on('data', (s: string) => arrivals.push({ at: performance.now() - start, text: s }));
    sock.write('GET /sh HTTP/1.1\r\nhost: x\r\n\r\n');
    await new Promise((resolve) => sock.once('end', resolve));
    sock.destroy();
    assert.equal(arrivals[0]?.text, 'HTTP/1.1 200 SLOW\r\n');
    assert.ok((arrivals[0]?.at ?? Infinity) < 100);
    const rest = arrivals.slice(1);
    assert.ok((rest[0]?.at ?? 0) >= 145, `the rest came at ${rest[0]?.at} ms`);
    assert.match(rest.map((a) => a.text).join(''), /content-length: 4\r\nconnection: close\r\n\r\nlate$/);
    assert.equal(srv.answered('/sh'), 1);
  } finally {
    await srv.close();
  }
});

void test('slow body sends headers at once and the body slowMs later', async () => {
  const srv = await startCountingServer({ routes: { '/sb': { action: 'slow-body', slowMs: 150, body: 'tail' } } });
  try {
    const got = await get(srv, '/sb');
    assert.ok(got.headersMs < 100, `headers after ${got.headersMs} ms`);
    assert.ok(got.ms >= 145, `body after ${got.ms} ms`);
    assert.equal(got.body.toString(), 'tail');
  } finally {
    await srv.close();
  }
});

void test('a huge body arrives complete, byte for byte', async () => {
  const size = 5 * 1024 * 1024 + 123;
  const srv = await startCountingServer({ routes: { '/big': { bodyBytes: size } } });
  try {
    const got = await get(srv, '/big');
    assert.equal(got.headers['content-length'], String(size));
    assert.equal(got.body.length, size);
    assert.equal(srv.answered('/big'), 1);
  } finally {
    await srv.close();
  }
});

void test('a stall holds every answer due inside the window until it ends', async () => {
  const srv = await startCountingServer({ routes: { '/s': { latencyMs: 150 } }, stall: { atMs: 50, forMs: 300 } });
  try {
    const held = await get(srv, '/s');
    assert.ok(held.ms >= 345 && held.ms < 700, `answered after ${held.ms} ms`);
    const after = await get(srv, '/s');
    assert.ok(after.ms < 300, `no stall after the window (${after.ms} ms)`);
    srv.stallNow(200);
    srv.setRoute('/s', {});
    const now = await get(srv, '/s');
    assert.ok(now.ms >= 195, `stallNow held ${now.ms} ms`);
  } finally {
    await srv.close();
  }
});

void test('connections are counted; keep-alive reuses them and closeConnection does not', async () => {
  const srv = await startCountingServer({ routes: { '/slow': { latencyMs: 30 }, '/bye': { closeConnection: true } } });
  const agent = new Agent({ keepAlive: true });
  try {
    await Promise.all([get(srv, '/slow', { agent }), get(srv, '/slow', { agent }), get(srv, '/slow', { agent })]);
    assert.deepEqual([srv.totalConnections(), srv.connections()], [3, 3]);
    await get(srv, '/slow', { agent });
    assert.equal(srv.totalConnections(), 3, 'a free keep-alive socket was reused');
    const bye = await get(srv, '/bye', { agent });
    assert.equal(bye.headers.connection, 'close');
    await get(srv, '/slow', { agent: false });
    assert.equal(srv.totalConnections(), 4);
    await assert.rejects(srv.waitForRequests(99, { timeoutMs: 50 }), /expected 99 requests, got 6 within 50 ms/);
  } finally {
    agent.destroy();
    await srv.close();
  }
});

void test('the request log keeps the newest logLimit requests; counts are never capped', async () => {
  const srv = await startCountingServer({ logLimit: 3 });
  try {
    for (let i = 0; i < 8; i++) await get(srv, `/r${i}`);
    assert.deepEqual(srv.requests().map((r) => r.path), ['/r5', '/r6', '/r7']);
    assert.equal(srv.received(), 8);
  } finally {
    await srv.close();
  }
});
