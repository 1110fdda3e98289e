/**
 * Running the built stampede CLI the ways the benchmarks need: a standalone run (master in the
 * CLI process + `--processes N` local worker children), a bare `--master`, or a bare `--worker`.
 */
import { Proc, pollUntil } from './child.js';
import { childrenOf, cmdlineOf } from './proc.js';
import { cliPath, type BenchContext } from './context.js';

export interface RunArgs {
  /** Loadfile path relative to the repo root. */
  loadfile: string;
  host: string;
  users: number;
  spawnRate: number;
  runTimeS: number;
  /** --json FILE */
  json?: string;
  processes?: number;
  loglevel?: string;
}

/** CLI arguments (after the script) of a headless run. */
export function runArgs(a: RunArgs): string[] {
  const args = ['-f', a.loadfile, '-H', a.host, '-u', String(a.users), '-r', String(a.spawnRate), '-t', `${a.runTimeS}s`, '--headless', '--only-summary', '--loglevel', a.loglevel ?? 'warn'];
  if (a.processes !== undefined) args.push('--processes', String(a.processes));
  if (a.json !== undefined) args.push('--json', a.json);
  return args;
}

/** The command line as a person would type it (for BENCHMARKS.md). */
export function shown(a: RunArgs): string {
  return ['node dist/cli/main.js', ...runArgs(a)].join(' ');
}

export function startStandalone(ctx: BenchContext, label: string, a: RunArgs): Proc {
  return new Proc(label, ctx.node, [cliPath(ctx), ...runArgs(a)], { env: ctx.env, cwd: ctx.root });
}

/**
 * `--master` on a free port (bound to 127.0.0.1, no token: loopback only). Resolves once it
 * logs its port.
 */
export async function startMaster(ctx: BenchContext, a: RunArgs & { expectWorkers: number; nodeFlags?: readonly string[] }): Promise<{ proc: Proc; port: number }> {
  const args = [...runArgs({ ...a, loglevel: 'info' }), '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--expect-workers', String(a.expectWorkers)];
  const proc = new Proc('stampede master', ctx.node, [...(a.nodeFlags ?? []), cliPath(ctx), ...args], { env: { ...ctx.env, STAMPEDE_LOG_FORMAT: 'text' }, cwd: ctx.root });
  const m = await proc.waitForOutput(/master listening for workers port=(\d+)/, 30_000);
  return { proc, port: Number(m[1]) };
}

/** `--worker` connecting to 127.0.0.1:port, with extra node flags (e.g. --cpu-prof). */
export function startWorker(ctx: BenchContext, port: number, nodeFlags: readonly string[]): Proc {
  const args = [...nodeFlags, cliPath(ctx), '--worker', '--master-host', '127.0.0.1', '--master-port', String(port), '--loglevel', 'warn', '--worker-id', 'bench-worker'];
  return new Proc('stampede worker', ctx.node, args, { env: ctx.env, cwd: ctx.root });
}

/**
 * The local worker processes of a standalone run: children of the CLI process started with
 * `--worker` (the CLI has other children, such as esbuild's service process).
 */
export function workerPids(cli: Proc, expected: number, timeoutMs = 30_000): Promise<number[]> {
  return pollUntil(`${expected} stampede worker process(es) under pid ${cli.pid}`, timeoutMs, 50, () => {
    if (!cli.running) return [];
    const kids = childrenOf(cli.pid).filter((pid) => cmdlineOf(pid).includes('--worker'));
    return kids.length >= expected ? kids : undefined;
  });
}
