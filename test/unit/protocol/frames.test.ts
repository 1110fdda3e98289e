import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Packr } from 'msgpackr';
import {
  MAX_FRAME_BYTES,
  ProtocolError,
  decodeHello,
  decodeMasterMessage,
  decodeWorkerMessage,
  encode,
  stop,
  type FrameData,
} from '../../../src/protocol/index.js';
import { show } from '../../../src/protocol/check.js';
import { workerSamples } from './fixtures.js';
import { BAD, UNKNOWN, rawPacker } from './reject-helpers.js';

interface FrameCase {
  label: string;
  data: FrameData;
  isBinary?: boolean;
  code: string;
  close: number;
  match: RegExp;
  /** Which decoder to use; both by default. */
  side?: 'worker' | 'master';
}

const valid = encode(stop());
const deep = (): Uint8Array => {
  // 200 000 nested one-element arrays, then a 0: deep enough to overflow any JS stack.
  const bytes = new Uint8Array(200_001).fill(0x91);
  bytes[200_000] = 0x00;
  return bytes;
};

const cases: FrameCase[] = [
  { label: 'a text frame', data: valid, isBinary: false, code: BAD, close: 4000, match: /text frame/ },
  { label: 'an empty frame', data: new Uint8Array(0), code: BAD, close: 4000, match: /empty frame/ },
  { label: 'an oversized frame', data: new Uint8Array(MAX_FRAME_BYTES + 1), code: BAD, close: 1009, match: /16777217-byte frame is over the 16777216-byte limit/ },
  { label: 'a truncated frame', data: valid.subarray(0, valid.byteLength - 1), code: BAD, close: 4000, match: /not valid msgpack/ },
  { label: 'trailing bytes', data: Buffer.concat([valid, Buffer.from([0x01])]), code: BAD, close: 4000, match: /not valid msgpack \(Data read, but end of buffer not reached/ },
  { label: 'a reserved byte (0xc1)', data: new Uint8Array([0xc1]), code: BAD, close: 4000, match: /must hold a map|not valid msgpack/ },
  { label: 'deep nesting', data: deep(), code: BAD, close: 4000, match: /not valid msgpack/ },
  { label: 'an array', data: rawPacker.pack(['stop']), code: BAD, close: 4000, match: /a frame must hold a map with a `t` field, got an array of 1/ },
  { label: 'a number', data: rawPacker.pack(7), code: BAD, close: 4000, match: /got 7/ },
  { label: 'a map without t', data: rawPacker.pack({ seq: 1 }), code: UNKNOWN, close: 4000, match: /unknown message type nothing/ },
  { label: 'a numeric t', data: rawPacker.pack({ t: 5 }), code: UNKNOWN, close: 4000, match: /unknown message type 5/ },
  { label: 'an inherited name as t', data: rawPacker.pack({ t: 'constructor' }), code: UNKNOWN, close: 4000, match: /unknown message type "constructor"/ },
  { label: 'an unknown t', data: rawPacker.pack({ t: 'exception' }), code: UNKNOWN, close: 4000, match: /"exception": expected one of hello, ready, started, report, status, clockRequest, stopped/, side: 'worker' },
  { label: 'a master message sent to the master', data: rawPacker.pack({ t: 'welcome' }), code: UNKNOWN, close: 4000, match: /"welcome": it travels the other way/, side: 'worker' },
  { label: 'a worker message sent to a worker', data: rawPacker.pack({ t: 'report' }), code: UNKNOWN, close: 4000, match: /"report": it travels the other way/, side: 'master' },
];

test('frame-level failures: each gives its code and close code', () => {
  for (const c of cases) {
    const decoders = c.side === 'worker' ? [decodeWorkerMessage] : c.side === 'master' ? [decodeMasterMessage] : [decodeWorkerMessage, decodeMasterMessage];
    for (const decode of decoders) {
      assert.throws(
        () => decode(c.data, c.isBinary ?? true),
        (err: unknown) => {
          assert.ok(err instanceof ProtocolError, `${c.label}: ${String(err)}`);
          assert.equal(err.code, c.code, `${c.label}: ${err.message}`);
          assert.equal(err.closeCode, c.close, c.label);
          assert.match(err.message, c.match, c.label);
          return true;
        },
        `${c.label}: no error`,
      );
    }
  }
});

test('a msgpack error is kept as the cause, and long library messages are cut', () => {
  const err = (() => {
    try {
      decodeWorkerMessage(Buffer.concat([encode(workerSamples()[3] ?? stop()), Buffer.from([0])]));
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof ProtocolError);
  assert.ok(err.cause instanceof Error);
  assert.ok(err.message.length < 160, err.message);
});

test('uint64 numbers off the wire decode as numbers, and unsafe ones are refused as integers', () => {
  // msgpack uint64 0xcf with 2^53 + 1: beyond safe integers.
  const seq = Buffer.from([0xcf, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01]);
  const frame = Buffer.concat([Buffer.from([0x82, 0xa1, 0x74, 0xa3]), Buffer.from('ack'), Buffer.from([0xa3]), Buffer.from('seq'), seq]);
  assert.throws(() => decodeMasterMessage(frame), /ack\.seq: expected an integer in 1\.\.9007199254740991, got 9007199254740992/);
  const small = Buffer.concat([frame.subarray(0, frame.byteLength - 9), Buffer.from([0xcf, 0, 0, 0, 0, 0, 0, 0, 9])]);
  assert.deepStrictEqual(decodeMasterMessage(small), { t: 'ack', seq: 9 });
});

test('record extensions from a foreign packer decode as plain maps; 0x40..0x7f stay integers', () => {
  const recordPacker = new Packr({ useRecords: true });
  const msg = { t: 'stop' };
  for (let i = 0; i < 3; i++) assert.deepStrictEqual(decodeMasterMessage(recordPacker.pack(msg)), msg);
  // 0x40..0x7f are plain integers for us.
  assert.deepStrictEqual(decodeMasterMessage(rawPacker.pack({ t: 'ack', seq: 64 })), { t: 'ack', seq: 64 });
});

test('a hostile field name is cut in the error message', () => {
  const frame = rawPacker.pack({ t: 'stop', ['k'.repeat(100_000)]: 1 });
  assert.throws(
    () => decodeMasterMessage(frame),
    (err: unknown) => err instanceof ProtocolError && err.message === `stop.${'k'.repeat(40)}…: expected no such field (unknown field), got 1`,
  );
});

test('hello decoding needs no frame: decodeHello on a value', () => {
  const msg = workerSamples()[0];
  assert.deepStrictEqual(decodeHello(structuredClone(msg)), msg);
  assert.throws(() => decodeHello({ t: 'hello', protocolVersion: 0 }), (err: unknown) => err instanceof ProtocolError && err.closeCode === 4001);
  assert.throws(() => decodeHello('hello'), /hello: expected a map with a `t` field, got "hello"/);
  assert.throws(() => decodeHello({ t: 'welcome' }), /hello\.t: expected "hello", got "welcome"/);
});

test('show() describes any value in a few words, never echoing long data', () => {
  class Thing {}
  const table: Array<[unknown, string]> = [
    [null, 'null'],
    [undefined, 'nothing'],
    ['abc', '"abc"'],
    ['y'.repeat(41), 'a string of 41 chars'],
    [1.5, '1.5'],
    [false, 'false'],
    [12n ** 30n, 'the bigint 237376313799769806328950291431424'],
    [10n ** 50n, `the bigint 1${'0'.repeat(39)}`],
    [[1, 2], 'an array of 2'],
    [new Uint8Array(3), '3 bytes of binary'],
    [{ a: 1 }, 'a map'],
    [Object.create(null) as object, 'a map'],
    [new Thing(), 'an object (Thing)'],
    [Object.create(Object.create(null) as object) as object, 'an object (unknown)'],
    [() => 1, 'function'],
  ];
  for (const [value, text] of table) assert.equal(show(value), text);
});
