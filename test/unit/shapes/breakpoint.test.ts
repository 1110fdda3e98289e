import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakpointShape, crossedCondition, parseBreakConditions } from '../../../src/master/shapes/breakpoint.js';
import { loadPlan, type LoadShapeOptions } from '../../../src/cli/load-plan.js';
import type { StatsView } from '../../../src/stats/view.js';

function view(rps: number, failRps: number, p95: number | null): StatsView {
  return { total: { current: { rps, failRps, percentiles: { '0.95': p95 } } } } as unknown as StatsView;
}

test('breakpoint conditions parse and are checked on the current window', () => {
  const c = parseBreakConditions('fail_ratio>0.01, p95>500ms, p(99.9)>2s');
  assert.deepEqual(c.map((x) => [x.metric, x.q, x.limit]), [['fail_ratio', 0, 0.01], ['percentile', 0.95, 500], ['percentile', 0.999, 2000]]);
  assert.equal(crossedCondition(view(100, 0.5, 200), c), null);
  assert.equal(crossedCondition(view(100, 2, 200), c)?.condition.text, 'fail_ratio>0.01');
  assert.equal(crossedCondition(view(100, 0, 600), c)?.condition.text, 'p95>500ms');
  assert.throws(() => parseBreakConditions('p95<500'), /fail_ratio>X or pNN>TIME/);
  assert.throws(() => parseBreakConditions('fail_ratio>2'), /between 0 and 1/);
});

test('breakpoint adds a step each step time until a condition is crossed, then reports the last good step', () => {
  const shape = breakpointShape({ startUsers: 10, stepUsers: 10, stepMs: 10_000, maxUsers: 100, spawnRate: 5, conditions: parseBreakConditions('p95>500') });
  const fine = view(50, 0, 100);
  assert.equal(shape.next({ elapsed: 0, users: 0, stats: fine })?.users, 10);
  assert.equal(shape.next({ elapsed: 9, users: 10, stats: fine })?.users, 10);
  assert.equal(shape.next({ elapsed: 10, users: 10, stats: fine })?.users, 20);
  assert.equal(shape.next({ elapsed: 20, users: 20, stats: view(80, 0, 300) })?.users, 30);
  assert.equal(shape.next({ elapsed: 30, users: 30, stats: view(90, 0, 900) }), null);
  assert.equal(shape.outcome?.(), 'Breakpoint: last good step: 20 users at 80.0 req/s, p95 300.0 ms; broke at 30 users: p95>500 (observed 900.0)');
});

const base: LoadShapeOptions = { users: 7, spawnRate: 2, runTime: 5000, stages: undefined, profile: undefined, arrivalRate: undefined, maxUsers: 100, stepUsers: 10, stepTime: 60_000, stopWhen: undefined, given: new Set() };

test('load plan: steady, stages, profiles with overrides, open model, exclusive choices', () => {
  assert.deepEqual(loadPlan(base, undefined, ['A']), { kind: 'steady', users: 7, spawnRate: 2, runTimeMs: 5000 });
  assert.equal(loadPlan({ ...base, stages: '10s:5' }, undefined, ['A']).kind, 'shape');
  assert.deepEqual(loadPlan({ ...base, profile: 'smoke', runTime: undefined }, undefined, ['A']), { kind: 'steady', users: 5, spawnRate: 1, runTimeMs: 120_000 });
  assert.deepEqual(loadPlan({ ...base, profile: 'load', given: new Set(['users']) }, undefined, ['A']), { kind: 'steady', users: 7, spawnRate: 5, runTimeMs: 600_000 });
  const spike = loadPlan({ ...base, profile: 'spike', users: 50, given: new Set(['users']) }, undefined, ['A']);
  assert.equal(spike.kind, 'shape');
  const open = loadPlan({ ...base, arrivalRate: 200, runTime: 10_000 }, undefined, ['A']);
  assert.deepEqual(open, { kind: 'open', open: { startRate: 200, stages: [{ durationMs: 10_000, target: 200 }], maxUsers: 100 }, runTimeMs: 10_000 });
  const ramp = loadPlan({ ...base, arrivalRate: 10, stages: '10s:100' }, undefined, ['A']);
  assert.deepEqual(ramp.kind === 'open' && ramp.open.stages, [{ durationMs: 10_000, target: 100 }]);
  assert.equal(loadPlan(base, () => null, ['A']).kind, 'shape');
  assert.throws(() => loadPlan({ ...base, profile: 'load', arrivalRate: 5 }, undefined, ['A']), /cannot be combined/);
  assert.throws(() => loadPlan({ ...base, profile: 'nope' }, undefined, ['A']), /unknown --profile 'nope'/);
});
