import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMITS, type MasterMessage } from '../../../src/protocol/index.js';
import { masterSamples } from './fixtures.js';
import { DELETE, checkCases, many, type FieldCase } from './reject-helpers.js';

function sample(tag: string, nth = 0): MasterMessage {
  const found = masterSamples().filter((m) => m.t === tag)[nth];
  assert.ok(found !== undefined, tag);
  return found;
}

const long = (n: number): string => 'x'.repeat(n);

test('welcome', () => {
  checkCases(sample('welcome'), [
    { path: ['index'], value: -1, match: /welcome\.index/ },
    { path: ['workerId'], value: '', match: /welcome\.workerId/ },
    { path: ['heartbeatMs'], value: 0, match: /welcome\.heartbeatMs: expected an integer in 1\.\./ },
    { path: ['reportIntervalMs'], value: 1.5, match: /welcome\.reportIntervalMs/ },
    { path: ['masterTime'], value: -1, match: /welcome\.masterTime: expected a finite number >= 0/ },
    { path: ['masterTime'], value: DELETE, match: /welcome\.masterTime: .*missing field/ },
  ]);
});

test('bundle', () => {
  checkCases(sample('bundle'), [
    { path: ['code'], value: 42, match: /bundle\.code: expected a string of at most 15728640 chars, got 42/ },
    { path: ['code'], value: long(LIMITS.bundleChars + 1), match: /bundle\.code: .*a string of 15728641 chars/ },
    { path: ['hash'], value: '', match: /bundle\.hash/ },
    { path: ['filename'], value: '', match: /bundle\.filename/ },
    { path: ['filename'], value: long(4097), match: /bundle\.filename/ },
  ]);
});

test('plan: every field and option', () => {
  const cases: FieldCase[] = [
    { path: ['runId'], value: '', match: /plan\.runId/ },
    { path: ['host'], value: long(4097), match: /plan\.host: expected a string of at most 4096/ },
    { path: ['host'], value: null, match: /plan\.host/ },
    { path: ['users', 'ApiUser'], value: 1.5, match: /plan\.users\.ApiUser/ },
    { path: ['users'], value: null, match: /plan\.users: expected a map of names to counts, got null/ },
    { path: ['spawnRate'], value: -1, match: /plan\.spawnRate: expected a finite number >= 0, got -1/ },
    { path: ['spawnRate'], value: Number.NaN, match: /plan\.spawnRate: .*NaN/ },
    { path: ['startAt'], value: Number.POSITIVE_INFINITY, match: /plan\.startAt: .*Infinity/ },
    { path: ['runTimeMs'], value: -1, match: /plan\.runTimeMs: expected an integer >= 0, or null, got -1/ },
    { path: ['runTimeMs'], value: 1.5, match: /plan\.runTimeMs: .*got 1\.5/ },
    { path: ['runTimeMs'], value: '5m', match: /plan\.runTimeMs: .*got "5m"/ },
    { path: ['runTimeMs'], value: DELETE, match: /plan\.runTimeMs: .*missing field/ },
    { path: ['options'], value: DELETE, match: /plan\.options: .*missing field/ },
    { path: ['options'], value: [], match: /plan\.options: expected a map, got an array of 0/ },
    { path: ['options', 'tags'], value: 'smoke', match: /plan\.options\.tags: expected an array of at most 1024 items, got "smoke"/ },
    { path: ['options', 'tags'], value: many(LIMITS.tags + 1, () => 't'), match: /plan\.options\.tags: .*an array of 1025/ },
    { path: ['options', 'tags', 0], value: 5, match: /plan\.options\.tags\[0\]: expected a string of at most 256 chars, got 5/ },
    { path: ['options', 'tags', 0], value: long(257), match: /plan\.options\.tags\[0\]/ },
    { path: ['options', 'excludeTags'], value: null, match: /plan\.options\.excludeTags/ },
    { path: ['options', 'stopTimeoutMs'], value: -1, match: /plan\.options\.stopTimeoutMs/ },
    { path: ['options', 'maxEndpoints'], value: 0, match: /plan\.options\.maxEndpoints: expected an integer in 1\.\.10000, got 0/ },
    { path: ['options', 'maxEndpoints'], value: 10_001, match: /plan\.options\.maxEndpoints/ },
    { path: ['options', 'reset'], value: true, match: /plan\.options\.reset: expected no such field/ },
  ];
  assert.equal(checkCases(sample('plan'), cases), cases.length);
});

test('ack, clockReply, stop and quit', () => {
  checkCases(sample('ack'), [
    { path: ['seq'], value: 0, match: /ack\.seq: expected an integer in 1\.\./ },
    { path: ['seq'], value: 'x', match: /ack\.seq/ },
  ]);
  checkCases(sample('clockReply'), [
    { path: ['id'], value: 1.5, match: /clockReply\.id/ },
    { path: ['t0'], value: DELETE, match: /clockReply\.t0: .*missing field/ },
    { path: ['masterTime'], value: Number.NaN, match: /clockReply\.masterTime: .*NaN/ },
  ]);
  checkCases(sample('stop'), [{ path: ['now'], value: true, match: /stop\.now: expected no such field/ }]);
  checkCases(sample('quit'), [{ path: ['code'], value: 0, match: /quit\.code: expected no such field/ }]);
});
