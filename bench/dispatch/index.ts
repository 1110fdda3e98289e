/**
 * Benchmark 5, dispatch at scale: the master's pure dispatch (src/master/dispatch.ts) of 100 000
 * users over 1 000 workers and 50 classes, then the rebalance when a worker joins and when one
 * leaves. In process, timed with performance.now(); the unit tests check the results, this times them.
 */
import os from 'node:os';
import { dispatch, type DispatchInput } from '../../src/master/dispatch.js';
import { fixed, median } from '../lib/stats.js';
import type { BenchContext } from '../lib/context.js';
import type { Section } from '../report/section.js';

const GOAL_MS = 200;
const MIN_RUNS = 9;

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const value = fn();
  return [value, performance.now() - t0];
}

export function dispatchBench(ctx: BenchContext): Promise<Section> {
  const runs = Math.max(MIN_RUNS, ctx.options.reps);
  const classes = Array.from({ length: 50 }, (_, i) => ({ name: `C${i}`, weight: 1 + (i % 7), fixedCount: i % 10 === 9 ? 100 + i : null }));
  const workers = Array.from({ length: 1000 }, (_, i) => `w${i}`);
  const input: DispatchInput = { classes, users: 100_000, spawnRate: 500, workers };
  const loadAvg = os.loadavg()[0] ?? 0;
  const full: number[] = [];
  const join: number[] = [];
  const leave: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [first, ms] = timed(() => dispatch(input));
    const [joined, joinMs] = timed(() => dispatch({ ...input, workers: [...workers, 'late'], previous: first }));
    const [, leaveMs] = timed(() => dispatch({ ...input, workers: [...workers.slice(0, 500), ...workers.slice(501), 'late'], previous: joined }));
    full.push(ms);
    join.push(joinMs);
    leave.push(leaveMs);
    ctx.log(`dispatch: run ${i + 1}: ${fixed(ms, 1)} ms, join ${fixed(joinMs, 1)} ms, leave ${fixed(leaveMs, 1)} ms`);
  }
  const row = (what: string, list: number[]): string[] => [what, `**${fixed(median(list), 1)} ms**`, fixed(Math.min(...list), 1), fixed(Math.max(...list), 1)];
  const goal = median(full);
  return Promise.resolve({
    id: 'dispatch',
    title: 'Dispatch, 100 000 users on 1 000 workers',
    commands: ['in process: dispatch({ 50 classes, 100 000 users, spawn rate 500, 1 000 workers }), then with a worker joining, then with one leaving'],
    method: [
      `${runs} runs in one process (the first includes JIT warm-up); each step timed with performance.now(); the goal is judged on the median of the first step.`,
      `The 50 classes have weights 1–7, and every tenth has a fixedCount; 1-min load average before the runs: ${fixed(loadAvg, 1)}.`,
    ],
    tables: [{ head: ['step', 'median', 'fastest', 'slowest'], rows: [row('dispatch from nothing', full), row('a worker joins (rebalance)', join), row('a worker leaves (rebalance)', leave)] }],
    goal: { text: `dispatch of 100 000 users × 1 000 workers × 50 classes well under ${GOAL_MS} ms`, figure: `${fixed(goal, 1)} ms (median of ${runs})`, met: goal < GOAL_MS / 2 },
    notes: ['test/unit/master/dispatch.test.ts checks the same inputs for exact sums and a spread of at most one user per class; timings live here, not in the tests, because shared machines make them noisy.'],
  });
}
