/**
 * Benchmark 4, start skew: a standalone run with 8 local worker processes; the JSON summary's
 * `run.startSkewMs` is the spread of the workers' actual start times, in master time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BenchError } from '../lib/errors.js';
import { fixed, median } from '../lib/stats.js';
import { shown, startStandalone, type RunArgs } from '../lib/stampede.js';
import type { BenchContext } from '../lib/context.js';
import type { Section } from '../report/section.js';
import { openFastTarget } from '../targets/fast-target.js';

const PROCESSES = 8;
const GOAL_MS = 10;
const MIN_RUNS = 5;

interface Summary {
  run: { startSkewMs: number | null; workers: unknown[] };
  totals: { count: number };
}

function args(json: string, url: string): RunArgs {
  return { loadfile: 'bench/loadfiles/paced.ts', host: url, users: PROCESSES * 2, spawnRate: 1000, runTimeS: 3, processes: PROCESSES, json };
}

export async function skewBench(ctx: BenchContext): Promise<Section> {
  const runs = Math.max(MIN_RUNS, ctx.options.reps);
  const target = await openFastTarget(ctx);
  const results: { skewMs: number; workers: number; requests: number }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const json = path.join(ctx.tmp, `skew-${i}.json`);
      const cli = startStandalone(ctx, `stampede --processes ${PROCESSES}`, args(json, target.url));
      const exit = await cli.waitExit(90_000);
      if (exit.code !== 0) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `stampede --processes ${PROCESSES} exited with ${exit.code ?? exit.signal}: ${cli.output().slice(-1500)}`);
      const summary = JSON.parse(readFileSync(json, 'utf8')) as Summary;
      const skew = summary.run.startSkewMs;
      if (skew === null) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', 'the JSON summary has no run.startSkewMs: no worker reported its start');
      results.push({ skewMs: skew, workers: summary.run.workers.length, requests: summary.totals.count });
      ctx.log(`skew: run ${i + 1}: ${fixed(skew, 3)} ms across ${summary.run.workers.length} workers`);
    }
  } finally {
    await target.stop();
  }
  const med = median(results.map((r) => r.skewMs));
  return {
    id: 'skew',
    title: 'Start skew, 8 local workers',
    commands: [`target: ${target.kind} on 127.0.0.1, as URL`, shown(args('out.json', 'URL'))],
    method: [
      `Each worker estimates its clock offset to the master over its connection, starts at the master's start time and reports when it actually started (in master time); \`run.startSkewMs\` in the JSON summary is the spread (latest − earliest) of those start times.`,
      `${runs} runs; the goal is judged on the median. ${PROCESSES} worker processes share the 2 cores.`,
    ],
    tables: [{ head: ['run', 'start skew', 'workers', 'requests'], rows: results.map((r, i) => [String(i + 1), `${fixed(r.skewMs, 3)} ms`, String(r.workers), String(r.requests)]) }],
    goal: { text: `median start skew ≤ ${GOAL_MS} ms with ${PROCESSES} workers`, figure: `${fixed(med, 3)} ms (median of ${runs})`, met: med <= GOAL_MS },
    notes: ['All workers run on one host, so their clocks agree; the figure is the spread of their start timers as measured through the clock-sync estimate, including its error.'],
  };
}
