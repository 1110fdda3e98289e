/** Shared checks for the dispatch tests: every invariant dispatch promises for any valid input. */
import assert from 'node:assert/strict';
import { type DispatchInput, type DispatchResult } from '../../../src/master/dispatch.js';

export const cls = (name: string, weight = 1, fixedCount: number | null = null) => ({ name, weight, fixedCount });

export const totalsOf = (r: DispatchResult): number[] => Object.values(r.perWorker).map((s) => s.total);

/** users of class `name` on each worker, in worker order. */
export const column = (r: DispatchResult, name: string): number[] =>
  Object.values(r.perWorker).map((s) => (Object.hasOwn(s.users, name) ? (s.users[name] ?? 0) : 0));

export const spread = (values: readonly number[]): number => (values.length === 0 ? 0 : Math.max(...values) - Math.min(...values));

const own = <T>(rec: Record<string, T> | undefined, key: string): T | undefined =>
  rec !== undefined && Object.hasOwn(rec, key) ? rec[key] : undefined;

/** Starts + stops each worker of `input.workers` makes to go from `input.previous` to `r`. */
export function changes(input: DispatchInput, r: DispatchResult): number[] {
  return input.workers.map((id) => {
    const now = own(r.perWorker, id)?.users;
    const before = own(input.previous?.perWorker, id)?.users;
    const names = new Set([...Object.keys(now ?? {}), ...Object.keys(before ?? {})]);
    let n = 0;
    for (const name of names) n += Math.abs((own(now, name) ?? 0) - (own(before, name) ?? 0));
    return n;
  });
}

/** Users stopped on workers that stay (summed over cells that went down). */
export function stops(input: DispatchInput, r: DispatchResult): number {
  let n = 0;
  for (const id of input.workers) {
    const before = own(input.previous?.perWorker, id)?.users ?? {};
    const now = own(r.perWorker, id)?.users;
    for (const [name, was] of Object.entries(before)) n += Math.max(0, was - (own(now, name) ?? 0));
  }
  return n;
}

/** Asserts sums, balance of totals and the spawn-rate split. */
export function checkInvariants(input: DispatchInput, r: DispatchResult): void {
  const perClassSum = Object.values(r.perClass).reduce((a, b) => a + b, 0);
  assert.equal(perClassSum, input.users, 'perClass adds up to the target');
  assert.deepEqual(Object.keys(r.perClass), input.classes.map((c) => c.name));
  assert.deepEqual(Object.keys(r.perWorker), input.workers);
  if (input.workers.length === 0) return;
  for (const share of Object.values(r.perWorker)) {
    assert.deepEqual(Object.keys(share.users), input.classes.map((c) => c.name));
    assert.equal(Object.values(share.users).reduce((a, b) => a + b, 0), share.total, 'a worker total is the sum of its classes');
    for (const n of Object.values(share.users)) assert.ok(Number.isSafeInteger(n) && n >= 0);
  }
  for (const c of input.classes) {
    assert.equal(column(r, c.name).reduce((a, b) => a + b, 0), r.perClass[c.name], `class ${c.name} adds up`);
  }
  assert.ok(spread(totalsOf(r)) <= 1, `totals differ by at most one: ${totalsOf(r).join('/')}`);
  const rates = Object.values(r.perWorker).map((s) => s.spawnRate);
  const sum = rates.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - input.spawnRate) <= 1e-9 * input.spawnRate, `spawn rates add up: ${sum} vs ${input.spawnRate}`);
  assert.ok(rates.every((x) => x >= 0));
  const moved = changes(input, r);
  const all = moved.reduce((a, b) => a + b, 0);
  if (all === 0) return;
  // Every worker with something to change finishes after all/global seconds; the others get 0.
  moved.forEach((n, w) => {
    const rate = rates[w] ?? 0;
    if (n === 0) assert.equal(rate, 0);
    else assert.ok(Math.abs(n / rate - all / input.spawnRate) <= 1e-9 * (all / input.spawnRate), 'workers finish together');
  });
}

/** A small deterministic PRNG (mulberry32) for bounded property tests. */
export function prng(seed: number): (n: number) => number {
  let s = seed | 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}
