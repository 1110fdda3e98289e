import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History, mergePoints, sampleOf, type Sample } from '../../../src/master/history.js';
import { makeView } from './fixture.js';

function sample(second: number, over: Partial<Sample> = {}): Sample {
  return { t: second * 1000, users: 10, rps: second, failRps: 0, p50Ms: 5, p95Ms: second, p99Ms: null, count: second * 10, failures: 0, ...over };
}

void test('a sample is read from the view: current-window rates and percentiles, running totals', () => {
  const view = makeView();
  view.total.current = { rps: 38.75, failRps: 0.3, percentiles: { '0.5': 7, '0.95': 25, '0.99': 60 } };
  assert.deepEqual(sampleOf(view, 10), {
    t: 1_700_000_060_000,
    users: 10,
    rps: 38.75,
    failRps: 0.3,
    p50Ms: 7,
    p95Ms: 25,
    p99Ms: 60,
    count: 2400,
    failures: 12,
  });
});

void test('merging: weighted mean rates, highest users and percentiles, later totals', () => {
  const a = { ...sample(1, { users: 4, rps: 10, failRps: 1, p99Ms: 3 }), spanS: 1 };
  const b = { ...sample(3, { users: 2, rps: 40, failRps: 4, p50Ms: null }), spanS: 3 };
  assert.deepEqual(mergePoints(a, b), {
    t: 3000, spanS: 4, users: 4, rps: 32.5, failRps: 3.25, p50Ms: 5, p95Ms: 3, p99Ms: 3, count: 30, failures: 0,
  });
});

void test('every second is kept until the history is full; then the step doubles and memory stays bounded', () => {
  const h = new History({ maxPoints: 8 });
  for (let s = 1; s <= 7; s++) h.add(sample(s));
  assert.equal(h.stepS, 1);
  assert.deepEqual(h.points().map((p) => p.t / 1000), [1, 2, 3, 4, 5, 6, 7]);
  h.add(sample(8)); // full: 8 points become 4 of 2 s
  assert.equal(h.stepS, 2);
  assert.deepEqual(h.points().map((p) => [p.t / 1000, p.spanS]), [[2, 2], [4, 2], [6, 2], [8, 2]]);
  h.add(sample(9)); // a partial point shows the newest second
  assert.deepEqual(h.points().at(-1), { ...sample(9), spanS: 1 });
  for (let s = 10; s <= 1000; s++) h.add(sample(s));
  const points = h.points();
  assert.ok(points.length <= 9, `${points.length} points`);
  assert.equal(points.at(-1)!.t, 1_000_000, 'the newest second is always there');
  assert.equal(points.at(-1)!.count, 10_000, 'running totals are the latest');
  assert.equal(points.reduce((s, p) => s + p.spanS, 0), 1000, 'every second is covered exactly once');
  assert.equal(points.reduce((s, p) => s + p.rps * p.spanS, 0), (1000 * 1001) / 2, 'rates are weighted means');
  assert.equal(Math.max(...points.map((p) => p.p95Ms ?? 0)), 1000, 'the highest percentile survives');
  assert.throws(() => new History({ maxPoints: 3 }), /even integer/);
});
