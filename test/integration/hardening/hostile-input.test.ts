/**
 * Hostile input on the master's worker port, each case tried (three times) against a master with
 * a run in progress: every bad peer is closed with its documented code (docs/protocol.md,
 * docs/guarantees.md), its log line appears once however often it comes (rate-limited), the
 * run keeps running and the merged numbers do not move. Then replayed and out-of-order seqs:
 * acked, applied once each. The good worker's reports are counted exactly throughout.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Packr } from 'msgpackr';
import { WebSocket } from 'ws';
import { CLIENT_WS_OPTIONS, CloseCode, MSGPACK_OPTIONS, MasterTag, authHeaders, encode, hello, ready, stopped } from '../../../src/protocol/index.js';
import { encodeSparse, LatencyHistogram, type IntervalSnapshot } from '../../../src/stats/index.js';
import { FakeWorker } from '../distributed/fake-worker.js';
import { closeCodeIn, handUpgrade, joinAndStart, rawSocket, readUntilClosed, reportOf, sendReport, snapshotOf, startInProcMaster, type GoodWorker, type InProcMaster } from './inproc-master.js';

const REPEATS = 3;
const packr = new Packr({ ...MSGPACK_OPTIONS });

let m: InProcMaster;
let good: GoodWorker;
/** What the good worker reported, to compare the master's numbers with. */
const sent = { count: 0, sumUs: 0 };
let nextSeq = 1;

/** -1: the peer was still connected after CLOSE_WAIT_MS (the master let it in). */
type Outcome = number | 'http-401' | 'dropped';
const CLOSE_WAIT_MS = 5000;

/** The close code, or -1 when the connection is still open after CLOSE_WAIT_MS. */
function closeCode(closed: Promise<number>): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), CLOSE_WAIT_MS)));
  return Promise.race([closed, late]).finally(() => clearTimeout(timer));
}

/** A ws client with the token whose frames are whatever the case sends; resolves with the close code. */
async function wsPeer(send: (ws: WebSocket) => void): Promise<Outcome> {
  const ws = new WebSocket(`ws://127.0.0.1:${m.port}/`, { ...CLIENT_WS_OPTIONS, maxPayload: 64 * 1024 * 1024, headers: authHeaders(m.token) });
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', () => reject(new Error('upgrade refused')));
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code: number) => resolve(code)));
  send(ws);
  const code = await closeCode(closed);
  ws.terminate();
  return code;
}

const helloOf = (workerId: string, instance = randomBytes(8).toString('hex')): ReturnType<typeof hello> =>
  hello({ workerId, instance, host: 'hostile', pid: 1, cpus: 1, version: '0.0.0-test' });

/** Rejoins as the good worker's process on a new connection (the old one is dropped), then runs `send`. */
async function asGood(send: (fw: FakeWorker) => void): Promise<Outcome> {
  const fw = await FakeWorker.open(m.port, m.token);
  await fw.rejoin(good.id, good.instance, good.hash);
  good.fw = fw;
  send(fw);
  return closeCode(fw.closed.then((c) => c.code));
}

/** A snapshot over the last second whose entry has been tampered with by `edit`. */
function tampered(edit: (s: IntervalSnapshot) => void): IntervalSnapshot {
  const now = Date.now();
  const s = snapshotOf([1000, 2000], '/absurd', now - 1000, now);
  edit(s);
  return s;
}

function hugeHistogram(count: number): Uint8Array {
  const h = new LatencyHistogram();
  h.addAtIndex(100, count);
  return encodeSparse(h);
}

interface Case {
  name: string;
  act: () => Promise<Outcome>;
  expect: Outcome;
  /** The rate-limit reason of its log line, and words the line must hold. */
  reason: string;
  says: RegExp;
}

const BAD_FRAME = 'bad-frame:STAMPEDE_ERR_PROTOCOL_BAD_FRAME:4000';
const CASES: Case[] = [
  {
    name: 'random bytes on the TCP port',
    act: async () => {
      const s = await rawSocket(m.port);
      const bytes = randomBytes(4096);
      bytes[0] = 0x16; // never an HTTP method
      s.write(bytes);
      const r = await readUntilClosed(s);
      assert.equal(r.data.length, 0, 'no answer is written');
      return r.closed ? 'dropped' : -1;
    },
    expect: 'dropped',
    reason: 'not-http:HPE_INVALID_METHOD',
    says: /does not speak HTTP/,
  },
  {
    name: 'a wrong or missing token',
    act: async () => {
      const up = await FakeWorker.connect(m.port, Math.random() < 0.5 ? undefined : 'not-the-token');
      return up.kind === 'refused' && up.status === 401 ? 'http-401' : -1;
    },
    expect: 'http-401',
    reason: 'refused-token',
    says: /wrong auth token \(HTTP 401\)/,
  },
  { name: 'garbage binary frames', act: () => wsPeer((ws) => ws.send(randomBytes(300))), expect: CloseCode.BAD_FRAME, reason: BAD_FRAME, says: /bad frame/ },
  { name: 'a text frame', act: () => wsPeer((ws) => ws.send('{"t":"hello"}')), expect: CloseCode.BAD_FRAME, reason: BAD_FRAME, says: /bad frame/ },
  {
    name: 'truncated msgpack',
    act: () => wsPeer((ws) => {
      const frame = encode(helloOf('truncated'));
      ws.send(frame.subarray(0, frame.length - 7));
    }),
    expect: CloseCode.BAD_FRAME,
    reason: BAD_FRAME,
    says: /bad frame/,
  },
  {
    // Regression: the decoder's message quotes the frame; cut to 120 characters it was still more
    // than the 123 bytes a close reason may hold, ws threw, and the master process crashed.
    name: 'garbage after a map of multi-byte keys (a long close reason)',
    act: () => wsPeer((ws) => ws.send(Buffer.concat([packr.pack({ ['日'.repeat(50)]: 1 }), Buffer.from([0xc1])]))),
    expect: CloseCode.BAD_FRAME,
    reason: BAD_FRAME,
    says: /bad frame/,
  },
  {
    name: 'valid msgpack of the wrong shape and types',
    act: () => wsPeer((ws) => ws.send(packr.pack({ ...helloOf('x'), workerId: 5, cpus: 'many' }))),
    expect: CloseCode.BAD_FRAME,
    reason: BAD_FRAME,
    says: /bad frame/,
  },
  {
    name: 'an unknown message type',
    act: () => wsPeer((ws) => ws.send(packr.pack({ t: 'launchMissiles', target: 'master' }))),
    expect: CloseCode.BAD_FRAME,
    reason: 'bad-frame:STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE:4000',
    says: /bad frame/,
  },
  {
    name: 'a frame over the 16 MiB limit',
    act: () => wsPeer((ws) => ws.send(Buffer.alloc(16 * 1024 * 1024 + 1))),
    expect: CloseCode.MESSAGE_TOO_BIG,
    reason: 'ws-error:WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    says: /unreadable WebSocket frame/,
  },
  {
    name: 'broken WebSocket framing (an unmasked client frame)',
    act: async () => {
      const s = await rawSocket(m.port);
      await handUpgrade(s, m.token);
      s.write(Buffer.from([0x82, 0x03, 1, 2, 3]));
      return closeCodeIn((await readUntilClosed(s)).data) ?? -1;
    },
    expect: 1002,
    reason: 'ws-error:WS_ERR_EXPECTED_MASK',
    says: /unreadable WebSocket frame/,
  },
  {
    name: 'a hello of another protocol version',
    act: () => wsPeer((ws) => ws.send(packr.pack({ ...helloOf('future'), protocolVersion: 999 }))),
    expect: CloseCode.VERSION_MISMATCH,
    reason: 'bad-frame:STAMPEDE_ERR_PROTOCOL_VERSION:4001',
    says: /bad frame/,
  },
  {
    name: 'a report before hello',
    act: () => wsPeer((ws) => ws.send(encode(reportOf(1, tampered(() => undefined))))),
    expect: CloseCode.UNEXPECTED_MESSAGE,
    reason: `refused-hello:${CloseCode.UNEXPECTED_MESSAGE}`,
    says: /refused a worker/,
  },
  {
    name: 'a second hello, and a report before ready',
    act: async () => {
      const fw = await FakeWorker.open(m.port, m.token);
      const id = `intruder-${randomBytes(3).toString('hex')}`;
      fw.hello(id);
      await fw.next(MasterTag.welcome);
      if (Math.random() < 0.5) fw.hello(id);
      else fw.send(reportOf(1, tampered(() => undefined)));
      const code = await closeCode(fw.closed.then((c) => c.code));
      fw.terminate();
      return code;
    },
    expect: CloseCode.UNEXPECTED_MESSAGE,
    reason: `refused-message:${CloseCode.UNEXPECTED_MESSAGE}`,
    says: /unexpected message/,
  },
  {
    name: 'a duplicate worker id (another process claims "good")',
    act: async () => {
      await asGoodAlive();
      return wsPeer((ws) => ws.send(encode(helloOf(good.id))));
    },
    expect: CloseCode.DUPLICATE_WORKER_ID,
    reason: `refused-hello:${CloseCode.DUPLICATE_WORKER_ID}`,
    says: /refused a worker/,
  },
  {
    name: 'a report with a negative count',
    act: () => asGood((fw) => fw.sendRaw({ ...reportOf(nextSeq + 100, tampered(() => undefined)), snapshot: tampered((s) => Object.assign(s.entries[0]!, { count: -2 })) })),
    expect: CloseCode.BAD_FRAME,
    reason: BAD_FRAME,
    says: /bad frame/,
  },
  {
    name: 'a histogram over the 1 MiB cap',
    act: () => asGood((fw) => fw.sendRaw({ ...reportOf(nextSeq + 100, tampered(() => undefined)), snapshot: tampered((s) => Object.assign(s.entries[0]!, { hist: new Uint8Array(1024 * 1024 + 1).fill(1) })) })),
    expect: CloseCode.BAD_FRAME,
    reason: BAD_FRAME,
    says: /bad frame/,
  },
  {
    name: 'a huge but self-consistent histogram (9e15 requests in 1 s)',
    act: () => asGood((fw) => fw.send(reportOf(nextSeq + 100, tampered((s) => Object.assign(s.entries[0]!, { count: 9e15, sumUs: 9e15, hist: hugeHistogram(9e15), status: { 200: 9e15 } }))))),
    expect: CloseCode.BAD_FRAME,
    reason: 'bad-report',
    says: /report the master refuses/,
  },
  {
    name: 'numbers that disagree (histogram total is not the count)',
    act: () => asGood((fw) => fw.send(reportOf(nextSeq + 100, tampered((s) => Object.assign(s.entries[0]!, { count: 3, status: { 200: 3 } }))))),
    expect: CloseCode.BAD_FRAME,
    reason: 'bad-report',
    says: /report the master refuses/,
  },
  {
    name: 'a latency of 10 hours, and an interval a day in the future',
    act: () => asGood((fw) => fw.send(reportOf(nextSeq + 100, tampered((s) => {
      if (Math.random() < 0.5) Object.assign(s.entries[0]!, { maxUs: 36e9 });
      else Object.assign(s, { start: s.start + 86_400_000, end: s.end + 86_400_000 });
    })))),
    expect: CloseCode.BAD_FRAME,
    reason: 'bad-report',
    says: /report the master refuses/,
  },
];

/** Makes sure the good worker's process has a live connection (a case above may have closed it). */
async function asGoodAlive(): Promise<void> {
  const fw = await FakeWorker.open(m.port, m.token);
  await fw.rejoin(good.id, good.instance, good.hash);
  good.fw = fw;
}

function numbers(): { count: number; sumUs: number; failures: number; endpoints: string[]; state: string } {
  const v = m.master.view();
  const sumUs = Math.round((v.total.avgMs ?? 0) * v.total.count * 1000);
  return { count: v.total.count, sumUs, failures: v.total.failures, endpoints: v.endpoints.map((e) => `${e.method} ${e.name}`), state: m.master.state };
}

async function goodReport(latenciesUs: readonly number[], final = false): Promise<void> {
  const now = Date.now();
  const seq = nextSeq++;
  assert.equal(await sendReport(good.fw, reportOf(seq, snapshotOf(latenciesUs, '/good', now - 1000, now), final)), seq);
  sent.count += latenciesUs.length;
  sent.sumUs += latenciesUs.reduce((a, b) => a + b, 0);
}

before(async () => {
  m = await startInProcMaster();
  good = await joinAndStart(m);
  await goodReport([1000, 2000, 3000, 4000]);
  assert.equal(m.master.state, 'running');
});

after(async () => {
  await m.close();
});

for (const c of CASES) {
  void test(`${c.name}: closed with ${c.expect} ×${REPEATS}, logged once, numbers unchanged`, async () => {
    const before = numbers();
    for (let i = 0; i < REPEATS; i++) assert.equal(await c.act(), c.expect, `${c.name}, attempt ${i + 1}`);
    assert.deepEqual(numbers(), before, 'the run goes on and its numbers did not move');
    const lines = m.linesFor(c.reason);
    assert.equal(lines.length, 1, `one log line for ${c.reason}, got ${lines.length}: ${JSON.stringify(lines)}`);
    assert.match(lines[0]!.msg, c.says);
    assert.equal(lines[0]!.level, 40, 'logged at warn');
  });
}

void test('replayed and out-of-order seqs: each acked, each seq applied once; a gap counts as lost until it is filled', async () => {
  await asGoodAlive();
  const base = numbers();
  const now = Date.now();
  const snap = (n: number): IntervalSnapshot => snapshotOf(Array.from({ length: n }, () => 500), '/good', now - 1000, now);
  const first = nextSeq;
  // first+2, then first+1: out of order, with first itself still missing.
  assert.equal(await sendReport(good.fw, reportOf(first + 2, snap(3))), first + 2);
  assert.equal(await sendReport(good.fw, reportOf(first + 1, snap(5))), first + 1);
  assert.equal(m.master.lostReports, 1, 'seq first is missing below the highest seq');
  // Replays, with different contents: acked, not counted.
  assert.equal(await sendReport(good.fw, reportOf(first + 1, snap(50))), first + 1);
  assert.equal(await sendReport(good.fw, reportOf(1, snap(70))), 1);
  assert.equal(await sendReport(good.fw, reportOf(first, snap(7))), first);
  assert.equal(m.master.lostReports, 0, 'the gap is filled');
  assert.equal(await sendReport(good.fw, reportOf(first + 2, snap(90))), first + 2);
  nextSeq = first + 3;
  sent.count += 3 + 5 + 7;
  sent.sumUs += (3 + 5 + 7) * 500;
  const after = numbers();
  assert.equal(after.count, base.count + 15);
  assert.equal(after.sumUs, base.sumUs + 15 * 500);
});

void test('after all of it the run stops normally and the totals are exactly what the good worker reported', async () => {
  await asGoodAlive();
  await goodReport([10_000, 20_000]);
  const stopping = m.master.stop();
  await good.fw.next(MasterTag.stop);
  await goodReport([30_000], true);
  good.fw.send(stopped());
  await stopping;
  const v = m.master.view();
  assert.equal(v.total.count, sent.count);
  assert.equal(numbers().sumUs, sent.sumUs);
  assert.equal(v.total.failures, 0);
  assert.deepEqual(v.endpoints.map((e) => e.name), ['/good']);
  assert.equal(m.master.lostReports, 0);
  assert.equal(m.master.workers.get(good.id)?.state, 'ready');
  // A worker that follows the rules still gets in after all of this.
  const late = await FakeWorker.open(m.port, m.token);
  late.hello('late-comer');
  assert.equal((await late.next(MasterTag.welcome)).workerId, 'late-comer');
  late.send(ready((await late.next(MasterTag.bundle)).hash));
  await late.sync();
  assert.equal(m.master.readyWorkers().length, 2);
  await late.close();
});
