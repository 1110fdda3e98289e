import { test } from 'node:test';
import assert from 'node:assert/strict';
import { livenessChange } from '../../../src/master/liveness.js';
import { canMove } from '../../../src/master/run-state.js';
import { SeqTracker } from '../../../src/master/seq-tracker.js';

test('liveness: missing after 3 s of silence, lost after the heartbeat timeout', () => {
  const cases: [Parameters<typeof livenessChange>[0], number, ReturnType<typeof livenessChange>][] = [
    ['running', 2_999, null],
    ['running', 3_000, 'missing'],
    ['missing', 3_000, null],
    ['missing', 14_999, null],
    ['missing', 15_000, 'lost'],
    ['running', 15_000, 'lost'],
    ['ready', 4_000, 'missing'],
    ['lost', 60_000, null],
    ['connecting', 60_000, null],
  ];
  for (const [state, silence, want] of cases) assert.equal(livenessChange(state, 1_000, 1_000 + silence, 15_000), want, `${state} after ${silence} ms`);
});

test('run state machine: the allowed moves of DESIGN.md §2', () => {
  assert.ok(canMove('waiting', 'spawning'));
  assert.ok(canMove('spawning', 'running'));
  assert.ok(canMove('running', 'spawning'), 'a retarget ramps again');
  assert.ok(canMove('running', 'stopping'));
  assert.ok(canMove('stopping', 'stopped'));
  assert.ok(canMove('stopped', 'spawning'), 'a new run after a stop');
  assert.ok(!canMove('waiting', 'running'));
  assert.ok(!canMove('stopping', 'running'));
  assert.ok(!canMove('stopped', 'stopping'));
});

test('seq tracker: each seq is accepted once, in any order; gaps are remembered compactly', () => {
  const t = new SeqTracker();
  assert.equal(t.accept(1), true);
  assert.equal(t.accept(3), true);
  assert.equal(t.accept(3), false, 'a replay is refused');
  assert.equal(t.highestContiguous, 1);
  assert.equal(t.pendingAboveGap, 1);
  assert.equal(t.accept(2), true, 'a late report fills the gap');
  assert.equal(t.highestContiguous, 3);
  assert.equal(t.pendingAboveGap, 0);
  assert.equal(t.accept(1), false);
  assert.equal(t.has(2), true);
  assert.equal(t.has(4), false);
});
