/**
 * `npm run bench [-- cpu|memory|ingest|skew|dispatch …] [--reps N] [--window S] [--profile] [--keep]`
 *
 * Runs the chosen benchmarks (all by default) on loopback only, stores each result in
 * bench/results/latest.json and rewrites BENCHMARKS.md from it, so running one benchmark
 * updates its section and keeps the others. The only file of bench/ that touches process globals.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuBench } from './cpu/index.js';
import { dispatchBench } from './dispatch/index.js';
import { ingestBench } from './ingest/index.js';
import { memoryBench } from './memory/index.js';
import { skewBench } from './skew/index.js';
import { copyBuild } from './lib/app-copy.js';
import { BenchError } from './lib/errors.js';
import { machineInfo } from './lib/machine.js';
import type { BenchContext, BenchOptions } from './lib/context.js';
import { saveSection, writeBenchmarksMd } from './report/store.js';
import { BENCH_IDS, type BenchId, type Section } from './report/section.js';

const BENCHES: Record<BenchId, (ctx: BenchContext) => Promise<Section>> = { cpu: cpuBench, memory: memoryBench, ingest: ingestBench, skew: skewBench, dispatch: dispatchBench };
/** The bench and everything it starts run at this nice value when allowed. */
const NICE = -10;

interface Args {
  ids: BenchId[];
  options: BenchOptions;
  keep: boolean;
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BenchError('STAMPEDE_ERR_BENCH_USAGE', `${flag} needs a whole number above 0, got ${String(value)}`);
  return n;
}

function parse(argv: readonly string[]): Args {
  const ids: BenchId[] = [];
  const options: BenchOptions = { reps: 3, windowS: 8, profile: false };
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--reps') options.reps = positiveInt(a, argv[++i]);
    else if (a === '--window') options.windowS = positiveInt(a, argv[++i]);
    else if (a === '--profile') options.profile = true;
    else if (a === '--keep') keep = true;
    else if (a === 'all') ids.push(...BENCH_IDS);
    else if ((BENCH_IDS as readonly string[]).includes(a)) ids.push(a as BenchId);
    else throw new BenchError('STAMPEDE_ERR_BENCH_USAGE', `unknown argument ${a}: use any of ${BENCH_IDS.join(', ')} (default all), --reps N, --window S, --profile, --keep`);
  }
  return { ids: ids.length === 0 ? [...BENCH_IDS] : [...new Set(ids)], options, keep };
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
let failed = 0;
try {
  const args = parse(process.argv.slice(2));
  // Children inherit this: other work on the box then disturbs the measured processes less.
  let niced = true;
  try {
    os.setPriority(NICE);
  } catch {
    niced = false;
    log(`could not raise the bench's priority to nice ${NICE} (needs root or CAP_SYS_NICE): expect more noise`);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'stampede-bench-'));
  const cli = copyBuild(root, tmp);
  const ctx: BenchContext = { root, node: process.execPath, cli, env: { ...process.env }, tmp, options: args.options, log };
  const shownArgs = process.argv.slice(2).join(' ');
  const command = `npm run bench${shownArgs === '' ? '' : ` -- ${shownArgs}`}`;
  for (const id of args.ids) {
    log(`${id}: starting`);
    const machine = machineInfo(process.version, new Date());
    try {
      const section = await BENCHES[id](ctx);
      saveSection(root, { ...section, machine, command, nice: niced ? NICE : 0 });
      log(`${id}: goal ${section.goal.met ? 'met' : 'NOT met'}: ${section.goal.text}: ${section.goal.figure}`);
    } catch (err) {
      failed++;
      log(`${id}: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const file = writeBenchmarksMd(root);
  log(`wrote ${file}`);
  if (args.keep) log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
} catch (err) {
  failed++;
  log(err instanceof Error ? err.message : String(err));
}
process.exitCode = failed > 0 ? 1 : 0;
