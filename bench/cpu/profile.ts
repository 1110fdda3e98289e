/**
 * Profiles the stampede worker under the CPU benchmark's load: a `--master` CLI plus a
 * `node --cpu-prof dist/cli/main.js --worker`, then the hot spots of the profile it writes on exit.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BenchError } from '../lib/errors.js';
import { summariseProfile, type ProfileSummary } from '../lib/cpuprofile.js';
import { startMaster, startWorker } from '../lib/stampede.js';
import type { BenchContext } from '../lib/context.js';
import type { Target } from '../targets/target.js';
import { CONNECTIONS } from './generators.js';

export async function profileWorker(ctx: BenchContext, target: Target): Promise<ProfileSummary & { file: string }> {
  const dir = path.join(ctx.tmp, 'cpu-profile');
  mkdirSync(dir, { recursive: true });
  const runTimeS = ctx.options.windowS + 2;
  const { proc: master, port } = await startMaster(ctx, { loadfile: 'bench/loadfiles/fast.ts', host: target.url, users: CONNECTIONS, spawnRate: 1000, runTimeS, expectWorkers: 1 });
  const worker = startWorker(ctx, port, ['--cpu-prof', '--cpu-prof-dir', dir]);
  try {
    await master.waitExit(runTimeS * 1000 + 60_000);
    await worker.waitExit(15_000);
  } finally {
    await worker.stop('SIGKILL', 5000);
    await master.stop('SIGKILL', 5000);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `the worker wrote no .cpuprofile in ${dir}; its output: ${worker.output().slice(-1500)}`);
  const full = path.join(dir, file);
  return { ...summariseProfile(full), file: full };
}
