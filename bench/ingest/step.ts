/**
 * One step of the ingest benchmark: a real `--master` CLI process and N simulated workers
 * reporting at 1 Hz; the master's CPU and the acks are measured over a steady window.
 */
import { pollUntil, sleep } from '../lib/child.js';
import { BenchError } from '../lib/errors.js';
import { coreShare, sampleProc, waitShare, type ProcSample } from '../lib/proc.js';
import { startMaster } from '../lib/stampede.js';
import { monotonicUs } from '../lib/cpuprofile.js';
import type { BenchContext } from '../lib/context.js';
import { SimClient } from './sim-client.js';

export const ENDPOINTS = 20;
/** Requests per endpoint per second in each simulated report: 5 000 req/s per worker. */
export const SAMPLES_PER_ENDPOINT = 250;
/** Users per simulated worker in the plan (they are never run). */
const USERS_PER_WORKER = 10;
export const WARMUP_MS = 4000;
export const WINDOW_MS = 10_000;
/** The master's share of one core it may use to count as sustaining the load. */
export const CPU_LIMIT = 0.5;

export interface StepResult {
  workers: number;
  masterCores: number;
  /** Master CPU per report received (all its work divided by the reports: status, pings, acks included). */
  masterUsPerReport: number;
  /** Time the master waited for a CPU, share of the window (other load on the box). */
  masterWaited: number;
  simCores: number;
  sent: number;
  acked: number;
  /** Reports sent but not yet acked at the end of the window. */
  backlog: number;
  ackP50Ms: number;
  ackP99Ms: number;
  masterRssBytes: number;
  keptUp: boolean;
  sustained: boolean;
  /** The measured window on the CLOCK_MONOTONIC µs clock (to cut a master profile to it). */
  windowUs: { fromUs: number; toUs: number };
}

function must(pid: number, what: string): ProcSample {
  const s = sampleProc(pid);
  if (s === null) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `${what} exited during the measured window`);
  return s;
}

export async function ingestStep(ctx: BenchContext, workers: number, nodeFlags: readonly string[] = []): Promise<StepResult> {
  const users = workers * USERS_PER_WORKER;
  const { proc: master, port } = await startMaster(ctx, { loadfile: 'bench/loadfiles/fast.ts', host: 'http://127.0.0.1:9', users, spawnRate: users, runTimeS: 900, expectWorkers: workers, nodeFlags });
  let sim: SimClient | null = null;
  try {
    sim = await SimClient.start(ctx);
    const s = sim;
    s.send({ t: 'start', port, workers, endpoints: ENDPOINTS, samplesPerEndpoint: SAMPLES_PER_ENDPOINT });
    await pollUntil(`${workers} simulated workers reporting`, 180_000, 250, async () => {
      if (!master.running) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `the master exited: ${master.output().slice(-1500)}`);
      const st = await s.stats();
      if (st.refused > 0) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `the master refused ${st.refused} simulated workers: ${master.output().slice(-1500)}`);
      return st.started >= workers ? st : undefined;
    });
    await sleep(WARMUP_MS);
    const fromUs = monotonicUs();
    const ma = must(master.pid, 'the master');
    const sa = must(s.proc.pid, 'the simulator');
    const ta = await s.stats(true);
    await sleep(WINDOW_MS);
    const mb = must(master.pid, 'the master');
    const sb = must(s.proc.pid, 'the simulator');
    const tb = await s.stats(true);
    const toUs = monotonicUs();
    const sent = tb.sent - ta.sent;
    const acked = tb.acked - ta.acked;
    const backlog = tb.sent - tb.acked;
    const masterCores = coreShare(ma, mb);
    const keptUp = acked >= 0.98 * sent && backlog <= workers;
    return {
      workers,
      masterCores,
      masterUsPerReport: ((mb.cpuS - ma.cpuS) * 1e6) / Math.max(1, acked),
      masterWaited: waitShare(ma, mb),
      simCores: coreShare(sa, sb),
      sent,
      acked,
      backlog,
      ackP50Ms: tb.ackP50Ms,
      ackP99Ms: tb.ackP99Ms,
      masterRssBytes: mb.rssBytes,
      keptUp,
      sustained: keptUp && masterCores <= CPU_LIMIT,
      windowUs: { fromUs, toUs },
    };
  } finally {
    await master.stop('SIGINT', 60_000);
    if (sim !== null) await sim.end();
  }
}
