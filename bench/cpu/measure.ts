/**
 * One measured run of one generator against the target: wait until the load is flowing, skip
 * the ramp-up, then take the generator's CPU time and the target's request counter at the start
 * and at the end of a steady window.
 */
import { pollUntil, sleep } from '../lib/child.js';
import { BenchError } from '../lib/errors.js';
import { coreShare, sampleProc, waitShare, type ProcSample } from '../lib/proc.js';
import type { BenchContext } from '../lib/context.js';
import type { Target } from '../targets/target.js';
import type { Generator } from './generators.js';

/** Requests the target must have seen before the load counts as started. */
export const STARTED_AFTER = 1000;
/** Ramp-up discarded after the load starts. */
export const WARMUP_MS = 2000;
/** Seconds a generator runs beyond warm-up + window (start-up differs between tools). */
export const SLACK_S = 6;

export interface RunResult {
  generator: Generator['name'];
  cpuUsPerReq: number;
  rps: number;
  /** Generator CPU, share of one core. */
  cpuCores: number;
  /** Target CPU, share of one core (a saturated target caps everyone's rps). */
  targetCores: number;
  /** Time the generator's busiest thread waited for a CPU, share of the window (other load on the box). */
  waited: number;
  /** CPU per request of the tool's other process (stampede's master), if it has one. */
  sideUsPerReq: number | null;
  requests: number;
}

function mustSample(pid: number, what: string): ProcSample {
  const s = sampleProc(pid);
  if (s === null) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `${what} (pid ${pid}) exited during the measured window: raise its duration`);
  return s;
}

export async function measureRun(ctx: BenchContext, gen: Generator, target: Target, rep: number): Promise<RunResult> {
  const windowMs = ctx.options.windowS * 1000;
  const durationS = Math.ceil((WARMUP_MS + windowMs) / 1000) + SLACK_S;
  const before = await target.requests();
  const proc = gen.start(ctx, target.url, durationS, rep);
  try {
    await pollUntil(`${gen.name} sending load`, 30_000, 50, async () => {
      if (!proc.running) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `${gen.name} exited before sending load: ${proc.output().slice(-1500)}`);
      return (await target.requests()) - before >= STARTED_AFTER ? true : undefined;
    });
    const pid = await gen.loadPid(proc);
    await sleep(WARMUP_MS);
    const side = gen.sidePid?.(proc);
    const sa = side === undefined ? null : sampleProc(side);
    const a = mustSample(pid, gen.name);
    const ta = mustSample(target.pid, 'the target');
    const ra = await target.requests();
    await sleep(windowMs);
    const b = mustSample(pid, gen.name);
    const sb = side === undefined ? null : sampleProc(side);
    const tb = mustSample(target.pid, 'the target');
    const rb = await target.requests();
    const requests = rb - ra - 1;
    const exit = await proc.waitExit(durationS * 1000 + 20_000);
    if (exit.code !== 0) {
      throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `${gen.name} exited with ${exit.code ?? exit.signal}: ${proc.output().slice(-1500)}`);
    }
    return {
      generator: gen.name,
      cpuUsPerReq: ((b.cpuS - a.cpuS) * 1e6) / requests,
      rps: (requests * 1000) / (b.atMs - a.atMs),
      cpuCores: coreShare(a, b),
      targetCores: coreShare(ta, tb),
      waited: waitShare(a, b),
      sideUsPerReq: sa === null || sb === null ? null : ((sb.cpuS - sa.cpuS) * 1e6) / requests,
      requests,
    };
  } finally {
    await proc.stop('SIGKILL', 5000);
  }
}
