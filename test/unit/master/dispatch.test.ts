import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DISPATCH_INPUT_CODE, dispatch, type DispatchInput, type DispatchResult } from '../../../src/master/dispatch.js';
import { checkInvariants, cls, column, spread, totalsOf } from './dispatch-invariants.js';

const ids = (n: number, prefix = 'w'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function run(input: DispatchInput): DispatchResult {
  const r = dispatch(input);
  checkInvariants(input, r);
  return r;
}

test('splits users over workers like Locust, extra users to the earliest joined', () => {
  const table: Array<[users: number, workers: number, totals: number[]]> = [
    [7, 3, [3, 2, 2]],
    [2, 5, [1, 1, 0, 0, 0]],
    [0, 3, [0, 0, 0]],
    [10, 1, [10]],
    [3, 3, [1, 1, 1]],
    [100, 7, [15, 15, 14, 14, 14, 14, 14]],
  ];
  for (const [users, workers, totals] of table) {
    const r = run({ classes: [cls('A')], users, spawnRate: 10, workers: ids(workers) });
    assert.deepEqual(totalsOf(r), totals, `${users} users on ${workers} workers`);
  }
});

test('100 users on one worker become 50/50 when a second joins, and both ramp at half the rate', () => {
  const one = run({ classes: [cls('A')], users: 100, spawnRate: 10, workers: ['a'] });
  assert.deepEqual(one.perWorker, { a: { users: { A: 100 }, total: 100, spawnRate: 10 } });
  const input = { classes: [cls('A')], users: 100, spawnRate: 10, workers: ['a', 'b'], previous: one };
  const two = run(input);
  assert.deepEqual(two.perWorker, {
    a: { users: { A: 50 }, total: 50, spawnRate: 5 },
    b: { users: { A: 50 }, total: 50, spawnRate: 5 },
  });
});

test('weights 5:1 with 600 users give exactly 500/100, spread evenly', () => {
  const four = run({ classes: [cls('A', 5), cls('B', 1)], users: 600, spawnRate: 60, workers: ids(4) });
  assert.deepEqual(four.perClass, { A: 500, B: 100 });
  assert.deepEqual(column(four, 'A'), [125, 125, 125, 125]);
  assert.deepEqual(column(four, 'B'), [25, 25, 25, 25]);
  const seven = run({ classes: [cls('A', 5), cls('B', 1)], users: 600, spawnRate: 60, workers: ids(7) });
  assert.deepEqual(seven.perClass, { A: 500, B: 100 });
  assert.ok(spread(column(seven, 'A')) <= 1 && spread(column(seven, 'B')) <= 1);
  assert.deepEqual(totalsOf(seven), [86, 86, 86, 86, 86, 85, 85]);
});

test('largest remainder: exact quotas, leftovers to the largest remainders, ties to the earlier class', () => {
  const table: Array<[weights: number[], users: number, expected: number[]]> = [
    [[1, 1, 1], 4, [2, 1, 1]],
    [[1, 1, 1], 5, [2, 2, 1]],
    [[2, 1], 1, [1, 0]],
    [[1, 2], 1, [0, 1]],
    [[1, 1], 1, [1, 0]],
    [[3, 7], 10, [3, 7]],
    [[1, 0, 1], 3, [2, 0, 1]],
    [[5, 3, 2], 7, [4, 2, 1]], // quotas 3.5, 2.1, 1.4: the .5 wins the leftover
    [[1, 1, 1, 1, 1, 1, 1], 1_000_003, [142_858, 142_858, 142_858, 142_858, 142_857, 142_857, 142_857]],
    [[2 ** 40, 1], 2 ** 20, [2 ** 20, 0]],
  ];
  for (const [weights, users, expected] of table) {
    const classes = weights.map((w, i) => cls(`C${i}`, w));
    const r = run({ classes, users, spawnRate: 1, workers: ['a'] });
    assert.deepEqual(Object.values(r.perClass), expected, `weights ${weights.join(':')} with ${users} users`);
  }
});

test('fixedCount classes get their exact count first; weighted classes share the rest', () => {
  const classes = [cls('A', 1), cls('F', 99, 3), cls('B', 2)];
  assert.deepEqual(run({ classes, users: 10, spawnRate: 1, workers: ids(2) }).perClass, { A: 2, F: 3, B: 5 });
  assert.deepEqual(run({ classes, users: 3, spawnRate: 1, workers: ids(2) }).perClass, { A: 0, F: 3, B: 0 });
  // Not enough users for the fixed classes: fill them in declaration order up to the target.
  assert.deepEqual(run({ classes, users: 2, spawnRate: 1, workers: ids(2) }).perClass, { A: 0, F: 2, B: 0 });
  const two = [cls('F1', 1, 5), cls('F2', 1, 5), cls('A', 1)];
  assert.deepEqual(run({ classes: two, users: 7, spawnRate: 1, workers: ids(3) }).perClass, { F1: 5, F2: 2, A: 0 });
  assert.deepEqual(run({ classes: two, users: 10, spawnRate: 1, workers: ids(3) }).perClass, { F1: 5, F2: 5, A: 0 });
  assert.deepEqual(run({ classes: two, users: 11, spawnRate: 1, workers: ids(3) }).perClass, { F1: 5, F2: 5, A: 1 });
  // fixedCount 0 is a class that gets no users, whatever its weight.
  assert.deepEqual(run({ classes: [cls('Z', 10, 0), cls('A', 1)], users: 4, spawnRate: 1, workers: ids(1) }).perClass, { Z: 0, A: 4 });
});

test('no workers yet: empty perWorker (the caller waits), perClass still computed', () => {
  const r = run({ classes: [cls('A', 3), cls('B', 1)], users: 8, spawnRate: 2, workers: [] });
  assert.deepEqual(r, { perWorker: {}, perClass: { A: 6, B: 2 } });
});

test('names that are Object.prototype keys work as class names and worker ids', () => {
  const classes = [cls('__proto__'), cls('constructor'), cls('toString')];
  const workers = ['hasOwnProperty', '__proto__', 'valueOf'];
  const first = run({ classes, users: 9, spawnRate: 3, workers });
  assert.deepEqual(Object.keys(first.perWorker), workers);
  assert.deepEqual(first.perClass, { ['__proto__']: 3, constructor: 3, toString: 3 });
  const input = { classes, users: 9, spawnRate: 3, workers: [...workers, 'isPrototypeOf'], previous: first };
  const second = run(input);
  assert.deepEqual(totalsOf(second), [3, 2, 2, 2]);
});

test('spawn rate: split by the users each worker must change, summing to the global rate', () => {
  const fresh = run({ classes: [cls('A')], users: 7, spawnRate: 10, workers: ids(3) });
  assert.deepEqual(Object.values(fresh.perWorker).map((s) => s.spawnRate), [30 / 7, 20 / 7, 10 - (30 / 7 + 20 / 7)]);
  // Nothing to change: the rate is split evenly.
  const same = run({ classes: [cls('A')], users: 7, spawnRate: 9, workers: ids(3), previous: fresh });
  assert.deepEqual(Object.values(same.perWorker).map((s) => s.spawnRate), [3, 3, 3]);
  // Growth: only the workers that gain users spawn, each in proportion.
  const grown = run({ classes: [cls('A')], users: 10, spawnRate: 0.5, workers: ids(3), previous: fresh });
  assert.deepEqual(totalsOf(grown), [4, 3, 3]);
  assert.deepEqual(Object.values(grown.perWorker).map((s) => s.spawnRate), [0.5 / 3, 0.5 / 3, 0.5 - 1 / 3]);
  for (const rate of [0.1, 1, 3, 7.7, 1000, 1e-6]) {
    for (const workers of [1, 3, 13]) run({ classes: [cls('A', 3), cls('B', 2)], users: 101, spawnRate: rate, workers: ids(workers) });
  }
});

test('100 000 users, 1 000 workers, 50 classes: exact and balanced', () => {
  const classes = Array.from({ length: 50 }, (_, i) => cls(`C${i}`, 1 + (i % 7), i % 10 === 9 ? 100 + i : null));
  const workers = ids(1000);
  const input = { classes, users: 100_000, spawnRate: 500, workers };
  // How fast: `npm run bench -- dispatch` (timings do not belong in tests on a shared machine).
  const r = dispatch(input);
  checkInvariants(input, r);
  assert.deepEqual(new Set(totalsOf(r)), new Set([100]));
  for (const c of classes) assert.ok(spread(column(r, c.name)) <= 1, `class ${c.name} within one across workers`);
  // Rebalance steps at the same scale: a worker joins, then another leaves.
  const joinInput = { ...input, workers: [...workers, 'late'], previous: r };
  const joined = dispatch(joinInput);
  const leaveInput = { ...input, workers: [...workers.slice(0, 500), ...workers.slice(501), 'late'], previous: joined };
  const left = dispatch(leaveInput);
  checkInvariants(joinInput, joined);
  checkInvariants(leaveInput, left);
  assert.equal(joined.perWorker['late']?.total, 99);
  for (const c of classes) assert.ok(spread(column(joined, c.name)) <= 1 && spread(column(left, c.name)) <= 1);
});

test('rejects bad input with STAMPEDE_ERR_DISPATCH_INPUT and says what to fix', () => {
  const ok: DispatchInput = { classes: [cls('A')], users: 1, spawnRate: 1, workers: ['a'] };
  const table: Array<[string, Partial<DispatchInput> | Record<string, unknown>, RegExp]> = [
    ['negative users', { users: -1 }, /users .* whole number >= 0, got -1/],
    ['NaN users', { users: NaN }, /got NaN/],
    ['fractional users', { users: 1.5 }, /got 1.5/],
    ['infinite users', { users: Infinity }, /got Infinity/],
    ['string users', { users: '5' }, /got "5"/],
    ['zero spawn rate', { spawnRate: 0 }, /spawnRate .* > 0, got 0/],
    ['negative spawn rate', { spawnRate: -2 }, /got -2/],
    ['NaN spawn rate', { spawnRate: NaN }, /got NaN/],
    ['classes not an array', { classes: null }, /classes must be an array/],
    ['empty class name', { classes: [cls('')] }, /non-empty name/],
    ['duplicate class', { classes: [cls('A'), cls('A')] }, /"A" is listed twice/],
    ['negative weight', { classes: [cls('A', -1)] }, /weight of user class "A" .* got -1/],
    ['fractional weight', { classes: [cls('A', 0.5)] }, /got 0.5/],
    ['negative fixedCount', { classes: [cls('A', 1, -3)] }, /fixedCount of user class "A"/],
    ['duplicate worker', { workers: ['a', 'a'] }, /worker id "a" is listed twice/],
    ['empty worker id', { workers: [''] }, /non-empty string/],
    ['workers not an array', { workers: 'a' }, /workers must be an array of worker ids, got "a"/],
    ['previous without perWorker', { previous: { perWorker: null } }, /previous.perWorker must be the perWorker object/],
    ['previous share without users', { previous: { perWorker: { a: { total: 1 } }, perClass: {} } }, /previous.perWorker\["a"\].users must be an object/],
    ['weights all zero', { classes: [cls('A', 0), cls('B', 0)] }, /weights are all 0; give one of them a weight > 0/],
    ['no classes', { classes: [] }, /every user class has a fixedCount .* only 0/],
    ['fixed classes too few', { classes: [cls('F', 1, 2)], users: 5 }, /ask for at most 2 users/],
    ['bad previous', { previous: { perWorker: { a: { users: { A: -1 }, total: 0, spawnRate: 1 } }, perClass: {} } }, /previous.perWorker\["a"\].users\["A"\]/],
  ];
  for (const [what, change, message] of table) {
    assert.throws(
      () => dispatch({ ...ok, ...change } as DispatchInput),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, DISPATCH_INPUT_CODE, what);
        assert.match(err.message, message, what);
        return true;
      },
    );
  }
  // Zero users with no classes is fine: nothing to run.
  assert.deepEqual(dispatch({ ...ok, classes: [], users: 0 }).perWorker, { a: { users: {}, total: 0, spawnRate: 1 } });
});
