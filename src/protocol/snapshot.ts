/**
 * Decoder for the IntervalSnapshot carried by `report` (src/stats/types.ts). Checks the deep
 * shape only: histograms stay opaque bytes here; src/stats validates their contents.
 */
import type { EntrySnapshot, ErrorSnapshot, ExceptionSnapshot, IntervalSnapshot } from '../stats/types.js';
import { Fields, Shape, readList } from './check.js';
import { LIMITS } from './constants.js';

const SNAPSHOT = new Shape(['start', 'end', 'entries', 'errors', 'exceptions'], ['dropped']);
const ENTRY = new Shape(['method', 'name', 'count', 'failures', 'sumUs', 'minUs', 'maxUs', 'bytes', 'status', 'hist'], ['schedHist']);
const ERROR = new Shape(['method', 'name', 'error', 'count', 'firstSeen', 'lastSeen']);
const EXCEPTION = new Shape(['message', 'traceback', 'count']);

export function decodeIntervalSnapshot(u: unknown, base = 'snapshot', key = ''): IntervalSnapshot {
  const f = Fields.of(u, base, key, SNAPSHOT);
  const start = f.num('start');
  const end = f.num('end');
  f.require(end >= start, 'end', `a time >= start (${start})`);
  const entries = readList(f.raw('entries'), f.path, 'entries', LIMITS.entries);
  const errors = readList(f.raw('errors'), f.path, 'errors', LIMITS.errors);
  const exceptions = readList(f.raw('exceptions'), f.path, 'exceptions', LIMITS.exceptions);
  const snapshot: IntervalSnapshot = {
    start,
    end,
    entries: entries.map((e, i) => decodeEntry(Fields.of(e, `${f.path}.entries`, i, ENTRY))),
    errors: errors.map((e, i) => decodeError(Fields.of(e, `${f.path}.errors`, i, ERROR))),
    exceptions: exceptions.map((e, i) => decodeException(Fields.of(e, `${f.path}.exceptions`, i, EXCEPTION))),
  };
  if (f.has('dropped')) snapshot.dropped = f.int('dropped');
  return snapshot;
}

function decodeEntry(f: Fields): EntrySnapshot {
  const entry: EntrySnapshot = {
    method: f.str('method', LIMITS.methodChars, 1),
    name: f.str('name', LIMITS.entryNameChars),
    count: f.int('count'),
    failures: f.int('failures'),
    // Amounts, as src/stats checks them (finite, >= 0); the recorder keeps µs whole, but bytes come from user code.
    sumUs: f.num('sumUs'),
    minUs: f.num('minUs'),
    maxUs: f.num('maxUs'),
    bytes: f.num('bytes'),
    status: f.counts('status', LIMITS.statusKeys, LIMITS.statusKeyChars),
    hist: f.bytes('hist', LIMITS.histogramBytes),
  };
  if (f.has('schedHist')) entry.schedHist = f.bytes('schedHist', LIMITS.histogramBytes);
  return entry;
}

function decodeError(f: Fields): ErrorSnapshot {
  const method = f.str('method', LIMITS.methodChars, 1);
  const name = f.str('name', LIMITS.entryNameChars);
  const error = f.str('error', LIMITS.errorTextChars, 1);
  const count = f.int('count');
  const firstSeen = f.num('firstSeen');
  const lastSeen = f.num('lastSeen');
  f.require(lastSeen >= firstSeen, 'lastSeen', `a time >= firstSeen (${firstSeen})`);
  return { method, name, error, count, firstSeen, lastSeen };
}

function decodeException(f: Fields): ExceptionSnapshot {
  return {
    message: f.str('message', LIMITS.exceptionMessageChars),
    traceback: f.str('traceback', LIMITS.tracebackChars),
    count: f.int('count'),
  };
}
