import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CloseCode, PROTOCOL_VERSION, WorkerTag } from '../../../src/protocol/index.js';
import { startCountingServer } from '../../helpers/index.js';
import { FakeWorker } from './fake-worker.js';
import { cleanup, dump, readSummary, startMaster, startWorker, taggedLoadfile, tempDir, waitConnected, writeLoadfile } from './harness.js';

after(cleanup);

const TOKEN = 'the-right-token';

void test('refusals: wrong token → HTTP 401 and exit 2; protocol 999 → close 4001; duplicate id → close 4002 and exit 2; the run still works', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('refusals');
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(0.1)), '-H', target.url, '--auth-token', TOKEN, '--expect-workers', '2',
    '-u', '4', '-r', '20', '-t', '1s', '--only-summary', '--json', json,
  ]);

  await t.test('a wrong or missing token is refused with HTTP 401 before the upgrade', async () => {
    for (const token of ['wrong-token', undefined]) {
      const up = await FakeWorker.connect(master.port, token);
      assert.equal(up.kind, 'refused');
      assert.ok(up.kind === 'refused');
      assert.equal(up.status, 401);
      assert.match(up.body, /wrong or missing auth token/);
    }
  });

  await t.test('a worker with a wrong token exits 2 at once, saying what to set', async () => {
    const r = await startWorker(master.port, 'bad-token', { args: ['--auth-token', 'wrong-token'] }).exited;
    assert.equal(r.code, 2, dump(r));
    assert.match(r.stderr, /refused the auth token \(HTTP 401\): set --auth-token/);
    assert.ok(r.durationMs < 15_000, `took ${r.durationMs.toFixed(0)} ms: a refusal is not retried`);
  });

  await t.test(`a hello with protocol version 999 is closed with ${CloseCode.VERSION_MISMATCH}`, async () => {
    const w = await FakeWorker.open(master.port, TOKEN);
    w.sendRaw({ t: WorkerTag.hello, protocolVersion: 999, workerId: 'from-the-future', instance: 'i-999', host: 'h', pid: 1, cpus: 1, version: '9.9.9' });
    const closed = await w.closed;
    assert.equal(closed.code, CloseCode.VERSION_MISMATCH);
    assert.match(closed.reason, new RegExp(`protocol version 999 .*${PROTOCOL_VERSION}`));
  });

  const first = startWorker(master.port, 'dup', { args: ['--auth-token', TOKEN] });
  await waitConnected(master.proc, ['dup']);

  await t.test(`a second live worker with the same id is closed with ${CloseCode.DUPLICATE_WORKER_ID}`, async () => {
    const w = await FakeWorker.open(master.port, TOKEN);
    w.hello('dup');
    const closed = await w.closed;
    assert.equal(closed.code, CloseCode.DUPLICATE_WORKER_ID);
    assert.match(closed.reason, /worker id 'dup' is already connected/);
  });

  await t.test('a second worker process with the same id exits 2 with the close code in its message', async () => {
    const r = await startWorker(master.port, 'dup', { args: ['--auth-token', TOKEN] }).exited;
    assert.equal(r.code, 2, dump(r));
    assert.match(r.stderr, /the master closed the connection \(4002\): worker id 'dup' is already connected/);
  });

  await t.test('none of the refused ones joined: the run waits for a 2nd real worker, then counts exactly', async () => {
    assert.equal(target.received(), 0, 'nothing ran with one worker of two');
    const second = startWorker(master.port, 'ok', { args: ['--auth-token', TOKEN] });
    const m = await master.proc.exited;
    assert.equal(m.code, 0, dump(m));
    const summary = readSummary(json);
    assert.deepEqual(summary.run.workers.map((w) => w.id).sort(), ['dup', 'ok']);
    assert.ok(target.received() > 0);
    assert.equal(summary.totals.count, target.received());
    assert.equal((await first.exited).code, 0);
    assert.equal((await second.exited).code, 0);
  });
});
