/**
 * 5 000 connection attempts in a burst on the worker port of a real master process with a run in
 * progress: bare TCP connects, random bytes, wrong tokens, WebSockets that never say hello, and
 * garbage frames. The burst is bounded in time; the master must answer its web API quickly all
 * along, keep its worker, log each kind of refusal once, and count the run exactly.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { CLIENT_WS_OPTIONS, CloseCode, authHeaders } from '../../../src/protocol/index.js';
import { startCountingServer } from '../../helpers/index.js';
import { cleanup, dump, readSummary, startMaster, startWorker, taggedLoadfile, tempDir, waitConnected, writeLoadfile } from '../distributed/harness.js';

after(cleanup);

const ATTEMPTS = 5000;
const CONCURRENCY = 200;
/** Each attempt gives up after this long; the whole burst after BURST_LIMIT_MS. */
const ATTEMPT_LIMIT_MS = 5000;
const BURST_LIMIT_MS = 60_000;
/** The web API must answer within this while the burst goes on (it answers in about 1 ms when idle). */
const RESPONSIVE_MS = 1500;
const TOKEN = 'burst-test-token-0123456789';

type Kind = 'tcp' | 'bytes' | 'wrong-token' | 'no-hello' | 'garbage';
const KINDS: readonly Kind[] = ['tcp', 'bytes', 'wrong-token', 'no-hello', 'garbage'];

function withLimit<T>(p: Promise<T>, fallback: T, cleanupFn: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ATTEMPT_LIMIT_MS)));
  return Promise.race([p, late]).finally(() => {
    clearTimeout(timer);
    cleanupFn();
  });
}

/** One attempt; resolves with what happened: 'closed', 'http-401', a close code, or 'timeout'. */
function attempt(port: number, kind: Kind): Promise<string> {
  if (kind === 'tcp' || kind === 'bytes') {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    const done = new Promise<string>((resolve) => {
      s.once('connect', () => {
        if (kind === 'tcp') s.destroy();
        else s.write(Buffer.concat([Buffer.from([0x16]), randomBytes(511)]));
      });
      s.once('close', () => resolve('closed'));
    });
    return withLimit(done, 'timeout', () => s.destroy());
  }
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { ...CLIENT_WS_OPTIONS, headers: authHeaders(kind === 'wrong-token' ? 'wrong' : TOKEN) });
  ws.on('error', () => undefined);
  const done = new Promise<string>((resolve) => {
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode === 401 ? 'http-401' : `http-${res.statusCode}`);
    });
    ws.once('open', () => {
      if (kind === 'no-hello') ws.close(1000);
      else ws.send(randomBytes(64));
    });
    ws.once('close', (code: number) => resolve(String(code)));
  });
  return withLimit(done, 'timeout', () => ws.terminate());
}

async function timedGet(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch((err: Error & { cause?: Error }) => {
    throw new Error(`GET ${url}: ${err.message} (${err.cause?.message ?? 'no cause'})`);
  });
  await res.arrayBuffer();
  assert.equal(res.status, 200);
  return performance.now() - t0;
}

void test(`${ATTEMPTS} hostile connection attempts in a burst: bounded, the master stays responsive, keeps its run and counts it exactly`, { timeout: 120_000 }, async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('burst');
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(0.05)), '-H', target.url, '--auth-token', TOKEN, '--expect-workers', '1',
    '-u', '4', '-r', '40', '--only-summary', '--json', json, '--web-port', '0',
  ]);
  const web = /web API and \/metrics url=(\S+)/.exec(await master.proc.waitForOutput(/web API and \/metrics url=\S+/, { stream: 'stderr' }))?.[1];
  assert.ok(web !== undefined);
  const worker = startWorker(master.port, 'steady', { args: ['--auth-token', TOKEN] });
  await waitConnected(master.proc, ['steady']);
  await target.waitForRequests(50, { timeoutMs: 20_000 });

  const outcomes = new Map<string, number>();
  let slowest = 0;
  let burstDone = false;
  const probe = (async () => {
    for (let i = 0; i < 1000 && !burstDone; i++) {
      slowest = Math.max(slowest, await timedGet(`${web}/healthz`).catch((e: Error) => { throw new Error(`${e.message}\n${master.proc.stderr().slice(-3000)}`); }));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const during = target.received();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < ATTEMPTS && performance.now() - t0 < BURST_LIMIT_MS) {
      const kind = KINDS[next++ % KINDS.length]!;
      const got = await attempt(master.port, kind);
      outcomes.set(`${kind} → ${got}`, (outcomes.get(`${kind} → ${got}`) ?? 0) + 1);
    }
  }));
  const took = performance.now() - t0;
  burstDone = true;
  await probe;
  t.diagnostic(`burst of ${next} attempts in ${took.toFixed(0)} ms; slowest /healthz ${slowest.toFixed(0)} ms; ${JSON.stringify(Object.fromEntries(outcomes))}`);
  assert.equal(next, ATTEMPTS, `all ${ATTEMPTS} attempts were made within ${BURST_LIMIT_MS} ms`);
  const per = ATTEMPTS / KINDS.length;
  assert.deepEqual(Object.fromEntries(outcomes), {
    'tcp → closed': per,
    'bytes → closed': per,
    'wrong-token → http-401': per,
    'no-hello → 1000': per,
    [`garbage → ${CloseCode.BAD_FRAME}`]: per,
  }, 'every attempt ended the documented way, none timed out');
  assert.ok(slowest < RESPONSIVE_MS, `the web API answered within ${slowest.toFixed(0)} ms during the burst`);
  assert.ok(target.received() > during, 'the worker kept sending load during the burst');
  await target.waitForRequests(target.received() + 20, { timeoutMs: 10_000 });

  master.proc.kill('SIGTERM');
  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  assert.equal((await worker.exited).code, 0);
  assert.doesNotMatch(m.stderr, /worker connection closed|worker lost|worker is missing/, 'the real worker was never disturbed');
  const lines = (re: RegExp): number => m.stderr.split('\n').filter((l) => re.test(l)).length;
  assert.equal(lines(/missing or wrong auth token/), 1, 'wrong tokens: one log line');
  // Random garbage fails decoding for one of a few fixed reasons (bad frame, unknown type): one line per reason.
  const badFrameLines = lines(/bad frame/);
  assert.ok(badFrameLines >= 1 && badFrameLines <= 3, `garbage frames: one log line per reason, got ${badFrameLines}`);
  assert.equal(lines(/does not speak HTTP/), 1, 'random bytes: one log line');
  assert.ok(m.stderr.split('\n').length < 60, `the burst did not flood the log (${m.stderr.split('\n').length} lines)`);
  const summary = readSummary(json);
  assert.equal(summary.totals.count, target.received(), 'the run is counted exactly');
  assert.deepEqual(summary.run.workers.map((w) => w.id), ['steady']);
});
