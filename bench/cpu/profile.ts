/**
 * Profiles the stampede worker under the CPU benchmark's load: a `--master` CLI plus a
 * `node --cpu-prof dist/cli/main.js --worker`; the profile it writes on exit is cut to the same
 * steady window as the measured runs (ramp-up and start-up left out).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pollUntil, sleep } from '../lib/child.js';
import { BenchError } from '../lib/errors.js';
import { monotonicUs, summariseProfile, type ProfileSummary } from '../lib/cpuprofile.js';
import { startMaster, startWorker } from '../lib/stampede.js';
import type { BenchContext } from '../lib/context.js';
import type { Target } from '../targets/target.js';
import { CONNECTIONS } from './generators.js';
import { SLACK_S, STARTED_AFTER, WARMUP_MS } from './measure.js';

export async function profileWorker(ctx: BenchContext, target: Target): Promise<ProfileSummary> {
  const dir = path.join(ctx.tmp, 'cpu-profile');
  mkdirSync(dir, { recursive: true });
  const windowMs = ctx.options.windowS * 1000;
  const runTimeS = Math.ceil((WARMUP_MS + windowMs) / 1000) + SLACK_S;
  const before = await target.requests();
  const { proc: master, port } = await startMaster(ctx, { loadfile: 'bench/loadfiles/fast.ts', host: target.url, users: CONNECTIONS, spawnRate: 1000, runTimeS, expectWorkers: 1 });
  const worker = startWorker(ctx, port, ['--cpu-prof', '--cpu-prof-dir', dir]);
  let window: { fromUs: number; toUs: number };
  try {
    await pollUntil('the profiled worker sending load', 30_000, 50, async () => ((await target.requests()) - before >= STARTED_AFTER ? true : undefined));
    await sleep(WARMUP_MS);
    const fromUs = monotonicUs();
    await sleep(windowMs);
    window = { fromUs, toUs: monotonicUs() };
    await master.waitExit(runTimeS * 1000 + 60_000);
    await worker.waitExit(15_000);
  } finally {
    await worker.stop('SIGKILL', 5000);
    await master.stop('SIGKILL', 5000);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `the worker wrote no .cpuprofile in ${dir}; its output: ${worker.output().slice(-1500)}`);
  return summariseProfile(path.join(dir, file), window);
}
