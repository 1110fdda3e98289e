import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArrivalTimes,
  arrivalTimeMs,
  cumulativeArrivals,
  scheduleEndMs,
  totalArrivals,
  type ArrivalSchedule,
} from '../../../src/worker/runtime/index.js';

const constant = (rate: number, ms: number): ArrivalSchedule => ({ startRate: rate, stages: [{ durationMs: ms, target: rate }] });

test('constant 200/s for 10 s: exactly 2000 arrivals, arrival k at exactly k·5 ms, the last at 10 000 ms', () => {
  const s = constant(200, 10_000);
  assert.equal(totalArrivals(s), 2000);
  assert.equal(scheduleEndMs(s), 10_000);
  const times = new ArrivalTimes(s);
  for (let k = 1; k <= 2000; k++) assert.equal(times.timeOf(k), k * 5, `arrival ${k}`);
  assert.equal(arrivalTimeMs(2000, s), 10_000);
  assert.equal(arrivalTimeMs(2001, s), null);
  assert.equal(arrivalTimeMs(0, s), null);
  assert.equal(cumulativeArrivals(5_000, s), 1000);
  assert.equal(cumulativeArrivals(-1, s), 0);
  assert.equal(cumulativeArrivals(20_000, s), 2000);
});

// Each row: a schedule, its length and whole arrivals, then [k, expected ms] and [t ms, expected cumulative].
const rows: { name: string; s: ArrivalSchedule; endMs: number; total: number; times: [number, number | null][]; cum: [number, number][] }[] = [
  {
    name: 'ramp up 0 → 100/s over 10 s: N(t) = 5t², arrival k at √(k/5) s',
    s: { startRate: 0, stages: [{ durationMs: 10_000, target: 100 }] },
    endMs: 10_000,
    total: 500,
    times: [[5, 1000], [20, 2000], [125, 5000], [500, 10_000], [501, null], [1, Math.sqrt(1 / 5) * 1000]],
    cum: [[1000, 5], [5000, 125], [10_000, 500]],
  },
  {
    name: 'ramp down 100 → 0/s over 10 s: N(t) = 100t − 5t², the last arrival exactly at the end',
    s: { startRate: 100, stages: [{ durationMs: 10_000, target: 0 }] },
    endMs: 10_000,
    total: 500,
    times: [[1, ((100 - Math.sqrt(100 * 100 - 20)) / 10) * 1000], [375, 5000], [500, 10_000], [501, null]],
    cum: [[5000, 375], [10_000, 500]],
  },
  {
    name: 'a zero-rate hold between two steps: nothing arrives in the hold',
    s: {
      startRate: 10,
      stages: [
        { durationMs: 2000, target: 10 },
        { durationMs: 0, target: 0 },
        { durationMs: 3000, target: 0 },
        { durationMs: 0, target: 10 },
        { durationMs: 1000, target: 10 },
      ],
    },
    endMs: 6000,
    total: 30,
    times: [[1, 100], [20, 2000], [21, 5100], [25, 5500], [30, 6000], [31, null]],
    cum: [[2000, 20], [3500, 20], [5000, 20], [5500, 25]],
  },
  {
    name: 'a step (zero-duration stage) from 10/s to 50/s',
    s: { startRate: 10, stages: [{ durationMs: 1000, target: 10 }, { durationMs: 0, target: 50 }, { durationMs: 1000, target: 50 }] },
    endMs: 2000,
    total: 60,
    times: [[10, 1000], [11, 1020], [60, 2000]],
    cum: [[1000, 10], [1500, 35]],
  },
  {
    name: 'ramp 0 → 0 (rate 0 all along): no arrivals',
    s: { startRate: 0, stages: [{ durationMs: 5000, target: 0 }] },
    endMs: 5000,
    total: 0,
    times: [[1, null]],
    cum: [[2500, 0]],
  },
  {
    name: 'no stages: no arrivals',
    s: { startRate: 100, stages: [] },
    endMs: 0,
    total: 0,
    times: [[1, null]],
    cum: [[10, 0]],
  },
  {
    name: 'fractional rates that add up to whole arrivals: 0.1/s for 30 s',
    s: constant(0.1, 30_000),
    endMs: 30_000,
    total: 3,
    times: [[1, 10_000], [3, 30_000], [4, null]],
    cum: [[15_000, 1.5]],
  },
  {
    name: 'stages whose pieces are not whole: 7/s for 0.3 s + 0.7 s, a ramp 7 → 3/s over 1 s, 3/s for 1 s',
    s: { startRate: 7, stages: [{ durationMs: 300, target: 7 }, { durationMs: 700, target: 7 }, { durationMs: 1000, target: 3 }, { durationMs: 1000, target: 3 }] },
    endMs: 3000,
    total: 15,
    times: [[7, 1000], [12, 2000], [15, 3000], [16, null]],
    cum: [[1000, 7], [2000, 12]],
  },
  {
    name: 'long: 1000/s for 8 h is 28.8 M arrivals, arrival k at k ms',
    s: constant(1000, 8 * 3_600_000),
    endMs: 28_800_000,
    total: 28_800_000,
    times: [[1, 1], [12_345_678, 12_345_678], [28_800_000, 28_800_000], [28_800_001, null]],
    cum: [[3_600_000, 3_600_000]],
  },
];

for (const row of rows) {
  test(`schedule table: ${row.name}`, () => {
    const t = new ArrivalTimes(row.s);
    assert.equal(t.endMs, row.endMs, 'end');
    assert.equal(t.total, row.total, 'total');
    for (const [k, want] of row.times) {
      const got = t.timeOf(k);
      if (want === null) assert.equal(got, null, `arrival ${k}`);
      else {
        assert.ok(got !== null, `arrival ${k} exists`);
        assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `arrival ${k} at ${got}, want ${want}`);
      }
    }
    for (const [ms, want] of row.cum) assert.ok(Math.abs(t.cumulative(ms) - want) < 1e-9 * Math.max(1, want), `N(${ms}) = ${t.cumulative(ms)}, want ${want}`);
  });
}

test('the inverse agrees with the integral, and arrival times never go back, on a long mixed schedule', () => {
  const s: ArrivalSchedule = {
    startRate: 0,
    stages: [
      { durationMs: 3_600_000, target: 1000 },
      { durationMs: 7 * 3_600_000, target: 1000 },
      { durationMs: 600_000, target: 0 },
      { durationMs: 60_000, target: 0 },
      { durationMs: 1, target: 333.3 },
      { durationMs: 12_345, target: 17.5 },
    ],
  };
  const t = new ArrivalTimes(s);
  let previous = 0;
  for (let k = 1; k <= t.total; k += 9973) {
    const at = t.timeOf(k);
    assert.ok(at !== null && at >= previous, `arrival ${k} at ${String(at)} after ${previous}`);
    assert.ok(Math.abs(t.cumulative(at) - k) < 1e-6, `N(time(${k})) = ${t.cumulative(at)}`);
    previous = at;
  }
  const last = t.timeOf(t.total);
  assert.ok(last !== null && last <= t.endMs);
  assert.equal(t.timeOf(t.total + 1), null);
  assert.equal(t.total, Math.floor(t.cumulativeTotal + 1e-6));
});

test('bad schedules are STAMPEDE_ERR_USAGE with what was wrong', () => {
  const bad: unknown[] = [
    { startRate: -1, stages: [] },
    { startRate: Number.NaN, stages: [] },
    { startRate: 1, stages: [{ durationMs: -5, target: 1 }] },
    { startRate: 1, stages: [{ durationMs: 5, target: Number.POSITIVE_INFINITY }] },
    { startRate: 1 },
    null,
  ];
  for (const s of bad) {
    assert.throws(() => new ArrivalTimes(s as ArrivalSchedule), { code: 'STAMPEDE_ERR_USAGE', message: /arrival schedule/ }, JSON.stringify(s));
  }
});
