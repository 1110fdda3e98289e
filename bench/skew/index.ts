/**
 * Benchmark 4, start skew: a standalone run with 8 local worker processes; the JSON summary's
 * `run.startSkewMs` is the spread of the workers' actual start times, in master time. A control
 * with 2 workers (one per core) shows how much of the skew comes from oversubscribed cores.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchError } from '../lib/errors.js';
import { fixed, median } from '../lib/stats.js';
import { shown, startStandalone, type RunArgs } from '../lib/stampede.js';
import type { BenchContext } from '../lib/context.js';
import type { Section } from '../report/section.js';
import { openFastTarget } from '../targets/fast-target.js';
import type { Target } from '../targets/target.js';

const PROCESSES = 8;
const CONTROL_PROCESSES = 2;
const GOAL_MS = 10;
const MIN_RUNS = 5;

interface Summary {
  run: { startSkewMs: number | null; workers: unknown[] };
  totals: { count: number };
}

interface SkewRun {
  skewMs: number;
  workers: number;
  loadAvg: number;
}

function args(json: string, url: string, processes: number): RunArgs {
  return { loadfile: 'bench/loadfiles/paced.ts', host: url, users: processes * 2, spawnRate: 1000, runTimeS: 3, processes, json };
}

async function skewRun(ctx: BenchContext, target: Target, processes: number, i: number): Promise<SkewRun> {
  const json = path.join(ctx.tmp, `skew-${processes}-${i}.json`);
  const loadAvg = os.loadavg()[0] ?? 0;
  const cli = startStandalone(ctx, `stampede --processes ${processes}`, args(json, target.url, processes));
  const exit = await cli.waitExit(90_000);
  if (exit.code !== 0) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `stampede --processes ${processes} exited with ${exit.code ?? exit.signal}: ${cli.output().slice(-1500)}`);
  const summary = JSON.parse(readFileSync(json, 'utf8')) as Summary;
  const skew = summary.run.startSkewMs;
  if (skew === null) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', 'the JSON summary has no run.startSkewMs: no worker reported its start');
  ctx.log(`skew: ${processes} workers, run ${i + 1}: ${fixed(skew, 3)} ms (load average ${fixed(loadAvg, 1)})`);
  return { skewMs: skew, workers: summary.run.workers.length, loadAvg };
}

export async function skewBench(ctx: BenchContext): Promise<Section> {
  const runs = Math.max(MIN_RUNS, ctx.options.reps);
  const target = await openFastTarget(ctx);
  const results = new Map<number, SkewRun[]>([[PROCESSES, []], [CONTROL_PROCESSES, []]]);
  try {
    for (let i = 0; i < runs; i++) {
      for (const [processes, list] of results) list.push(await skewRun(ctx, target, processes, i));
    }
  } finally {
    await target.stop();
  }
  const med = (n: number): number => median((results.get(n) ?? []).map((r) => r.skewMs));
  const rows = [...results].map(([processes, list]) => [
    `${processes}${processes === PROCESSES ? '' : ' (control: one per core)'}`,
    `**${fixed(med(processes), 3)} ms**`,
    list.map((r) => fixed(r.skewMs, 2)).join(' / '),
    list.map((r) => fixed(r.loadAvg, 1)).join(' / '),
    String(list[0]?.workers ?? 0),
  ]);
  const goal = med(PROCESSES);
  return {
    id: 'skew',
    title: 'Start skew, 8 local workers',
    commands: [`target: ${target.kind} on 127.0.0.1, as URL`, shown(args('out.json', 'URL', PROCESSES)), shown(args('out.json', 'URL', CONTROL_PROCESSES))],
    method: [
      'Each worker estimates its clock offset to the master over its connection (8 round trips, the fastest kept), starts at the master\'s start time and reports when its start timer actually fired, in master time; `run.startSkewMs` in the JSON summary is the spread (latest − earliest).',
      `${runs} runs of each, alternating; the goal is judged on the median with ${PROCESSES} workers, which share the 2 cores with the master and the target.`,
    ],
    tables: [{ head: ['worker processes', 'start skew (median)', 'each run, ms', '1-min load average before each run', 'workers in the summary'], rows }],
    goal: { text: `median start skew ≤ ${GOAL_MS} ms with ${PROCESSES} workers`, figure: `${fixed(goal, 3)} ms (median of ${runs})`, met: goal <= GOAL_MS },
    notes: [
      'All workers run on one host, so their clocks agree: the figure is the spread of their start timers as seen through the clock-sync estimates, estimate errors included.',
      `With ${PROCESSES} workers on 2 cores, a worker whose timer is due may wait for a core (or for its own event loop, busy with the plan and clock sync): compare with the ${CONTROL_PROCESSES}-worker control and the load average.`,
    ],
  };
}
