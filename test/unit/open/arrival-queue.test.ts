import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArrivalQueue, firstOwnedArrival, type Arrival, type ArrivalSchedule, type OpenPlan } from '../../../src/worker/runtime/index.js';

const T0 = 1_700_000_000_000;
const rate200for2s: ArrivalSchedule = { startRate: 200, stages: [{ durationMs: 2000, target: 200 }] };

function plan(over: Partial<OpenPlan>): OpenPlan {
  return { t0: T0, schedule: rate200for2s, fromArrival: 1, stripeIndex: 0, stripeCount: 1, maxUsers: 10, ...over };
}

/** Takes every arrival due by `now`, in order (bounded). */
function drain(q: ArrivalQueue, now: number): Arrival[] {
  const out: Arrival[] = [];
  for (let a = q.take(now); a !== undefined && out.length < 1_000_000; a = q.take(now)) out.push(a);
  return out;
}

test('firstOwnedArrival: the first k >= from in the stripe', () => {
  const rows: [number, number, number, number][] = [
    [1, 0, 3, 1], [1, 1, 3, 2], [1, 2, 3, 3], [200, 0, 3, 202], [200, 1, 3, 200], [200, 2, 3, 201], [7, 0, 1, 7], [10, 4, 5, 10], [11, 4, 5, 15],
  ];
  for (const [from, index, count, want] of rows) assert.equal(firstOwnedArrival(from, index, count), want, `from ${from}, ${index}/${count}`);
});

test('three stripes take every arrival of the schedule exactly once, each at t0 + k·5 ms', () => {
  const seen: number[] = [];
  for (let i = 0; i < 3; i++) {
    const q = new ArrivalQueue();
    q.setPlan(plan({ stripeIndex: i, stripeCount: 3 }));
    assert.equal(q.nextAt(), T0 + (i + 1) * 5);
    const got = drain(q, Number.POSITIVE_INFINITY);
    assert.equal(got.length, [134, 133, 133][i]);
    for (const a of got) {
      assert.equal((a.k - 1) % 3, i);
      assert.equal(a.at, T0 + a.k * 5);
      seen.push(a.k);
    }
    assert.ok(q.done);
  }
  assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: 400 }, (_, i) => i + 1));
});

test('take() hands out only what is due, in time order', () => {
  const q = new ArrivalQueue();
  q.setPlan(plan({}));
  assert.equal(q.take(T0 + 4.999), undefined);
  assert.deepEqual(drain(q, T0 + 20), [1, 2, 3, 4].map((k) => ({ k, at: T0 + 5 * k })));
  assert.equal(q.nextAt(), T0 + 25);
});

test('a re-split from arrival 200: older plans keep the arrivals below it, the union is exact with no duplicates', () => {
  // Two workers run plan A (2 stripes); a third joins, and all three get plan B (3 stripes) from arrival 200.
  const workers = [new ArrivalQueue(), new ArrivalQueue(), new ArrivalQueue()];
  workers[0]?.setPlan(plan({ stripeIndex: 0, stripeCount: 2 }));
  workers[1]?.setPlan(plan({ stripeIndex: 1, stripeCount: 2 }));
  const early = workers.map((q) => drain(q, T0 + 500)); // arrivals 1..100 have run when B comes
  workers.forEach((q, i) => q.setPlan(plan({ fromArrival: 200, stripeIndex: i, stripeCount: 3 })));
  const late = workers.map((q) => drain(q, Number.POSITIVE_INFINITY));
  const all = [...early, ...late].flat().map((a) => a.k);
  assert.deepEqual(all.sort((a, b) => a - b), Array.from({ length: 400 }, (_, i) => i + 1));
  assert.deepEqual(workers.map((_, i) => (early[i]?.length ?? 0) + (late[i]?.length ?? 0)), [100 + 67, 99 + 67, 67]);
  for (const list of late) for (let j = 1; j < list.length; j++) assert.ok((list[j] as Arrival).at >= (list[j - 1] as Arrival).at, 'in time order across plans');
});

test('the same plan sent twice, or a plan whose fromArrival has passed, never runs an arrival twice on this worker', () => {
  const q = new ArrivalQueue();
  q.setPlan(plan({ stripeIndex: 1, stripeCount: 2 }));
  const first = drain(q, T0 + 1000); // k = 2, 4, …, 200
  q.setPlan(plan({ stripeIndex: 1, stripeCount: 2 }));
  q.setPlan(plan({ stripeIndex: 1, stripeCount: 2, fromArrival: 50 }));
  const rest = drain(q, Number.POSITIVE_INFINITY);
  const ks = [...first, ...rest].map((a) => a.k);
  assert.equal(new Set(ks).size, ks.length, 'no duplicates');
  assert.deepEqual(ks, Array.from({ length: 200 }, (_, i) => 2 * (i + 1)));
});

test('a late plan runs its arrivals that are already due at once, with their scheduled times', () => {
  const q = new ArrivalQueue();
  q.setPlan(plan({ fromArrival: 101 }));
  const due = drain(q, T0 + 600);
  assert.deepEqual(due.map((a) => a.k), Array.from({ length: 20 }, (_, i) => 101 + i));
  assert.equal(due[0]?.at, T0 + 505);
});

test('a new schedule or t0 applies from fromArrival on; older arrivals keep their own', () => {
  const q = new ArrivalQueue();
  q.setPlan(plan({}));
  q.setPlan(plan({ fromArrival: 3, t0: T0 + 1000, schedule: { startRate: 10, stages: [{ durationMs: 1000, target: 10 }] } }));
  assert.deepEqual(drain(q, Number.POSITIVE_INFINITY), [
    { k: 1, at: T0 + 5 }, { k: 2, at: T0 + 10 }, ...[3, 4, 5, 6, 7, 8, 9, 10].map((k) => ({ k, at: T0 + 1000 + k * 100 })),
  ]);
});

test('bad plans are STAMPEDE_ERR_USAGE', () => {
  const bad: Partial<OpenPlan>[] = [
    { t0: Number.NaN }, { fromArrival: 0 }, { fromArrival: 1.5 }, { stripeCount: 0 }, { stripeIndex: 3, stripeCount: 3 }, { stripeIndex: -1 },
    { maxUsers: -1 }, { maxUsers: 2.5 }, { schedule: { startRate: -1, stages: [] } },
  ];
  for (const over of bad) assert.throws(() => new ArrivalQueue().setPlan(plan(over)), { code: 'STAMPEDE_ERR_USAGE' }, JSON.stringify(over));
});
