/**
 * Bounded, seeded fuzz of what the master does with a worker's report after the frame decoder
 * (which test/unit/protocol/fuzz.test.ts covers): the sparse histogram decoder, the snapshot
 * checks, the plausibility check and the merge. Whatever the input, each step either accepts it
 * or throws STAMPEDE_ERR_BAD_HISTOGRAM; nothing else escapes, nothing hangs, and a rejected report
 * leaves the merged numbers exactly as they were (nothing of it is merged). An accepted one adds
 * exactly its own counts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StampedeError } from '../../../src/errors.js';
import { checkPlausible } from '../../../src/master/report-sanity.js';
import { decodeWorkerMessage, encode, ProtocolError, report, WorkerTag } from '../../../src/protocol/index.js';
import { Aggregator, encodeSparse, LatencyHistogram, mergeSparse, sparseTotal, type IntervalSnapshot } from '../../../src/stats/index.js';
import { prng, realisticSnapshot } from '../protocol/fixtures.js';
import { rawPacker } from '../protocol/reject-helpers.js';

type Rand = () => number;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);
const SEED = 0x0f22_2026;

function isBadHistogram(err: unknown): boolean {
  return err instanceof StampedeError && err.code === 'STAMPEDE_ERR_BAD_HISTOGRAM';
}

/** A random histogram's sparse encoding, then some of its bytes changed, cut or appended. */
function mutatedSparse(rand: Rand): Uint8Array {
  const h = new LatencyHistogram();
  const n = int(rand, 40);
  for (let i = 0; i < n; i++) h.addAtIndex(int(rand, 20_000), 1 + int(rand, rand() < 0.1 ? 2 ** 40 : 1000));
  const bytes = Buffer.from(encodeSparse(h));
  const kind = int(rand, 5);
  if (kind === 0) return bytes;
  if (kind === 1) return bytes.subarray(0, int(rand, bytes.length + 1));
  if (kind === 2) return Buffer.concat([bytes, Buffer.from(Array.from({ length: 1 + int(rand, 12) }, () => int(rand, 256)))]);
  if (kind === 3) return Buffer.from(Array.from({ length: int(rand, 64) }, () => int(rand, 256)));
  for (let i = 0; i < 1 + int(rand, 4); i++) {
    const at = int(rand, bytes.length);
    bytes[at] = int(rand, 256);
  }
  return bytes;
}

test('fuzz: the sparse decoder returns a total or throws STAMPEDE_ERR_BAD_HISTOGRAM, and a failed merge changes nothing', { timeout: 30_000 }, () => {
  const rand = prng(SEED);
  const target = new LatencyHistogram();
  target.addAtIndex(5, 7);
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < 20_000; i++) {
    const bytes = mutatedSparse(rand);
    const before = target.total;
    try {
      const total = sparseTotal(bytes);
      assert.equal(mergeSparse(bytes, target), total);
      assert.equal(target.total, before + total, `iteration ${i}: merged exactly the total it announced`);
      accepted++;
    } catch (err) {
      assert.ok(isBadHistogram(err), `iteration ${i}: ${String(err)} for ${Buffer.from(bytes).toString('hex').slice(0, 120)}`);
      assert.equal(target.total, before, `iteration ${i}: a rejected histogram merged nothing`);
      rejected++;
    }
  }
  assert.ok(accepted > 1000 && rejected > 1000, `both outcomes are reached (${accepted} accepted, ${rejected} rejected)`);
});

const WEIRD: readonly unknown[] = [
  -1, 0, 1.5, 2 ** 53, 9e15, 1e300, Number.NaN, Number.POSITIVE_INFINITY, '', 'x', null, true, [], {}, new Uint8Array([1]), new Uint8Array([1, 0]),
];

/** A realistic snapshot with one field, at any depth, replaced by a weird value. */
function mutatedSnapshot(rand: Rand, base: IntervalSnapshot): unknown {
  const copy = structuredClone(base) as unknown;
  let node = copy;
  for (let depth = 0; depth < 5; depth++) {
    if (typeof node !== 'object' || node === null || node instanceof Uint8Array) break;
    const keys = Object.keys(node);
    const key = keys[int(rand, keys.length)];
    if (key === undefined) break;
    const child = (node as Record<string, unknown>)[key];
    if (rand() < 0.3 || typeof child !== 'object' || child === null || child instanceof Uint8Array) {
      (node as Record<string, unknown>)[key] = rand() < 0.7 ? WEIRD[int(rand, WEIRD.length)] : mutatedSparse(rand);
      break;
    }
    node = child;
  }
  return copy;
}

function totals(a: Aggregator, now: number): string {
  const v = a.view(now);
  return JSON.stringify({ total: v.total, endpoints: v.endpoints.map((e) => [e.method, e.name, e.count, e.failures]), errors: v.errors, exceptions: v.exceptions.map((x) => [x.message, x.count]) });
}

test('fuzz: the master\'s path for a report (decode, plausibility, merge) accepts exactly or rejects cleanly', { timeout: 60_000 }, () => {
  const rand = prng(SEED + 1);
  const bases = [realisticSnapshot(1, 3, 50), realisticSnapshot(2, 1, 5), realisticSnapshot(3, 8, 20)];
  const now = (bases[0]?.end ?? 0) + 500;
  const agg = new Aggregator();
  const outcome = { merged: 0, protocol: 0, refused: 0 };
  for (let i = 0; i < 3000; i++) {
    const snapshot = mutatedSnapshot(rand, bases[i % bases.length]!);
    const frame = rawPacker.pack({ ...report({ seq: i + 1, users: { U: 1 }, snapshot: bases[0]!, final: false, dropped: 0 }), snapshot });
    let msg;
    try {
      msg = decodeWorkerMessage(frame);
    } catch (err) {
      assert.ok(err instanceof ProtocolError, `iteration ${i}: ${String(err)}`);
      outcome.protocol++;
      continue;
    }
    assert.equal(msg.t, WorkerTag.report);
    if (msg.t !== WorkerTag.report) continue;
    const before = totals(agg, now);
    const countBefore = agg.view(now).total.count;
    try {
      checkPlausible(msg.snapshot, now);
      agg.add(msg.snapshot, 'fuzz');
    } catch (err) {
      assert.ok(isBadHistogram(err), `iteration ${i}: ${String(err)}`);
      assert.equal(totals(agg, now), before, `iteration ${i}: a refused report changed the numbers`);
      outcome.refused++;
      continue;
    }
    const added = msg.snapshot.entries.reduce((s, e) => s + e.count, 0);
    assert.equal(agg.view(now).total.count, countBefore + added, `iteration ${i}: merged exactly its own counts`);
    assert.deepEqual(decodeWorkerMessage(encode(msg)), msg, `iteration ${i}: an accepted report round-trips`);
    outcome.merged++;
  }
  console.log(`# report fuzz: ${JSON.stringify(outcome)}`);
  assert.ok(outcome.merged > 50 && outcome.protocol > 50 && outcome.refused > 50, `every outcome is reached: ${JSON.stringify(outcome)}`);
});
