import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpawnOrder, type ClassCount } from '../../../src/worker/runtime/spawn-order.js';
import { TaskPicker } from '../../../src/worker/runtime/task-picker.js';

import { mulberry32 as seeded } from '../../helpers/random.js';

test('TaskPicker: weights 3:1 over 100 000 seeded picks are within 1 % of 75/25', () => {
  const picker = new TaskPicker([
    { name: 'list', weight: 3, tags: [] },
    { name: 'get', weight: 1, tags: [] },
  ]);
  const random = seeded(42);
  const counts = { list: 0, get: 0 };
  const n = 100_000;
  for (let i = 0; i < n; i++) counts[picker.pick(random()) as 'list' | 'get']++;
  assert.equal(counts.list + counts.get, n);
  assert.ok(Math.abs(counts.list / n - 0.75) < 0.01, `list share ${counts.list / n}`);
});

test('TaskPicker: exact boundaries of the cumulative weights', () => {
  const picker = new TaskPicker([
    { name: 'a', weight: 1, tags: [] },
    { name: 'b', weight: 2, tags: [] },
    { name: 'c', weight: 1, tags: [] },
  ]);
  // total 4: [0, 0.25) a, [0.25, 0.75) b, [0.75, 1) c
  assert.deepEqual([0, 0.2499, 0.25, 0.7499, 0.75, 0.9999].map((r) => picker.pick(r)), ['a', 'a', 'b', 'b', 'c', 'c']);
  assert.equal(new TaskPicker([{ name: 'only', weight: 7, tags: [] }]).pick(0.5), 'only');
  assert.throws(() => new TaskPicker([]), RangeError);
});

function run(order: SpawnOrder, classes: { weight: number; fixed?: boolean; count: number; target: number }[], max = 1000): string {
  const state: (ClassCount & { count: number })[] = classes.map((c) => ({ fixed: false, ...c }));
  let out = '';
  for (let i = 0; i < max; i++) {
    const change = order.next(state);
    if (change === undefined) break;
    const c = state[change.index];
    assert.ok(c !== undefined);
    c.count += change.delta;
    out += `${change.delta > 0 ? '+' : '-'}${String.fromCharCode(65 + change.index)} `;
  }
  return out.trim();
}

test('SpawnOrder: smooth weighted round robin interleaves spawns 3:1', () => {
  assert.equal(run(new SpawnOrder(), [{ weight: 3, count: 0, target: 6 }, { weight: 1, count: 0, target: 2 }]), '+A +A +B +A +A +A +B +A');
});

test('SpawnOrder: a class at its target drops out, the others go on', () => {
  assert.equal(run(new SpawnOrder(), [{ weight: 1, count: 0, target: 1 }, { weight: 1, count: 0, target: 3 }]), '+A +B +B +B');
});

test('SpawnOrder: stops come before spawns; fixedCount classes spawn first and stop last', () => {
  assert.equal(
    run(new SpawnOrder(), [
      { weight: 1, count: 0, target: 2 },
      { weight: 5, fixed: true, count: 0, target: 2 },
      { weight: 1, count: 2, target: 0 },
    ]),
    '-C -C +B +B +A +A',
  );
  assert.equal(
    run(new SpawnOrder(), [
      { weight: 1, fixed: true, count: 1, target: 0 },
      { weight: 1, count: 2, target: 0 },
    ]),
    '-B -B -A',
  );
});

test('SpawnOrder: nothing to do at target', () => {
  assert.equal(new SpawnOrder().next([{ weight: 1, fixed: false, count: 3, target: 3 }]), undefined);
});
