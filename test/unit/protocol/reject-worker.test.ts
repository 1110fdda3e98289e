import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMITS, ProtocolError, decodeWorkerMessage, type WorkerMessage } from '../../../src/protocol/index.js';
import { workerSamples } from './fixtures.js';
import { DELETE, VERSION, checkCases, many, manyKeys, mutate, rawPacker, type FieldCase } from './reject-helpers.js';

function sample(tag: string, nth = 0): WorkerMessage {
  const found = workerSamples().filter((m) => m.t === tag)[nth];
  assert.ok(found !== undefined, tag);
  return found;
}

const long = (n: number): string => 'x'.repeat(n);

test('hello: the version is checked first (4001), then every field', () => {
  const cases: FieldCase[] = [
    { path: ['protocolVersion'], value: 1, code: VERSION, match: /protocol version 1 and this master speaks 2/ },
    { path: ['protocolVersion'], value: '2', code: VERSION, match: /version "2"/ },
    { path: ['protocolVersion'], value: DELETE, code: VERSION, match: /version nothing/ },
    { path: ['workerId'], value: '', match: /hello\.workerId: expected a string of 1\.\.128 chars, got ""/ },
    { path: ['workerId'], value: long(LIMITS.idChars + 1), match: /hello\.workerId: .*a string of 129 chars/ },
    { path: ['workerId'], value: 5, match: /hello\.workerId: .*got 5/ },
    { path: ['instance'], value: '', match: /hello\.instance/ },
    { path: ['host'], value: long(256), match: /hello\.host: expected a string of at most 255 chars/ },
    { path: ['pid'], value: -1, match: /hello\.pid: expected an integer in 0\.\.\d+, got -1/ },
    { path: ['pid'], value: 1.5, match: /hello\.pid: .*got 1\.5/ },
    { path: ['pid'], value: '1', match: /hello\.pid: .*got "1"/ },
    { path: ['pid'], value: Number.NaN, match: /hello\.pid: .*got NaN/ },
    { path: ['pid'], value: 2 ** 53, match: /hello\.pid: .*got 9007199254740992/ },
    { path: ['cpus'], value: 0, match: /hello\.cpus: expected an integer in 1\.\.65536/ },
    { path: ['cpus'], value: 65_537, match: /hello\.cpus/ },
    { path: ['version'], value: long(65), match: /hello\.version/ },
    { path: ['version'], value: null, match: /hello\.version: .*got null/ },
    { path: ['extra'], value: 1, match: /hello\.extra: expected no such field \(unknown field\), got 1/ },
    { path: ['pid'], value: DELETE, match: /hello\.pid: expected a value \(missing field\), got nothing/ },
  ];
  assert.equal(checkCases(sample('hello'), cases), cases.length);
  // A future version's hello is refused for its version, whatever else changed in it.
  const future = { ...mutate(sample('hello'), ['protocolVersion'], 9), capabilities: ['x'], pid: 'one' };
  assert.throws(() => decodeWorkerMessage(rawPacker.pack(future)), (err: unknown) => err instanceof ProtocolError && err.code === VERSION && err.closeCode === 4001);
});

test('ready: hash and the optional error', () => {
  const withError = sample('ready', 1);
  checkCases(sample('ready'), [
    { path: ['hash'], value: '', match: /ready\.hash/ },
    { path: ['hash'], value: long(129), match: /ready\.hash/ },
    { path: ['error'], value: 'boom', match: /ready\.error: expected a map, got "boom"/ },
    { path: ['error'], value: null, match: /ready\.error: expected a map, got null/ },
  ]);
  checkCases(withError, [
    { path: ['error', 'code'], value: 'not a code', match: /ready\.error\.code: expected an upper-case error code such as STAMPEDE_ERR_LOADFILE, got "not a code"/ },
    { path: ['error', 'code'], value: '', match: /ready\.error\.code: expected a string of 1\.\.100/ },
    { path: ['error', 'code'], value: `STAMPEDE_ERR_${long(100)}`, match: /ready\.error\.code: expected a string of 1\.\.100/ },
    { path: ['error', 'message'], value: 42, match: /ready\.error\.message: .*got 42/ },
    { path: ['error', 'message'], value: DELETE, match: /ready\.error\.message: .*missing field/ },
    { path: ['error', 'stack'], value: 'at x', match: /ready\.error\.stack: .*unknown field/ },
  ]);
});

test('report: seq, users, final', () => {
  checkCases(sample('report'), [
    { path: ['seq'], value: 0, match: /report\.seq: expected an integer in 1\.\./ },
    { path: ['seq'], value: -1, match: /report\.seq/ },
    { path: ['seq'], value: 2 ** 64, match: /report\.seq: .*got 18446744073709552000/ },
    { path: ['final'], value: 'yes', match: /report\.final: expected true or false, got "yes"/ },
    { path: ['final'], value: 1, match: /report\.final/ },
    { path: ['dropped'], value: -1, match: /report\.dropped: expected an integer in 0\.\./ },
    { path: ['dropped'], value: DELETE, match: /report\.dropped: .*missing field/ },
    { path: ['users'], value: [1, 2], match: /report\.users: expected a map of names to counts, got an array of 2/ },
    { path: ['users'], value: { '': 1 }, match: /report\.users\.keys: expected names of 1\.\.256 chars/ },
    { path: ['users', 'ApiUser'], value: -1, match: /report\.users\.ApiUser: expected an integer in 0\.\..*got -1/ },
    { path: ['users', 'ApiUser'], value: 0.5, match: /report\.users\.ApiUser/ },
    { path: ['users', 'ApiUser'], value: '3', match: /report\.users\.ApiUser/ },
    { path: ['users', long(257)], value: 1, match: /report\.users\.keys: .*a string of 257 chars/ },
    { path: ['users', '__proto__'], value: 1, match: /report\.users\.keys: .*"__proto__?"/ },
    { path: ['users'], value: manyKeys(LIMITS.userClasses + 1), match: /report\.users: expected at most 1024 names, got "1025 names"/ },
  ]);
});

test('report: the snapshot, entry by entry', () => {
  const e = ['snapshot', 'entries', 0];
  checkCases(sample('report'), [
    { path: ['snapshot'], value: 'x', match: /report\.snapshot: expected a map/ },
    { path: ['snapshot', 'entries'], value: DELETE, match: /report\.snapshot\.entries: .*missing field/ },
    { path: ['snapshot', 'start'], value: Number.POSITIVE_INFINITY, match: /report\.snapshot\.start: expected a finite number >= 0, got Infinity/ },
    { path: ['snapshot', 'end'], value: 1, match: /report\.snapshot\.end: expected a time >= start/ },
    { path: ['snapshot', 'entries'], value: {}, match: /report\.snapshot\.entries: expected an array of at most 10001 items, got a map/ },
    { path: ['snapshot', 'entries'], value: many(LIMITS.entries + 1, () => null), match: /report\.snapshot\.entries: .*an array of 10002/ },
    { path: ['snapshot', 'errors'], value: many(LIMITS.errors + 1, () => null), match: /report\.snapshot\.errors: .*an array of 20002/ },
    { path: ['snapshot', 'exceptions'], value: many(LIMITS.exceptions + 1, () => null), match: /report\.snapshot\.exceptions: .*an array of 1002/ },
    { path: [...e], value: null, match: /report\.snapshot\.entries\[0\]: expected a map, got null/ },
    { path: [...e, 'method'], value: '', match: /entries\[0\]\.method: expected a string of 1\.\.32/ },
    { path: [...e, 'method'], value: long(33), match: /entries\[0\]\.method/ },
    { path: [...e, 'name'], value: long(2049), match: /entries\[0\]\.name: expected a string of at most 2048/ },
    { path: [...e, 'count'], value: -1, match: /entries\[0\]\.count: .*got -1/ },
    { path: [...e, 'failures'], value: 1.5, match: /entries\[0\]\.failures/ },
    { path: [...e, 'sumUs'], value: -1, match: /entries\[0\]\.sumUs: expected a finite number >= 0, got -1/ },
    { path: [...e, 'sumUs'], value: Number.NaN, match: /entries\[0\]\.sumUs/ },
    { path: [...e, 'minUs'], value: '0', match: /entries\[0\]\.minUs/ },
    { path: [...e, 'maxUs'], value: null, match: /entries\[0\]\.maxUs/ },
    { path: [...e, 'bytes'], value: -5, match: /entries\[0\]\.bytes/ },
    { path: [...e, 'status'], value: 200, match: /entries\[0\]\.status: expected a map of names to counts, got 200/ },
    { path: [...e, 'status', '200'], value: -1, match: /entries\[0\]\.status\.200: .*got -1/ },
    { path: [...e, 'status', long(17)], value: 1, match: /entries\[0\]\.status\.keys: expected names of 1\.\.16 chars/ },
    { path: [...e, 'hist'], value: [1, 2, 3], match: /entries\[0\]\.hist: expected binary data of at most 1048576 bytes, got an array of 3/ },
    { path: [...e, 'hist'], value: new Uint8Array(LIMITS.histogramBytes + 1), match: /entries\[0\]\.hist: .*got 1048577 bytes of binary/ },
    { path: [...e, 'hist'], value: new Date(0), match: /entries\[0\]\.hist: .*got an object \(Date\)/ },
    { path: [...e, 'schedHist'], value: 'abc', match: /entries\[0\]\.schedHist: .*got "abc"/ },
    { path: [...e, 'p99'], value: 5, match: /entries\[0\]\.p99: expected no such field/ },
  ]);
});

test('report: error and exception groups', () => {
  const err = ['snapshot', 'errors', 0];
  const exc = ['snapshot', 'exceptions', 0];
  checkCases(sample('report'), [
    { path: [...err, 'error'], value: '', match: /errors\[0\]\.error: expected a string of 1\.\.4096/ },
    { path: [...err, 'method'], value: 7, match: /errors\[0\]\.method/ },
    { path: [...err, 'name'], value: DELETE, match: /errors\[0\]\.name: .*missing field/ },
    { path: [...err, 'count'], value: -1, match: /errors\[0\]\.count/ },
    { path: [...err, 'firstSeen'], value: Number.NaN, match: /errors\[0\]\.firstSeen: expected a finite number >= 0, got NaN/ },
    { path: [...err, 'lastSeen'], value: 0, match: /errors\[0\]\.lastSeen: expected a time >= firstSeen/ },
    { path: [...exc, 'message'], value: long(LIMITS.exceptionMessageChars + 1), match: /exceptions\[0\]\.message: expected a string of at most 16384/ },
    { path: [...exc, 'traceback'], value: 12, match: /exceptions\[0\]\.traceback/ },
    { path: [...exc, 'count'], value: 1.5, match: /exceptions\[0\]\.count/ },
    { path: [...exc], value: [], match: /exceptions\[0\]: expected a map, got an array of 0/ },
  ]);
});

test('started', () => {
  checkCases(sample('started'), [
    { path: ['runId'], value: '', match: /started\.runId: expected a string of 1\.\.128 chars/ },
    { path: ['at'], value: -5, match: /started\.at: expected a finite number >= 0, got -5/ },
    { path: ['at'], value: '12:00', match: /started\.at/ },
  ]);
});

test('status, clockRequest and stopped', () => {
  checkCases(sample('status'), [
    { path: ['cpuPercent'], value: -1, match: /status\.cpuPercent: expected a finite number >= 0, got -1/ },
    { path: ['cpuPercent'], value: Number.NaN, match: /status\.cpuPercent: .*NaN/ },
    { path: ['rssBytes'], value: 1.5, match: /status\.rssBytes/ },
    { path: ['loopLagMs'], value: Number.NEGATIVE_INFINITY, match: /status\.loopLagMs: .*-Infinity/ },
    { path: ['loopLagMs'], value: DELETE, match: /status\.loopLagMs: .*missing field/ },
    { path: ['droppedReports'], value: 0, match: /status\.droppedReports: expected no such field/ },
  ]);
  checkCases(sample('clockRequest'), [
    { path: ['id'], value: -1, match: /clockRequest\.id/ },
    { path: ['t0'], value: 'now', match: /clockRequest\.t0: .*got "now"/ },
  ]);
  checkCases(sample('stopped'), [{ path: ['why'], value: 'x', match: /stopped\.why: expected no such field/ }]);
});
