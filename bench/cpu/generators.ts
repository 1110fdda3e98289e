/**
 * The load generators compared in the CPU benchmark, each at 64 connections with no wait time,
 * and how to find the process that generates the load (whose CPU is measured).
 */
import path from 'node:path';
import { Proc } from '../lib/child.js';
import { findExecutable, inRoot, type BenchContext } from '../lib/context.js';
import { runArgs, shown, workerPids } from '../lib/stampede.js';

export const CONNECTIONS = 64;

export interface Generator {
  readonly name: 'stampede' | 'autocannon' | 'wrk' | 'locust';
  /** What the table shows. */
  readonly label: string;
  /** The command line as typed (host shown as URL). */
  display(durationS: number): string;
  start(ctx: BenchContext, url: string, durationS: number, rep: number): Proc;
  /** The pid whose CPU is measured. */
  loadPid(proc: Proc): Promise<number>;
  /** Another process of the tool that is not a load generator (stampede's master), measured for the notes. */
  sidePid?(proc: Proc): number;
}

const stampede: Generator = {
  name: 'stampede',
  label: 'stampede (1 worker process)',
  display: (d) => shown({ loadfile: 'bench/loadfiles/fast.ts', host: 'URL', users: CONNECTIONS, spawnRate: 1000, runTimeS: d, json: 'out.json' }),
  start: (ctx, url, d, rep) =>
    new Proc('stampede', ctx.node, [ctx.cli, ...runArgs({ loadfile: 'bench/loadfiles/fast.ts', host: url, users: CONNECTIONS, spawnRate: 1000, runTimeS: d, json: path.join(ctx.tmp, `cpu-stampede-${rep}.json`) })], { env: ctx.env, cwd: ctx.root }),
  loadPid: async (proc) => {
    const [pid] = await workerPids(proc, 1);
    return pid ?? proc.pid;
  },
  sidePid: (proc) => proc.pid,
};

const autocannon: Generator = {
  name: 'autocannon',
  label: 'autocannon 8',
  display: (d) => `node node_modules/autocannon/autocannon.js -c ${CONNECTIONS} -d ${d} URL`,
  start: (ctx, url, d) => new Proc('autocannon', ctx.node, [inRoot(ctx, 'node_modules/autocannon/autocannon.js'), '-c', String(CONNECTIONS), '-d', String(d), url], { env: ctx.env, cwd: ctx.root }),
  loadPid: (proc) => Promise.resolve(proc.pid),
};

function wrk(binary: string): Generator {
  return {
    name: 'wrk',
    label: 'wrk 4.1 (1 thread)',
    display: (d) => `wrk -t1 -c${CONNECTIONS} -d${d}s URL/`,
    start: (ctx, url, d) => new Proc('wrk', binary, ['-t1', `-c${CONNECTIONS}`, `-d${d}s`, `${url}/`], { env: ctx.env, cwd: ctx.root }),
    loadPid: (proc) => Promise.resolve(proc.pid),
  };
}

function locust(binary: string): Generator {
  const args = (url: string, d: number): string[] => ['-f', 'bench/loadfiles/locust_fast.py', '--headless', '-u', String(CONNECTIONS), '-r', String(CONNECTIONS), '-t', `${d}s`, '-H', url, '--only-summary', '--loglevel', 'WARNING'];
  return {
    name: 'locust',
    label: 'Locust 2.12 FastHttpUser',
    display: (d) => `locust ${args('URL', d).join(' ')}`,
    start: (ctx, url, d) => new Proc('locust', binary, args(url, d), { env: ctx.env, cwd: ctx.root }),
    loadPid: (proc) => Promise.resolve(proc.pid),
  };
}

/** stampede and autocannon always; wrk and Locust when installed (Debian packages wrk, python3-locust). */
export function availableGenerators(): { generators: Generator[]; missing: string[] } {
  const generators = [stampede, autocannon];
  const missing: string[] = [];
  const wrkBin = findExecutable(['/usr/bin/wrk', '/usr/local/bin/wrk']);
  if (wrkBin !== undefined) generators.push(wrk(wrkBin));
  else missing.push('wrk (apt-get install -y wrk)');
  const locustBin = findExecutable(['/usr/bin/locust', '/usr/local/bin/locust']);
  if (locustBin !== undefined) generators.push(locust(locustBin));
  else missing.push('Locust (apt-get install -y python3-locust)');
  return { generators, missing };
}
