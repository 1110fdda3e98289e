import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStages, slopeAt, stagesLengthMs, valueAt } from '../../../src/master/shapes/stages.js';
import { stagesShape } from '../../../src/master/shapes/stages-shape.js';
import { customShape } from '../../../src/master/shapes/custom-shape.js';
import { codeOf } from '../../../src/errors.js';
import type { StatsView } from '../../../src/stats/view.js';

const stats = {} as StatsView;

test('--stages parses k6 style duration:target lists', () => {
  assert.deepEqual(parseStages('30s:20,1m:50,30s:0'), [
    { durationMs: 30_000, target: 20 },
    { durationMs: 60_000, target: 50 },
    { durationMs: 30_000, target: 0 },
  ]);
  assert.deepEqual(parseStages(' 1m30s:10 '), [{ durationMs: 90_000, target: 10 }]);
  for (const bad of ['', '30s', '30s:-1', 'x:10', '30s:ten', '30s:10,,']) {
    if (bad === '30s:10,,') {
      assert.equal(parseStages(bad).length, 1);
      continue;
    }
    assert.throws(() => parseStages(bad), (err: unknown) => codeOf(err) === 'STAMPEDE_ERR_USAGE' && /duration:target/.test((err as Error).message), bad);
  }
});

test('stages ramp linearly from one target to the next', () => {
  const st = parseStages('30s:20,1m:50,30s:0');
  assert.equal(stagesLengthMs(st), 120_000);
  const at = (s: number): number => valueAt(st, 0, s * 1000);
  assert.equal(at(0), 0);
  assert.equal(at(15), 10);
  assert.equal(at(30), 20);
  assert.equal(at(60), 35);
  assert.equal(at(90), 50);
  assert.equal(at(105), 25);
  assert.equal(at(120), 0);
  assert.equal(at(500), 0);
  assert.equal(slopeAt(st, 0, 10_000), 20 / 30);
  assert.equal(slopeAt(st, 0, 100_000), -50 / 30);
});

test('the stages shape hits each target at its time and ends after the last stage', () => {
  const shape = stagesShape(parseStages('10s:10,10s:10,5s:0'));
  const tick = (s: number): ReturnType<typeof shape.next> => shape.next({ elapsed: s, users: 0, stats });
  assert.deepEqual(tick(0), { users: 1, spawnRate: 1 }, 'one tick ahead on the ramp');
  assert.equal(tick(9)?.users, 10);
  assert.equal(tick(10)?.users, 10);
  assert.equal(tick(19)?.users, 10);
  assert.equal(tick(20)?.users, 8);
  assert.equal(tick(20)?.spawnRate, 2);
  assert.equal(tick(24)?.users, 0);
  assert.equal(tick(25), null);
});

test('a custom shape is checked: bad results and throws are loadfile errors', () => {
  const ok = customShape(({ elapsed }) => (elapsed < 2 ? { users: 9, spawnRate: 9 } : null), ['A', 'B']);
  assert.deepEqual(ok.next({ elapsed: 1, users: 0, stats }), { users: 9, spawnRate: 9 });
  assert.equal(ok.next({ elapsed: 3, users: 9, stats }), null);
  const withClasses = customShape(() => ({ users: 3, spawnRate: 1, classes: ['B'] }), ['A', 'B']);
  assert.deepEqual(withClasses.next({ elapsed: 0, users: 0, stats })?.classes, ['B']);
  const cases: unknown[] = [{ users: -1, spawnRate: 1 }, { users: 1.5, spawnRate: 1 }, { users: 1, spawnRate: 0 }, { users: 1, spawnRate: 1, classes: ['Nope'] }, 'ten'];
  for (const out of cases) {
    assert.throws(() => customShape(() => out, ['A']).next({ elapsed: 0, users: 0, stats }), (err: unknown) => codeOf(err) === 'STAMPEDE_ERR_LOADFILE', JSON.stringify(out));
  }
  assert.throws(
    () => customShape(() => { throw new Error('boom'); }, ['A']).next({ elapsed: 0, users: 0, stats }),
    (err: unknown) => codeOf(err) === 'STAMPEDE_ERR_LOADFILE' && /boom/.test((err as Error).message),
  );
});
