/**
 * Semantic checks of an IntervalSnapshot before the aggregator merges any of it (reports come
 * from the network; src/protocol checks their shape, this checks that the numbers agree).
 * Throws STAMPEDE_ERR_BAD_HISTOGRAM (the code for any bad snapshot from a worker).
 */
import { badSnapshot } from './errors.js';
import { sparseTotal } from './sparse-codec.js';
import type { EntrySnapshot, ErrorSnapshot, ExceptionSnapshot, IntervalSnapshot } from './types.js';

function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function isAmount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function checkEntry(e: EntrySnapshot, i: number): void {
  // Messages are built only on failure: this runs for every entry of every report.
  const where = (): string => `entries[${i}] (${String(e.method)} ${String(e.name)})`;
  if (typeof e.method !== 'string' || typeof e.name !== 'string') throw badSnapshot(`${where()}: method and name must be strings`);
  if (!isCount(e.count) || !isCount(e.failures)) throw badSnapshot(`${where()}: count and failures must be integers >= 0`);
  if (e.failures > e.count) throw badSnapshot(`${where()}: ${e.failures} failures > count ${e.count}`);
  if (!isAmount(e.sumUs) || !isAmount(e.minUs) || !isAmount(e.maxUs) || !isAmount(e.bytes)) {
    throw badSnapshot(`${where()}: sumUs, minUs, maxUs and bytes must be finite numbers >= 0`);
  }
  if (e.count > 0 && e.minUs > e.maxUs) throw badSnapshot(`${where()}: minUs ${e.minUs} > maxUs ${e.maxUs}`);
  if (typeof e.status !== 'object' || e.status === null) throw badSnapshot(`${where()}: status must be an object`);
  let statusTotal = 0;
  for (const n of Object.values(e.status)) {
    if (!isCount(n)) throw badSnapshot(`${where()}: status counts must be integers >= 0`);
    statusTotal += n;
  }
  if (statusTotal > e.count) throw badSnapshot(`${where()}: status counts add up to ${statusTotal} > count ${e.count}`);
  const histTotal = sparseTotal(e.hist);
  if (histTotal !== e.count) throw badSnapshot(`${where()}: histogram holds ${histTotal} samples, count is ${e.count}`);
  if (e.schedHist !== undefined) {
    const schedTotal = sparseTotal(e.schedHist);
    if (schedTotal > e.count) throw badSnapshot(`${where()}: scheduled histogram holds ${schedTotal} samples > count ${e.count}`);
  }
}

function checkError(e: ErrorSnapshot, at: string): void {
  if (typeof e.method !== 'string' || typeof e.name !== 'string' || typeof e.error !== 'string') {
    throw badSnapshot(`${at}: method, name and error must be strings`);
  }
  if (!isCount(e.count) || e.count === 0) throw badSnapshot(`${at}: count must be an integer >= 1`);
  if (!isAmount(e.firstSeen) || !isAmount(e.lastSeen) || e.firstSeen > e.lastSeen) {
    throw badSnapshot(`${at}: firstSeen/lastSeen must be epoch ms with firstSeen <= lastSeen`);
  }
}

function checkException(e: ExceptionSnapshot, at: string): void {
  if (typeof e.message !== 'string' || typeof e.traceback !== 'string') throw badSnapshot(`${at}: message and traceback must be strings`);
  if (!isCount(e.count) || e.count === 0) throw badSnapshot(`${at}: count must be an integer >= 1`);
}

export function checkSnapshot(s: IntervalSnapshot): void {
  if (!isAmount(s.start) || !isAmount(s.end) || s.end < s.start) {
    throw badSnapshot(`interval [${s.start}, ${s.end}) must be epoch ms with start <= end`);
  }
  if (!Array.isArray(s.entries) || !Array.isArray(s.errors) || !Array.isArray(s.exceptions)) {
    throw badSnapshot('entries, errors and exceptions must be arrays');
  }
  for (let i = 0; i < s.entries.length; i++) checkEntry(s.entries[i]!, i);
  s.errors.forEach((e, i) => checkError(e, `errors[${i}]`));
  s.exceptions.forEach((e, i) => checkException(e, `exceptions[${i}]`));
}
