import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Packr } from 'msgpackr';
import {
  MASTER_SPECS,
  MAX_FRAME_BYTES,
  MSGPACK_OPTIONS,
  MasterTag,
  ProtocolError,
  WORKER_SPECS,
  WorkerTag,
  assertNever,
  bundle,
  decodeMasterMessage,
  decodeWorkerMessage,
  encode,
  hello,
  report,
  status,
  type MasterMessage,
  type WorkerMessage,
} from '../../../src/protocol/index.js';
import { masterSamples, realisticSnapshot, workerSamples } from './fixtures.js';

test('every worker message survives encode → decodeWorkerMessage unchanged', () => {
  const seen = new Set<string>();
  for (const msg of workerSamples()) {
    const frame = encode(msg);
    assert.ok(frame instanceof Uint8Array);
    assert.deepStrictEqual(decodeWorkerMessage(frame), msg);
    seen.add(msg.t);
  }
  assert.deepStrictEqual([...seen].sort(), Object.values(WorkerTag).sort());
});

test('every master message survives encode → decodeMasterMessage unchanged', () => {
  const seen = new Set<string>();
  for (const msg of masterSamples()) {
    assert.deepStrictEqual(decodeMasterMessage(encode(msg)), msg);
    seen.add(msg.t);
  }
  assert.deepStrictEqual([...seen].sort(), Object.values(MasterTag).sort());
});

test('decoders accept every shape ws can deliver: Buffer, ArrayBuffer and fragments', () => {
  const msg = masterSamples()[2] as MasterMessage;
  const frame = Buffer.from(encode(msg));
  const ab = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength);
  assert.deepStrictEqual(decodeMasterMessage(ab), msg);
  assert.deepStrictEqual(decodeMasterMessage([frame.subarray(0, 5), frame.subarray(5)]), msg);
});

test('decoded histograms are plain Uint8Array views of the frame (no copy)', () => {
  const msg = workerSamples()[3] as WorkerMessage;
  const frame = encode(msg);
  const decoded = decodeWorkerMessage(frame);
  assert.equal(decoded.t, WorkerTag.report);
  if (decoded.t !== WorkerTag.report) return;
  const hist = decoded.snapshot.entries[0]?.hist;
  assert.ok(hist !== undefined);
  assert.equal(Object.getPrototypeOf(hist), Uint8Array.prototype);
  assert.equal(hist.buffer, frame.buffer);
});

test('optional fields: absent, or undefined on the wire, both decode as absent', () => {
  const raw = new Packr({ ...MSGPACK_OPTIONS });
  const withUndefined = raw.pack({ t: 'ready', hash: 'h', error: undefined });
  assert.deepStrictEqual(decodeWorkerMessage(withUndefined), { t: 'ready', hash: 'h' });
});

test('spec tables: each side lists its own direction, tags are unique across both', () => {
  for (const spec of WORKER_SPECS) assert.equal(spec.direction, 'worker-to-master', spec.tag);
  for (const spec of MASTER_SPECS) assert.equal(spec.direction, 'master-to-worker', spec.tag);
  const tags = [...WORKER_SPECS, ...MASTER_SPECS].map((s) => s.tag);
  assert.equal(new Set(tags).size, tags.length);
  assert.deepStrictEqual(WORKER_SPECS.map((s) => s.tag).sort(), Object.values(WorkerTag).sort());
  assert.deepStrictEqual(MASTER_SPECS.map((s) => s.tag).sort(), Object.values(MasterTag).sort());
});

test('a handler switch over WorkerMessage is exhaustive, and assertNever names a stray tag', () => {
  const handled: string[] = [];
  const handle = (msg: WorkerMessage): void => {
    switch (msg.t) {
      case WorkerTag.hello:
      case WorkerTag.ready:
      case WorkerTag.started:
      case WorkerTag.report:
      case WorkerTag.status:
      case WorkerTag.clockRequest:
      case WorkerTag.stopped:
        handled.push(msg.t);
        return;
      default:
        assertNever(msg);
    }
  };
  for (const msg of workerSamples()) handle(msg);
  assert.equal(handled.length, workerSamples().length);
  assert.throws(() => assertNever({ t: 'bogus' } as never), /unhandled message type bogus/);
});

test('encode refuses what the peer would refuse, naming the field, before anything is sent', () => {
  const bad = status({ cpuPercent: Number.NaN, rssBytes: 1, loopLagMs: 0 });
  assert.throws(() => encode(bad), (err: unknown) => err instanceof ProtocolError && err.code === 'STAMPEDE_ERR_PROTOCOL_BAD_FRAME' && /status\.cpuPercent/.test(err.message));
  const fraction = report({ seq: 1.5, users: {}, snapshot: { start: 0, end: 0, entries: [], errors: [], exceptions: [] }, final: false, dropped: 0 });
  assert.throws(() => encode(fraction), /report\.seq: expected an integer in 1\.\./);
  assert.throws(
    () => encode({ t: 'nope' } as unknown as WorkerMessage),
    (err: unknown) => err instanceof ProtocolError && err.code === 'STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE',
  );
});

test('encode refuses a frame over MAX_FRAME_BYTES with close code 1009', () => {
  const code = 'é'.repeat(Math.ceil(MAX_FRAME_BYTES / 2));
  assert.throws(
    () => encode(bundle({ code, hash: 'h', filename: 'f.ts' })),
    (err: unknown) => err instanceof ProtocolError && err.closeCode === 1009 && /over the 16777216-byte frame limit/.test(err.message),
  );
});

test('hello carries the current protocol version', () => {
  const msg = hello({ workerId: 'w', instance: 'i', host: 'h', pid: 1, cpus: 1, version: 'v' });
  assert.equal(msg.protocolVersion, 2);
});

test('size and speed of a realistic report (20 endpoints, ~1000 requests each, from the real recorder)', () => {
  const msg = report({ seq: 42, users: { ApiUser: 75, AdminUser: 25 }, snapshot: realisticSnapshot(1, 20, 1000), final: false, dropped: 0 });
  const frame = encode(msg);
  const histBytes = msg.snapshot.entries.reduce((n, e) => n + e.hist.byteLength, 0);
  const rounds = 2000;
  for (let i = 0; i < 200; i++) decodeWorkerMessage(encode(msg));
  let t = performance.now();
  for (let i = 0; i < rounds; i++) encode(msg);
  const encUs = ((performance.now() - t) * 1000) / rounds;
  t = performance.now();
  for (let i = 0; i < rounds; i++) decodeWorkerMessage(frame);
  const decUs = ((performance.now() - t) * 1000) / rounds;
  const json = Buffer.byteLength(JSON.stringify(msg, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)));
  console.log(
    `# realistic report, 20 endpoints: ${frame.byteLength} bytes msgpack (${histBytes} of them histograms; JSON+base64 would be ${json}); ` +
      `encode+validate ${encUs.toFixed(1)} µs, decode+validate ${decUs.toFixed(1)} µs`,
  );
  assert.deepStrictEqual(decodeWorkerMessage(frame), msg);
  assert.equal(msg.snapshot.entries.length, 20);
  assert.ok(frame.byteLength < json);
});
