import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch, type DispatchClass, type DispatchInput, type DispatchResult } from '../../../src/master/dispatch.js';
import { checkInvariants, cls, column, prng, spread, stops, totalsOf } from './dispatch-invariants.js';

function step(input: DispatchInput): DispatchResult {
  const r = dispatch(input);
  checkInvariants(input, r);
  return r;
}

/** Runs `targets` in turn on fixed workers, each step from the previous result. */
function walk(classes: DispatchClass[], workers: string[], targets: number[]): DispatchResult[] {
  const out: DispatchResult[] = [];
  for (const users of targets) out.push(step({ classes, users, spawnRate: 5, workers, previous: out.at(-1) }));
  return out;
}

const pairs = (r: DispatchResult): string =>
  Object.values(r.perWorker)
    .map((s) => Object.values(s.users).join(''))
    .join('/');

test('growth only adds and shrink only removes; ramp-down removes the users added last', () => {
  const targets = [7, 8, 9, 10, 11, 10, 9, 8, 7, 6, 0, 5];
  const totals = walk([cls('A')], ['a', 'b', 'c'], targets).map((r) => totalsOf(r).join('/'));
  assert.deepEqual(totals, ['3/2/2', '3/3/2', '3/3/3', '4/3/3', '4/4/3', '4/3/3', '3/3/3', '3/3/2', '3/2/2', '2/2/2', '0/0/0', '2/2/1']);
  const two = walk([cls('A'), cls('B')], ['a', 'b', 'c'], [1, 2, 3, 4, 5, 6, 7, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.deepEqual(two.map(pairs), [
    '10/00/00', '10/01/00', '10/01/10', '11/01/10', '11/11/10', '11/11/11', '21/11/11', '21/12/11',
    '21/11/11', '11/11/11', '11/11/10', '11/01/10', '10/01/10', '10/01/00', '10/00/00',
  ]);
});

test('a long ramp up and down with several classes never moves a user', () => {
  const classes = [cls('A', 3), cls('B', 2), cls('F', 1, 7), cls('C', 1)];
  const workers = ['a', 'b', 'c', 'd', 'e'];
  const up = Array.from({ length: 40 }, (_, i) => i * 13);
  const targets = [...up, ...up.slice(0, -1).reverse()];
  let previous: DispatchResult | undefined;
  for (const users of targets) {
    const input = { classes, users, spawnRate: 5, workers, previous };
    const r = step(input);
    if (previous !== undefined) {
      const grow = users >= (previous === undefined ? 0 : Object.values(previous.perClass).reduce((a, b) => a + b, 0));
      for (const c of classes) {
        const now = column(r, c.name);
        const was = column(previous, c.name);
        const classGrew = (r.perClass[c.name] ?? 0) >= (previous.perClass[c.name] ?? 0);
        now.forEach((n, w) => {
          // A cell moves only the way its class moved globally (largest remainder can make a
          // class drop by one while the total grows, the Alabama paradox).
          if (classGrew) assert.ok(n >= (was[w] ?? 0), `${c.name} on worker ${w} shrank while the class grew`);
          else assert.ok(n <= (was[w] ?? 0), `${c.name} on worker ${w} grew while the class shrank`);
        });
      }
      totalsOf(r).forEach((t, w) => assert.ok(grow ? t >= (totalsOf(previous!)[w] ?? 0) : t <= (totalsOf(previous!)[w] ?? 0)));
      for (const c of classes) assert.ok(spread(column(r, c.name)) <= 1, `${c.name} even at ${users} users: ${column(r, c.name).join('/')}`);
    }
    previous = r;
  }
});

test('a worker leaving: its users go to the survivors, nothing else moves, classes stay even', () => {
  const classes = [cls('A', 3), cls('B', 1)];
  const three = step({ classes, users: 100, spawnRate: 10, workers: ['a', 'b', 'c'] });
  assert.deepEqual(totalsOf(three), [34, 33, 33]);
  const input = { classes, users: 100, spawnRate: 10, workers: ['a', 'c'], previous: three };
  const two = step(input);
  assert.deepEqual(totalsOf(two), [50, 50]);
  assert.equal(stops(input, two), 0, 'survivors keep every user they had');
  for (const c of classes) assert.ok(spread(column(two, c.name)) <= 1);
  // The survivors share the spawning of b's 33 users in proportion to what each takes.
  assert.equal(two.perWorker['a']?.spawnRate, (10 * 16) / 33);
  // Back to three (b rejoins): exactly the 33 users b needs move, nothing else.
  const backInput = { classes, users: 100, spawnRate: 10, workers: ['a', 'c', 'b'], previous: two };
  const back = step(backInput);
  assert.deepEqual(totalsOf(back), [34, 33, 33]);
  assert.equal(stops(backInput, back), 33);
  for (const c of classes) assert.ok(spread(column(back, c.name)) <= 1);
});

test('workers joining one by one take only what they need, classes stay even', () => {
  const classes = [cls('A', 5), cls('B', 3), cls('C', 2), cls('D', 1)];
  let workers = ['w0'];
  let previous = step({ classes, users: 1000, spawnRate: 20, workers });
  for (let i = 1; i < 12; i++) {
    workers = [...workers, `w${i}`];
    const input = { classes, users: 1000, spawnRate: 20, workers, previous };
    const r = step(input);
    const needed = totalsOf(previous).reduce((sum, was, w) => sum + Math.max(0, was - (totalsOf(r)[w] ?? 0)), 0);
    assert.equal(stops(input, r), needed, `join #${i}: only the users the newcomer needs move`);
    assert.equal(r.perWorker[`w${i}`]?.total, totalsOf(r)[i]);
    for (const c of classes) assert.ok(spread(column(r, c.name)) <= 1, `join #${i}: ${c.name} ${column(r, c.name).join('/')}`);
    previous = r;
  }
});

test('random changes of target, workers and classes keep every invariant and move no user needlessly', () => {
  const rand = prng(20240611);
  let worstSpread = 0;
  for (let trial = 0; trial < 120; trial++) {
    const classes = Array.from({ length: 1 + rand(6) }, (_, i) => cls(`C${i}`, 1 + rand(5), rand(5) === 0 ? rand(10) : null));
    if (classes.every((c) => c.fixedCount !== null)) classes.push(cls('W'));
    let workers = Array.from({ length: 1 + rand(5) }, (_, i) => `w${i}`);
    let next = workers.length;
    let users = rand(60);
    let previous: DispatchResult | undefined;
    for (let s = 0; s < 25; s++) {
      const op = rand(4);
      if (op === 0) users = Math.max(0, users + rand(40) - 15);
      else if (op === 1) workers = [...workers, `w${next++}`];
      else if (op === 2 && workers.length > 1) workers = workers.filter((_, i) => i !== rand(workers.length));
      else users = rand(300);
      const input = { classes, users, spawnRate: 1 + rand(50), workers, previous };
      const r = step(input);
      if (previous !== undefined) {
        // Stops needed: what workers must shed, plus what classes must lose.
        const prevClass = (name: string) => workers.reduce((sum, id) => sum + (previous!.perWorker[id]?.users[name] ?? 0), 0);
        const shed = workers.reduce((sum, id, w) => sum + Math.max(0, (previous!.perWorker[id]?.total ?? 0) - (totalsOf(r)[w] ?? 0)), 0);
        const lost = classes.reduce((sum, c) => sum + Math.max(0, prevClass(c.name) - (r.perClass[c.name] ?? 0)), 0);
        assert.ok(stops(input, r) <= shed + lost, `trial ${trial} step ${s}: ${stops(input, r)} stops > ${shed} + ${lost}`);
      } else {
        for (const c of classes) assert.ok(spread(column(r, c.name)) <= 1);
      }
      for (const c of classes) worstSpread = Math.max(worstSpread, spread(column(r, c.name)));
      previous = r;
    }
  }
  console.log(`largest per-class spread across workers seen (kept users win over evenness): ${worstSpread}`);
});
