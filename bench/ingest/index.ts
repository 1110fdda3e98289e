/**
 * Benchmark 3, master ingest capacity: step up the number of simulated workers (100, 250, 500,
 * 1 000, 1 500, …) each reporting 20 realistic endpoints at 1 Hz to a real master, until the
 * master needs more than half a core or stops keeping up with the acks.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BenchError } from '../lib/errors.js';
import { summariseProfile, type ProfileSummary } from '../lib/cpuprofile.js';
import { fixed, grouped } from '../lib/stats.js';
import { shown } from '../lib/stampede.js';
import type { BenchContext } from '../lib/context.js';
import type { Section, Table } from '../report/section.js';
import { CPU_LIMIT, ENDPOINTS, ingestStep, SAMPLES_PER_ENDPOINT, WARMUP_MS, WINDOW_MS, type StepResult } from './step.js';

const STEPS = [100, 250, 500, 1000, 1500, 2000, 3000, 4000, 5000];
const GOAL_WORKERS = 1000;
/** Above this share of a core the simulator, not the master, may be what limits the step. */
const SIM_SATURATED = 0.9;
/** A master that waited for a CPU this share of the window was held back by other work: the step is measured again once. */
const STARVED = 0.25;

async function profileMaster(ctx: BenchContext, workers: number): Promise<ProfileSummary> {
  const dir = path.join(ctx.tmp, 'ingest-profile');
  mkdirSync(dir, { recursive: true });
  const step = await ingestStep(ctx, workers, ['--cpu-prof', '--cpu-prof-dir', dir]);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `the master wrote no .cpuprofile in ${dir}`);
  return summariseProfile(path.join(dir, file), step.windowUs);
}

export async function ingestBench(ctx: BenchContext): Promise<Section> {
  const results: StepResult[] = [];
  let simLimited = false;
  for (const n of STEPS) {
    let r = await ingestStep(ctx, n);
    if (!r.sustained && r.masterWaited > STARVED) {
      ctx.log(`ingest: ${n} workers: the master waited for a CPU ${fixed(r.masterWaited * 100, 0)} % of the window (other load on the box); measuring the step again`);
      r = await ingestStep(ctx, n);
    }
    results.push(r);
    ctx.log(`ingest: ${n} workers: master ${fixed(r.masterCores * 100, 1)} % of a core (${fixed(r.masterUsPerReport, 0)} µs per report, waited for a CPU ${fixed(r.masterWaited * 100, 0)} %), simulator ${fixed(r.simCores * 100, 0)} %, ${r.acked}/${r.sent} reports acked in the window, backlog ${r.backlog}, ack p99 ${fixed(r.ackP99Ms, 1)} ms: ${r.sustained ? 'sustained' : 'NOT sustained'}`);
    if (!r.sustained) break;
    if (r.simCores >= SIM_SATURATED) {
      simLimited = true;
      break;
    }
  }
  const best = results.filter((r) => r.sustained).at(-1)?.workers ?? 0;
  const failed = results.find((r) => !r.sustained);
  const projection = failed === undefined ? '' : failedStepText(failed);
  const met = best >= GOAL_WORKERS;
  let profile: ProfileSummary | null = null;
  const profileAt = failed?.workers ?? GOAL_WORKERS;
  if (ctx.options.profile || !met) {
    ctx.log(`ingest: profiling the master (node --cpu-prof) at ${profileAt} workers`);
    profile = await profileMaster(ctx, profileAt);
  }
  const rows = results.map((r) => [
    grouped(r.workers),
    `${fixed(r.masterCores * 100, 1)} %`,
    `${fixed(r.masterUsPerReport, 0)} µs`,
    `${fixed(r.masterWaited * 100, 0)} %`,
    `${grouped(r.sent / (WINDOW_MS / 1000))}/s`,
    `${grouped(r.acked)} / ${grouped(r.sent)}`,
    grouped(r.backlog),
    `${fixed(r.ackP50Ms, 1)} / ${fixed(r.ackP99Ms, 1)} ms`,
    `${fixed(r.masterRssBytes / 2 ** 20, 0)} MiB`,
    `${fixed(r.simCores * 100, 0)} %`,
    r.sustained ? 'yes' : '**no**',
  ]);
  const tables: Table[] = [{ head: ['simulated workers', 'master CPU (1 core = 100 %)', 'master CPU per report', 'master waited for a CPU', 'reports', 'acked / sent in window', 'unacked at end', 'ack p50 / p99', 'master RSS', 'simulator CPU', `sustained (≤ ${CPU_LIMIT * 100} %, keeps up)`], rows }];
  if (profile !== null) {
    tables.push(
      { title: `Where the master spends its CPU at ${grouped(profileAt)} workers, by package (self time)`, head: ['package', 'share'], rows: profile.packages.map((h) => [h.where, `${fixed(h.share * 100, 1)} %`]) },
      { title: 'Hottest functions (self time)', head: ['function', 'share'], rows: profile.functions.map((h) => [`\`${h.where}\``, `${fixed(h.share * 100, 1)} %`]) },
    );
  }
  return {
    id: 'ingest',
    title: 'Master ingest capacity',
    commands: [
      shown({ loadfile: 'bench/loadfiles/fast.ts', host: 'http://127.0.0.1:9', users: 10_000, spawnRate: 10_000, runTimeS: 900 }).replace('--loglevel warn', '--loglevel info') + ' --master --master-bind-host 127.0.0.1 --master-bind-port 0 --expect-workers 1000',
      'node --import tsx bench/ingest/sim.ts   # N simulated workers in one process, started over IPC',
    ],
    method: [
      `Each simulated worker is a real WebSocket speaking the real protocol (src/protocol): hello, 8 clock-sync requests, ready for the bundle, started at the plan's start time, then a report every second (seq, kept until acked) and a status message every second; it answers stop with a final report and stopped.`,
      `Reports hold ${ENDPOINTS} endpoints of ${SAMPLES_PER_ENDPOINT} requests each (${grouped(ENDPOINTS * SAMPLES_PER_ENDPOINT)} req/s per worker), recorded by the real IntervalRecorder from log-normal latencies with a different median per endpoint (1.5 ms × 1.2^i), a 1 % tail ten times slower and 2 % HTTP 500s on every fifth endpoint: 32 different snapshots replayed with fresh times.`,
      `The master's CPU (/proc/PID/stat utime + stime) is read ${WARMUP_MS / 1000} s after every worker started, and again ${WINDOW_MS / 1000} s later. A step is sustained when the master used at most ${CPU_LIMIT * 100} % of one core and kept up: at least 98 % of the window's reports acked, and no more unacked reports at the end than workers.`,
      `Steps: ${STEPS.join(', ')} workers, stopping at the first step not sustained.`,
    ],
    tables,
    goal: { text: `the master sustains ≥ ${grouped(GOAL_WORKERS)} workers at ≤ ${CPU_LIMIT * 100} % of one core`, figure: `${grouped(best)} workers (the largest step sustained${projection})${simLimited ? '; the simulator saturated first, so the master may take more' : ''}`, met },
    notes: [
      'The simulator shares the 2 cores with the master; its CPU is shown so a step limited by the simulator is visible.',
      ...(profile !== null ? [`Profile: \`node --cpu-prof\` of the master in a ${grouped(profileAt)}-worker step, cut to its ${WINDOW_MS / 1000} s measured window (${fixed(profile.busyS, 1)} s of CPU); self time, idle excluded.`] : []),
    ],
  };
}

/** Why the first step that failed failed, and how many workers its cost per report would fit in the CPU limit. */
function failedStepText(r: StepResult): string {
  const fit = grouped(Math.floor((CPU_LIMIT * 1e6) / r.masterUsPerReport));
  const cost = `at its ${fixed(r.masterUsPerReport, 0)} µs of master CPU per report, ${CPU_LIMIT * 100} % of a core holds about ${fit} workers`;
  if (!r.keptUp && r.masterWaited > STARVED) {
    return `; the ${grouped(r.workers)} step is inconclusive: the master waited for a CPU ${fixed(r.masterWaited * 100, 0)} % of the window, other work on the box held it back; ${cost}`;
  }
  if (!r.keptUp) return `; at ${grouped(r.workers)} it fell behind with ${fixed(r.masterCores * 100, 0)} % of a core; ${cost}`;
  return `; ${grouped(r.workers)} needed ${fixed(r.masterCores * 100, 0)} % of a core; ${cost}`;
}
